import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { testData } from '../support/data';

let f: EngineFixture;
let n = 0;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(async () => {
  await f.dispose();
});

/** A fresh project per import, so each case starts from an empty layer list. */
async function newProject(crs: string): Promise<void> {
  await f.client.api.project.create({ path: join(f.dir, `p${n++}.gwz`), crs });
}

/** What GDAL's own ogrinfo counts, the yardstick the issue names. */
function ogrinfoCount(path: string): number {
  const out = spawnSync('ogrinfo', ['-so', '-al', path], { encoding: 'utf8' }).stdout;
  return Number(/Feature Count: (\d+)/.exec(out)?.[1] ?? NaN);
}

async function attributeValues(layerId: number, field: string): Promise<unknown[]> {
  const res = await f.engine.readData(`layers/${layerId}/features.geojson`, new URLSearchParams());
  const fc = JSON.parse(String(res.body)) as { features: { properties: Record<string, unknown> }[] };
  return fc.features.map((x) => x.properties[field]);
}

interface Case {
  file: string;
  project: string;
  srcCrs?: string;
  nulls?: number;
  field?: string;
  value?: string;
  encoding?: string | null;
}

// Every vector file in shared/data that GDAL opens without repairing it first (the two .shp-only files
// need SHAPE_RESTORE_SHX, which would write beside the source: they belong to the bad-input tests).
const CASES: Case[] = [
  { file: 'shp_encoding/bou2_4p/bou2_4p.shp', project: 'EPSG:4490', srcCrs: 'EPSG:4214', field: 'NAME', value: '江西省', encoding: 'CP936' },
  { file: 'shp_encoding/geotools_chinese_poly/chinese_poly.shp', project: 'EPSG:4490', field: 'NAME', value: '黑龙江省', encoding: 'CP936' },
  { file: 'shp_encoding/dijishi_points/地级市点位数据.shp', project: 'EPSG:4490', field: '城市', value: '抚州市', encoding: 'CP936' },
  { file: 'shp_encoding/shapefile_rs_cp936/file_cp936.shp', project: 'EPSG:4326', srcCrs: 'EPSG:4326', field: 'TEST', value: '测试中文', encoding: 'CP936' },
  { file: 'boundaries/garybikini_fuzhou/抚州市.shp', project: 'EPSG:4490', srcCrs: 'EPSG:4326', field: 'name', value: '临川区', encoding: 'UTF-8' },
  { file: 'boundaries/361000_full.json', project: 'EPSG:4548', field: 'name', value: '临川区', encoding: null },
  { file: 'boundaries/360000_full.json', project: 'EPSG:4490', field: 'name', value: '抚州市', encoding: null },
  { file: 'boreholes/bungendore_ngis/bungendore_sample_logs.shp', project: 'EPSG:4326', encoding: 'UTF-8' },
  { file: 'shp_odd/hole_touches_shell/holeTouchEdge.shp', project: 'EPSG:3857', srcCrs: 'EPSG:3857', encoding: 'UTF-8' },
  { file: 'shp_odd/multipatch/multipatch.shp', project: 'EPSG:3857', srcCrs: 'EPSG:4326', encoding: 'CP1252' }, // LDID 0x57
];

