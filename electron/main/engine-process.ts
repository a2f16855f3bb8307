/**
 * Entry of the engine's utility process (dist/electron/engine-process.cjs). Plain Node plus
 * Electron's process.parentPort; it must not import 'electron' (the engine stays runnable and
 * testable under Node), so the few shapes it needs are declared here.
 */
import { GwzError, toErrorData, type ErrorData } from '../../shared/api';
import { createEngine } from '../engine';
import type { DataResponse, EngineApi } from '../engine/engine-api';
import { ToEngineMessageSchema, type FromEngineMessage } from './engine-messages';
import { engineOptionsFromArgs } from './engine-options';
import { answerDataRequest, servePort, type MessagePortLike } from './port-server';

interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortLike[] }) => void): unknown;
  postMessage(message: unknown): void;
}

/** Keeps answering when createEngine failed, so the window shows why instead of waiting forever. */
function unavailableEngine(error: ErrorData): EngineApi {
  const body = JSON.stringify(error);
  return {
    dispatch: async () => ({ ok: false, error }),
    onEvent: () => () => undefined,
    readData: async (): Promise<DataResponse> => ({ status: 503, contentType: 'application/json; charset=utf-8', body }),
    shutdown: async () => undefined,
  };
}

async function startEngine(): Promise<EngineApi> {
  const options = engineOptionsFromArgs(process.argv, process.env);
  if (!options) {
    throw new GwzError('INTERNAL', '引擎进程缺少用户数据目录参数', 'Engine process started without a user data directory');
  }
  return createEngine(options);
}

function main(parentPort: ParentPortLike): void {
  const post = (message: FromEngineMessage) => parentPort.postMessage(message);
  const engineReady: Promise<EngineApi> = startEngine().then(
    (engine) => {
      post({ type: 'ready' });
      return engine;
    },
    (err: unknown) => {
      const error = toErrorData(err);
      console.error('[gwz engine] failed to start:', error.message_en);
      post({ type: 'fatal', message_zh: error.message_zh, message_en: error.message_en });
      return unavailableEngine(error);
    },
  );

  parentPort.on('message', ({ data, ports }) => {
    const parsed = ToEngineMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'connect') {
      const port = ports[0];
      if (port) void engineReady.then((engine) => servePort(engine, port));
    } else if (message.type === 'data') {
      void engineReady.then((engine) => answerDataRequest(engine, message)).then(post);
    } else {
      void engineReady
        .then((engine) => engine.shutdown())
        .catch((err: unknown) => console.error('[gwz engine] shutdown failed:', err))
        .finally(() => process.exit(0));
    }
  });
}

const parentPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
if (!parentPort) {
  console.error('engine-process must run as an Electron utility process (process.parentPort is missing)');
  process.exit(2);
}
main(parentPort);
