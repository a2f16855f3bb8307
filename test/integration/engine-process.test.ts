import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, LayerInfo } from '../../shared/api';
import { bundleChild, childEnv } from './harness/bundle-child';
import { engineFixture, GEOJSON_FUZHOU, SHP_BOU2_4P, type EngineFixture } from './harness/engine-fixture';

let child: string;
let f: EngineFixture;

beforeAll(async () => {
  child = bundleChild();
  f = await engineFixture();
});
afterAll(async () => {
  await f.dispose();
  rmSync(join(child, '..'), { recursive: true, force: true });
});

/** Runs the child in `open` mode and returns the envelope it printed. */
function openInChild(project: string): Envelope {
  const run = spawnSync(process.execPath, [child, 'open', project, join(f.dir, 'child-userdata')], {
    env: childEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  expect(line, run.stdout).toBeDefined();
  return JSON.parse(line!.slice('RESULT '.length)) as Envelope;
}

/**
 * Runs imports in the child: the small GeoJSON, which commits (its pages stay in the WAL, not yet
 * checkpointed), then bou2_4p, which freezes inside its transaction at the first progress event at or
 * past `freezeAt` % and is SIGKILLed there. Returns the child's lines and the WAL size at the kill.
 */
function importAndKill(project: string, freezeAt: number): Promise<{ lines: string[]; walBytes: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [
        child,
        'import',
        project,
        join(f.dir, 'child-userdata'),
        String(freezeAt),
        GEOJSON_FUZHOU,
        `${SHP_BOU2_4P}::EPSG:4326::GBK`,
      ],
      { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const lines: string[] = [];
    let buffer = '';
    let stderr = '';
    let walBytes = 0;
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (line.startsWith('FROZEN')) {
          walBytes = existsSync(`${project}-wal`) ? statSync(`${project}-wal`).size : 0;
          proc.kill('SIGKILL');
        }
      }
    });
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child was not killed (signal ${signal}); output:\n${lines.join('\n')}\n${stderr}`));
      else resolve({ lines, walBytes });
    });
  });
}

const layerSummary = (layers: LayerInfo[]): unknown[] => layers.map((l) => [l.id, l.name, l.tableName, l.featureCount]);

describe('a second process', () => {
  it('is refused while this process holds the project, and gets in once it is closed', async () => {
    const path = join(f.dir, 'shared.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });

    const refused = openInChild(path);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('PROJECT_LOCKED');
    expect(refused.error.message_zh).toContain('工程已在其他窗口或程序中打开');
    expect(refused.error.message_en).toContain('The project is open elsewhere');
    expect(refused.error.details).toMatchObject({ pid: process.pid, since: expect.any(String), host: expect.any(String) });

    await f.client.api.project.close({});
    const admitted = openInChild(path);
    expect(admitted).toMatchObject({ ok: true, result: { path, crs: 'EPSG:4548' } });
    // the child closed cleanly: its lock went with it
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('killed in the middle of an import leaves the last committed project, three times over', async () => {
    const path = join(f.dir, 'crash.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU, name: '抚州市县界' });
    let expected = layerSummary((await f.client.api.layers.list({})).layers);
    expect(expected).toHaveLength(1);
    await f.client.api.project.close({});

    // Early in the import, half way, and with every feature written but the index not yet built.
    for (const [round, freezeAt] of [20, 50, 96].entries()) {
      const { lines, walBytes } = await importAndKill(path, freezeAt);
      expect(lines).toContain('OPENED');
      const committed = lines.find((l) => l.startsWith('DONE 0 '));
      expect(committed, lines.join('\n')).toMatch(/^DONE 0 succeeded \d+$/);
      expect(lines.find((l) => l.startsWith('FROZEN'))).toBeDefined();
      expect(lines.some((l) => l.startsWith('DONE 1'))).toBe(false);
      // The committed GeoJSON import is only in the WAL (not checkpointed) when the child dies.
      expect(walBytes, `round ${round}`).toBeGreaterThan(0);
      // the dead child's lock is still there, and is taken over
      const stale = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number };
      expect(stale.pid).not.toBe(process.pid);

      const info = await f.client.api.project.open({ path });
      expect(await f.client.api.project.check({})).toEqual({ ok: true, messages: ['ok'] });
      const layers = (await f.client.api.layers.list({})).layers;
      // exactly the last committed state: what was there, plus the child's finished import (listed on
      // top, as a new layer is drawn), nothing of bou2_4p
      expect(layerSummary(layers.slice(1))).toEqual(expected);
      expect(layers[0]).toMatchObject({ id: Number(committed!.split(' ')[3]), name: '361000_full', featureCount: 11 });
      expect(info.layerCount).toBe(expected.length + 1);
      expected = layerSummary(layers);
      await f.client.api.project.close({});

      // No half-built tables, no rollback journals or temp files: only SQLite's WAL side files may remain.
      const leftovers = readdirSync(f.dir).filter((n) => n.startsWith(basename(path)) && n !== basename(path));
      expect(leftovers.filter((n) => !/\.gwz-(wal|shm)$/.test(n)), `round ${round}`).toEqual([]);
      const db = new Database(path, { readonly: true });
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'bou2_4p%'").all();
      const geomCols = db.prepare("SELECT f_table_name FROM geometry_columns WHERE f_table_name LIKE 'bou2_4p%'").all();
      const runs = db.prepare("SELECT COUNT(*) AS n FROM gwz_runs WHERE params LIKE '%bou2_4p%'").get() as { n: number };
      db.close();
      expect(tables).toEqual([]);
      expect(geomCols).toEqual([]);
      expect(runs.n).toBe(0);
    }

    // …and the project still takes the import the children never finished
    await f.client.api.project.open({ path });
    const { result } = await f.client.runJob('layers.importVector', { path: SHP_BOU2_4P, encoding: 'GBK', srcCrs: 'EPSG:4326' });
    expect(result.featuresWritten).toBe(925);
    await f.client.api.project.close({});
  });
});
