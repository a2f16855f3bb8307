import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RechargeRequestInput, RechargeResult, RechargeSourceDraft } from '../../shared/api';
import { writeTiff } from './analysis/support';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/**
 * The recharge workflow on the demo project's two "千吨万人" sources: every method, real numbers
 * checked against the formulas (R = α·K·I·T/n, x_s = Q/(2π K b i), width = Q/(K b i), isochrone
 * area = Q·T/(n·b)), the zones clipped to the hydrogeological unit, screening, combination,
 * provenance, and bad input leaving the project unchanged.
 */
let f: EngineFixture;
let project: string;
let layerId: (name: string) => number;
let drafts: RechargeSourceDraft[];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
/** A 128-gon has (n/2π)·sin(2π/n) of its circle's area. */
const POLY = (128 / (2 * Math.PI)) * Math.sin((2 * Math.PI) / 128);

beforeAll(async () => {
  f = await engineFixture();
  project = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path: project });
  const { layers } = await f.client.api.layers.list({});
  layerId = (name) => {
    const l = layers.find((x) => x.name === name);
    if (!l) throw new Error(`no layer ${name}: ${layers.map((x) => x.name).join(', ')}`);
    return l.id;
  };
  drafts = (await f.client.api.recharge.readSources({ layerId: layerId('地下水型饮用水水源') })).sources;
}, 180_000);
afterAll(async () => {
  await f.dispose();
});

/** The drafts with flow directions typed in (the demo has no head surface). */
function sources(): RechargeRequestInput['sources'] {
  return drafts.map(({ fid: _fid, defaulted: _d, thousandTon: _t, scale: _s, ...s }, i) => ({ ...s, azimuth: i === 0 ? 45 : 300 }));
}

const zone = (r: RechargeResult, source: string, method: string, level: string) => {
  const z = r.zones.find((x) => x.source === source && x.method === method && x.level === level);
  if (!z) throw new Error(`no ${method}/${level} zone for ${source}`);
  return z;
};

