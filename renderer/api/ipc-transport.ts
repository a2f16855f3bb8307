import type { Transport } from '../../shared/api/client';
import type { PreloadBridge } from '../../shared/api/host';
import { failure, parseEnvelope } from './envelope';

/** Electron: the preload bridge already speaks Envelopes and events; only guard what crosses it. */
export function createIpcTransport(bridge: PreloadBridge): Transport {
  return {
    async invoke(method, params) {
      try {
        return parseEnvelope(await bridge.invoke(method, params), method);
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        return failure('INTERNAL', `与引擎通信失败：${text}`, `Could not reach the engine: ${text}`);
      }
    },
    listen: (handler) => bridge.listen(handler),
  };
}
