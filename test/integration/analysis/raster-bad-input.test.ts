import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GwzError } from '../../../shared/api';
import { testData } from '../../support/data';
import { classField } from '../../support/synthetic';
import { DATA, engineFixture, errorOf, GEOJSON_FUZHOU, type EngineFixture } from '../harness/engine-fixture';
import { writeTiff } from './support';

// Bad input to the raster operations: a typed, bilingual error, nothing written (runs and layers
// unchanged), and the engine still serving.

let f: EngineFixture;
let path: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'bad.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4528' });
  ids.dem = (await f.client.runJob('layers.importRaster', { path: testData('dem/zts_dem_25m.tif'), name: '高程' })).result.layer.id;
  // far from the DEM: the two rasters do not overlap
  const far = { srid: 4528, x0: 40_600_000, y0: 3_300_000, dx: 30, dy: 30, width: 50, height: 40 };
  ids.far = (await f.client.runJob('layers.importRaster', { path: writeTiff(join(f.dir, 'far.tif'), far, classField(50, 40, 5), 'Byte'), name: '远处评分' })).result.layer.id;
  ids.foreign = (await f.client.runJob('layers.importRaster', { path: writeTiff(join(f.dir, 'foreign.tif'), far, classField(50, 40, 6), 'Byte'), name: '外来坐标' })).result.layer.id;
  ids.vector = (await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU, name: '抚州' })).result.layer.id;
  ids.points = (await f.client.runJob('layers.importVector', { path: `${DATA}/shp_encoding/dijishi_points/地级市点位数据.shp`, name: '地级市' })).result.layer.id;
  // a layer stored in another CRS (a project file written by another tool): the engine must not mix CRSs
  const db = new Database(path);
  db.prepare('UPDATE gwz_rasters SET srid = 4490 WHERE layer_id = ?').run(ids.foreign);
  db.close();
});

afterAll(async () => {
  await f?.dispose();
});

async function refused(method: string, req: Record<string, unknown>): Promise<GwzError> {
  const runs = (await f.client.api.analysis.runs({})).runs.length;
  const layers = (await f.client.api.layers.list({})).layers.map((l) => l.id);
  const err = await errorOf(f.client.runJob(method as never, req as never));
  expect(['BAD_INPUT', 'BAD_REQUEST']).toContain(err.code);
  expect(err.message_zh).toMatch(/[\u4e00-\u9fff]/);
  expect(err.message_en).toMatch(/[a-z]{3}/);
  expect((await f.client.api.analysis.runs({})).runs).toHaveLength(runs);
  expect((await f.client.api.layers.list({})).layers.map((l) => l.id)).toEqual(layers);
  return err;
}

describe('raster operations refuse bad input with a bilingual message and write nothing', () => {
  it('a vector layer where a raster is needed', async () => {
    const err = await refused('analysis.weightedOverlay', { inputs: [{ layer: ids.dem, weight: 1 }, { layer: ids.vector, weight: 2 }] });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('「抚州」不是栅格图层');
    expect(err.details).toMatchObject({ layerId: ids.vector, kind: 'vector' });
  });

  it('inputs whose extents do not intersect the analysis grid', async () => {
    const err = await refused('analysis.weightedOverlay', { inputs: [{ layer: ids.dem, weight: 1 }, { layer: ids.far, weight: 1 }] });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('「远处评分」与分析范围不相交');
    const outside = await refused('analysis.reclassify', { raster: ids.dem, mode: 'categories', categories: [{ category: 1, value: 2 }], grid: { extent: [0, 0, 1000, 1000] } });
    expect(outside.message_en).toContain('does not overlap');
  });

  it('a bad expression, with the character it went wrong at', async () => {
    const err = await refused('analysis.rasterCalculator', { expression: '"高程" * (2 + ' });
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message_zh).toContain('第 12 个字符'); // the end of '"高程" * (2 +'
    expect(err.details).toMatchObject({ position: 12 });
    const unknown = await refused('analysis.rasterCalculator', { expression: '高程 + 坡度 * 2' });
    expect(unknown.code).toBe('BAD_INPUT');
    expect(unknown.message_zh).toContain('第 6 个字符处的「坡度」不是本工程的图层名');
    expect(unknown.message_en).toContain('character 6');
    const vector = await refused('analysis.rasterCalculator', { expression: '高程 + 抚州' });
    expect(vector.message_zh).toContain('「抚州」不是栅格图层');
    const text = await refused('analysis.rasterCalculator', { expression: "高程 + 'a'" });
    expect(text.code).toBe('BAD_REQUEST');
  });

  it('a layer in another CRS than the project', async () => {
    const err = await refused('analysis.reclassify', { raster: ids.foreign, mode: 'categories', categories: [{ category: 1, value: 2 }] });
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('EPSG:4490');
    expect(err.message_zh).toContain('重投影');
    expect(err.details).toMatchObject({ srid: 4490, projectSrid: 4528 });
  });

  it('requests that do not fit the schema or make no sense', async () => {
    const noTable = await refused('analysis.reclassify', { raster: ids.dem, mode: 'ranges' });
    expect(noTable.code).toBe('BAD_REQUEST');
    const inverted = await refused('analysis.reclassify', { raster: ids.dem, mode: 'ranges', ranges: [{ from: 10, to: 5, value: 1 }] });
    expect(inverted.message_zh).toContain('下限不小于上限');
    const zero = await refused('analysis.weightedOverlay', { inputs: [{ layer: ids.dem, weight: 1 }, { layer: ids.dem, weight: -1 }], normalize: true });
    expect(zero.message_zh).toContain('权重之和为 0');
  });

  it('polygon operations given the wrong layers, fields or grid', async () => {
    const raster = await refused('analysis.zonalStatistics', { raster: ids.dem, zones: ids.dem });
    expect(raster.message_zh).toContain('不是矢量图层');
    const points = await refused('analysis.rasterize', { layer: ids.points, field: 'x', grid: { cellSize: 100 } });
    expect(points.message_zh).toContain('这里需要面图层');
    const field = await refused('analysis.rasterize', { layer: ids.vector, field: '没有的字段', grid: { cellSize: 100 } });
    expect(field.message_zh).toContain('没有字段「没有的字段」');
    expect(field.details).toMatchObject({ fields: expect.arrayContaining(['adcode', 'name']) });
    const noCell = await refused('analysis.rasterize', { layer: ids.vector, field: 'adcode' });
    expect(noCell.code).toBe('BAD_REQUEST');
    expect(noCell.message_zh).toContain('像元大小');
    // the counties are in Jiangxi, the DEM in Jiangsu
    const apart = await refused('analysis.zonalStatistics', { raster: ids.dem, zones: ids.vector });
    expect(apart.message_zh).toContain('「抚州」与分析范围不相交');
    const text = await refused('analysis.rasterize', { layer: ids.vector, field: 'name', grid: { cellSize: 1000 } });
    expect(text.message_zh).toContain('没有数值');
  });

  it('still serves afterwards', async () => {
    const { result } = await f.client.runJob('analysis.reclassify', { raster: ids.dem!, mode: 'ranges', ranges: [{ from: null, to: null, value: 1 }] });
    expect(result.layers).toHaveLength(1);
  });
});
