import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgressEvent } from '../../shared/api';
import {
  engineFixture,
  errorOf,
  GEOJSON_FUZHOU,
  SHP_BOU2_4P,
  SHP_CHINESE_POLY,
  SHP_FUZHOU_NO_PRJ,
  type EngineFixture,
} from './harness/engine-fixture';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

interface GeoJsonFc {
  type: string;
  features: { id: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[];
}

async function features(query = ''): Promise<GeoJsonFc> {
  const res = await f.engine.readData('layers/1/features.geojson', new URLSearchParams(query));
  expect(res.status).toBe(200);
  expect(res.contentType).toContain('geo+json');
  return JSON.parse(String(res.body)) as GeoJsonFc;
}

describe('layers.importVector', () => {
  it('imports a GBK shapefile with Chinese names, reprojected to a Gauss–Krüger zone', async () => {
    // 黑龙江省 lies around 129°E: CGCS2000 3° GK CM 129E is EPSG:4552.
    await f.client.api.project.create({ path: join(f.dir, 'hlj.gwz'), crs: 'EPSG:4552' });
    const { result } = await f.client.runJob('layers.importVector', { path: SHP_CHINESE_POLY, encoding: 'GBK', name: '黑龙江省界' });
    expect(result).toMatchObject({ featuresRead: 1, featuresWritten: 1, skippedNullGeometry: 0 });
    expect(result.layer).toMatchObject({ name: '黑龙江省界', geometryType: 'MULTIPOLYGON', srid: 4552, featureCount: 1, origin: 'import' });
    expect(result.layer.tableName).toMatch(/^layer_\d+$/); // Chinese display name → ASCII table name
    const fc = await features();
    expect(fc.features[0]!.properties.NAME).toBe('黑龙江省');
    // Source extent is 121.2–135.1°E, 43.5–53.6°N; in GK CM 129E that straddles the 500 km easting.
    const [minx, miny, maxx, maxy] = result.layer.extent!;
    expect(minx).toBeGreaterThan(-100_000);
    expect(minx).toBeLessThan(500_000);
    expect(maxx).toBeGreaterThan(500_000);
    expect(miny).toBeGreaterThan(4_700_000);
    expect(maxy).toBeLessThan(6_000_000);
  });

  it('imports a GeoJSON with 11 Chinese-named counties into EPSG:4548, visible to ogrinfo', async () => {
    const path = join(f.dir, 'fz.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    const progress: JobProgressEvent[] = [];
    const { jobId, result } = await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU, name: '抚州市县界' }, (p) => progress.push(p));
    expect(result.featuresWritten).toBe(11);
    expect(result.layer.featureCount).toBe(11);
    expect(progress.length).toBeGreaterThan(0);
    expect((await f.client.api.jobs.get({ jobId })).status).toBe('succeeded');
    expect(f.events).toContainEqual({ type: 'project.changed', path, reason: 'layers' });

    const { layers } = await f.client.api.layers.list({});
    expect(layers).toHaveLength(1);
    expect(layers[0]).toMatchObject({ id: 1, name: '抚州市县界', dataUrl: 'layers/1/features.geojson' });
    // 抚州 lies near 116–117.3°E, 26.5–28.5°N: in CM 117E easting ~ 360–530 km, northing ~ 2930–3155 km.
    const [minx, miny, maxx, maxy] = layers[0]!.extent!;
    expect(minx).toBeGreaterThan(340_000);
    expect(maxx).toBeLessThan(560_000);
    expect(miny).toBeGreaterThan(2_900_000);
    expect(maxy).toBeLessThan(3_200_000);

    const fc = await features();
    expect(fc.features.map((x) => x.properties.name)).toContain('临川区');
    expect(fc.features.every((x) => x.geometry.type === 'MultiPolygon')).toBe(true);

    // bbox through the spatial index: a small box around 临川区's centroid (116.354°E 27.918°N) in CM 117E
    const linchuan = fc.features.find((x) => x.properties.name === '临川区')!;
    const ring = (linchuan.geometry.coordinates as number[][][][])[0]![0]!;
    const [x0, y0] = ring[0]!;
    const few = await features(`bbox=${x0! - 10},${y0! - 10},${x0! + 10},${y0! + 10}`);
    expect(few.features.length).toBeGreaterThan(0);
    expect(few.features.length).toBeLessThan(11);
    expect(few.features.map((x) => x.properties.name)).toContain('临川区');
    expect((await features('bbox=0,0,1,1')).features).toHaveLength(0);

    // provenance
    const db = new Database(path, { readonly: true });
    const run = db.prepare('SELECT * FROM gwz_runs').get() as { operation: string; inputs: string; status: string; engine_version: string };
    db.close();
    expect(run).toMatchObject({ operation: 'layers.importVector', status: 'succeeded', engine_version: '0.0.0-test' });
    expect(JSON.parse(run.inputs).files[0]).toMatchObject({ path: GEOJSON_FUZHOU, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const ogr = spawnSync('ogrinfo', ['-so', '-ro', path], { encoding: 'utf8' });
    expect(ogr.status, ogr.stderr).toBe(0);
    expect(ogr.stdout).toMatch(new RegExp(`${result.layer.tableName} \\(Multi Polygon\\)`));
    const detail = spawnSync('ogrinfo', ['-so', '-ro', path, result.layer.tableName], { encoding: 'utf8' });
    expect(detail.stdout).toContain('Feature Count: 11');
    expect(detail.stdout).toMatch(/117E|CGCS2000/);
  });

  it('asks for a source CRS when a shapefile has no .prj, and imports with one', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'np.gwz'), crs: 'EPSG:4548' });
    const err = await errorOf(f.client.runJob('layers.importVector', { path: SHP_FUZHOU_NO_PRJ }));
    expect(err.code).toBe('CRS_UNKNOWN');
    expect(err.message_zh).toContain('--src-crs');
    expect(err.message_en).toContain('--src-crs');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);

