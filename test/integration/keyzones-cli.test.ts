import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorData, KeyZoneRunResult, KeyZoneState } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';

/** `gwz keyzones` headless on the demo: init-config, run, status, explain, profiles, bad input. */
let dir: string;
const gwz = (args: string[]) => gwzIn(dir, args);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-keyzones-'));
  const demo = gwz(['demo', 'demo.gwz']);
  expect(demo.status, demo.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gwz keyzones', () => {
  it('writes a commented configuration for the project’s layers', () => {
    const r = gwz(['keyzones', 'demo.gwz', '--init-config', 'kz.json']);
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'kz.json'), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json['//']).toContain('重点区');
    expect(json.area).toMatchObject({ studyArea: '县级行政区', adminUnits: '县级行政区', adminNameField: 'name' });
    expect((json.vulnerability as { factors: Record<string, { kind: string }> }).factors.D!.kind).toBe('boreholes');
  });

  it('runs the whole workflow from the configuration in well under five minutes', () => {
    const r = gwz(['keyzones', 'demo.gwz', '--config', 'kz.json', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const result = jsonOf<KeyZoneRunResult>(r);
    expect(result.steps.map((s) => s.step)).toEqual(['area', 'protection', 'value', 'vulnerability', 'load', 'control', 'zones']);
    const zones = result.steps.at(-1)!;
    expect(zones.layers.map((l) => l.name)).toEqual(['重点区划定结果', '重点区分县统计']);
    console.log(`gwz keyzones on the demo: ${(r.ms / 1000).toFixed(1)} s wall (engine ${result.seconds.toFixed(1)} s)`);
    expect(r.ms).toBeLessThan(300_000);
    const human = gwz(['keyzones', 'demo.gwz', '--status']);
    expect(human.status).toBe(0);
    expect(human.stdout.match(/已完成/g)).toHaveLength(7);
    const state = jsonOf<KeyZoneState>(gwz(['keyzones', 'demo.gwz', '--status', '--json']));
    expect(state.steps.every((s) => s.status === 'done')).toBe(true);
    // nothing left to do: a second plain run runs no step
    expect(jsonOf<KeyZoneRunResult>(gwz(['keyzones', 'demo.gwz', '--json'])).steps).toEqual([]);
  }, 300_000);

  it('explains a point, and the issue’s spelling `gwz keyzone` is the same verb', () => {
    const r = gwz(['keyzone', 'demo.gwz', '--explain', '445125,3095125']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('DRASTIC 指数');
    expect(r.stdout).toMatch(/编号 3610\d\d-/);
  });

  it('exports a profile, imports an edited copy and runs with it', () => {
    expect(gwz(['keyzones', 'demo.gwz', '--export-profile', 'drastic-pesticide', '--out', 'p.json']).status).toBe(0);
    const p = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as { id: string; name_zh: string; vulnerability: { factors: { D: { weight: number } } } };
    expect(p.vulnerability.factors.D.weight).toBe(5);
    p.id = 'my-pesticide';
    p.name_zh = '农药权重（本地修订）';
    p.vulnerability.factors.D.weight = 4;
    writeFileSync(join(dir, 'p2.json'), JSON.stringify(p));
    const imported = gwz(['keyzones', 'demo.gwz', '--import-profile', 'p2.json']);
    expect(imported.status, imported.stderr).toBe(0);
    const list = gwz(['keyzones', 'demo.gwz', '--profiles']);
    expect(list.stdout).toContain('my-pesticide');
    const config = JSON.parse(readFileSync(join(dir, 'kz.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'kz2.json'), JSON.stringify({ ...config, profileId: 'my-pesticide' }));
    const r = gwz(['keyzones', 'demo.gwz', '--config', 'kz2.json', '--json']);
    expect(r.status, r.stderr).toBe(0);
    // only the steps that read the profile's changed tables… all of them, since the profile id is part of every fingerprint
    expect(jsonOf<KeyZoneRunResult>(r).steps.length).toBe(7);
  }, 300_000);

  it('bad input: an unknown layer exits 3 (or 4 for a missing layer) with a bilingual message, a malformed config exits 2', () => {
    // the configuration of the last run (so the steps before load are done), with a layer that does not exist
    const config = JSON.parse(readFileSync(join(dir, 'kz2.json'), 'utf8')) as { load: { sources: { layer: string }[] } };
    config.load.sources[0]!.layer = '没有这个图层';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(config));
    const r = gwz(['keyzones', 'demo.gwz', '--config', 'bad.json', '--steps', 'load', '--json']);
    expect(r.status).not.toBe(0);
    expect(r.status).not.toBe(5);
    const err = JSON.parse(r.stdout || r.stderr) as { error?: ErrorData } & Partial<ErrorData>;
    const data = err.error ?? (err as ErrorData);
    expect(data.message_zh).toContain('没有这个图层');
    expect(data.message_en).toContain('没有这个图层');
    writeFileSync(join(dir, 'broken.json'), '{ "area": ');
    expect(gwz(['keyzones', 'demo.gwz', '--config', 'broken.json']).status).toBe(2);
    const unknownStep = gwz(['keyzones', 'demo.gwz', '--steps', 'nope']);
    expect(unknownStep.status).toBe(2);
    expect(unknownStep.stderr).toContain('未知的步骤');
  });
});
