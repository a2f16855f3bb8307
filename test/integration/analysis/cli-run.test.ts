import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, ErrorData, RunRecord } from '../../../shared/api';
import { testData } from '../../support/data';
import { buildCli, gwzIn, jsonOf } from '../harness/cli';

let dir: string;
const gwz = (args: string[]) => gwzIn(dir, args);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-run-'));
  expect(gwz(['new', 'p.gwz', '--crs', 'EPSG:4528']).status).toBe(0);
  expect(gwz(['import', 'p.gwz', testData('dem/zts_dem_25m.tif'), '--name', '高程']).status).toBe(0);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gwz run / gwz runs', () => {
  it('runs an operation with options taken from its schema (layer by name, enum, number) and lists the run', () => {
    const r = gwz(['run', 'slope', 'p.gwz', '--dem', '高程', '--units', 'degrees', '--z-factor', '1', '--output-name', '坡度', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = jsonOf<AnalysisResult & { max: number }>(r);
    expect(result.layers.map((l) => l.name)).toEqual(['坡度']);
    expect(result.max).toBeGreaterThan(10);
    const runs = jsonOf<{ runs: RunRecord[] }>(gwz(['runs', 'p.gwz', '--json'])).runs;
    expect(runs[0]).toMatchObject({ id: result.runId, operation: 'analysis.slope', params: { units: 'degrees', outputName: '坡度' } });
  });

  it('re-runs a record with --rerun', () => {
    const runs = jsonOf<{ runs: RunRecord[] }>(gwz(['runs', 'p.gwz', '--operation', 'analysis.slope', '--json'])).runs;
    const r = gwz(['runs', 'p.gwz', '--rerun', String(runs[0]!.id), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(jsonOf<AnalysisResult>(r).runId).toBeGreaterThan(runs[0]!.id);
  });

  it('shows each operation’s parameters in its help, and refuses unknown operations, options and layers', () => {
    const help = gwz(['run', 'slope', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--dem <id|name>');
    expect(help.stdout).toContain('percent|degrees');
    expect(gwz(['run', '--help']).stdout).toContain('slope');

    const unknown = gwz(['run', 'no-such-op', 'p.gwz', '--json']);
    expect(unknown.status).toBe(2);
    expect(jsonOf<{ error: ErrorData }>(unknown).error.code).toBe('BAD_REQUEST');
    expect(gwz(['run', 'slope', 'p.gwz', '--dem', '高程', '--bogus', '1']).status).toBe(2);
    const noLayer = gwz(['run', 'slope', 'p.gwz', '--dem', '没有', '--json']);
    expect(noLayer.status).toBe(3);
    expect(jsonOf<{ error: ErrorData }>(noLayer).error.code).toBe('LAYER_NOT_FOUND');
    const badNumber = gwz(['run', 'slope', 'p.gwz', '--dem', '高程', '--z-factor', 'abc']);
    expect(badNumber.status).toBe(2);
    expect(badNumber.stderr).toContain('--z-factor');
  });
});