describe('every vector file in shared/data imports with ogrinfo’s feature count and decoded Chinese', () => {
  it.each(CASES)('$file', async (c) => {
    await newProject(c.project);
    const path = testData(c.file);
    const { result } = await f.client.runJob('layers.importVector', { path, ...(c.srcCrs ? { srcCrs: c.srcCrs } : {}) });
    const expected = ogrinfoCount(path) - (c.nulls ?? 0);
    expect(result.featuresWritten).toBe(expected);
    expect(result.layer.featureCount).toBe(expected);
    expect(result.encoding).toBe(c.encoding);
    if (c.field) expect(await attributeValues(result.layer.id, c.field)).toContain(c.value);
  });

  it('refuses an all-null-geometry layer with a clear message, and the project keeps no layer', async () => {
    await newProject('EPSG:4326');
    const err = await errorOf(f.client.runJob('layers.importVector', { path: testData('shp_odd/null_geometries/null.shp'), srcCrs: 'EPSG:4326' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_en).toMatch(/no geometries/);
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
  });

  it('repairs the invalid multipatch cube with ST_MakeValid and counts it', async () => {
    await newProject('EPSG:3857');
    const { result } = await f.client.runJob('layers.importVector', { path: testData('shp_odd/multipatch/multipatch.shp'), srcCrs: 'EPSG:4326' });
    expect(result.repaired).toBe(1);
    expect(result.warnings.map((w) => w.message_en).join()).toMatch(/ST_MakeValid/);
  });

  it('keeps attribute types: Integer, Real and 12-digit codes', async () => {
    await newProject('EPSG:4490');
    const { result } = await f.client.runJob('layers.importVector', { path: testData('shp_encoding/dijishi_points/地级市点位数据.shp') });
    const codes = await attributeValues(result.layer.id, '城市代码');
    expect(codes).toContain(361000000000);
    const lat = (await attributeValues(result.layer.id, 'Lat_WGS84'))[0];
    expect(typeof lat).toBe('number');
  });
});

describe('CRS sanity and web-map offsets at import', () => {
  it('refuses degrees given a projected source CRS, explains it, and imports with --force', async () => {
    await newProject('EPSG:4490');
    const path = testData('boundaries/garybikini_fuzhou/抚州市.shp');
    const err = await errorOf(f.client.runJob('layers.importVector', { path, srcCrs: 'EPSG:4547' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toMatch(/经纬度/);
    expect(err.details).toMatchObject({ crsIssue: { kind: 'degrees-in-projected', suggestedCrs: 'EPSG:4490' } });
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
    const preview = await f.client.api.layers.previewSource({ path, srcCrs: 'EPSG:4547' });
    expect(preview.crsIssues[0]).toMatchObject({ kind: 'degrees-in-projected' });
    const forced = await f.client.runJob('layers.importVector', { path, srcCrs: 'EPSG:4547', force: true });
    expect(forced.result.featuresWritten).toBe(11);
  });

  it('corrects GCJ-02 → WGS84 (≈ 0.005° west, 0.003° north at Fuzhou) and says so', async () => {
    await newProject('EPSG:4326');
    const path = testData('boundaries/garybikini_fuzhou/抚州市.shp');
    const plain = (await f.client.runJob('layers.importVector', { path, srcCrs: 'EPSG:4326' })).result;
    const fixed = (await f.client.runJob('layers.importVector', { path, srcCrs: 'EPSG:4326', webOffset: 'gcj02', name: 'fixed' })).result;
    const [dx, dy] = [fixed.layer.extent![0] - plain.layer.extent![0], fixed.layer.extent![1] - plain.layer.extent![1]];
    expect(dx).toBeGreaterThan(-0.006);
    expect(dx).toBeLessThan(-0.004);
    expect(dy).toBeGreaterThan(0.002);
    expect(dy).toBeLessThan(0.004);
    expect(fixed.webOffset).toBe('gcj02');
    expect(fixed.warnings.map((w) => w.message_en).join()).toMatch(/Web-map offset corrected/);
  });

  it('flags a likely GCJ-02 layer against a corrected one already in the project', async () => {
    await newProject('EPSG:4548');
    const gary = testData('boundaries/garybikini_fuzhou/抚州市.shp');
    await f.client.runJob('layers.importVector', { path: gary, srcCrs: 'EPSG:4326', webOffset: 'gcj02', name: 'WGS84 区县' });
    // DataV GeoJSON is GCJ-02 too (SOURCES.md): against the corrected layer it is ~500 m off
    const p = await f.client.api.layers.previewSource({ path: testData('boundaries/361000_full.json') });
    expect(p.crsIssues).toMatchObject([{ kind: 'web-offset-likely', webOffset: 'gcj02' }]);
    expect(p.crsIssues[0]!.message_zh).toContain('WGS84 区县');
    // the uncorrected shapefile (GCJ-02 as well) is flagged the same way
    await f.client.runJob('layers.importVector', { path: testData('boundaries/361000_full.json'), webOffset: 'gcj02' });
    const again = await f.client.api.layers.previewSource({ path: gary, srcCrs: 'EPSG:4326' });
    expect(again.crsIssues.map((i) => i.kind)).toEqual(['web-offset-likely']);
  });
});

describe('layers.previewSource', () => {
  it('shows a GBK shapefile without .cpg decoded, with its fields and no CRS', async () => {
    const p = await f.client.api.layers.previewSource({ path: testData('shp_encoding/bou2_4p/bou2_4p.shp') });
    expect(p).toMatchObject({ kind: 'vector', driver: 'ESRI Shapefile', encoding: { detected: 'CP936', source: 'detected' } });
    expect(p.layers[0]).toMatchObject({ name: 'bou2_4p', featureCount: 925, crs: null });
    expect(p.layers[0]!.fields.map((x) => x.name)).toContain('NAME');
    expect(p.rows).toHaveLength(10);
    expect(p.rows.every((r) => /^[\u4e00-\u9fff]+$/.test(String(r.NAME)))).toBe(true);
    const wrong = await f.client.api.layers.previewSource({ path: testData('shp_encoding/bou2_4p/bou2_4p.shp'), encoding: 'CP1252' });
    expect(wrong.encoding).toMatchObject({ detected: 'CP1252', source: 'user' });
    expect(wrong.rows[0]!.NAME).not.toBe(p.rows[0]!.NAME);
  });

  it('reads UTF-8 without any hint (garybikini) and a declared EPSG CRS (GeoJSON)', async () => {
    const gary = await f.client.api.layers.previewSource({ path: testData('boundaries/garybikini_fuzhou/抚州市.shp') });
    expect(gary.encoding?.detected).toBe('UTF-8');
    expect(gary.rows.map((r) => r.name)).toContain('临川区');
    const json = await f.client.api.layers.previewSource({ path: testData('boundaries/361000_full.json') });
    expect(json.layers[0]).toMatchObject({ crs: 'EPSG:4326', featureCount: 11 });
    expect(json.encoding).toBeNull();
  });

  it('routes a raster with its size only', async () => {
    const p = await f.client.api.layers.previewSource({ path: testData('boreholes/bungendore_ngis/sample_dem.tif') });
    expect(p.kind).toBe('raster');
    expect(p.driver).toBe('GTiff');
    expect(p.size![0]).toBeGreaterThan(0);
  });
});
