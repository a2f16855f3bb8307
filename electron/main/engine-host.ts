import { utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import type { EngineOptions } from '../engine/engine-api';
import { createDataClient } from './data-client';
import { engineArgs } from './engine-options';
import { FromEngineMessageSchema, type DataReply, type ToEngineMessage } from './engine-messages';
import { createRestartPolicy } from './restart-policy';

export interface EngineHostOptions {
  /** dist/electron/engine-process.cjs */
  modulePath: string;
  engine: EngineOptions;
  env: NodeJS.ProcessEnv;
  /** The engine came back after a crash: hand windows a new port and tell them. */
  onRestarted(): void;
  /** It kept crashing; `detail` is for the error box. */
  onGaveUp(detail: string): void;
  /** The engine process is up but createEngine failed; it still answers with this error. */
  onEngineError(message_zh: string, message_en: string): void;
}

/**
 * The engine's utility process as main sees it: start, restart after an unexpected exit, connect
 * window ports, forward gwz://data requests. Main never touches engine calls themselves; those
 * travel renderer <-> engine over the port.
 */
export class EngineHost {
  private child: UtilityProcess | null = null;
  private stopping = false;
  private readonly restarts = createRestartPolicy();
  private readonly data = createDataClient((request) => this.post(request));

  constructor(private readonly options: EngineHostOptions) {}

  start(): void {
    const child = utilityProcess.fork(this.options.modulePath, engineArgs(this.options.engine), {
      serviceName: 'GWZ Engine',
      env: this.options.env,
      stdio: 'inherit',
    });
    this.child = child;
    child.on('message', (message: unknown) => {
      const parsed = FromEngineMessageSchema.safeParse(message);
      if (!parsed.success) return;
      if (parsed.data.type === 'data-reply') this.data.settle(parsed.data);
      else if (parsed.data.type === 'fatal') this.options.onEngineError(parsed.data.message_zh, parsed.data.message_en);
    });
    child.on('exit', (code) => {
      if (this.child !== child) return;
      this.child = null;
      this.data.failAll(new Error(`engine process exited with code ${code}`));
      if (this.stopping) return;
      if (this.restarts.allow(Date.now())) {
        this.start();
        this.options.onRestarted();
      } else {
        this.options.onGaveUp(`exit code ${code}`);
      }
    });
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Serve the contract on `port` (the other end goes to a window). */
  connect(port: MessagePortMain): void {
    if (!this.child) {
      port.close();
      return;
    }
    this.child.postMessage({ type: 'connect' } satisfies ToEngineMessage, [port]);
  }

  readData(path: string, query: string, range: string | undefined): Promise<DataReply> {
    return this.data.request(path, query, range);
  }

  /** Ask the engine to close the project (releasing its lock); kill it if it does not exit in time. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill();
        resolve();
      }, timeoutMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.post({ type: 'shutdown' });
    });
  }

  private post(message: ToEngineMessage): void {
    if (!this.child) throw new Error('engine process is not running');
    this.child.postMessage(message);
  }
}
