import type { Transport } from '../../shared/api';
import type { EngineApi } from '../engine';

/**
 * The CLI hosts the engine in its own process, so the transport is just the engine's two doors.
 * Everything still goes through dispatch (validation, typed errors) exactly as over IPC or HTTP.
 */
export function createInProcessTransport(engine: EngineApi): Transport {
  return {
    invoke: (method, params) => engine.dispatch(method, params),
    listen: (handler) => engine.onEvent(handler),
  };
}
