import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WireMessageSchema, type EngineEvent, type Envelope, type ImportVectorResult, type LayerInfo } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { resolveAppPath as resolveStaticPath } from '../../electron/hosting/static-path';
import { startServer, type RunningServer } from '../../electron/server/server';
import { testData } from '../support/data';

const BOUNDARIES = testData('boundaries/361000_full.json');

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** http.request sends the path and Host exactly as given (fetch would normalise both). */
function raw(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

let dir: string;
let engine: EngineApi;
let server: RunningServer;
let auth: Record<string, string>;

async function invoke(method: string, params: unknown): Promise<Envelope> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/invoke/${method}`, {
    method: 'POST',
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Envelope;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gwz-server-'));
  // A stand-in for dist/renderer with a secret beside it that traversal must never reach.
  mkdirSync(join(dir, 'www', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'www', 'index.html'), '<!doctype html><title>GWZ</title>');
  writeFileSync(join(dir, 'www', 'assets', 'app-1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'package.json'), '{"secret":"TRAVERSAL-SECRET"}');
  engine = await createEngine({ userDataDir: join(dir, 'home'), appVersion: '9.9.9-test' });
  server = await startServer({ engine, staticDir: join(dir, 'www') });
  auth = { Authorization: `Bearer ${server.token}` };
});

afterAll(async () => {
  await server?.close();
  await engine?.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser-mode server: address and token', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a fresh URL-safe token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers /api/invoke without a token with 401 and an UNAUTHORIZED envelope', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/invoke/app.info`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const body = (await res.json()) as Envelope;
    expect(body.ok).toBe(false);
    if (!body.ok) expect(body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a wrong token of the same length', async () => {
    const wrong = server.token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const res = await fetch(`http://127.0.0.1:${server.port}/api/invoke/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${wrong}` },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('answers app.info with the token', async () => {
    const env = await invoke('app.info', {});
    expect(env.ok).toBe(true);
    if (env.ok) expect(env.result).toMatchObject({ appVersion: '9.9.9-test', schemaVersion: expect.any(Number) });
  });

  it('answers invalid requests with 200 and a BAD_REQUEST / UNKNOWN_METHOD envelope', async () => {
    const bad = await invoke('project.create', { path: join(dir, 'x.gwz'), crs: 'not-a-crs' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const unknown = await invoke('project.explode', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const notJson = await raw(server.port, '/api/invoke/app.info', { method: 'POST', headers: auth, body: '{oops' });
    expect(notJson.status).toBe(200);
    expect(JSON.parse(notJson.body)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('refuses bodies over the limit with 413', async () => {
    const small = await startServer({ engine, staticDir: join(dir, 'www'), maxBodyBytes: 1000 });
    try {
      const res = await fetch(`http://127.0.0.1:${small.port}/api/invoke/app.info`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${small.token}` },
        body: JSON.stringify({ pad: 'x'.repeat(5000) }),
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    } finally {
      await small.close();
    }
  });
});

describe('browser-mode server: DNS rebinding and cross-origin guards', () => {
  it('refuses a foreign Host header with 403, even with the token', async () => {
    const res = await raw(server.port, '/api/invoke/app.info', {
      method: 'POST',
      headers: { ...auth, Host: `evil.example:${server.port}` },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect((await raw(server.port, '/', { headers: { Host: 'evil.example' } })).status).toBe(403);
  });

  it('accepts localhost:<port> as Host', async () => {
    const res = await raw(server.port, '/api/invoke/app.info', {
      method: 'POST',
      headers: { ...auth, Host: `localhost:${server.port}` },
      body: '{}',
    });
    expect(res.status).toBe(200);
  });

  it('refuses a cross-origin Origin on /api but accepts its own origin', async () => {
    const cross = await raw(server.port, '/api/invoke/app.info', {
      method: 'POST',
      headers: { ...auth, Origin: 'http://evil.example' },
      body: '{}',
    });
    expect(cross.status).toBe(403);
    const same = await raw(server.port, '/api/invoke/app.info', {
      method: 'POST',
      headers: { ...auth, Origin: `http://127.0.0.1:${server.port}` },
      body: '{}',
    });
    expect(same.status).toBe(200);
  });
});

describe('browser-mode server: static files', () => {
  it('serves index.html for / with security headers and no caching', async () => {
    const res = await raw(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>GWZ</title>');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['cache-control']).toContain('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves hashed assets with long caching and the right type; unknown files are 404', async () => {
    const res = await raw(server.port, '/assets/app-1234.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await raw(server.port, '/assets/nope.js')).status).toBe(404);
    expect((await raw(server.port, '/assets')).status).toBe(404); // a directory, not a listing
  });

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/..%2fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/..%5cpackage.json',
    '/%00/../package.json',
    '/%',
  ])('never serves files outside the root: %s', async (path) => {
    const res = await raw(server.port, path);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body).not.toContain('TRAVERSAL-SECRET');
  });

  it('resolves only paths strictly inside the root', () => {
    const root = join(dir, 'www');
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1234.js')).toBe(join(root, 'assets', 'app-1234.js'));
    expect(resolveStaticPath(root, '/../package.json')).toBeNull();
    expect(resolveStaticPath(root, '/..%2Fpackage.json')).toBeNull();
    expect(resolveStaticPath(root, '/%E0%A4%A')).toBeNull();
  });
});

describe('browser-mode server: events and layer data', () => {
  it('refuses a WebSocket without the token with 401', async () => {
    const status = await new Promise<number>((done) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=wrong`);
      ws.on('unexpected-response', (_req, res) => done(res.statusCode ?? 0));
      ws.on('open', () => done(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('streams job.progress and job.done of a real import, then serves the layer data', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    const events: EngineEvent[] = [];
    ws.on('message', (data) => {
      const message = WireMessageSchema.parse(JSON.parse(String(data)));
      if (message.type === 'event') events.push(message.event);
    });
    await new Promise((done, fail) => ws.once('open', done).once('error', fail));

    const created = await invoke('project.create', { path: join(dir, 'events.gwz'), crs: 'EPSG:4548', title: '事件' });
    expect(created.ok).toBe(true);
    const started = await invoke('layers.importVector', { path: BOUNDARIES, srcCrs: 'EPSG:4326' });
    expect(started.ok).toBe(true);
    const { jobId } = (started as { result: { jobId: string } }).result;

    const deadline = Date.now() + 30_000;
    const isDone = () => events.some((e) => e.type === 'job.done' && e.jobId === jobId);
    while (!isDone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    ws.close();

    const mine = events.filter((e) => 'jobId' in e && e.jobId === jobId);
    expect(mine.some((e) => e.type === 'job.progress')).toBe(true);
    const done = mine.find((e) => e.type === 'job.done');
    expect(done).toMatchObject({ type: 'job.done', status: 'succeeded' });
    const layer = ((done as { result: ImportVectorResult }).result).layer as LayerInfo;
    expect(layer.featureCount).toBe(11);

    const dataPath = `/data/${layer.dataUrl}`;
    const join_ = dataPath.includes('?') ? '&' : '?';
    expect((await raw(server.port, dataPath)).status).toBe(401);
    const data = await raw(server.port, `${dataPath}${join_}token=${server.token}`);
    expect(data.status).toBe(200);
    expect(data.headers['x-content-type-options']).toBe('nosniff');
    expect(data.body.length).toBeGreaterThan(100);

    // a vector tile revalidated with the ETag it came with: 304 and no body; a stale tag gets the bytes
    const tileUrl = `/data/${layer.tiles!.url.replace('{z}/{x}/{y}', '0/0/0')}`;
    const withToken = `${tileUrl}${tileUrl.includes('?') ? '&' : '?'}token=${server.token}`;
    const tile = await raw(server.port, withToken);
    expect(tile.status).toBe(200);
    const etag = tile.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await raw(server.port, withToken, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect((await raw(server.port, withToken, { headers: { 'If-None-Match': `W/"x", W/${etag}` } })).status).toBe(304);
    const stale = await raw(server.port, withToken, { headers: { 'If-None-Match': '"stale"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(tile.body.length);
  });
});

describe('browser-mode server: shutdown', () => {
  it('close() stops listening and shuts down the engine it created, releasing the project lock', async () => {
    const project = join(dir, 'lock.gwz');
    const own = await startServer({ engineOptions: { userDataDir: join(dir, 'home2'), appVersion: 't' }, staticDir: join(dir, 'www') });
    const res = await fetch(`http://127.0.0.1:${own.port}/api/invoke/project.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${own.token}` },
      body: JSON.stringify({ path: project, crs: 'EPSG:4548' }),
    });
    expect(await res.json()).toMatchObject({ ok: true });
    await own.close();
    await expect(fetch(`http://127.0.0.1:${own.port}/`)).rejects.toThrow();

    // The lock is gone: another engine can open the project for writing.
    const other = await createEngine({ userDataDir: join(dir, 'home3'), appVersion: 't' });
    try {
      expect(await other.dispatch('project.open', { path: project })).toMatchObject({ ok: true });
    } finally {
      await other.shutdown();
    }
  });
});
