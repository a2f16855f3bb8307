import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRASTIC_FACTORS, rateByRanges } from '../../shared/domain/keyzone-profile';
import { PROFILE_2023 } from '../../shared/domain/keyzone-profiles';
import type { KeyZoneConfig, KeyZoneRunResult } from '../../shared/api';
import { GwzError } from '../../shared/api';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

/**
 * The key-zone workflow end to end on the demo project (抚州市): the suggested configuration, every
 * step, then the properties a result must have whatever the data — the classes tile the study area
 * exactly once, protection areas are all inside the key zones, county areas sum to the total, a
 * cell's index is the weighted sum of its ratings, a re-run reproduces the layers bit for bit.
 */

let f: EngineFixture;
let path: string;
let config: KeyZoneConfig;
let first: KeyZoneRunResult;
let firstMs: number;

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  ({ config } = await f.client.api.keyzones.suggestConfig({}));
  const t0 = performance.now();
  ({ result: first } = await f.client.runJob('keyzones.run', { config, remaining: true }));
  firstMs = performance.now() - t0;
}, 240_000);
afterAll(async () => {
  await f?.dispose();
});

function withDb<T>(fn: (db: Database.Database, table: (layerId: number) => string) => T): T {
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    const table = (id: number) => `"${(db.prepare('SELECT table_name FROM gwz_layers WHERE id = ?').get(id) as { table_name: string }).table_name}"`;
    return fn(db, table);
  } finally {
    db.close();
  }
}

const num = (db: Database.Database, sql: string): number => (db.prepare(`SELECT COALESCE((${sql}), 0) AS a`).get() as { a: number }).a;