    const { result } = await f.client.runJob('layers.importVector', { path: SHP_FUZHOU_NO_PRJ, srcCrs: 'EPSG:4326' });
    expect(result.featuresWritten).toBe(11);
    expect(result.layer.name).toBe('抚州市');
    const names = (await features()).features.map((x) => x.properties.name);
    expect(names).toContain('临川区');
  });

  it('gives the same layer checksum across runs and across project files', async () => {
    const sums: string[] = [];
    for (const name of ['c1.gwz', 'c2.gwz']) {
      await f.client.api.project.create({ path: join(f.dir, name), crs: 'EPSG:4548' });
      await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU });
      const t0 = performance.now();
      const first = await f.client.runJob('layers.checksum', {});
      const second = await f.client.runJob('layers.checksum', { layerIds: [1] });
      console.log(`timing: checksum of 11 polygons ${(performance.now() - t0) / 2} ms`);
      expect(first.result.layers).toEqual(second.result.layers);
      expect(first.result.layers[0]).toMatchObject({ id: 1, featureCount: 11 });
      sums.push(first.result.layers[0]!.sha256);
    }
    expect(sums[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(sums[1]).toBe(sums[0]);
    // …and it changes when the data does
    const { result } = await f.client.runJob('layers.importVector', { path: SHP_FUZHOU_NO_PRJ, srcCrs: 'EPSG:4326' });
    const other = await f.client.runJob('layers.checksum', { layerIds: [result.layer.id] });
    expect(other.result.layers[0]!.sha256).not.toBe(sums[0]);
    expect((await errorOf(f.client.api.layers.checksum({ layerIds: [99] }))).code).toBe('LAYER_NOT_FOUND');
  });

  it('imports 925 GBK polygons (bou2_4p) and reports the time', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'cn.gwz'), crs: 'EPSG:4490' });
    const t0 = performance.now();
    const { result } = await f.client.runJob('layers.importVector', { path: SHP_BOU2_4P, encoding: 'GBK', srcCrs: 'EPSG:4326' });
    console.log(`timing: import 925 polygons ${(performance.now() - t0).toFixed(0)} ms`);
    expect(result.featuresWritten).toBe(925);
    const names = (await features()).features.map((x) => x.properties.NAME);
    expect(names).toContain('黑龙江省');
    expect(names).toContain('海南省');
  });

  it('reports missing and unreadable files', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'bad.gwz'), crs: 'EPSG:4548' });
    const missing = await errorOf(f.client.runJob('layers.importVector', { path: join(f.dir, 'nope.shp') }));
    expect(missing.code).toBe('FILE_NOT_FOUND');
    const junk = join(f.dir, 'junk.geojson');
    writeFileSync(junk, '{ not json at all');
    const bad = await errorOf(f.client.runJob('layers.importVector', { path: junk }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message_zh.length).toBeGreaterThan(0);
    expect((bad.details as { gdal: string }).gdal.length).toBeGreaterThan(0);
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
  });

  it('rolls back a cancelled import', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'cancel.gwz'), crs: 'EPSG:4490' });
    const stop = f.engine.onEvent((e) => {
      // at the first progress report: later ones may come after the import's last cancellation point
      if (e.type === 'job.progress') void f.client.api.jobs.cancel({ jobId: e.jobId });
    });
    const err = await errorOf(f.client.runJob('layers.importVector', { path: SHP_BOU2_4P, encoding: 'GBK', srcCrs: 'EPSG:4326' }));
    stop();
    expect(err.code).toBe('JOB_CANCELLED');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
    const { jobs } = await f.client.api.jobs.list({});
    expect(jobs[0]).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    // the project is still usable afterwards
    const { result } = await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU });
    expect(result.layer.featureCount).toBe(11);
  });
});

describe('readData', () => {
  it('answers 404 for unknown paths and layers, 400 for a bad bbox', async () => {
    expect((await f.engine.readData('layers/1/features.geojson', new URLSearchParams())).status).toBe(404); // no project
    await f.client.api.project.create({ path: join(f.dir, 'r.gwz'), crs: 'EPSG:4548' });
    expect((await f.engine.readData('nothing/here', new URLSearchParams())).status).toBe(404);
    expect((await f.engine.readData('layers/7/features.geojson', new URLSearchParams())).status).toBe(404);
    await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU });
    expect((await f.engine.readData('layers/1/features.geojson', new URLSearchParams('bbox=1,2,3'))).status).toBe(400);
  });
});
