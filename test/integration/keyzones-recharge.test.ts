import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RechargeRequestInput } from '../../shared/api';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

/**
 * Protection-type areas taken from the recharge-area workflow (HJ 338 zones + 补给区 of the demo's
 * two sources): the key-zone configuration picks them up by their zone_level codes, and they end
 * up inside the key zones, every type present.
 */
let f: EngineFixture;
let path: string;

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
}, 180_000);
afterAll(async () => {
  await f?.dispose();
});

it('uses the recharge workflow’s zones as protection-type areas', async () => {
  const { layers } = await f.client.api.layers.list({});
  const wells = layers.find((l) => l.name === '地下水型饮用水水源')!.id;
  const drafts = (await f.client.api.recharge.readSources({ layerId: wells })).sources;
  const sources: RechargeRequestInput['sources'] = drafts.map(({ fid: _fid, defaulted: _d, thousandTon: _t, scale: _s, ...s }, i) => ({ ...s, azimuth: i === 0 ? 45 : 300 }));
  const { result: r } = await f.client.runJob('recharge.delineate', { sources, sourceLayerId: wells, methods: ['empirical', 'formula', 'analytical'] });
  await f.client.runJob('recharge.combine', {
    runId: r.runId,
    choices: drafts.map((d) => ({ source: d.name, level1: 'empirical' as const, level2: 'formula' as const, recharge: ['analytical' as const] })),
    rationale: '测试',
  });
  const { config, notes } = await f.client.api.keyzones.suggestConfig({});
  expect(config.protection.wells).toEqual([]);
  expect(config.protection.layers.map((l) => l.layer)).toEqual(expect.arrayContaining(['水源保护区', '水源保护区_补给区']));
  expect(notes.some((n) => n.message_zh.includes('补给区划定工作流'))).toBe(true);
  const { result } = await f.client.runJob('keyzones.run', { config, remaining: true });
  const protection = result.steps.find((s) => s.step === 'protection')!;
  const types = protection.tables[0]!.rows.map((row) => row[0]);
  // the recharge workflow tiles each 补给区 by 一级/二级/准保护区, so with the stricter type first nothing is left of 补给区 itself
  expect(types).toEqual(['一级保护区', '二级保护区', '准保护区', '合计 Total']);
  const state = await f.client.api.keyzones.state({});
  const zonesId = state.steps.find((s) => s.step === 'zones')!.layers.zones!;
  const protId = state.steps.find((s) => s.step === 'protection')!.layers.protection!;
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    const t = (id: number) => `"${(db.prepare('SELECT table_name FROM gwz_layers WHERE id = ?').get(id) as { table_name: string }).table_name}"`;
    const a = (sql: string) => (db.prepare(`SELECT COALESCE((${sql}), 0) AS a`).get() as { a: number }).a;
    const prot = a(`SELECT ST_Area(ST_Union(geom)) FROM ${t(protId)}`);
    expect(prot).toBeGreaterThan(1e6);
    expect(a(`SELECT ST_Area(ST_Difference((SELECT ST_Union(geom) FROM ${t(protId)}), (SELECT ST_Union(geom) FROM ${t(zonesId)} WHERE zone_class = 'protection')))`)).toBeLessThan(1);
    expect(Math.abs(a(`SELECT SUM(ST_Area(geom)) FROM ${t(zonesId)} WHERE zone_class = 'protection'`) - prot) / prot).toBeLessThan(1e-6);
  } finally {
    db.close();
  }
}, 240_000);
