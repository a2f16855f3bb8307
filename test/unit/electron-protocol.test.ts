import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProtocolHandler } from '../../electron/main/app-protocol';
import type { DataReply } from '../../electron/main/engine-messages';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security';

// The gwz:// handler exactly as main passes it to protocol.handle, fed real Requests and real files.
let dir: string;
let rendererRoot: string;
const dataCalls: Array<{ path: string; query: string; range: string | undefined }> = [];
const tiff = Uint8Array.from({ length: 256 }, (_, i) => i);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'gwz-protocol-'));
  rendererRoot = path.join(dir, 'renderer');
  mkdirSync(path.join(rendererRoot, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererRoot, 'index.html'), '<!doctype html><title>GWZ</title>');
  writeFileSync(path.join(rendererRoot, 'assets', 'app-1a2b.js'), 'console.log("gwz")');
  writeFileSync(path.join(dir, 'secret.txt'), 'must never be served');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handler = () =>
  createProtocolHandler({
    rendererRoot,
    async readData(p, query, range): Promise<DataReply> {
      dataCalls.push({ path: p, query, range });
      if (p === 'boom') throw new Error('engine process exited');
      if (p.endsWith('.pbf')) {
        return { type: 'data-reply', id: 1, status: 200, contentType: 'application/vnd.mapbox-vector-tile', headers: { ETag: '"7-3-0-0-0-a"', 'Cache-Control': 'no-cache' }, body: new Uint8Array([26, 2, 8, 1]).buffer };
      }
      if (range) {
        const [start, end] = range.replace('bytes=', '').split('-').map(Number) as [number, number];
        const body = tiff.slice(start, end + 1);
        return {
          type: 'data-reply',
          id: 1,
          status: 206,
          contentType: 'image/tiff',
          headers: { 'Content-Range': `bytes ${start}-${end}/${tiff.length}`, 'Accept-Ranges': 'bytes' },
          body: body.buffer,
        };
      }
      return { type: 'data-reply', id: 1, status: 200, contentType: 'application/geo+json', body: '{"type":"FeatureCollection","features":[]}' };
    },
  });

describe('gwz://app', () => {
  it('serves index.html with the CSP header and the entry for the bare origin', async () => {
    const handle = handler();
    for (const url of ['gwz://app/index.html', 'gwz://app/']) {
      const res = await handle(new Request(url));
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).toContain('<title>GWZ</title>');
    }
  });

  it('serves assets with their type and without a CSP', async () => {
    const res = await handler()(new Request('gwz://app/assets/app-1a2b.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe('console.log("gwz")');
  });

  it('never serves a file outside the renderer root', async () => {
    const handle = handler();
    for (const url of ['gwz://app/%2e%2e/secret.txt', 'gwz://app/assets%2f..%2f..%2fsecret.txt', 'gwz://app/..%5csecret.txt']) {
      const res = await handle(new Request(url));
      expect([400, 404], url).toContain(res.status);
      expect(await res.text()).not.toContain('must never be served');
    }
  });

  it('answers 404 for missing files and directories, 405 for writes', async () => {
    const handle = handler();
    expect((await handle(new Request('gwz://app/nope.js'))).status).toBe(404);
    expect((await handle(new Request('gwz://app/assets'))).status).toBe(404);
    expect((await handle(new Request('gwz://app/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handle(new Request('gwz://elsewhere/index.html'))).status).toBe(404);
  });
});

describe('gwz://data', () => {
  it('forwards path and query to the engine and answers with CORS for the app origin', async () => {
    dataCalls.length = 0;
    const res = await handler()(new Request('gwz://data/layers/3/features.geojson?bbox=1,2,3,4&res=10'));
    expect(dataCalls).toEqual([{ path: 'layers/3/features.geojson', query: 'bbox=1,2,3,4&res=10', range: undefined }]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geo+json');
    expect(res.headers.get('access-control-allow-origin')).toBe('gwz://app');
    expect(await res.json()).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('passes Range through and returns the bytes as they came (ArrayBuffer body)', async () => {
    const res = await handler()(new Request('gwz://data/layers/5/raster.tif', { headers: { Range: 'bytes=16-31' } }));
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 16-31/256');
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...tiff.slice(16, 32)]);
  });

  it('answers 304 without a body when If-None-Match holds the tile\'s ETag, the bytes otherwise', async () => {
    const handle = handler();
    const url = 'gwz://data/layers/7/tiles/0/0/0.pbf';
    const same = await handle(new Request(url, { headers: { 'If-None-Match': '"7-3-0-0-0-a"' } }));
    expect(same.status).toBe(304);
    expect(same.headers.get('etag')).toBe('"7-3-0-0-0-a"');
    expect(same.headers.get('access-control-allow-origin')).toBe('gwz://app');
    expect((await same.arrayBuffer()).byteLength).toBe(0);
    const other = await handle(new Request(url, { headers: { 'If-None-Match': '"7-2-0-0-0-a"' } }));
    expect(other.status).toBe(200);
    expect([...new Uint8Array(await other.arrayBuffer())]).toEqual([26, 2, 8, 1]);
  });

  it('answers the CORS preflight and turns an engine failure into 503', async () => {
    const handle = handler();
    const pre = await handle(new Request('gwz://data/layers/5/raster.tif', { method: 'OPTIONS' }));
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toBe('Range');
    const down = await handle(new Request('gwz://data/boom'));
    expect(down.status).toBe(503);
    expect(await down.text()).toContain('engine process exited');
  });
});
