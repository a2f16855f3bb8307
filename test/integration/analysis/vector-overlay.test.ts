import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResultOf } from '../../../shared/api';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { grass, hasTool, peer } from './support';

// Overlay operations on the demo project (11 real county boundaries of 抚州, 34 hydrogeological
// units cut to the city outline, wells, an industrial park), each checked against a peer reading
// the same project file: GRASS v.overlay (its own topology engine) and ogr2ogr -dialect SQLite.

let f: EngineFixture;
let path: string;
const L: Record<string, { id: number; table: string }> = {};

type Op = 'analysis.buffer' | 'analysis.dissolve' | 'analysis.intersection' | 'analysis.difference' | 'analysis.clipVector' | 'analysis.areaByUnit' | 'analysis.simplify';
async function run<M extends Op>(method: M, req: Record<string, unknown>): Promise<JobResultOf<M>> {
  return (await f.client.runJob(method, req as never)).result as JobResultOf<M>;
}

/** Read-only SQL on the project file with SpatiaLite (the engine keeps it open in WAL mode). */
function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}
const one = <T>(sql: string, ...args: unknown[]): T => query<T>(sql, ...args)[0]!;

/** ogr2ogr -dialect SQLite over the project file, as CSV rows (header first). */
function ogrSql(sql: string): string[][] {
  const out = peer('ogr2ogr', ['-f', 'CSV', '/vsistdout/', path, '-dialect', 'SQLite', '-sql', sql]);
  return out
    .trim()
    .split('\n')
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  const { layers } = await f.client.api.layers.list({});
  const byName = (name: string) => {
    const l = layers.find((x) => x.name === name)!;
    return { id: l.id, table: l.tableName };
  };
  L.counties = byName('县级行政区');
  L.units = byName('水文地质分区');
  L.wells = byName('地下水型饮用水水源');
  L.sources = byName('污染源');
  L.park = byName('工业园区');
  L.rivers = byName('水系');
}, 120_000);

afterAll(async () => {
  await f?.dispose();
});

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe.runIf(hasTool('grass'))('intersection against GRASS v.overlay', () => {
  it('gives every (unit, county) piece with both layers’ attributes and the areas GRASS computes', async () => {
    const r = await run('analysis.intersection', { layer: L.units!.id, overlay: L.counties!.id, outputName: '分区×县' });
    const table = r.layers[0]!.tableName;
    const cols = query<{ name: string }>(`PRAGMA table_info("${table}")`).map((c) => c.name);
    // attributes of both inputs, the county's name column kept and the units' 名称 too
    expect(cols).toEqual(expect.arrayContaining(['代码', '类型', '名称', 'name', 'adcode', 'src_fid', 'overlay_fid']));
    const ours = new Map(
      query<{ a: number; b: number; area: number }>(`SELECT src_fid AS a, overlay_fid AS b, ST_Area(geom) AS area FROM "${table}"`).map((x) => [`${x.a}/${x.b}`, x.area]),
    );
    const out = grass(
      4548,
      `v.in.ogr input=${path} layer=${L.units!.table} output=u -o --q 2>/dev/null
v.in.ogr input=${path} layer=${L.counties!.table} output=c -o --q 2>/dev/null
v.overlay ainput=u binput=c operator=and output=x --q 2>/dev/null
v.to.db map=x option=area columns=area_m2 --q
v.db.select -c map=x columns=a_cat,b_cat,area_m2 sep=comma`,
    );
    const ref = new Map<string, number>();
    for (const line of out.trim().split('\n')) {
      const [a, b, area] = line.split(',');
      ref.set(`${a}/${b}`, (ref.get(`${a}/${b}`) ?? 0) + Number(area));
    }
    // GRASS drops slivers below its snapping threshold; every piece of real size must agree
    const big = [...ref].filter(([, a]) => a > 1e4);
    expect(big.length).toBeGreaterThan(30);
    for (const [key, area] of big) {
      expect(ours.has(key), key).toBe(true);
      expect(rel(ours.get(key)!, area), key).toBeLessThan(1e-6);
    }
    const total = [...ours.values()].reduce((s, a) => s + a, 0);
    const grassTotal = [...ref.values()].reduce((s, a) => s + a, 0);
    expect(rel(total, grassTotal)).toBeLessThan(1e-6);
    expect(rel(r.area, grassTotal)).toBeLessThan(1e-6);
    expect(r.features).toBe(ours.size);
  }, 120_000);
});

