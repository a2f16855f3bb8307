import { readFile, stat } from 'node:fs/promises';
import { APP_PROTOCOL } from '../../shared/api/http';
import { notModified } from '../engine/io/not-modified';
import type { DataReply } from './engine-messages';
import {
  APP_HOST,
  DATA_CORS_HEADERS,
  DATA_HOST,
  appResponseHeaders,
} from './security';
import { contentTypeFor, resolveAppPath } from '../hosting/static-path';

/**
 * The gwz:// protocol as a plain fetch-style handler (Request -> Response), so it runs and is tested
 * under Node; main.ts only passes it to protocol.handle. Two hosts:
 *   gwz://app/…   the built renderer from `rendererRoot` (never file://: a page on file:// could read
 *                 any file), HTML with the CSP header;
 *   gwz://data/…  layer data, forwarded to the engine process (LayerInfo.dataUrl, Range supported).
 */
export interface ProtocolOptions {
  rendererRoot: string;
  readData(path: string, query: string, range: string | undefined): Promise<DataReply>;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers },
  });
}

async function serveApp(rendererRoot: string, url: URL, method: string): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return textResponse(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
  const file = resolveAppPath(rendererRoot, url.pathname);
  if (file === null) return textResponse(400, 'Bad Request');
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return textResponse(404, 'Not Found');
  const headers = appResponseHeaders(contentTypeFor(file));
  headers['Content-Length'] = String(info.size);
  headers['Cache-Control'] = 'no-cache';
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  return new Response(new Uint8Array(await readFile(file)), { status: 200, headers });
}

/** Engine reply -> Response, with CORS for the app origin (the page and the data differ in host). */
export function dataReplyToResponse(reply: DataReply, method = 'GET'): Response {
  const headers: Record<string, string> = { ...DATA_CORS_HEADERS, ...reply.headers, 'Content-Type': reply.contentType };
  const body = method === 'HEAD' || NULL_BODY_STATUS.has(reply.status) ? null : reply.body;
  return new Response(body, { status: reply.status, headers });
}

async function serveData(options: ProtocolOptions, url: URL, request: Request): Promise<Response> {
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...DATA_CORS_HEADERS } });
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return textResponse(405, 'Method Not Allowed', { ...DATA_CORS_HEADERS, Allow: 'GET, HEAD, OPTIONS' });
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.replace(/^\/+/, ''));
  } catch {
    return textResponse(400, 'Bad Request', DATA_CORS_HEADERS);
  }
  try {
    const reply = await options.readData(path, url.search.replace(/^\?/, ''), request.headers.get('range') ?? undefined);
    return dataReplyToResponse(notModified(reply, request.headers.get('if-none-match')), request.method);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return textResponse(503, `引擎不可用 / Engine unavailable: ${message}`, DATA_CORS_HEADERS);
  }
}

export function createProtocolHandler(options: ProtocolOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return textResponse(400, 'Bad Request');
    }
    if (url.protocol !== `${APP_PROTOCOL}:`) return textResponse(404, 'Not Found');
    if (url.host === APP_HOST) return serveApp(options.rendererRoot, url, request.method);
    if (url.host === DATA_HOST) return serveData(options, url, request);
    return textResponse(404, 'Not Found');
  };
}
