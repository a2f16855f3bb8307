import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BasemapState, ErrorData, MeasureResult } from '../../shared/api';
import { startServer, type RunningServer } from '../../electron/server/server';
import { testData } from '../support/data';
import { buildCli, gwzIn, jsonOf } from './harness/cli';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/**
 * geometry.measure and the basemap on a real engine: SpatiaLite's geodesic figures against an
 * independent meridian-arc integral, a real MBTiles made by gdal_translate from a real DEM, tiles
 * read back over the browser-mode server byte for byte, and the same through the `gwz` CLI.
 */
let f: EngineFixture;
let server: RunningServer;
let mbtiles: string;

beforeAll(async () => {
  f = await engineFixture();
  server = await startServer({ engine: f.engine, staticDir: f.dir });
  mbtiles = join(f.dir, 'zts.mbtiles');
  execFileSync('gdal_translate', ['-q', '-of', 'MBTILES', '-ot', 'Byte', '-scale', testData('dem/zts_dem_25m.tif'), mbtiles]);
  buildCli();
});
afterAll(async () => {
  await server?.close();
  await f?.dispose();
});

/** GRS 80 (CGCS2000's ellipsoid, same a and f to 1e-10) meridian arc by Simpson's rule: an independent check. */
function meridianArc(lat1: number, lat2: number): number {
  const a = 6378137;
  const fl = 1 / 298.257222101;
  const e2 = fl * (2 - fl);
  const n = 2000;
  const h = ((lat2 - lat1) * Math.PI) / 180 / n;
  const m = (phi: number) => (a * (1 - e2)) / (1 - e2 * Math.sin(phi) ** 2) ** 1.5;
  let s = m((lat1 * Math.PI) / 180) + m((lat2 * Math.PI) / 180);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * m((lat1 * Math.PI) / 180 + i * h);
  return (s * h) / 3;
}

describe('geometry.measure', () => {
  it('measures a 3-4-5 line and a 10 km square on the plane, and the same square on the CGCS2000 ellipsoid', async () => {
    const line = await f.client.api.geometry.measure({ coordinates: [[500000, 3100000], [500003, 3100004], [500003, 3100010]], crs: 'EPSG:4548' });
    expect(line.geometryType).toBe('LineString');
    expect(line.planar!.segments).toEqual([5, 6]);
    expect(line.planar!.length).toBe(11);
    expect(line.planar!.area).toBe(0);

    const square = await f.client.api.geometry.measure({
      wkt: 'POLYGON((500000 3100000, 510000 3100000, 510000 3110000, 500000 3110000, 500000 3100000))',
      crs: 'EPSG:4548',
    });
    expect(square.planar!.area).toBe(1e8);
    expect(square.planar!.length).toBe(40000);
    // Gauss–Krüger keeps scale 1 on the central meridian: within 0.01 % at 0–10 km east of it
    expect(Math.abs(square.geodesic.area - 1e8) / 1e8).toBeLessThan(1e-4);
    expect(square.geodesic.area).not.toBe(square.planar!.area);
    // a polygon's geodesic length is its perimeter (ST_Length of a polygon is 0 in SpatiaLite)
    expect(Math.abs(square.geodesic.length - 40000) / 40000).toBeLessThan(1e-3);
  });

  it('gives a 1° meridian arc at 28–29°N on the ellipsoid within 1 mm of the integral', async () => {
    const arc = await f.client.api.geometry.measure({ coordinates: [[117, 28], [117, 29]], crs: 'EPSG:4490' });
    expect(arc.planar).toBeNull(); // degrees are no plane
    expect(Math.abs(arc.geodesic.length - meridianArc(28, 29))).toBeLessThan(0.001);
    expect(arc.geodesic.length).toBeGreaterThan(110_800);
    expect(arc.geodesic.length).toBeLessThan(110_900);
  });

  it('subtracts holes and uses the open project CRS when none is given', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'm.gwz'), crs: 'EPSG:4548' });
    const r = await f.client.api.geometry.measure({
      wkt: 'POLYGON((500000 3100000, 501000 3100000, 501000 3101000, 500000 3101000, 500000 3100000), (500100 3100100, 500200 3100100, 500200 3100200, 500100 3100200, 500100 3100100))',
    });
    expect(r.crs).toBe('EPSG:4548');
    expect(r.planar!.area).toBe(1_000_000 - 10_000);
    expect(r.planar!.length).toBe(4000 + 400);
  });

  it('refuses points, broken WKT and too few vertices with bilingual BAD_INPUT / BAD_REQUEST', async () => {
    const point = await errorOf(f.client.api.geometry.measure({ wkt: 'POINT(500000 3100000)' }));
    expect(point.code).toBe('BAD_INPUT');
    expect(point.message_zh).toContain('只能量测线或面');
    const broken = await errorOf(f.client.api.geometry.measure({ wkt: 'POLYGON((1 2, 3' }));
    expect(broken.code).toBe('BAD_INPUT');
    expect(broken.message_en).toContain('WKT');
    const tri = await errorOf(f.client.api.geometry.measure({ coordinates: [[0, 0], [1, 1]], kind: 'polygon' }));
    expect(tri.code).toBe('BAD_INPUT');
    const both = await errorOf(f.client.api.geometry.measure({ coordinates: [[0, 0], [1, 1]], wkt: 'LINESTRING(0 0, 1 1)' }));
    expect(both.code).toBe('BAD_REQUEST');
  });
});