describe.runIf(hasTool('ogr2ogr'))('dissolve, difference, clip, buffer, area by unit against ogr2ogr -dialect SQLite', () => {
  it('dissolves the units by type with the areas ogr2ogr’s ST_Union gives, and the counties into the city', async () => {
    const r = await run('analysis.dissolve', { layer: L.units!.id, field: '类型' });
    const ref = ogrSql(`SELECT "类型" AS t, COUNT(*) AS n, ST_Area(ST_Union(geom)) AS area FROM "${L.units!.table}" GROUP BY "类型"`).slice(1);
    expect(r.groups.length).toBe(ref.length);
    for (const [t, n, area] of ref) {
      const g = r.groups.find((x) => x.value === t)!;
      expect(g, t).toBeDefined();
      expect(g.parts).toBe(Number(n));
      expect(rel(g.area, Number(area))).toBeLessThan(1e-9);
    }
    const city = await run('analysis.dissolve', { layer: L.counties!.id, outputName: '市域' });
    expect(city.features).toBe(1);
    const sum = one<{ a: number }>(`SELECT SUM(ST_Area(geom)) AS a FROM "${L.counties!.table}"`).a;
    expect(rel(city.area, sum)).toBeLessThan(1e-6);
    // no inner boundaries left: one outer ring per part, no holes from the county borders
    const rings = one<{ parts: number; holes: number }>(`SELECT ST_NumGeometries(geom) AS parts, NumInteriorRings(ST_GeometryN(geom, 1)) AS holes FROM "${city.layers[0]!.tableName}"`);
    expect(rings.parts).toBe(1);
    expect(rings.holes).toBe(0);
  }, 60_000);

  it('renames clashing overlay columns and keeps only pieces of the input’s dimension (a coverage with itself is itself)', async () => {
    const r = await run('analysis.intersection', { layer: L.units!.id, overlay: L.units!.id, outputName: '自相交' });
    const cols = query<{ name: string }>(`PRAGMA table_info("${r.layers[0]!.tableName}")`).map((c) => c.name);
    expect(cols).toEqual(['fid', '代码', '类型', '名称', '备注', '代码_2', '类型_2', '名称_2', '备注_2', 'src_fid', 'overlay_fid', 'geom']);
    // neighbours touch along lines only: no piece for them, each unit meets itself
    expect(r.features).toBe(34);
    const sum = one<{ a: number }>(`SELECT SUM(ST_Area(geom)) AS a FROM "${L.units!.table}"`).a;
    expect(rel(r.area, sum)).toBeLessThan(1e-9);
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "${r.layers[0]!.tableName}" WHERE src_fid <> overlay_fid`).n).toBe(0);
  }, 60_000);

  it('erases the industrial park from the counties and clips the units to the park', async () => {
    const diff = await run('analysis.difference', { layer: L.counties!.id, overlay: L.park!.id });
    const park = one<{ a: number }>(`SELECT ST_Area(geom) AS a FROM "${L.park!.table}"`).a;
    const sum = one<{ a: number }>(`SELECT SUM(ST_Area(geom)) AS a FROM "${L.counties!.table}"`).a;
    expect(diff.features).toBe(11);
    expect(diff.removed).toBe(0);
    expect(rel(diff.area, sum - park)).toBeLessThan(1e-9);
    // the counties the park touches, as ogr2ogr's ST_Difference leaves them
    const [, [refArea, touched]] = ogrSql(
      `SELECT SUM(ST_Area(ST_Difference(c.geom, p.geom))), group_concat(c.adcode) FROM "${L.counties!.table}" c, "${L.park!.table}" p WHERE ST_Intersects(c.geom, p.geom)`,
    ) as [string[], [string, string]];
    const ours = one<{ a: number }>(`SELECT SUM(ST_Area(geom)) AS a FROM "${diff.layers[0]!.tableName}" WHERE adcode IN (${touched.split(/[ ,]+/).map(Number).join(',')})`).a;
    expect(rel(ours, Number(refArea))).toBeLessThan(1e-9);

    // the units cover the city, so the units clipped to the park are the park, cut along the unit borders
    const clip = await run('analysis.clipVector', { layer: L.units!.id, boundary: L.park!.id });
    expect(rel(clip.area, park)).toBeLessThan(1e-9);
    expect(clip.features + clip.removed).toBe(34);
    const [, [refPieces]] = ogrSql(`SELECT COUNT(*) FROM "${L.units!.table}" u, "${L.park!.table}" p WHERE ST_Area(ST_Intersection(u.geom, p.geom)) > 0`) as [string[], [string]];
    expect(clip.features).toBe(Number(refPieces));
    const cols = query<{ name: string }>(`PRAGMA table_info("${clip.layers[0]!.tableName}")`).map((c) => c.name);
    expect(cols).toEqual(['fid', '代码', '类型', '名称', '备注', 'geom']);
  }, 60_000);

  it('clips points and lines to the study area (only the parts inside)', async () => {
    const [, inside] = ogrSql(`SELECT COUNT(*) FROM "${L.sources!.table}" s, "${L.counties!.table}" c WHERE c.name = '临川区' AND ST_Intersects(s.geom, c.geom)`);
    const pts = await run('analysis.clipVector', { layer: L.sources!.id, boundary: L.counties!.id });
    expect(pts.features + pts.removed).toBe(48);
    expect(Number(inside![0])).toBeGreaterThan(0);
    const lines = await run('analysis.clipVector', { layer: L.rivers!.id, boundary: L.park!.id });
    const len = query<{ l: number }>(`SELECT SUM(ST_Length(geom)) AS l FROM "${lines.layers[0]!.tableName}"`)[0]!.l ?? 0;
    const [, refLen] = ogrSql(`SELECT COALESCE(SUM(ST_Length(ST_Intersection(r.geom, p.geom))), 0) FROM "${L.rivers!.table}" r, "${L.park!.table}" p WHERE ST_Intersects(r.geom, p.geom)`);
    expect(Math.abs(len - Number(refLen![0]))).toBeLessThan(1e-6);
    expect(lines.layers[0]!.geometryType).toBe('MULTILINESTRING');
  }, 60_000);

  it('buffers the wells by 500 m: each the 32-gon of GEOS with 8 segments per quarter, equal to ogr2ogr’s ST_Buffer; merged when asked', async () => {
    const r = await run('analysis.buffer', { layer: L.wells!.id, distance: 500 });
    const ngon = 16 * 500 * 500 * Math.sin((2 * Math.PI) / 32);
    expect(r.features).toBe(2);
    expect(rel(r.area, 2 * ngon)).toBeLessThan(1e-9);
    const [, ref] = ogrSql(`SELECT SUM(ST_Area(ST_Buffer(geom, 500, 8))) FROM "${L.wells!.table}"`);
    expect(rel(r.area, Number(ref![0]))).toBeLessThan(1e-9);
    const merged = await run('analysis.buffer', { layer: L.sources!.id, distance: 3000, dissolve: true });
    expect(merged.features).toBe(1);
    const [, refMerged] = ogrSql(`SELECT ST_Area(ST_Union(ST_Buffer(geom, 3000, 8))) FROM "${L.sources!.table}"`);
    expect(rel(merged.area, Number(refMerged![0]))).toBeLessThan(1e-9);
  }, 60_000);

  it('tabulates the area of each unit type within each county; shares add up to 1 per county', async () => {
    const r = await run('analysis.areaByUnit', { layer: L.units!.id, classField: '类型', units: L.counties!.id, unitField: 'name' });
    expect(r.units.length).toBe(11);
    for (const u of r.units) expect(Math.abs(u.covered / u.area - 1)).toBeLessThan(1e-6);
    const ref = ogrSql(
      `SELECT c.name, u."类型", SUM(ST_Area(ST_Intersection(u.geom, c.geom))) FROM "${L.units!.table}" u, "${L.counties!.table}" c WHERE ST_Intersects(u.geom, c.geom) GROUP BY c.name, u."类型"`,
    ).slice(1);
    const positive = ref.filter((x) => Number(x[2]) > 0);
    expect(r.rows.length).toBe(positive.length);
    for (const [unit, cls, area] of positive) {
      const row = r.rows.find((x) => x.unit === unit && x.class === cls)!;
      expect(row, `${unit}/${cls}`).toBeDefined();
      expect(rel(row.area, Number(area))).toBeLessThan(1e-9);
    }
    const table = r.layers[0]!;
    expect(table.kind).toBe('table');
    expect(one<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table.tableName}"`).n).toBe(r.rows.length);
  }, 60_000);
});