describe('recharge workflow on the demo project', () => {
  it('reads the two sources with their rates, populations, aquifer types and 千吨万人 flags', () => {
    expect(drafts.map((d) => d.name)).toEqual(['东乡区小璜镇查家地下水型水源', '乐安县南村乡集镇地下水型水源']);
    expect(drafts.map((d) => [d.Q, d.population, d.aquiferType, d.thousandTon, d.scale])).toEqual([
      [1200, 11500, 'porous', true, 'small_medium'],
      [1050, 10200, 'fissure', true, 'small_medium'],
    ]);
    expect(drafts[0]!.x).toBeCloseTo(468_500, 3);
    expect(drafts[0]!.defaulted).toContain('K');
  });

  let result: RechargeResult;
  it('every method gives zones whose numbers match the formulas', async () => {
    const [a, b] = drafts as [RechargeSourceDraft, RechargeSourceDraft];
    const drawn: [number, number][] = [
      [a.x - 6000, a.y - 5000],
      [a.x + 5000, a.y - 6000],
      [a.x + 6000, a.y + 6000],
      [a.x - 5000, a.y + 5000],
    ];
    const { result: r } = await f.client.runJob('recharge.delineate', {
      sources: sources(),
      sourceLayerId: layerId('地下水型饮用水水源'),
      methods: ['empirical', 'formula', 'analytical', 'dem', 'boundary'],
      dem: { demLayerId: layerId('数字高程模型') },
      boundary: { polygon: drawn, segmentTypes: ['divide', 'river'], reason: '东、北以分水岭为界，西南以河流为界（示例）' },
      screenLayerIds: [layerId('污染源'), layerId('工业园区')],
    });
    result = r;
    const A = a.name;
    const B = b.name;
    // formula: R = 1.5 × K × I × T / n
    expect(zone(r, A, 'formula', 'level1').radiusM).toBeCloseTo((1.5 * 15 * 0.002 * 100) / 0.25, 9); // 18 m
    expect(zone(r, A, 'formula', 'level2').radiusM).toBeCloseTo(180, 9);
    expect(zone(r, B, 'formula', 'level1').radiusM).toBeCloseTo((1.5 * 0.8 * 0.005 * 100) / 0.03, 9); // 20 m
    // elongated: two half-ellipses, up R, down 0.5 R, half-width R: (π/2)·R·1.5R
    const R1 = 18;
    expect(rel(zone(r, A, 'formula', 'level1').areaKm2, (POLY * (Math.PI / 2) * R1 * 1.5 * R1) / 1e6)).toBeLessThan(1e-3);
    // empirical: medium sand, upper end: 100 m / 1000 m; level 2 is the ring outside level 1
    expect(zone(r, A, 'empirical', 'level1').radiusM).toBe(100);
    expect(rel(zone(r, A, 'empirical', 'level1').areaKm2, (POLY * Math.PI * 100 ** 2) / 1e6)).toBeLessThan(1e-6);
    expect(rel(zone(r, A, 'empirical', 'level2').areaKm2, (POLY * Math.PI * (1000 ** 2 - 100 ** 2)) / 1e6)).toBeLessThan(1e-6);
    // the fissure source is outside the table's scope: a warning, not silence
    expect(r.warnings.some((w) => w.message_zh.includes(B) && w.message_zh.includes('经验值表'))).toBe(true);

    // analytical: x_s = Q/(2π K b i), width = Q/(K b i); isochrone areas = Q·T/(n·b)
    const ca = r.capture.find((c) => c.source === A)!;
    expect(ca.stagnationM).toBeCloseTo(1200 / (2 * Math.PI * 15 * 15 * 0.002), 6); // 424.4 m
    expect(ca.captureWidthM).toBeCloseTo(1200 / (15 * 15 * 0.002), 6); // 2666.7 m
    expect(ca.widthAtWellM).toBeCloseTo(1200 / (2 * 15 * 15 * 0.002), 6);
    const cb = r.capture.find((c) => c.source === B)!;
    expect(cb.stagnationM).toBeCloseTo(1050 / (2 * Math.PI * 0.8 * 30 * 0.005), 6); // 1392.6 m
    for (const [s, q, n, thick] of [
      [A, 1200, 0.25, 15],
      [B, 1050, 0.03, 30],
    ] as const) {
      const l1 = zone(r, s, 'analytical', 'level1').areaKm2;
      const l2 = zone(r, s, 'analytical', 'level2').areaKm2;
      expect(rel(l1, (q * 100) / (n * thick) / 1e6)).toBeLessThan(1e-3);
      expect(rel(l1 + l2, (q * 1000) / (n * thick) / 1e6)).toBeLessThan(1e-3);
      expect(rel(zone(r, s, 'analytical', 'recharge').areaKm2, (q * 3650) / (n * thick) / 1e6)).toBeLessThan(1e-3);
    }
    // DEM catchments are whole numbers of 250 m cells; the drawn boundary holds source A only
    const dem = zone(r, A, 'dem', 'recharge');
    expect(dem.areaKm2).toBeGreaterThan(0);
    expect(Math.abs(dem.areaKm2 / 0.0625 - Math.round(dem.areaKm2 / 0.0625))).toBeLessThan(1e-6);
    expect(rel(zone(r, A, 'boundary', 'recharge').areaKm2, 121)).toBeLessThan(1e-9); // shoelace of the drawn quadrilateral
    expect(r.zones.some((z) => z.source === B && z.method === 'boundary')).toBe(false);
    expect(r.warnings.some((w) => w.message_zh.includes(B) && w.message_zh.includes('边界'))).toBe(true);

    // one layer per method + the dividing streamlines + the comparison and screening tables
    expect(r.layers.map((l) => l.name)).toEqual([
      '补给区划分_经验值法',
      '补给区划分_经验公式法',
      '补给区划分_解析法',
      '补给区划分_汇水区法',
      '补给区划分_水文地质边界法',
      '补给区划分_解析法分水线',
      '补给区划分_方法对比',
      '补给区划分_风险源筛查',
    ]);
    // screening: every hit is inside its zone, with its distance to the source
    for (const h of r.screening) expect(h.distanceM).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('writes the layers with the geometry the summary reports, and provenance', () => {
    const db = new Database(project, { readonly: true });
    try {
      db.loadExtension('mod_spatialite');
      const analytical = result.layers.find((l) => l.name === '补给区划分_解析法')!;
      const rows = db.prepare(`SELECT source, zone_level, area_km2, ST_Area(geom) AS area, ST_IsValid(geom) AS valid, params FROM "${analytical.tableName}"`).all() as {
        source: string;
        zone_level: string;
        area_km2: number;
        area: number;
        valid: number;
        params: string;
      }[];
      expect(rows).toHaveLength(6);
      for (const row of rows) {
        expect(row.valid).toBe(1);
        expect(row.area / 1e6).toBeCloseTo(row.area_km2, 9);
        expect(JSON.parse(row.params)).toMatchObject({ T: expect.any(Number), K: expect.any(Number) });
      }
      const run = db.prepare(`SELECT operation, params, inputs FROM gwz_runs WHERE id = ?`).get(result.runId) as { operation: string; params: string; inputs: string };
      expect(run.operation).toBe('recharge.delineate');
      const inputs = JSON.parse(run.inputs) as { layers: { name: string; sha256: string }[] };
      expect(inputs.layers.map((l) => l.name).sort()).toEqual(['地下水型饮用水水源', '工业园区', '数字高程模型', '污染源'].sort());
      expect(JSON.parse(run.params).parameters.alpha).toBe(1.5);
      const compare = result.layers.find((l) => l.name === '补给区划分_方法对比')!;
      const n = db.prepare(`SELECT count(*) AS n FROM "${compare.tableName}"`).get() as { n: number };
      expect(n.n).toBe(result.zones.length);
    } finally {
      db.close();
    }
  });

  it('clips every zone to the hydrogeological unit containing its source', async () => {
    const { result: r } = await f.client.runJob('recharge.delineate', {
      sources: sources(),
      methods: ['analytical', 'dem'],
      dem: { demLayerId: layerId('数字高程模型') },
      // source A: a hand-drawn unit cutting off its upgradient (south-west) side; source B: the unit layer
      clip: { layerId: layerId('水文地质分区'), polygon: [[drafts[0]!.x - 300, drafts[0]!.y - 300], [drafts[0]!.x + 3000, drafts[0]!.y - 300], [drafts[0]!.x + 3000, drafts[0]!.y + 3000], [drafts[0]!.x - 300, drafts[0]!.y + 3000]] },
      outputPrefix: '裁剪',
    });
    const db = new Database(project, { readonly: true });
    try {
      db.loadExtension('mod_spatialite');
      const units = db.prepare(`SELECT table_name FROM gwz_layers WHERE name = '水文地质分区'`).get() as { table_name: string };
      for (const layer of r.layers.filter((l) => l.kind === 'vector' && l.geometryType?.includes('POLYGON'))) {
        for (const [i, d] of drafts.entries()) {
          const unit = i === 0 ? `BuildMbr(${d.x - 300}, ${d.y - 300}, ${d.x + 3000}, ${d.y + 3000}, 4548)` : 'u.geom';
          const row = db
            .prepare(
              `SELECT sum(ST_Area(ST_Difference(z.geom, ${unit}))) AS outside, sum(ST_Area(z.geom)) AS area FROM "${layer.tableName}" z, "${units.table_name}" u
               WHERE z.source = ? AND ST_Contains(u.geom, MakePoint(?, ?, 4548))`,
            )
            .get(d.name, d.x, d.y) as { outside: number | null; area: number | null };
          if (row.area === null) {
            // clipped away entirely: said so
            expect(r.warnings.some((w) => w.message_zh.includes(d.name) && w.message_zh.includes('裁剪'))).toBe(true);
            continue;
          }
          expect(row.outside! / row.area!).toBeLessThan(1e-9);
        }
      }
    } finally {
      db.close();
    }
    for (const z of r.zones) {
      const unclipped = result.zones.find((u) => u.source === z.source && u.method === z.method && u.level === z.level)!;
      expect(z.areaKm2).toBeLessThanOrEqual(unclipped.areaKm2 * (1 + 1e-9));
      if (!z.clipped) expect(rel(z.areaKm2, unclipped.areaKm2)).toBeLessThan(1e-9);
    }
    // the drawn unit cuts A's upgradient isochrones; B's zones lie inside its unit
    expect(zone(r, drafts[0]!.name, 'analytical', 'recharge').clipped).toBe(true);
    expect(zone(r, drafts[0]!.name, 'analytical', 'recharge').areaKm2).toBeLessThan(0.9 * zone(result, drafts[0]!.name, 'analytical', 'recharge').areaKm2);
    expect(r.zones.filter((z) => z.source === drafts[1]!.name).every((z) => !z.clipped)).toBe(true);
  }, 120_000);

  it('combines a chosen method per level into 一级/二级/准保护区 with the rationale, and saves the workflow state', async () => {
    const [a, b] = drafts as [RechargeSourceDraft, RechargeSourceDraft];
    const { result: c } = await f.client.runJob('recharge.combine', {
      runId: result.runId,
      choices: [
        { source: a.name, level1: 'empirical', level2: 'formula', recharge: ['analytical', 'dem'] },
        { source: b.name, level1: 'formula', level2: 'formula', recharge: ['dem'] },
      ],
      rationale: '孔隙潜水一级取经验值（偏保守），补给区取解析法与汇水区之并集。',
    });
    expect(c.layers.map((l) => l.name)).toEqual(['水源保护区', '水源保护区_补给区', '水源保护区_风险源筛查']);
    const part = (s: string, l: string) => c.zones.find((z) => z.source === s && z.level === l)!.areaKm2;
    // 一级 = the empirical circle; 二级 = the formula's full level-2 area outside it (here inside it: empty)
    expect(rel(part(a.name, 'level1'), zone(result, a.name, 'empirical', 'level1').areaKm2)).toBeLessThan(1e-9);
    expect(part(b.name, 'level1') + part(b.name, 'level2')).toBeCloseTo(
      zone(result, b.name, 'formula', 'level1').areaKm2 + zone(result, b.name, 'formula', 'level2').areaKm2,
      9,
    );
    // the parts tile the recharge area
    for (const s of [a.name, b.name]) {
      const sum = ['level1', 'level2', 'quasi'].reduce((t, l) => t + (c.zones.find((z) => z.source === s && z.level === l)?.areaKm2 ?? 0), 0);
      expect(rel(sum, part(s, 'recharge'))).toBeLessThan(1e-6);
    }
    const { state } = await f.client.api.recharge.workflow({});
    expect(state).toMatchObject({ runId: expect.any(Number), combineRunId: c.runId, rationale: expect.stringContaining('并集') });
  }, 60_000);

  it('takes the gradient and flow direction from a head surface at each source that has none', async () => {
    // a plane falling 3 m per km toward the east-south-east (azimuth 112.5°) over both sources
    const az = (112.5 * Math.PI) / 180;
    const [ex, ey] = [Math.sin(az), Math.cos(az)];
    const grid = { x0: 380_000, y0: 3_130_000, dx: 500, dy: 500, width: 200, height: 240, srid: 4548 };
    const data = new Float32Array(grid.width * grid.height);
    for (let r = 0; r < grid.height; r++) {
      for (let c = 0; c < grid.width; c++) {
        const x = grid.x0 + (c + 0.5) * grid.dx;
        const y = grid.y0 - (r + 0.5) * grid.dy;
        data[r * grid.width + c] = 500 - 0.003 * ((x - grid.x0) * ex + (y - grid.y0) * ey);
      }
    }
    const tif = writeTiff(join(f.dir, 'head.tif'), grid, data);
    const head = (await f.client.runJob('layers.importRaster', { path: tif, name: '地下水位面' })).result.layer;
    const noFlow = sources().map((s, i) => ({ ...s, azimuth: i === 0 ? null : 300 }));
    const { result: r } = await f.client.runJob('recharge.delineate', { sources: noFlow, methods: ['analytical'], headLayerId: head.id, outputPrefix: '水位面' });
    expect(r.sampledFlow).toHaveLength(1);
    expect(r.sampledFlow[0]!.source).toBe(drafts[0]!.name);
    expect(r.sampledFlow[0]!.azimuth).toBeCloseTo(112.5, 2);
    expect(r.sampledFlow[0]!.I).toBeCloseTo(0.003, 6);
    // the capture zone uses the sampled gradient: x_s = Q/(2π K b I)
    expect(r.capture[0]!.stagnationM).toBeCloseTo(1200 / (2 * Math.PI * 15 * 15 * r.sampledFlow[0]!.I), 6);
  }, 60_000);

  it('bad input: a typed error in both languages, the project unchanged, the engine still serving', async () => {
    const before = (await f.client.api.layers.list({})).layers.length;
    const noFlow = sources().map((s) => ({ ...s, azimuth: null }));
    const err = await errorOf(f.client.runJob('recharge.delineate', { sources: noFlow, methods: ['formula', 'analytical'] }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('流向');
    expect(err.message_en).toContain('flow direction');
    const bad = await errorOf(f.client.runJob('recharge.delineate', { sources: sources().map((s) => ({ ...s, n: 1.5 })), methods: ['formula'] }));
    expect(bad.code).toBe('BAD_REQUEST');
    const notPoly = await errorOf(f.client.runJob('recharge.delineate', { sources: sources(), methods: ['boundary'], boundary: { layerId: layerId('污染源') } }));
    expect(notPoly.code).toBe('BAD_INPUT');
    expect((await f.client.api.layers.list({})).layers.length).toBe(before);
    expect((await f.client.api.recharge.defaults({})).parameters.alpha).toBe(1.5);
  }, 60_000);
});
