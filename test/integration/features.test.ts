import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../shared/api';
import { evaluate, parseExpression, type Value } from '../../shared/expr';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/**
 * The features API on the real demo project (SpatiaLite file, GDAL rasters): pages, sort, filter,
 * statistics against SQLite's own aggregates read by ogrinfo, the field calculator against the
 * shared/expr evaluator row by row, undo/redo restoring the layer checksum, identify against
 * gdallocationinfo, and bad input leaving the project as it was.
 */
let f: EngineFixture;
let path: string;
let layers: LayerInfo[];
const byName = (re: RegExp): LayerInfo => {
  const l = layers.find((x) => re.test(x.name));
  if (!l) throw new Error(`no layer like ${re}: ${layers.map((x) => x.name).join(', ')}`);
  return l;
};

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  layers = (await f.client.api.layers.list({})).layers;
}, 180_000);
afterAll(async () => {
  await f?.dispose();
});

const checksum = async (id: number): Promise<string> => (await f.client.runJob('layers.checksum', { layerIds: [id] })).result.layers[0]!.sha256;

describe('features.list', () => {
  it('pages the county layer with Chinese field names, sorted and filtered', async () => {
    const counties = byName(/县/);
    const all = await f.client.api.features.list({ layerId: counties.id, limit: 100 });
    expect(all.total).toBe(counties.featureCount);
    expect(all.fields.some((x) => /[\u4e00-\u9fff]/.test(x.name) || x.name === 'name')).toBe(true);
    const nameField = all.fields.find((x) => x.kind === 'text')!;
    const sorted = await f.client.api.features.list({ layerId: counties.id, limit: 100, sort: { field: nameField.name, descending: true } });
    const col = sorted.fields.findIndex((x) => x.name === nameField.name);
    const names = sorted.rows.map((r) => r[col] as string);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    const page2 = await f.client.api.features.list({ layerId: counties.id, offset: 3, limit: 2, sort: { field: nameField.name, descending: true } });
    expect(page2.fids).toEqual(sorted.fids.slice(3, 5));
    const one = names[0]!;
    const filtered = await f.client.api.features.list({ layerId: counties.id, filter: `"${nameField.name}" = '${one}'` });
    expect(filtered.total).toBe(1);
    expect(filtered.rows[0]![col]).toBe(one);
  });

  it('refuses a bad filter with the position, and an unknown field with the field list', async () => {
    const counties = byName(/县/);
    const bad = await errorOf(f.client.api.features.list({ layerId: counties.id, filter: 'fid > ' }));
    expect(bad.code).toBe('BAD_INPUT');
    expect(bad.message_zh).toContain('筛选条件有误');
    const unknown = await errorOf(f.client.api.features.list({ layerId: counties.id, filter: '不存在的字段 > 1' }));
    expect(unknown.code).toBe('BAD_INPUT');
    expect(unknown.message_en).toContain('不存在的字段');
    const raster = layers.find((l) => l.kind === 'raster')!;
    expect((await errorOf(f.client.api.features.list({ layerId: raster.id }))).code).toBe('BAD_INPUT');
    expect((await errorOf(f.client.api.features.list({ layerId: 9999 }))).code).toBe('LAYER_NOT_FOUND');
  });
});

