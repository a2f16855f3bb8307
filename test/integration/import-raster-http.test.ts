import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/server';
import { testData } from '../support/data';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

// The browser-mode server in front of the engine: what ol/source/GeoTIFF will see when it reads
// the stored COG over HTTP, byte range by byte range.
let f: EngineFixture;
let server: RunningServer;

beforeAll(async () => {
  f = await engineFixture();
  mkdirSync(join(f.dir, 'www'), { recursive: true });
  writeFileSync(join(f.dir, 'www', 'index.html'), '<!doctype html><title>GWZ</title>');
  server = await startServer({ engine: f.engine, staticDir: join(f.dir, 'www') });
});
afterAll(async () => {
  await server?.close();
  await f.dispose();
});

it('serves a raster layer over HTTP with Range: 206 + Content-Range, 200 whole, 416 beyond the end', async () => {
  await f.client.api.project.create({ path: join(f.dir, 'http.gwz'), crs: 'EPSG:4528' });
  const { result } = await f.client.runJob('layers.importRaster', { path: testData('dem/zts_dem_25m.tif') });
  const url = `http://127.0.0.1:${server.port}/data/${result.layer.dataUrl}?token=${server.token}`;

  const whole = await fetch(url);
  expect(whole.status).toBe(200);
  expect(whole.headers.get('content-type')).toBe('image/tiff');
  expect(whole.headers.get('accept-ranges')).toBe('bytes');
  const all = Buffer.from(await whole.arrayBuffer());
  expect(all.length).toBe(result.raster.bytes);

  const part = await fetch(url, { headers: { Range: 'bytes=1000-1999' } });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${all.length}`);
  expect(part.headers.get('content-length')).toBe('1000');
  expect(Buffer.from(await part.arrayBuffer()).equals(all.subarray(1000, 2000))).toBe(true);

  const beyond = await fetch(url, { headers: { Range: `bytes=${all.length + 10}-` } });
  expect(beyond.status).toBe(416);
  expect(beyond.headers.get('content-range')).toBe(`bytes */${all.length}`);
});
