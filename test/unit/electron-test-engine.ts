import type { MessagePort } from 'node:worker_threads';
import { dispatch, type Handlers } from '../../electron/engine/dispatch';
import type { DataResponse, EngineApi } from '../../electron/engine/engine-api';
import type { MessagePortLike } from '../../electron/main/port-server';
import { GwzError, type EngineEvent } from '../../shared/api';

/**
 * A small but real EngineApi for the Electron shell tests: the real contract dispatcher over a few
 * handlers, real events. The
 * port is a real worker_threads MessageChannel (structured clone, asynchronous delivery), adapted to
 * the MessagePortMain shape (`{ data }` events) that the utility process gets from Electron.
 */
export function smallEngine(): EngineApi & { emit(event: EngineEvent): void; listeners(): number } {
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent) => listeners.forEach((l) => l(event));
  const handlers: Partial<Handlers> = {
    'jobs.cancel': async ({ jobId }) => {
      emit({ type: 'job.done', jobId, kind: 'import', status: 'cancelled' });
      return { cancelled: jobId === 'j1' };
    },
    // Never answers: stands in for a call in flight when the engine process dies.
    'jobs.get': () => new Promise(() => undefined),
    'jobs.list': async () => {
      throw new GwzError('PROJECT_NOT_OPEN', '没有打开的工程', 'No project is open');
    },
  };
  return {
    dispatch: (method, params) => dispatch(handlers as Handlers, method, params),
    onEvent(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    async readData(path, query, range): Promise<DataResponse> {
      if (path === 'layers/9/features.geojson') throw new GwzError('LAYER_NOT_FOUND', '图层不存在', 'No such layer');
      if (range) return { status: 206, contentType: 'image/tiff', body: new Uint8Array([1, 2, 3, 4, 5]).subarray(1, 4), headers: { 'Content-Range': 'bytes 1-3/5' } };
      return { status: 200, contentType: 'application/geo+json', body: JSON.stringify({ path, bbox: query.get('bbox') }) };
    },
    shutdown: async () => undefined,
    emit,
    listeners: () => listeners.size,
  };
}

export function electronStyle(port: MessagePort): MessagePortLike {
  const on = (event: 'message' | 'close', listener: (arg: { data: unknown }) => void) => {
    if (event === 'message') port.on('message', (data: unknown) => listener({ data }));
    else port.on('close', () => listener({ data: undefined }));
  };
  return { postMessage: (m) => port.postMessage(m), on: on as MessagePortLike['on'], start: () => port.start() };
}

