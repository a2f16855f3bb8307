import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, REPO_ROOT } from './harness/bundle-child';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';
import { readOnly, sharedInteriorVertex } from './editing-support';

let f: EngineFixture;
let path: string;
let child: string;
beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  child = join(mkdtempSync(join(tmpdir(), 'gwz-edit-child-')), 'edit-child.cjs');
  buildSync({
    entryPoints: [join(REPO_ROOT, 'test/integration/harness/edit-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'gdal-async'],
    outfile: child,
    logLevel: 'error',
  });
}, 120_000);
afterAll(async () => {
  await f.dispose();
});

describe('SIGKILL of the engine while it saves edits', () => {
  it('loses at most the edit being written; the project stays valid and the log matches the geometry', async () => {
    await f.client.api.project.close({}); // the child engine takes the project
    const ro0 = readOnly(path);
    const { at } = sharedInteriorVertex(ro0, 'layer_6');
    ro0.close();
    const proc = spawn(process.execPath, [child, path, join(f.dir, 'child-userdata'), '6', String(at[0]), String(at[1])], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const committed: number[] = [];
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        for (const m of buf.matchAll(/COMMITTED (\d+)\n/g)) if (!committed.includes(Number(m[1]))) committed.push(Number(m[1]));
        if (committed.length >= 8) {
          proc.kill('SIGKILL');
          resolve();
        }
      });
      proc.on('exit', (code) => (code !== null ? reject(new Error(`child exited ${code}: ${stderr}`)) : resolve()));
    });
    await new Promise((r) => proc.once('close', r));

    // the lock of the killed process is stale; the project opens and passes SQLite's integrity check
    const info = await f.client.api.project.open({ path });
    expect(info.path).toBe(path);
    expect(await f.client.api.project.check({})).toEqual({ ok: true, messages: ['ok'] });
    const log = (await f.client.api.editing.log({ layerId: 6 })).changes;
    // every change the child reported is there; at most one more (committed, killed before it printed)
    expect(log.length - committed.length).toBeGreaterThanOrEqual(0);
    expect(log.length - committed.length).toBeLessThanOrEqual(1);
    for (const id of committed) expect(log.some((c) => c.id === id)).toBe(true);
    // the geometry is what the newest logged change left, byte for byte
    const ro = readOnly(path);
    try {
      const newest = log[0]!;
      for (const row of ro.prepare('SELECT feature_id AS fid, geom_after AS after FROM gwz_edits WHERE change_id = ?').all(newest.id) as { fid: number; after: Buffer }[]) {
        const now = (ro.prepare('SELECT geom FROM layer_6 WHERE fid = ?').get(row.fid) as { geom: Buffer }).geom;
        expect(now.equals(row.after)).toBe(true);
      }
    } finally {
      ro.close();
    }
    const check = await f.client.api.editing.topology({ layerId: 6 });
    expect(check.problems.filter((p) => p.kind !== 'sliver')).toEqual([]);
    // and editing goes on: undo the newest change
    const undo = await f.client.api.editing.undo({ layerId: 6 });
    expect(undo.change.targetId).toBe(log[0]!.id);
  });
});
