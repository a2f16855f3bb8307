import { toErrorData, WireMessageSchema, type ErrorData, type WireMessage } from '../../shared/api';
import type { EngineApi } from '../engine/engine-api';
import type { DataReply, DataRequest } from './engine-messages';

/**
 * The shape shared by Electron's MessagePortMain (utility process side of the window's channel)
 * and anything adapted to it: messages arrive as `{ data }`, and 'close' fires when the other end
 * goes away (window closed or reloaded).
 */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start?(): void;
}

/**
 * Serve the contract on one port: `invoke` -> engine.dispatch -> `reply` with the same id, and
 * every engine event -> `event`. Anything that is not a well-formed invoke is ignored: the peer
 * is our own preload, so a malformed message is a bug there, not something to answer. Returns a
 * function that stops serving (also called when the port closes).
 */
export function servePort(engine: EngineApi, port: MessagePortLike): () => void {
  let open = true;
  const post = (message: WireMessage) => {
    if (open) port.postMessage(message);
  };
  const stopEvents = engine.onEvent((event) => post({ type: 'event', event }));
  const stop = () => {
    if (!open) return;
    open = false;
    stopEvents();
  };

  port.on('message', ({ data }) => {
    const parsed = WireMessageSchema.safeParse(data);
    if (!parsed.success || parsed.data.type !== 'invoke') return;
    const { id, method, params } = parsed.data;
    engine.dispatch(method, params).then(
      (envelope) => post({ type: 'reply', id, envelope }),
      // dispatch turns handler errors into envelopes; this only catches a broken dispatcher.
      (err: unknown) => post({ type: 'reply', id, envelope: { ok: false, error: toErrorData(err) } }),
    );
  });
  port.on('close', stop);
  port.start?.();
  return stop;
}

/** Tight ArrayBuffer for a view, so the structured clone copies the bytes we mean and no more. */
export function toArrayBuffer(body: Uint8Array): ArrayBuffer {
  if (body.byteOffset === 0 && body.byteLength === body.buffer.byteLength && body.buffer instanceof ArrayBuffer) {
    return body.buffer;
  }
  return body.slice().buffer as ArrayBuffer;
}

function statusFor(error: ErrorData): number {
  if (error.code.endsWith('NOT_FOUND')) return 404;
  if (error.code === 'BAD_REQUEST' || error.code === 'BAD_INPUT') return 400;
  if (error.code === 'PROJECT_NOT_OPEN') return 409;
  return 500;
}

/** Answer one gwz://data request from main; engine failures become JSON error bodies, never throws. */
export async function answerDataRequest(engine: EngineApi, request: DataRequest): Promise<DataReply> {
  try {
    const response = await engine.readData(request.path, new URLSearchParams(request.query), request.range);
    const reply: DataReply = {
      type: 'data-reply',
      id: request.id,
      status: response.status,
      contentType: response.contentType,
      body: typeof response.body === 'string' ? response.body : toArrayBuffer(response.body),
    };
    if (response.headers) reply.headers = response.headers;
    return reply;
  } catch (err) {
    const error = toErrorData(err);
    return {
      type: 'data-reply',
      id: request.id,
      status: statusFor(error),
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(error),
    };
  }
}
