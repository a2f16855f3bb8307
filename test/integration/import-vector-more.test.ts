import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, GEOJSON_FUZHOU, type EngineFixture } from './harness/engine-fixture';
import { testData } from '../support/data';

let f: EngineFixture;
let n = 0;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(async () => {
  await f.dispose();
});

async function newProject(crs = 'EPSG:4548'): Promise<void> {
  await f.client.api.project.create({ path: join(f.dir, `m${n++}.gwz`), crs });
}

const LAKES = testData('shp_odd/shp_only_invalid_polygon/ne_10m_lakes_north_america.shp');

describe('shapefiles missing their .shx or .dbf', () => {
  it('rebuilds the .shx on a copy (originals untouched) and imports the 1162 lakes, repairing the one invalid polygon', async () => {
    await newProject('EPSG:3857');
    const before = readdirSync(dirname(LAKES));
    const refused = await errorOf(f.client.runJob('layers.importVector', { path: LAKES, srcCrs: 'EPSG:4326' }));
    expect(refused.details).toMatchObject({ reason: 'missing-shx' });
    expect(refused.message_zh).toContain('--repair-shapefile');
    const preview = await f.client.api.layers.previewSource({ path: LAKES, repairShapefile: true });
    expect(preview.layers[0]).toMatchObject({ featureCount: 1162, geometryType: expect.stringMatching(/Polygon/i) });
    const { result } = await f.client.runJob('layers.importVector', { path: LAKES, srcCrs: 'EPSG:4326', repairShapefile: true });
    expect(result.featuresWritten).toBe(1162);
    expect(result.repaired).toBe(1);
    expect(result.warnings.map((w) => w.message_en).join(' ')).toMatch(/\.shx index was missing.*\.dbf attribute table is missing/s);
    expect(readdirSync(dirname(LAKES))).toEqual(before);
  });

  it('names the corrupt record of extraAtEnd.shp instead of failing vaguely, and writes nothing', async () => {
    await newProject();
    const err = await errorOf(
      f.client.runJob('layers.importVector', { path: testData('shp_odd/shp_only_extra_bytes/extraAtEnd.shp'), srcCrs: 'EPSG:4548', repairShapefile: true }),
    );
    expect(err.code).toBe('BAD_INPUT');
    expect(err.details).toMatchObject({ reason: 'corrupt-record', record: 3 });
    expect(err.message_zh).toContain('第 3 条记录');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
  });
});

describe('attribute tables and point tables', () => {
  it('imports an all-null-geometry shapefile as a table layer on request', async () => {
    await newProject();
    const { result } = await f.client.runJob('layers.importVector', { path: testData('shp_odd/null_geometries/null.shp'), asTable: true });
    expect(result.layer).toMatchObject({ kind: 'table', featureCount: 2, geometryType: null });
  });

  it('imports a CSV without coordinate columns as a table, and with chosen lon/lat columns as points', async () => {
    await newProject();
    const csv = testData('water_quality/telangana_in/ground_water_quality_2018_post.csv');
    const table = (await f.client.runJob('layers.importVector', { path: csv, name: '水质表' })).result;
    expect(table.layer).toMatchObject({ kind: 'table', featureCount: 374 });
    const wrongColumn = await errorOf(f.client.runJob('layers.importVector', { path: csv, xField: 'lon', yField: 'lat_gis', srcCrs: 'EPSG:4326' }));
    expect(wrongColumn.code).toBe('BAD_REQUEST');
    expect(wrongColumn.message_zh).toContain('long_gis');
    const points = (
      await f.client.runJob('layers.importVector', { path: csv, xField: 'long_gis', yField: 'lat_gis', srcCrs: 'EPSG:4326', force: true, name: '监测点' })
    ).result;
    expect(points.layer).toMatchObject({ kind: 'vector', geometryType: 'MULTIPOINT', featureCount: 374 });
  });
});

describe('GeoPackage with several layers, KMZ and DXF (made by ogr2ogr from the Fuzhou counties)', () => {
  it('lists the layers of a GeoPackage and imports the one chosen; reads KMZ and DXF with their feature counts', async () => {
    const gpkg = join(f.dir, '多图层.gpkg');
    execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, GEOJSON_FUZHOU, '-nln', '县界']);
    execFileSync('ogr2ogr', ['-f', 'GPKG', '-update', gpkg, GEOJSON_FUZHOU, '-nln', '中心点', '-dialect', 'SQLite', '-sql', 'SELECT name, ST_PointOnSurface(geometry) AS geom FROM "361000_full"']);
    const kmz = join(f.dir, '县界.kmz');
    execFileSync('ogr2ogr', ['-f', 'LIBKML', kmz, GEOJSON_FUZHOU]);
    const dxf = join(f.dir, '县界.dxf');
    execFileSync('ogr2ogr', ['-f', 'DXF', dxf, GEOJSON_FUZHOU, '-nlt', 'MULTILINESTRING']);
    expect([gpkg, kmz, dxf].every(existsSync)).toBe(true);

    await newProject();
    const preview = await f.client.api.layers.previewSource({ path: gpkg });
    expect(preview.layers.map((l) => l.name)).toEqual(['县界', '中心点']);
    const points = (await f.client.runJob('layers.importVector', { path: gpkg, sourceLayer: '中心点' })).result;
    expect(points.layer).toMatchObject({ name: '中心点', geometryType: 'MULTIPOINT', featureCount: 11 });

    const fromKmz = (await f.client.runJob('layers.importVector', { path: kmz })).result;
    expect(fromKmz.layer.featureCount).toBe(11);
    expect(fromKmz.layer.geometryType).toBe('MULTIPOLYGON');

    const fromDxf = (await f.client.runJob('layers.importVector', { path: dxf, srcCrs: 'EPSG:4326' })).result;
    const ogr = spawnSync('ogrinfo', ['-so', '-al', dxf], { encoding: 'utf8' }).stdout;
    expect(fromDxf.layer.featureCount).toBe(Number(/Feature Count: (\d+)/.exec(ogr)?.[1]));
    expect(fromDxf.layer.geometryType).toBe('MULTILINESTRING');
  });
});
