import { createClient, type Client } from '../../shared/api/client';
import { GwzError } from '../../shared/api/errors';
import { hostContract, type HostContract, type HostMethodName } from '../../shared/api/host';
import { APP_DATA_BASE, DATA_PREFIX, TOKEN_PARAM, UPLOAD_PATH } from '../../shared/api/http';
import type { Envelope } from '../../shared/api/wire';
import type { z } from 'zod';
import { createHttpTransport, type LinkState } from './http-transport';
import { createIpcTransport } from './ipc-transport';
import { takeSessionToken } from './token';

type HostRequest<M extends HostMethodName> = z.input<HostContract[M]['request']>;
type HostResponse<M extends HostMethodName> = z.output<HostContract[M]['response']>;

/** Native dialogs; only the Electron host answers these. */
export interface HostDialogs {
  call<M extends HostMethodName>(method: M, req: HostRequest<M>): Promise<HostResponse<M>>;
}

export interface Connection {
  mode: 'electron' | 'browser';
  client: Client;
  /** URL the map fetches a layer from: LayerInfo.dataUrl plus optional query (bbox, resolution…). */
  dataUrl(path: string, query?: Record<string, string>): string;
  /** null in browser mode: there the UI asks for paths in a form. */
  dialogs: HostDialogs | null;
  onLinkState(handler: (state: LinkState) => void): () => void;
  /**
   * Paths the engine can open for files dropped onto the window: their own paths in the desktop app;
   * in browser mode the files are uploaded into one temporary folder of the server (sidecars together).
   */
  localPaths(files: File[]): Promise<string[]>;
}

async function uploadAll(files: File[], token: string | null): Promise<string[]> {
  const batch = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const paths: string[] = [];
  for (const file of files) {
    const query = new URLSearchParams({ batch, name: file.name });
    const res = await fetch(`${UPLOAD_PATH}?${query.toString()}`, {
      method: 'POST',
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: file,
    });
    const envelope = (await res.json()) as Envelope;
    if (!envelope.ok) throw GwzError.fromData(envelope.error);
    paths.push((envelope.result as { path: string }).path);
  }
  return paths;
}

function withQuery(base: string, query: Record<string, string>): string {
  const params = new URLSearchParams(query).toString();
  if (!params) return base;
  return base + (base.includes('?') ? '&' : '?') + params;
}

/** Electron if the preload bridge is there, otherwise the browser-mode server that served this page. */
export function connect(): Connection {
  const bridge = window.gwz;
  if (bridge) {
    const transport = createIpcTransport(bridge);
    return {
      mode: 'electron',
      client: createClient(transport),
      dataUrl: (path, query = {}) => withQuery(APP_DATA_BASE + path.replace(/^\/+/, ''), query),
      dialogs: {
        async call(method, req) {
          const envelope = await transport.invoke(method, req);
          if (!envelope.ok) throw GwzError.fromData(envelope.error);
          return hostContract[method].response.parse(envelope.result) as HostResponse<typeof method>;
        },
      },
      onLinkState: (handler) => {
        handler('open');
        return () => undefined;
      },
      localPaths: (files) => Promise.resolve(files.map((f) => bridge.pathForFile(f)).filter((p) => p.length > 0)),
    };
  }
  const token = takeSessionToken();
  const transport = createHttpTransport({ token });
  return {
    mode: 'browser',
    client: createClient(transport),
    dataUrl: (path, query = {}) =>
      withQuery(DATA_PREFIX + path.replace(/^\/+/, ''), { ...query, ...(token ? { [TOKEN_PARAM]: token } : {}) }),
    dialogs: null,
    onLinkState: transport.onLinkState,
    localPaths: (files) => uploadAll(files, token),
  };
}
