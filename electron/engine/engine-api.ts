import type { EngineEvent, Envelope } from '../../shared/api';

/** What a layer-data request answers: hosts turn this into an HTTP or protocol response. */
export interface DataResponse {
  status: number;
  contentType: string;
  body: Uint8Array | string;
  headers?: Record<string, string>;
}

/**
 * The engine as every host sees it. Hosts (Electron utility process, browser-mode server, CLI)
 * only ever call these four things; everything else goes through the contract.
 */
export interface EngineApi {
  dispatch(method: string, params: unknown): Promise<Envelope>;
  onEvent(handler: (event: EngineEvent) => void): () => void;
  /** Layer data by URL: `path` is LayerInfo.dataUrl (e.g. "layers/3/features.geojson"), `query` its search params. */
  readData(path: string, query: URLSearchParams, range?: string): Promise<DataResponse>;
  /** Close the project (releasing its lock) and stop jobs. */
  shutdown(): Promise<void>;
}

export interface EngineOptions {
  /** Where the recent-projects list lives; the Electron host passes app.getPath('userData'). */
  userDataDir: string;
  appVersion: string;
}