describe('topology-preserving simplification', () => {
  it('simplifies the counties so neighbours still share one boundary (no gaps, no overlaps), unlike per-feature simplification', async () => {
    const r = await run('analysis.simplify', { layer: L.counties!.id, tolerance: 300 });
    expect(r.features).toBe(11);
    expect(r.lost).toBe(0);
    expect(r.verticesAfter).toBeLessThan(r.verticesBefore / 3);
    const t = r.layers[0]!.tableName;
    const ours = one<{ sum: number; union: number; overlaps: number }>(
      `SELECT (SELECT SUM(ST_Area(geom)) FROM "${t}") AS sum, (SELECT ST_Area(ST_Union(geom)) FROM "${t}") AS "union",
              (SELECT COALESCE(SUM(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM "${t}" a, "${t}" b WHERE a.fid < b.fid AND ST_Intersects(a.geom, b.geom)) AS overlaps`,
    );
    expect(ours.overlaps).toBeLessThan(1e-3);
    expect(rel(ours.sum, ours.union)).toBeLessThan(1e-9);
    // the whole city keeps its area to a fraction of a percent
    const city = one<{ a: number }>(`SELECT ST_Area(ST_Union(geom)) AS a FROM "${L.counties!.table}"`).a;
    expect(rel(ours.union, city)).toBeLessThan(0.005);
    // every pair of neighbours still shares a boundary line
    const neighbours = (table: string) =>
      query<{ a: string; b: string }>(`SELECT a.name AS a, b.name AS b FROM "${table}" a, "${table}" b WHERE a.fid < b.fid AND ST_Length(ST_Intersection(ST_Boundary(a.geom), ST_Boundary(b.geom))) > 1000`)
        .map((x) => `${x.a}/${x.b}`)
        .sort();
    expect(neighbours(t)).toEqual(neighbours(L.counties!.table));
    // the per-feature way (what ogr2ogr -simplify does) opens gaps and overlaps at the same tolerance
    const naive = one<{ sum: number; union: number }>(
      `SELECT SUM(ST_Area(s)) AS sum, ST_Area(ST_Union(s)) AS "union" FROM (SELECT ST_SimplifyPreserveTopology(geom, 300) AS s FROM "${L.counties!.table}")`,
    );
    expect(rel(naive.sum, naive.union)).toBeGreaterThan(1e-5);
  }, 120_000);
});