describe('features.stats', () => {
  it('equals SQLite aggregates over the same project file read by ogrinfo', async () => {
    const counties = byName(/县/);
    const { fields } = await f.client.api.features.fields({ layerId: counties.id });
    const numeric = fields.find((x) => x.kind === 'real' || x.kind === 'integer')!;
    const s = await f.client.api.features.stats({ layerId: counties.id, field: numeric.name, bins: 5 });
    const out = execFileSync(
      'ogrinfo',
      ['-ro', '-q', '-dialect', 'SQLite', '-sql', `SELECT MIN("${numeric.name}") AS mn, MAX("${numeric.name}") AS mx, AVG("${numeric.name}") AS av, COUNT(DISTINCT "${numeric.name}") AS d FROM "${counties.tableName}"`, path],
      { encoding: 'utf8' },
    );
    const num = (k: string) => Number(new RegExp(`${k} \\(\\w+\\) = ([-\\d.e+]+)`).exec(out)![1]);
    expect(s.min).toBeCloseTo(num('mn'), 9);
    expect(s.max).toBeCloseTo(num('mx'), 9);
    expect(s.mean!).toBeCloseTo(num('av'), 6);
    expect(s.distinct).toBe(num('d'));
    expect(s.count).toBe(counties.featureCount);
    expect(s.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(s.count - s.nulls);
    expect(s.histogram!.edges).toHaveLength(6);
  });
});

describe('features.calc, undo and redo', () => {
  it('adds a field equal to the shared/expr evaluator on every row, undoes to the same checksum, redoes', async () => {
    const counties = byName(/县/);
    const before = await checksum(counties.id);
    const { fields } = await f.client.api.features.fields({ layerId: counties.id });
    const numeric = fields.find((x) => x.kind === 'real' || x.kind === 'integer')!;
    const expression = `round(sqrt(abs("${numeric.name}")) * 2 + max("${numeric.name}", 3) % 7, 3)`;
    const { result } = await f.client.runJob('features.calc', { layerId: counties.id, field: '计算值', expression });
    expect(result).toMatchObject({ added: true, rowsUpdated: counties.featureCount });
    const page = await f.client.api.features.list({ layerId: counties.id, limit: 1000 });
    const iSrc = page.fields.findIndex((x) => x.name === numeric.name);
    const iOut = page.fields.findIndex((x) => x.name === '计算值');
    const ast = parseExpression(expression);
    for (const row of page.rows) {
      const expected = evaluate(ast, (n) => (n === numeric.name ? (row[iSrc] as Value) : undefined));
      expect(row[iOut]).toBeCloseTo(expected as number, 9);
    }
    expect(await checksum(counties.id)).not.toBe(before);
    const undone = await f.client.api.features.undo({ layerId: counties.id });
    expect(undone.edit).toMatchObject({ action: 'add-field', field: '计算值', undone: true });
    expect(await checksum(counties.id)).toBe(before);
    const redone = await f.client.api.features.redo({ layerId: counties.id });
    expect(redone.edit).toMatchObject({ action: 'add-field', undone: false });
    const again = await f.client.api.features.list({ layerId: counties.id, limit: 1000 });
    expect(again.rows).toEqual(page.rows);
    await f.client.api.features.undo({ layerId: counties.id });
    expect(await checksum(counties.id)).toBe(before);
  });

  it('updates only the filtered rows of an existing field, and undo restores them', async () => {
    const counties = byName(/县/);
    const before = await checksum(counties.id);
    const { fields } = await f.client.api.features.fields({ layerId: counties.id });
    const real = fields.find((x) => x.kind === 'real') ?? fields.find((x) => x.kind === 'integer')!;
    const { result } = await f.client.runJob('features.calc', { layerId: counties.id, field: real.name, expression: '0', filter: 'fid <= 3' });
    expect(result.rowsUpdated).toBe(3);
    const s = await f.client.api.features.stats({ layerId: counties.id, field: real.name, filter: 'fid <= 3' });
    expect([s.min, s.max]).toEqual([0, 0]);
    await f.client.api.features.undo({ layerId: counties.id });
    expect(await checksum(counties.id)).toBe(before);
  });

  it('refuses text into a numeric field and a bad expression, leaving the layer unchanged; the engine still answers', async () => {
    const counties = byName(/县/);
    const before = await checksum(counties.id);
    const { fields } = await f.client.api.features.fields({ layerId: counties.id });
    const numeric = fields.find((x) => x.kind === 'real' || x.kind === 'integer')!;
    const text = fields.find((x) => x.kind === 'text')!;
    const typeErr = await errorOf(f.client.runJob('features.calc', { layerId: counties.id, field: numeric.name, expression: `"${text.name}"` }));
    expect(typeErr.code).toBe('BAD_INPUT');
    expect(typeErr.message_zh).toContain('类型不符');
    const syntax = await errorOf(f.client.runJob('features.calc', { layerId: counties.id, field: 'x', expression: '1 +* 2' }));
    expect(syntax.code).toBe('BAD_INPUT');
    const cell = await errorOf(f.client.api.features.setValue({ layerId: counties.id, fid: 1, field: numeric.name, value: '一百' }));
    expect(cell.code).toBe('BAD_INPUT');
    expect(await checksum(counties.id)).toBe(before);
    expect((await f.client.api.features.fields({ layerId: counties.id })).fields).toEqual(fields);
  });

  it('a cell edit is type-checked, logged and undoable', async () => {
    const counties = byName(/县/);
    const before = await checksum(counties.id);
    const { fields } = await f.client.api.features.fields({ layerId: counties.id });
    const text = fields.find((x) => x.kind === 'text')!;
    const r = await f.client.api.features.setValue({ layerId: counties.id, fid: 2, field: text.name, value: '改过的名字' });
    expect(r.value).toBe('改过的名字');
    const got = await f.client.api.features.get({ layerId: counties.id, fids: [2] });
    expect(got.features[0]!.properties[text.name]).toBe('改过的名字');
    const { edits } = await f.client.api.features.history({ layerId: counties.id });
    expect(edits[0]).toMatchObject({ field: text.name, rows: 1, undone: false });
    await f.client.api.features.undo({ layerId: counties.id });
    expect(await checksum(counties.id)).toBe(before);
  });
});

describe('features.select and identify', () => {
  it('selects by attribute with the extent of the selection', async () => {
    const counties = byName(/县/);
    const sel = await f.client.api.features.select({ layerId: counties.id, filter: 'fid in (1, 2)' });
    expect(sel).toMatchObject({ fids: [1, 2], count: 2 });
    const ext = sel.extent!;
    const one = (await f.client.api.features.extent({ layerId: counties.id, fids: [1] })).extent!;
    expect(ext[0]).toBeLessThanOrEqual(one[0]);
    expect(ext[2]).toBeGreaterThanOrEqual(one[2]);
  });

  it('identifies the county under a point inside it, and the DEM value equal to gdallocationinfo', async () => {
    const counties = byName(/县/);
    const ext = (await f.client.api.features.extent({ layerId: counties.id, fids: [1] })).extent!;
    // the point on surface of county 1, computed by SpatiaLite through ogrinfo
    const out = execFileSync(
      'ogrinfo',
      ['-ro', '-q', '-dialect', 'SQLite', '-sql', `SELECT ST_X(ST_PointOnSurface(geom)) AS px, ST_Y(ST_PointOnSurface(geom)) AS py FROM "${counties.tableName}" WHERE fid = 1`, path],
      { encoding: 'utf8' },
    );
    const x = Number(/px \(Real\) = ([-\d.e+]+)/.exec(out)![1]);
    const y = Number(/py \(Real\) = ([-\d.e+]+)/.exec(out)![1]);
    expect(x).toBeGreaterThan(ext[0]);
    const dem = layers.find((l) => l.kind === 'raster')!;
    const { results } = await f.client.api.features.identify({ x, y, layerIds: [counties.id, dem.id] });
    const vec = results.find((r) => r.layerId === counties.id);
    expect(vec?.kind).toBe('vector');
    if (vec?.kind !== 'vector') return;
    expect(vec.features.map((x) => x.fid)).toContain(1);
    expect(vec.features.find((x) => x.fid === 1)!.distance).toBe(0);
    const ras = results.find((r) => r.layerId === dem.id);
    expect(ras?.kind).toBe('raster');
    if (ras?.kind !== 'raster') return;
    // the peer reads the same COG, exported from the project by the engine's own data URL
    const cog = await f.engine.readData(`layers/${dem.id}/raster.tif`, new URLSearchParams());
    const tif = join(f.dir, 'dem.tif');
    (await import('node:fs')).writeFileSync(tif, cog.body as Uint8Array);
    const peer = execFileSync('gdallocationinfo', ['-valonly', '-geoloc', tif, String(x), String(y)], { encoding: 'utf8' }).trim();
    expect(ras.values[0]).toBeCloseTo(Number(peer), 4);
    // far outside everything: nothing
    expect((await f.client.api.features.identify({ x: 0, y: 0 })).results).toEqual([]);
  });
});

describe('borehole log and water quality', () => {
  it('returns the lithology column top-down without gaps and water levels of a demo borehole', async () => {
    const collars = byName(/钻孔/);
    const page = await f.client.api.features.list({ layerId: collars.id, limit: 500 });
    const iHole = page.fields.findIndex((x) => x.name === 'hole_id');
    const holes = page.rows.map((r) => r[iHole] as string);
    const hole = holes.find((h) => !h.startsWith('JC'))!;
    const log = await f.client.api.features.boreholeLog({ holeId: hole });
    expect(log.intervals.length).toBeGreaterThan(2);
    for (let i = 1; i < log.intervals.length; i++) expect(log.intervals[i]!.top).toBeCloseTo(log.intervals[i - 1]!.bottom, 6);
    expect(log.intervals.every((x) => x.name_zh.length > 0)).toBe(true);
    expect((await errorOf(f.client.api.features.boreholeLog({ holeId: '没有这个孔' }))).code).toBe('BAD_INPUT');
  });

  it('classes a monitoring well’s samples by GB/T 14848 with the class III line and counts exceedances', async () => {
    const well = 'JC01';
    const { series } = await f.client.api.features.quality({ site: well });
    expect(series.length).toBe(6);
    const ammonia = series.find((s) => s.analyte === '氨氮')!;
    expect(ammonia.classIII).toBe(0.5);
    expect(ammonia.points.length).toBe(10);
    for (const p of ammonia.points) {
      if (p.value !== null) expect(p.gbClass).toBe(p.value <= 0.02 ? 1 : p.value <= 0.1 ? 2 : p.value <= 0.5 ? 3 : p.value <= 1.5 ? 4 : 5);
    }
    expect(ammonia.exceedances).toBe(ammonia.points.filter((p) => p.value !== null && p.value > 0.5).length);
  });
});