describe('basemap', () => {
  it('serves the MBTiles tiles by URL, byte for byte what the file holds (XYZ row = flipped TMS row)', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'b.gwz'), crs: 'EPSG:4528', overwrite: true });
    expect((await f.client.api.basemap.get({})).basemap.kind).toBe('none');
    const state = await f.client.api.basemap.set({ kind: 'mbtiles', path: mbtiles, opacity: 0.8 });
    expect(state.mbtiles).toMatchObject({ format: 'png', minzoom: 12, maxzoom: 12 });
    expect(state.mbtiles!.bounds![0]).toBeCloseTo(119.287, 3);
    expect(state.tileUrl).toMatch(/^basemap\/[0-9a-f]{12}\/\{z\}\/\{x\}\/\{y\}$/);

    const db = new Database(mbtiles, { readonly: true });
    const rows = db.prepare('SELECT zoom_level z, tile_column x, tile_row y, tile_data d FROM tiles').all() as { z: number; x: number; y: number; d: Buffer }[];
    db.close();
    expect(rows.length).toBe(state.mbtiles!.tileCount);
    for (const row of rows) {
      const xyzRow = (1 << row.z) - 1 - row.y;
      const path = state.tileUrl!.replace('{z}', String(row.z)).replace('{x}', String(row.x)).replace('{y}', String(xyzRow));
      const res = await fetch(`${server.url.replace(/\/?(\?.*)?$/, '')}/data/${path}?token=${server.token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer()).equals(row.d)).toBe(true);
    }
    // a tile the file does not have, and a stale version, are 404 — not an empty 200
    const missing = await f.engine.readData(state.tileUrl!.replace('{z}', '3').replace('{x}', '0').replace('{y}', '0'), new URLSearchParams());
    expect(missing.status).toBe(404);
    const stale = await f.engine.readData('basemap/000000000000/12/0/0', new URLSearchParams());
    expect(stale.status).toBe(404);
  });

  it('keeps the basemap in the project file across a reopen', async () => {
    const path = join(f.dir, 'b.gwz');
    await f.client.api.project.close({});
    await f.client.api.project.open({ path });
    const state = await f.client.api.basemap.get({});
    expect(state.basemap).toEqual({ kind: 'mbtiles', path: mbtiles, opacity: 0.8 });
    expect(state.mbtiles?.tileCount).toBeGreaterThan(0);
  });

  it('refuses a file that is not MBTiles, a missing file, a bad URL and a vector layer — and keeps the old setting', async () => {
    const notTiles = join(f.dir, 'not.mbtiles');
    writeFileSync(notTiles, 'hello, not sqlite');
    const bad = await errorOf(f.client.api.basemap.set({ kind: 'mbtiles', path: notTiles }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message_zh).toContain('MBTiles');
    expect((await errorOf(f.client.api.basemap.set({ kind: 'mbtiles', path: join(f.dir, 'nope.mbtiles') }))).code).toBe('FILE_NOT_FOUND');
    expect((await errorOf(f.client.api.basemap.set({ kind: 'xyz', url: 'ftp://tiles/{z}/{x}/{y}.png' }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(f.client.api.basemap.set({ kind: 'layer', layerId: 999 }))).code).toBe('LAYER_NOT_FOUND');
    expect((await f.client.api.basemap.get({})).basemap.kind).toBe('mbtiles');
  });

  it('passes an online XYZ service through the engine only once configured (a loopback tile server here)', async () => {
    const db = new Database(mbtiles, { readonly: true });
    const tile = db.prepare('SELECT tile_data FROM tiles LIMIT 1').pluck().get() as Buffer;
    db.close();
    const asked: string[] = [];
    const tiles = createServer((req, res) => {
      asked.push(req.url ?? '');
      if (req.url === '/tiles/5/26/12.png') {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(tile);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((ok) => tiles.listen(0, '127.0.0.1', ok));
    try {
      const port = (tiles.address() as AddressInfo).port;
      expect(asked).toEqual([]); // nothing went online before the user set a service
      const xyz = await f.client.api.basemap.set({ kind: 'xyz', url: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png` });
      expect(xyz).toMatchObject({ basemap: { kind: 'xyz', opacity: 1 }, mbtiles: null });
      const at = (z: number, x: number, y: number) => xyz.tileUrl!.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
      const ok = await f.engine.readData(at(5, 26, 12), new URLSearchParams());
      expect(ok.status).toBe(200);
      expect(Buffer.from(ok.body as Uint8Array).equals(tile)).toBe(true);
      expect((await f.engine.readData(at(5, 0, 0), new URLSearchParams())).status).toBe(502);
      expect(asked).toEqual(['/tiles/5/26/12.png', '/tiles/5/0/0.png']);
    } finally {
      await new Promise((done) => tiles.close(done));
    }
  });
});

