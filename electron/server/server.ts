import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { resolve } from 'node:path';
import { WebSocketServer, WebSocket } from 'ws';
import {
  DATA_PREFIX,
  EVENTS_PATH,
  GwzError,
  INVOKE_PREFIX,
  TOKEN_PARAM,
  toErrorData,
  UPLOAD_PATH,
  type Envelope,
  type ErrorCode,
  type WireMessage,
} from '../../shared/api';
import { createEngine, type EngineApi, type EngineOptions } from '../engine';
import { nodeEngineOptions } from './node-engine-options';
import { notModified } from '../engine/io/not-modified';
import { BASE_HEADERS, bearerToken, hostAllowed, newToken, originAllowed, tokenMatches } from './security';
import { serveStatic } from './static-files';
import { UploadStore } from './uploads';

export interface ServerOptions {
  /** An engine to serve; when omitted the server creates one (and shuts it down on close). */
  engine?: EngineApi;
  engineOptions?: EngineOptions;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string;
  /** The built renderer (dist/renderer); found next to the bundle or the sources when omitted. */
  staticDir?: string;
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  engine: EngineApi;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_BODY = 10 * 1024 * 1024;

/** dist/server/web.cjs sits beside dist/renderer; the TypeScript sources (tests) are two levels deeper. */
export function defaultStaticDir(): string {
  const candidates = [resolve(__dirname, '../renderer'), resolve(__dirname, '../../dist/renderer')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? candidates[candidates.length - 1]!;
}

function errorEnvelope(code: ErrorCode, zh: string, en: string): Envelope {
  return { ok: false, error: new GwzError(code, zh, en).toData() };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

const unauthorized = () =>
  errorEnvelope('UNAUTHORIZED', '缺少或错误的访问令牌', 'Missing or wrong access token');
const forbiddenHost = () =>
  errorEnvelope('UNAUTHORIZED', '不允许的主机名或来源', 'Host or origin not allowed');

/** HTTP status for a failed data read: the body is the Envelope, the status lets <img>/fetch react. */
function dataStatus(code: ErrorCode): number {
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code === 'BAD_REQUEST' || code === 'BAD_INPUT') return 400;
  if (code === 'PROJECT_NOT_OPEN') return 409;
  return 500;
}

type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

/**
 * Reads the whole body but keeps at most `limit` bytes; an oversized body is drained, not kept,
 * so the client still gets its 413 answer instead of a reset connection. (Only token holders get
 * this far.)
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolveBody(size > limit ? { ok: false, tooLarge: true } : { ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}

/** Writes a refusal straight onto the socket of a WebSocket upgrade we will not accept. */
function refuseUpgrade(socket: Duplex, status: number, reason: string, envelope: Envelope): void {
  const body = JSON.stringify(envelope);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroy();
}

/**
 * Browser mode: the built renderer plus the contract over HTTP (see shared/api/http.ts), on
 * 127.0.0.1 only, every API/data/event request gated by the per-run token.
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const ownsEngine = options.engine === undefined;
  const engine = options.engine ?? (await createEngine(options.engineOptions ?? nodeEngineOptions()));
  const token = options.token ?? newToken();
  const staticDir = options.staticDir ?? defaultStaticDir();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let port = 0;
  const uploads = new UploadStore();

  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, errorEnvelope('BAD_REQUEST', '请使用 POST', 'Use POST'), { Allow: 'POST' });
      return;
    }
    if (!tokenMatches(token, bearerToken(req))) {
      req.resume();
      sendJson(res, 401, unauthorized());
      return;
    }
    try {
      const path = await uploads.save(req, url.searchParams.get('batch'), url.searchParams.get('name'));
      sendJson(res, 200, { ok: true, result: { path } } satisfies Envelope);
    } catch (err) {
      req.resume();
      sendJson(res, 200, { ok: false, error: toErrorData(err) } satisfies Envelope);
    }
  }

  async function handleInvoke(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, errorEnvelope('BAD_REQUEST', '请使用 POST', 'Use POST'), { Allow: 'POST' });
      return;
    }
    if (!tokenMatches(token, bearerToken(req))) {
      sendJson(res, 401, unauthorized());
      return;
    }
    const body = await readBody(req, maxBody);
    if (!body.ok) {
      sendJson(
        res,
        413,
        errorEnvelope('BAD_REQUEST', `请求体超过 ${maxBody} 字节`, `Request body larger than ${maxBody} bytes`),
      );
      return;
    }
    let params: unknown = {};
    if (body.text.trim().length > 0) {
      try {
        params = JSON.parse(body.text);
      } catch {
        sendJson(res, 200, errorEnvelope('BAD_REQUEST', '请求体不是有效的 JSON', 'The request body is not valid JSON'));
        return;
      }
    }
    let method: string;
    try {
      method = decodeURIComponent(pathname.slice(INVOKE_PREFIX.length));
    } catch {
      method = pathname.slice(INVOKE_PREFIX.length);
    }
    let envelope: Envelope;
    try {
      envelope = await engine.dispatch(method, params);
    } catch (err) {
      envelope = { ok: false, error: toErrorData(err) };
    }
    sendJson(res, 200, envelope);
  }

  async function handleData(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, errorEnvelope('BAD_REQUEST', '请使用 GET', 'Use GET'), { Allow: 'GET, HEAD' });
      return;
    }
    if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM) ?? bearerToken(req))) {
      sendJson(res, 401, unauthorized());
      return;
    }
    const query = new URLSearchParams(url.searchParams);
    query.delete(TOKEN_PARAM);
    let dataPath: string;
    try {
      dataPath = decodeURIComponent(url.pathname.slice(DATA_PREFIX.length));
    } catch {
      sendJson(res, 400, errorEnvelope('BAD_REQUEST', '数据路径无效', 'Invalid data path'));
      return;
    }
    try {
      const data = notModified(await engine.readData(dataPath, query, req.headers.range), req.headers['if-none-match']);
      const body = typeof data.body === 'string' ? Buffer.from(data.body, 'utf8') : data.body;
      if (data.status === 304) {
        res.writeHead(304, { ...BASE_HEADERS, 'Cache-Control': 'no-cache', ...data.headers });
        res.end();
        return;
      }
      res.writeHead(data.status, {
        ...BASE_HEADERS,
        'Cache-Control': 'no-cache',
        ...data.headers,
        'Content-Type': data.contentType,
        'Content-Length': String(body.byteLength),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (err) {
      const error = toErrorData(err);
      sendJson(res, dataStatus(error.code), { ok: false, error } satisfies Envelope);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req, port)) {
      sendJson(res, 403, forbiddenHost());
      return;
    }
    // WHATWG parsing also folds `..` and `%2e%2e` segments; the static guard checks again after decoding.
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const { pathname } = url;
    const isApi = pathname.startsWith('/api/') || pathname.startsWith(DATA_PREFIX);
    if (isApi && !originAllowed(req, port)) {
      sendJson(res, 403, forbiddenHost());
      return;
    }
    if (pathname.startsWith(INVOKE_PREFIX)) return handleInvoke(req, res, pathname);
    if (pathname === UPLOAD_PATH) return handleUpload(req, res, url);
    if (pathname.startsWith(DATA_PREFIX)) return handleData(req, res, url);
    if (pathname === EVENTS_PATH) {
      sendJson(res, 426, errorEnvelope('BAD_REQUEST', '此地址需要 WebSocket', 'This address needs a WebSocket'), {
        Upgrade: 'websocket',
      });
      return;
    }
    if (pathname.startsWith('/api/')) {
      sendJson(res, 404, errorEnvelope('BAD_REQUEST', `没有这个接口：${pathname}`, `No such endpoint: ${pathname}`));
      return;
    }
    return serveStatic(staticDir, req, res, pathname);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, { ok: false, error: toErrorData(err) } satisfies Envelope);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    if (url.pathname !== EVENTS_PATH) {
      refuseUpgrade(socket, 404, 'Not Found', errorEnvelope('BAD_REQUEST', '没有这个地址', 'Not found'));
    } else if (!hostAllowed(req, port) || !originAllowed(req, port)) {
      refuseUpgrade(socket, 403, 'Forbidden', forbiddenHost());
    } else if (!tokenMatches(token, url.searchParams.get(TOKEN_PARAM))) {
      refuseUpgrade(socket, 401, 'Unauthorized', unauthorized());
    } else {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    }
  });

  const stopEvents = engine.onEvent((event) => {
    const message = JSON.stringify({ type: 'event', event } satisfies WireMessage);
    for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(message);
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch(async (err: unknown) => {
    stopEvents();
    if (ownsEngine) await engine.shutdown();
    throw err;
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  function close(): Promise<void> {
    closing ??= (async () => {
      stopEvents();
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      wss.close();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      for (const client of wss.clients) client.terminate();
      await closed;
      uploads.dispose();
      if (ownsEngine) await engine.shutdown();
    })();
    return closing;
  }

  return { url: `http://${HOST}:${port}/?${TOKEN_PARAM}=${token}`, port, token, engine, close };
}
