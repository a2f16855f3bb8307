import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EditResult, EditChange, TopologySummary } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';
import { blobs, readOnly, sharedInteriorVertex } from './editing-support';

let dir: string;
let project: string;
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-edit-cli-'));
  project = join(dir, 'demo.gwz');
  expect(gwzIn(dir, ['demo', project]).status).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gwz edit', () => {
  it('move-vertex with a reason, log, undo back to the same bytes', () => {
    const ro = readOnly(project);
    try {
      const { at, fids } = sharedInteriorVertex(ro, 'layer_6');
      const before = blobs(ro, 'layer_6');
      const to = `${at[0] + 25},${at[1] - 12.5}`;
      const refused = gwzIn(dir, ['edit', 'move-vertex', project, '--layer', '水文地质分区', '--from', `${at[0]},${at[1]}`, '--to', to]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('调整原因');
      expect(refused.stderr).toContain('reason');

      const moved = gwzIn(dir, ['edit', 'move-vertex', project, '--layer', '水文地质分区', '--from', `${at[0]},${at[1]}`, '--to', to, '--reason', '沿分水岭调整', '--json']);
      expect(moved.stderr).toBe('');
      expect(moved.status).toBe(0);
      const r = jsonOf<EditResult>(moved);
      expect(r.features.map((x) => x.fid).sort()).toEqual([...fids].sort());
      expect(Math.abs(r.areaChange)).toBeLessThan(1e-4);

      const human = gwzIn(dir, ['edit', 'log', project, '--layer', '水文地质分区']);
      expect(human.status).toBe(0);
      expect(human.stdout).toContain('沿分水岭调整');
      expect(human.stdout).toContain('moveVertex');

      const undo = gwzIn(dir, ['edit', 'undo', project, '--layer', '6', '--json']);
      expect(undo.status).toBe(0);
      expect(jsonOf<EditResult>(undo).change.op).toBe('undo');
      const after = blobs(ro, 'layer_6');
      for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
      const log = jsonOf<{ changes: EditChange[] }>(gwzIn(dir, ['edit', 'log', project, '--layer', '6', '--json']));
      expect(log.changes.map((c) => [c.op, c.state])).toEqual([
        ['undo', 'log'],
        ['moveVertex', 'undone'],
      ]);
    } finally {
      ro.close();
    }
  });

  it('a self-intersecting move exits 3 with both languages; check reports the topology', () => {
    const bad = gwzIn(dir, ['edit', 'move-vertex', project, '--layer', '水文地质分区', '--from', '484000,3108000', '--to', '483000,3109500', '--reason', 'x']);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toMatch(/已拒绝/);
    expect(bad.stderr).toMatch(/refused/);
    const check = gwzIn(dir, ['edit', 'check', project, '--layer', '水文地质分区', '--json']);
    const r = jsonOf<{ summary: TopologySummary; problems: unknown[] }>(check);
    expect(r.summary.features).toBe(34);
    expect(r.summary.sharedArcs).toBeGreaterThan(30);
    expect(check.status).toBe(r.problems.length > 0 ? 3 : 0);
  });
});