describe('gwz measure / gwz basemap', () => {
  it('measures from the command line and sets an MBTiles basemap, JSON and text', () => {
    const m = gwzIn(f.dir, ['measure', '--coords', '500000,3100000 501000,3100000 501000,3101000', '--polygon', '--crs', '4548', '--json']);
    expect(m.status).toBe(0);
    const r = jsonOf<MeasureResult>(m);
    expect(r.planar!.area).toBe(500_000);
    const text = gwzIn(f.dir, ['measure', '--wkt', 'LINESTRING(500000 3100000, 502500 3100000)', '--crs', 'EPSG:4548']);
    expect(text.stdout).toContain('2.500 km');

    const project = join(f.dir, 'cli.gwz');
    expect(gwzIn(f.dir, ['new', project, '--crs', 'EPSG:4548']).status).toBe(0);
    const set = gwzIn(f.dir, ['basemap', project, '--mbtiles', mbtiles, '--json']);
    expect(set.status).toBe(0);
    expect(jsonOf<BasemapState>(set).mbtiles!.format).toBe('png');
    expect(gwzIn(f.dir, ['basemap', project]).stdout).toContain('mbtiles');
    const bad = gwzIn(f.dir, ['basemap', project, '--mbtiles', join(f.dir, 'not.mbtiles'), '--json']);
    expect(bad.status).toBe(3);
    expect(jsonOf<{ error: ErrorData }>(bad).error.code).toBe('BAD_INPUT');
  });
});
