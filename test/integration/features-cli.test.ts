import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CalcResult, FeaturePage, FieldStats, IdentifyLayerResult } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';

/** `gwz features …`, `gwz identify`, `gwz borehole` through the real CLI bundle on the demo project. */
let dir: string;
const gwz = (...args: string[]) => gwzIn(dir, args);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-features-cli-'));
  const r = gwz('demo', 'demo.gwz');
  expect(r.status, r.stderr).toBe(0);
}, 240_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gwz features', () => {
  it('lists a sorted, filtered page as a table and as JSON', () => {
    const human = gwz('features', 'list', 'demo.gwz', '钻孔与监测井', '--sort', 'hole_id', '--desc', '--limit', '5');
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('hole_id');
    expect(human.stdout).toMatch(/共 \d+ 行/);
    const page = jsonOf<FeaturePage>(gwz('features', 'list', 'demo.gwz', '钻孔与监测井', '--filter', "hole_id = 'JC01'", '--json'));
    expect(page.total).toBe(1);
  });

  it('prints statistics with a histogram', () => {
    const stats = jsonOf<FieldStats>(gwz('features', 'stats', 'demo.gwz', '钻孔与监测井', '--field', 'depth', '--json'));
    expect(stats.count).toBeGreaterThan(0);
    expect(stats.histogram?.counts.reduce((a, b) => a + b, 0)).toBe(stats.count - stats.nulls);
    const human = gwz('features', 'stats', 'demo.gwz', '钻孔与监测井', '--field', 'depth');
    expect(human.stdout).toContain('直方图 Histogram');
  });

  it('calculates a field, undoes and redoes it; a bad expression exits 3 with both languages', () => {
    const calc = jsonOf<CalcResult>(gwz('features', 'calc', 'demo.gwz', '钻孔与监测井', '--field', '孔底高程', '--expr', 'elevation - depth', '--json'));
    expect(calc.added).toBe(true);
    const list = jsonOf<FeaturePage>(gwz('features', 'list', 'demo.gwz', '钻孔与监测井', '--fields', 'elevation,depth,孔底高程', '--limit', '50', '--json'));
    for (const [e, d, b] of list.rows as [number | null, number | null, number | null][]) if (e !== null && d !== null) expect(b).toBeCloseTo(e - d, 9);
    expect(gwz('features', 'undo', 'demo.gwz').stdout).toContain('孔底高程');
    const after = gwz('features', 'list', 'demo.gwz', '钻孔与监测井', '--fields', '孔底高程', '--json');
    expect(after.status).toBe(3);
    expect(gwz('features', 'redo', 'demo.gwz').status).toBe(0);
    expect(gwz('features', 'history', 'demo.gwz').stdout).toContain('elevation - depth');
    const bad = gwz('features', 'calc', 'demo.gwz', '钻孔与监测井', '--field', 'x', '--expr', 'depth +');
    expect(bad.status).toBe(3);
    expect(bad.stderr).toContain('表达式有误');
  });

  it('identifies at a collar and prints a borehole log with water quality', () => {
    const page = jsonOf<FeaturePage>(gwz('features', 'list', 'demo.gwz', '钻孔与监测井', '--fields', 'hole_id,x,y', '--filter', "hole_id = 'JC01'", '--json'));
    const [hole, x, y] = page.rows[0] as [string, number, number];
    const id = jsonOf<{ results: IdentifyLayerResult[] }>(gwz('identify', 'demo.gwz', String(x), String(y), '--tolerance', '5', '--json'));
    const collars = id.results.find((r) => r.kind === 'vector' && r.layerName === '钻孔与监测井');
    expect(collars?.kind === 'vector' && collars.features[0]!.properties.hole_id).toBe(hole);
    const log = gwz('borehole', 'demo.gwz', hole);
    expect(log.status, log.stderr).toBe(0);
    expect(log.stdout).toContain('Ⅲ类限值 class III');
  });
});
