import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorData, JobResultOf, RunRecord } from '../../../shared/api';
import { buildCli, gwzIn, jsonOf } from '../harness/cli';

// The overlay and water-quality operations through `gwz run`, options generated from their schemas.

let dir: string;
const gwz = (args: string[]) => gwzIn(dir, args);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-run-wq-'));
  expect(gwz(['demo', 'd.gwz']).status).toBe(0);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gwz run for vector and water-quality operations', () => {
  it('lists them and shows their options', () => {
    const list = gwz(['run', '--help']).stdout;
    for (const op of ['buffer', 'dissolve', 'intersection', 'difference', 'clip-vector', 'area-by-unit', 'simplify', 'polygonize', 'water-quality-class', 'water-quality-trend']) {
      expect(list).toContain(op);
    }
    const help = gwz(['run', 'area-by-unit', '--help']).stdout;
    expect(help).toContain('--class-field');
    expect(help).toContain('--units <id|name>');
    expect(gwz(['run', 'water-quality-class', '--help']).stdout).toContain('latest|worst|mean');
  });

  it('dissolves and tabulates by layer names, recording the runs', () => {
    const d = gwz(['run', 'dissolve', 'd.gwz', '--layer', '水文地质分区', '--field', '类型', '--json']);
    expect(d.status, d.stderr).toBe(0);
    const dissolved = jsonOf<JobResultOf<'analysis.dissolve'>>(d);
    expect(dissolved.groups.length).toBeGreaterThan(1);
    const t = gwz(['run', 'area-by-unit', 'd.gwz', '--layer', '水文地质分区', '--class-field', '类型', '--units', '县级行政区', '--unit-field', 'name', '--json']);
    expect(t.status, t.stderr).toBe(0);
    const table = jsonOf<JobResultOf<'analysis.areaByUnit'>>(t);
    expect(table.units).toHaveLength(11);
    const runs = jsonOf<{ runs: RunRecord[] }>(gwz(['runs', 'd.gwz', '--json'])).runs;
    expect(runs.map((r) => r.operation)).toEqual(expect.arrayContaining(['analysis.dissolve', 'analysis.areaByUnit']));
  });

  it('classes the wells and tests trends, with JSON options', () => {
    const c = gwz(['run', 'water-quality-class', 'd.gwz', '--sites', '钻孔与监测井', '--basis', 'worst', '--json']);
    expect(c.status, c.stderr).toBe(0);
    const classes = jsonOf<JobResultOf<'analysis.waterQualityClass'>>(c);
    expect(classes.wells).toHaveLength(60);
    const tr = gwz(['run', 'water-quality-trend', 'd.gwz', '--sites', '钻孔与监测井', '--analytes', '["硝酸盐（以N计）"]', '--alpha', '0.1', '--json']);
    expect(tr.status, tr.stderr).toBe(0);
    expect(jsonOf<JobResultOf<'analysis.waterQualityTrend'>>(tr).series).toHaveLength(60);
    const bad = gwz(['run', 'water-quality-class', 'd.gwz', '--sites', '污染源', '--json']);
    expect(bad.status).not.toBe(0);
    expect(jsonOf<{ error: ErrorData }>(bad).error.code).toBe('BAD_INPUT');
  });
});