describe('key-zone workflow on the demo project', () => {
  it('runs every step from the suggested configuration and reports the steps done', async () => {
    expect(first.steps.map((s) => s.step)).toEqual(['area', 'protection', 'value', 'vulnerability', 'load', 'control', 'zones']);
    const state = await f.client.api.keyzones.state({});
    expect(state.steps.map((s) => s.status)).toEqual(Array(7).fill('done'));
    console.log(`key-zone workflow on the demo: ${(firstMs / 1000).toFixed(1)} s; per step ${first.steps.map((s) => `${s.step} ${s.seconds.toFixed(2)} s`).join(', ')}`);
    expect(firstMs).toBeLessThan(300_000);
  });

  it('the classes tile the study area exactly once (areas sum within 0.01 %, no overlaps)', async () => {
    const state = await f.client.api.keyzones.state({});
    const zones = state.steps.find((s) => s.step === 'zones')!.layers.zones!;
    const work = state.steps.find((s) => s.step === 'area')!.layers.workArea!;
    withDb((db, table) => {
      const workArea = num(db, `SELECT ST_Area(ST_Union(geom)) FROM ${table(work)}`);
      const sum = num(db, `SELECT SUM(ST_Area(geom)) FROM ${table(zones)}`);
      const union = num(db, `SELECT ST_Area(ST_Union(geom)) FROM ${table(zones)}`);
      const key = num(db, `SELECT SUM(ST_Area(geom)) FROM ${table(zones)} WHERE zone_class <> 'general'`);
      const general = num(db, `SELECT SUM(ST_Area(geom)) FROM ${table(zones)} WHERE zone_class = 'general'`);
      expect(Math.abs(sum - workArea) / workArea).toBeLessThan(1e-4);
      expect(Math.abs(union - sum) / workArea).toBeLessThan(1e-4); // no area counted twice
      expect(Math.abs(key + general - workArea) / workArea).toBeLessThan(1e-4);
      // the stored area column agrees with the geometry
      expect(Math.abs(num(db, `SELECT SUM("面积_km2") FROM ${table(zones)}`) * 1e6 - sum) / sum).toBeLessThan(1e-6);
      // every class is present on the demo
      const classes = (db.prepare(`SELECT DISTINCT zone_class AS c FROM ${table(zones)} ORDER BY 1`).all() as { c: string }[]).map((r) => r.c);
      expect(classes).toEqual(['control1', 'control2', 'general', 'protection']);
      // codes are unique
      expect(num(db, `SELECT COUNT(DISTINCT zone_code) FROM ${table(zones)}`)).toBe(num(db, `SELECT COUNT(*) FROM ${table(zones)}`));
    });
  });

  it('OGR (GEOS areas, outside SpatiaLite) sums the key-zone layer to the study area too', async () => {
    const state = await f.client.api.keyzones.state({});
    const zones = state.steps.find((s) => s.step === 'zones')!.layers.zones!;
    const copy = join(f.dir, 'peer-copy.gwz');
    const db = new Database(path, { readonly: true });
    await db.backup(copy);
    const tableName = (db.prepare('SELECT table_name FROM gwz_layers WHERE id = ?').get(zones) as { table_name: string }).table_name;
    db.close();
    const out = execFileSync('ogrinfo', ['-ro', '-q', copy, '-dialect', 'OGRSQL', '-sql', `SELECT SUM(OGR_GEOM_AREA) AS a, COUNT(*) AS n FROM ${tableName}`], { encoding: 'utf8' });
    const ogrArea = Number(/a \(Real\) = ([\d.e+]+)/.exec(out)![1]);
    const workKm2 = (state.steps.find((s) => s.step === 'area')!.tables[0]!.title_zh.match(/研究区 ([\d.]+) km²/) ?? [])[1];
    expect(Math.abs(ogrArea / 1e6 - Number(workKm2)) / Number(workKm2)).toBeLessThan(1e-4);
  });

  it('protection-type areas are always inside the key zones, and keep their HJ 338 circles', async () => {
    const state = await f.client.api.keyzones.state({});
    const protection = state.steps.find((s) => s.step === 'protection')!.layers.protection!;
    const zones = state.steps.find((s) => s.step === 'zones')!.layers.zones!;
    withDb((db, table) => {
      const outside = num(db, `SELECT ST_Area(ST_Difference((SELECT ST_Union(geom) FROM ${table(protection)}), (SELECT ST_Union(geom) FROM ${table(zones)} WHERE zone_class = 'protection')))`);
      expect(outside).toBeLessThan(1);
      // two wells, 一级 radius 100 m: π·100² each (the circle is a 128-gon, within 0.1 %)
      const level1 = num(db, `SELECT ST_Area(geom) FROM ${table(protection)} WHERE "类型" = '一级保护区'`);
      expect(level1 / (2 * Math.PI * 100 ** 2)).toBeCloseTo(1, 2);
      // no control area inside a protection area
      const overlap = num(db, `SELECT ST_Area(ST_Intersection((SELECT ST_Union(geom) FROM ${table(protection)}), (SELECT ST_Union(geom) FROM ${table(zones)} WHERE zone_class IN ('control1', 'control2'))))`);
      expect(overlap).toBeLessThan(1);
    });
  });

  it('per-county areas sum to the total of each class and to each county', async () => {
    const state = await f.client.api.keyzones.state({});
    const zonesStep = state.steps.find((s) => s.step === 'zones')!;
    const rows = zonesStep.tables[0]!.rows;
    const classes = [PROFILE_2023.zoneNames.protection_zh, PROFILE_2023.zoneNames.control1_zh, PROFILE_2023.zoneNames.control2_zh, PROFILE_2023.zoneNames.general_zh];
    for (const c of classes) {
      const counties = rows.filter((r) => r[0] !== '全区 Total' && r[1] === c).reduce((a, r) => a + (r[2] as number), 0);
      const total = rows.find((r) => r[0] === '全区 Total' && r[1] === c)![2] as number;
      expect(Math.abs(counties - total)).toBeLessThan(0.01);
    }
    withDb((db, table) => {
      const admin = (db.prepare(`SELECT id FROM gwz_layers WHERE name = '县级行政区'`).get() as { id: number }).id;
      const zones = zonesStep.layers.zones!;
      const perCounty = db.prepare(`SELECT "行政区" AS n, SUM(ST_Area(geom)) AS a FROM ${table(zones)} GROUP BY 1`).all() as { n: string; a: number }[];
      for (const c of perCounty) {
        const county = num(db, `SELECT ST_Area(geom) FROM ${table(admin)} WHERE name = '${c.n}'`);
        expect(Math.abs(c.a - county) / county).toBeLessThan(1e-4);
      }
      expect(perCounty.length).toBe(11);
    });
  });

  it('a cell’s DRASTIC index equals the hand-computed weighted sum of its ratings, and D its rated IDW depth', async () => {
    const x = 445_125;
    const y = 3_095_125;
    const r = await f.client.api.keyzones.explain({ x, y });
    expect(r.inside).toBe(true);
    const state = await f.client.api.keyzones.state({});
    const v = state.steps.find((s) => s.step === 'vulnerability')!;
    const grid = (await f.client.api.rasters.info({ layerId: v.layers.index! })).geoTransform;
    const col = Math.floor((x - grid[0]!) / grid[1]!);
    const row = Math.floor((grid[3]! - y) / -grid[5]!);
    const at = async (layerId: number): Promise<number> => {
      const info = await f.client.api.rasters.info({ layerId });
      const { gdal } = await import('../../electron/engine/gdal');
      const cog = await f.engine.readData(`layers/${layerId}/raster.tif`, new URLSearchParams());
      const file = join(f.dir, `cell-${layerId}.tif`);
      (await import('node:fs')).writeFileSync(file, cog.body as Uint8Array);
      const ds = gdal.open(file);
      const value = ds.bands.get(1).pixels.get(col, row);
      ds.close();
      return value === info.nodata ? Number.NaN : value;
    };
    let sum = 0;
    for (const fct of DRASTIC_FACTORS) sum += (await at(v.layers[`rating_${fct}`]!)) * PROFILE_2023.vulnerability.factors[fct]!.weight;
    const index = await at(v.layers.index!);
    expect(index).toBeCloseTo(sum, 4);
    const depth = await at(v.layers.raw_D!);
    expect(await at(v.layers.rating_D!)).toBe(rateByRanges(Math.fround(depth), PROFILE_2023.vulnerability.factors.D!.ranges.map((q) => ({ ...q, from: q.from === null ? null : Math.fround(q.from), to: q.to === null ? null : Math.fround(q.to) }))));
    // the explanation prints the same index and names the zone it is in
    const line = r.lines.find((l) => l.topic === 'vulnerability-index')!;
    expect(line.text_zh).toContain(`= ${Number(sum.toFixed(2))}`);
    expect(r.zone).toMatch(/^3610\d\d-(BH|GK1|GK2|YB)/);
  });

  it('quality classes come from the monitoring wells (GB/T 14848 via analysis.waterQualityClass), each well’s cell takes its class', async () => {
    const state = await f.client.api.keyzones.state({});
    const value = state.steps.find((s) => s.step === 'value')!;
    expect(value.layers.wells).toBeDefined();
    const wells = value.tables.find((t) => t.title_zh.includes('污染现状'))!;
    expect(wells.rows.length).toBe(60);
    const classed = wells.rows.filter((r) => typeof r[1] === 'number');
    expect(new Set(classed.map((r) => r[1])).size).toBeGreaterThan(1);
    const db = new Database(path, { readonly: true });
    const coords = db.prepare('SELECT hole_id, x, y FROM gw_collars').all() as { hole_id: string; x: number; y: number }[];
    db.close();
    for (const row of classed.slice(0, 5)) {
      const c = coords.find((k) => k.hole_id === row[0])!;
      const r = await f.client.api.keyzones.explain({ x: c.x, y: c.y });
      if (!r.inside) continue;
      expect(r.lines.find((l) => l.topic === 'value')!.text_zh).toContain(`水质 ${row[1]} 类`);
    }
  });

  it('the final layer’s provenance lists every input and parameter', async () => {
    const { runs } = await f.client.api.analysis.runs({ operation: 'keyzones.zones' });
    const run = runs[0]!;
    const params = run.params as { profile: { id: string }; profileId: string };
    expect(params.profileId).toBe('keyzone-2023');
    expect(params.profile.id).toBe('keyzone-2023');
    const inputs = run.inputs as { layers: { name: string; sha256: string }[]; upstream: { step: string; runId: number; inputs: { name: string }[] }[] };
    expect(inputs.upstream.map((u) => u.step)).toEqual(['area', 'protection', 'value', 'vulnerability', 'load', 'control']);
    const all = new Set([...inputs.layers.map((l) => l.name), ...inputs.upstream.flatMap((u) => u.inputs.map((i) => i.name))]);
    for (const name of ['县级行政区', '地下水型饮用水水源', '水文地质分区', '数字高程模型', '污染源', '钻孔与监测井']) expect(all).toContain(name);
    for (const l of inputs.layers) expect(l.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('re-running every step with the same inputs and profile reproduces identical layers', async () => {
    const before = await f.client.api.keyzones.state({});
    const ids = before.steps.flatMap((s) => Object.values(s.layers));
    const { result: sums1 } = await f.client.runJob('layers.checksum', { layerIds: ids });
    const { result } = await f.client.runJob('keyzones.run', { steps: ['area', 'protection', 'value', 'vulnerability', 'load', 'control', 'zones'] });
    expect(result.steps).toHaveLength(7);
    const after = await f.client.api.keyzones.state({});
    const ids2 = after.steps.flatMap((s) => Object.values(s.layers));
    const { result: sums2 } = await f.client.runJob('layers.checksum', { layerIds: ids2 });
    const byName = (r: typeof sums1) => Object.fromEntries(r.layers.map((l) => [l.name, l.sha256]));
    expect(byName(sums2)).toEqual(byName(sums1));
    // the old layers were replaced, not piled up
    const { layers } = await f.client.api.layers.list({});
    expect(layers.filter((l) => l.name === '重点区划定结果')).toHaveLength(1);
  }, 240_000);

  it('a changed parameter makes the step and everything after it stale', async () => {
    await f.client.api.keyzones.setConfig({ config: { ...config, load: { sources: config.load.sources.map((s) => ({ ...s, scaleField: undefined })) } } });
    const state = await f.client.api.keyzones.state({});
    expect(Object.fromEntries(state.steps.map((s) => [s.step, s.status]))).toEqual({
      area: 'done',
      protection: 'done',
      value: 'done',
      vulnerability: 'done',
      load: 'stale',
      control: 'stale',
      zones: 'stale',
    });
    const { result } = await f.client.runJob('keyzones.run', { remaining: true });
    expect(result.steps.map((s) => s.step)).toEqual(['load', 'control', 'zones']);
    await f.client.api.keyzones.setConfig({ config });
  }, 240_000);

  it('bad input: a missing layer fails with a clear error, the project is unchanged and the engine still serves', async () => {
    const { layers: before } = await f.client.api.layers.list({});
    const bad = { ...config, vulnerability: { factors: { ...config.vulnerability.factors, T: { kind: 'slope' as const, dem: '不存在的高程' } } } };
    const state = await f.client.api.keyzones.setConfig({ config: bad });
    expect(state.steps.find((s) => s.step === 'vulnerability')!.problems[0]!.message_zh).toContain('不存在的高程');
    const err = await f.client.runJob('keyzones.run', { steps: ['vulnerability'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GwzError);
    expect((err as GwzError).code).toBe('LAYER_NOT_FOUND');
    expect((err as GwzError).message_zh).toContain('不存在的高程');
    const { layers: after } = await f.client.api.layers.list({});
    expect(after.map((l) => l.id)).toEqual(before.map((l) => l.id));
    await f.client.api.keyzones.setConfig({ config });
    expect((await f.client.api.keyzones.profiles({})).profiles.length).toBeGreaterThanOrEqual(5);
    // a built-in profile cannot be overwritten
    const p = (await f.client.api.keyzones.profiles({})).profiles[0]!.profile;
    await expect(f.client.api.keyzones.saveProfile({ profile: p })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const copy = await f.client.api.keyzones.saveProfile({ profile: { ...p, id: 'my-copy', name_zh: '我的副本' } });
    expect(copy.builtin).toBe(false);
  });
});
