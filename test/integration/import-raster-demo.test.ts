import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

it('the demo project carries its DEM as a raster layer inside the project file', async () => {
  const { result } = await f.client.runJob('project.createDemo', { path: join(f.dir, 'demo.gwz') });
  const dem = result.layers.find((l) => l.kind === 'raster');
  expect(dem?.name).toBe('数字高程模型');
  const { layers } = await f.client.api.layers.list({});
  const layer = layers.find((l) => l.kind === 'raster')!;
  const info = await f.client.api.rasters.info({ layerId: layer.id });
  expect(info.stats.validCount).toBeGreaterThan(0);
  expect(info.srid).toBe(layer.srid);
  const head = await f.engine.readData(layer.dataUrl, new URLSearchParams(), 'bytes=0-3');
  expect(head.status).toBe(206);
}, 60_000);

it('the demo hydrogeological units cover exactly the city (no area outside the counties, none missing)', async () => {
  const path = join(f.dir, 'units.gwz');
  await f.client.runJob('project.createDemo', { path });
  await f.client.api.project.close({});
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    const table = (name: string) => `"${(db.prepare('SELECT table_name FROM gwz_layers WHERE name = ?').get(name) as { table_name: string }).table_name}"`;
    const units = table('水文地质分区');
    const counties = table('县级行政区');
    const area = (sql: string) => (db.prepare(`SELECT COALESCE(${sql}, 0) AS a`).get() as { a: number }).a;
    const city = area(`(SELECT ST_Area(ST_Union(geom)) FROM ${counties})`);
    const covered = area(`(SELECT ST_Area(ST_Union(geom)) FROM ${units})`);
    const outside = area(`ST_Area(ST_Difference((SELECT ST_Union(geom) FROM ${units}), (SELECT ST_Union(geom) FROM ${counties})))`);
    expect(Math.abs(covered - city) / city).toBeLessThan(1e-6);
    expect(outside).toBeLessThan(1e-6 * city);
  } finally {
    db.close();
  }
}, 60_000);
