import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../electron/engine/project/migrations';
import { openSpatialite } from '../../electron/engine/project/spatialite';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { testData } from '../support/data';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

describe('project file', () => {
  it('creates an EPSG:4548 SpatiaLite project that reports its CRS and opens in ogrinfo', async () => {
    const path = join(f.dir, '抚州 项目.gwz');
    const t0 = performance.now();
    const info = await f.client.api.project.create({ path, crs: 'EPSG:4548', title: '抚州市分区' });
    const createMs = performance.now() - t0;
    console.log(`timing: project.create ${createMs.toFixed(0)} ms`);
    expect(info).toMatchObject({
      path,
      title: '抚州市分区',
      crs: 'EPSG:4548',
      srid: 4548,
      schemaVersion: SCHEMA_VERSION,
      appVersion: '0.0.0-test',
      readOnly: false,
      layerCount: 0,
    });
    expect(info.crsName).toContain('117');
    // Empty project: the view is the CRS's area of use in metres around the 500 km false easting.
    const [minx, miny, maxx, maxy] = info.extent!;
    expect(minx).toBeLessThan(500_000);
    expect(maxx).toBeGreaterThan(500_000);
    expect(miny).toBeGreaterThan(1_000_000);
    expect(maxy).toBeLessThan(7_000_000);
    expect(existsSync(`${path}.lock`)).toBe(true);
    expect(f.events).toContainEqual({ type: 'project.changed', path, reason: 'created' });

    // The file itself: SpatiaLite metadata, our tables, WAL, versions, CRS rows for China's systems.
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      const meta = Object.fromEntries(
        (db.prepare('SELECT key, value FROM gwz_meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
      );
      expect(meta).toMatchObject({ schema_version: String(SCHEMA_VERSION), crs: 'EPSG:4548', srid: '4548', title: '抚州市分区' });
      const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['gwz_meta', 'gwz_layers', 'gwz_runs', 'gwz_edits', 'geometry_columns', 'spatial_ref_sys']));
      const srids = (db.prepare('SELECT srid FROM spatial_ref_sys WHERE srid IN (4548, 2401, 2349, 4490)').all() as { srid: number }[]).map((r) => r.srid);
      expect(srids.sort()).toEqual([2349, 2401, 4490, 4548]);
    } finally {
      db.close();
    }

    const ogr = spawnSync('ogrinfo', ['-so', '-ro', path], { encoding: 'utf8' });
    expect(ogr.status, ogr.stderr).toBe(0);
    expect(ogr.stdout).toContain('using driver `SQLite');

    expect(await f.client.api.project.check({})).toEqual({ ok: true, messages: ['ok'] });
    expect(await f.client.api.project.close({})).toEqual({ closed: true });
    expect(existsSync(`${path}.lock`)).toBe(false);
    const reopened = await f.client.api.project.open({ path });
    expect(reopened).toMatchObject({ crs: 'EPSG:4548', srid: 4548, title: '抚州市分区', createdAt: info.createdAt });
  });

  it('lists recent projects, most recent first, dropping files that are gone', async () => {
    const a = join(f.dir, 'a.gwz');
    const b = join(f.dir, 'b.gwz');
    await f.client.api.project.create({ path: a, crs: 'EPSG:4490' });
    await f.client.api.project.create({ path: b, crs: 'EPSG:4490', title: 'B 工程' });
    await f.client.api.project.open({ path: a });
    const { items } = await f.client.api.app.recentProjects({});
    expect(items.map((i) => i.path)).toEqual([a, b]);
    expect(items[1]!.title).toBe('B 工程');
    await f.client.api.project.close({});
    const { rmSync } = await import('node:fs');
    rmSync(a);
    expect((await f.client.api.app.recentProjects({})).items.map((i) => i.path)).toEqual([b]);
    // atomic write: no temp file left beside the list
    expect(existsSync(join(f.dir, 'userdata', 'recent-projects.json'))).toBe(true);
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    const path = join(f.dir, 'p.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    const exists = await errorOf(f.client.api.project.create({ path, crs: 'EPSG:4548' }));
    expect(exists.code).toBe('PROJECT_EXISTS');
    // a failed create leaves the open project open…
    expect((await f.client.api.project.info({})).path).toBe(path);
    // …and overwriting the open file itself closes it first
    const again = await f.client.api.project.create({ path, crs: 'EPSG:4490', overwrite: true });
    expect(again.crs).toBe('EPSG:4490');
  });

  it('reports an unknown CRS', async () => {
    const err = await errorOf(f.client.api.project.create({ path: join(f.dir, 'x.gwz'), crs: 'EPSG:999999' }));
    expect(err.code).toBe('CRS_UNKNOWN');
    expect(existsSync(join(f.dir, 'x.gwz'))).toBe(false);
    expect(existsSync(join(f.dir, 'x.gwz.lock'))).toBe(false);
  });

  it('answers bad files with typed, bilingual errors', async () => {
    const missing = await errorOf(f.client.api.project.open({ path: join(f.dir, 'nope.gwz') }));
    expect(missing.code).toBe('PROJECT_NOT_FOUND');
    expect(missing.message_zh).toMatch(/[\u4e00-\u9fff]/);

    const text = join(f.dir, 'notes.gwz');
    writeFileSync(text, '这不是数据库 — just some text\n'.repeat(200));
    const notDb = await errorOf(f.client.api.project.open({ path: text }));
    expect(notDb.code).toBe('PROJECT_CORRUPT');
    expect(notDb.message_zh.length).toBeGreaterThan(0);
    expect(existsSync(`${text}.lock`)).toBe(false); // a failed open releases its lock

    const plain = join(f.dir, 'plain.gwz');
    const db = new Database(plain);
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    db.close();
    const notProject = await errorOf(f.client.api.project.open({ path: plain }));
    expect(notProject.code).toBe('PROJECT_CORRUPT');
    expect(notProject.message_en).toContain('gwz_meta');
  });

  it('reports a project that fails PRAGMA integrity_check as corrupt, with the messages', async () => {
    const path = join(f.dir, 'broken.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.project.close({});
    // An index whose stored definition no longer matches its entries: integrity_check names the rows.
    const db = new Database(path);
    db.exec("CREATE INDEX gwz_meta_value ON gwz_meta (value)");
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_master SET sql = 'CREATE INDEX gwz_meta_value ON gwz_meta (key)' WHERE name = 'gwz_meta_value'").run();
    db.pragma('writable_schema = OFF');
    db.close();

    const err = await errorOf(f.client.api.project.open({ path }));
    expect(err.code).toBe('PROJECT_CORRUPT');
    expect(err.message_zh).toContain('完整性');
    const messages = (err.details as { messages: string[] }).messages;
    expect(messages.join('\n')).toMatch(/missing from index gwz_meta_value/);
  });

  it('refuses a project written by a newer schema', async () => {
    const path = join(f.dir, 'future.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.project.close({});
    const db = new Database(path);
    db.prepare("UPDATE gwz_meta SET value = ? WHERE key = 'schema_version'").run(String(SCHEMA_VERSION + 1));
    db.close();
    const err = await errorOf(f.client.api.project.open({ path }));
    expect(err.code).toBe('PROJECT_TOO_NEW');
    expect(err.details).toMatchObject({ schemaVersion: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
  });

  it('upgrades an older file in one transaction, or not at all', async () => {
    const path = join(f.dir, 'old.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.project.close({});
    const next = SCHEMA_VERSION + 1;
    const failing: Migration = {
      version: next,
      up(db) {
        db.exec('ALTER TABLE gwz_layers ADD COLUMN opacity REAL');
        throw new Error('step failed half way');
      },
    };
    const working: Migration = { version: next, up: (db) => db.exec('ALTER TABLE gwz_layers ADD COLUMN opacity REAL') };
    const db = openSpatialite(path);
    try {
      expect(() => migrate(db, SCHEMA_VERSION, [...MIGRATIONS, failing])).toThrow('half way');
      const cols = () => (db.prepare('PRAGMA table_info(gwz_layers)').all() as { name: string }[]).map((c) => c.name);
      expect(cols()).not.toContain('opacity'); // the half-done step was rolled back
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(migrate(db, SCHEMA_VERSION, [...MIGRATIONS, working])).toBe(next);
      expect(cols()).toContain('opacity');
      expect(db.pragma('user_version', { simple: true })).toBe(next);
      expect(db.prepare("SELECT value FROM gwz_meta WHERE key = 'schema_version'").get()).toEqual({ value: String(next) });
    } finally {
      db.close();
    }
  });

  it('opens read-only without a lock and refuses writes', async () => {
    const path = join(f.dir, 'ro.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.project.close({});
    const info = await f.client.api.project.open({ path, readOnly: true });
    expect(info.readOnly).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
    const err = await errorOf(f.client.api.layers.importVector({ path: testData('boundaries/361000_full.json') }));
    expect(err.code).toBe('PROJECT_READ_ONLY');
  });

  it('takes over a stale lock left by a dead process', async () => {
    const path = join(f.dir, 'stale.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    await f.client.api.project.close({});
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid, hostname: (await import('node:os')).hostname(), startedAt: '2020-01-01T00:00:00Z' }));
    await f.client.api.project.open({ path });
    const lock = JSON.parse(readFileSync(`${path}.lock`, 'utf8')) as { pid: number };
    expect(lock.pid).toBe(process.pid);
  });

  it('answers PROJECT_NOT_OPEN when nothing is open', async () => {
    expect((await errorOf(f.client.api.project.info({}))).code).toBe('PROJECT_NOT_OPEN');
    expect((await errorOf(f.client.api.layers.list({}))).code).toBe('PROJECT_NOT_OPEN');
    expect(await f.client.api.project.close({})).toEqual({ closed: false });
  });
});

describe('engine dispatcher and app methods', () => {
  it('refuses unknown methods and invalid requests with typed errors', async () => {
    const unknown = await f.engine.dispatch('project.explode', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    const bad = await f.engine.dispatch('project.create', { path: join(f.dir, 'x.gwz'), crs: '4548' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('BAD_REQUEST');
    expect(bad.error.details).toMatchObject({ issues: [expect.objectContaining({ path: 'crs' })] });
    expect(bad.error.message_zh).toContain('crs');
  });

  it('reports component versions and the built-in CRS list', async () => {
    const info = await f.client.api.app.info({});
    expect(info).toMatchObject({ appVersion: '0.0.0-test', schemaVersion: SCHEMA_VERSION });
    expect(info.gdal).toMatch(/^3\./);
    expect(info.spatialite).toMatch(/^\d+\.\d+/);
    expect(info.proj).toMatch(/\d+\.\d+/);
    const { items } = await f.client.api.app.crsList({});
    expect(items.find((c) => c.code === 'EPSG:4548')?.name_zh).toContain('2000');
  });
});