describe('bad input', () => {
  it('refuses a raster, a point layer where polygons are needed, an unknown field — with typed errors and the project unchanged', async () => {
    const before = (await f.client.api.layers.list({})).layers.length;
    const runsBefore = one<{ n: number }>('SELECT COUNT(*) AS n FROM gwz_runs').n;
    const { layers } = await f.client.api.layers.list({});
    const dem = layers.find((l) => l.kind === 'raster')!;
    const e1 = await errorOf(run('analysis.buffer', { layer: dem.id, distance: 10 }));
    expect(e1.code).toBe('BAD_INPUT');
    expect(e1.message_zh).toContain('矢量');
    const e2 = await errorOf(run('analysis.dissolve', { layer: L.wells!.id }));
    expect(e2.code).toBe('BAD_INPUT');
    expect(e2.message_en).toMatch(/polygon/);
    const e3 = await errorOf(run('analysis.areaByUnit', { layer: L.units!.id, classField: '没有', units: L.counties!.id, unitField: 'name' }));
    expect(e3.code).toBe('BAD_INPUT');
    expect(e3.message_zh).toContain('没有字段');
    const e4 = await errorOf(run('analysis.buffer', { layer: L.wells!.id, distance: -5 }));
    expect(e4.code).toBe('BAD_REQUEST');
    expect((await f.client.api.layers.list({})).layers.length).toBe(before);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM gwz_runs').n).toBe(runsBefore);
    // still serving
    const ok = await run('analysis.buffer', { layer: L.wells!.id, distance: 100 });
    expect(ok.features).toBe(2);
  }, 60_000);
});
