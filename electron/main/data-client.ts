import type { DataReply, DataRequest } from './engine-messages';

/**
 * Main's side of gwz://data forwarding: give each request an id, send it to the engine process,
 * and resolve it when the reply with that id comes back. When the engine process dies, every
 * pending request fails at once instead of hanging the map.
 */
export interface DataClient {
  request(path: string, query: string, range?: string): Promise<DataReply>;
  /** Route one reply from the engine; replies nobody waits for (timed out) are dropped. */
  settle(reply: DataReply): void;
  failAll(reason: Error): void;
  readonly pending: number;
}

export function createDataClient(send: (request: DataRequest) => void, timeoutMs = 120_000): DataClient {
  const waiting = new Map<number, { resolve: (r: DataReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  let nextId = 1;

  function take(id: number) {
    const entry = waiting.get(id);
    if (entry) {
      waiting.delete(id);
      clearTimeout(entry.timer);
    }
    return entry;
  }

  return {
    request(path, query, range) {
      const id = nextId++;
      return new Promise<DataReply>((resolve, reject) => {
        const timer = setTimeout(() => take(id)?.reject(new Error(`engine did not answer data request ${path}`)), timeoutMs);
        timer.unref?.();
        waiting.set(id, { resolve, reject, timer });
        const request: DataRequest = { type: 'data', id, path, query };
        if (range !== undefined) request.range = range;
        try {
          send(request);
        } catch (err) {
          take(id)?.reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    },
    settle(reply) {
      take(reply.id)?.resolve(reply);
    },
    failAll(reason) {
      for (const id of [...waiting.keys()]) take(id)?.reject(reason);
    },
    get pending() {
      return waiting.size;
    },
  };
}
