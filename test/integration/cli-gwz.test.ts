import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChecksumResult, DemoResult, ErrorData, ImportVectorResult, LayerInfo, ProjectInfo } from '../../shared/api';
import { createEngine } from '../../electron/engine';
import { testData } from '../support/data';
import { buildCli, GWZ, gwzIn, jsonOf, type CliRun } from './harness/cli';

const root = resolve(__dirname, '../..');
const BOUNDARIES = testData('boundaries/361000_full.json');

let dir: string;

type Run = CliRun;
const gwz = (args: string[], env: NodeJS.ProcessEnv = {}): Run => gwzIn(dir, args, env);
const json = <T>(run: Run): T => jsonOf<T>(run);

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-cli-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gwz new / info', () => {
  it('creates a project and reports its CRS and schema version as JSON', () => {
    const created = gwz(['new', 'a.gwz', '--crs', 'EPSG:4548', '--title', '抚州市重点区划定', '--json']);
    expect(created.status, created.stderr).toBe(0);
    expect(json<ProjectInfo>(created)).toMatchObject({ crs: 'EPSG:4548', title: '抚州市重点区划定' });

    const info = gwz(['info', 'a.gwz', '--json']);
    expect(info.status, info.stderr).toBe(0);
    const doc = json<ProjectInfo>(info);
    expect(doc.crs).toBe('EPSG:4548');
    expect(doc.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(doc.path).toBe(join(dir, 'a.gwz'));
    expect(doc.readOnly).toBe(true);
    expect(doc.layerCount).toBe(0);
    console.log(`gwz info: ${info.ms.toFixed(0)} ms wall (spawn to exit)`);
  });

  it('prints Chinese-with-English labels without --json', () => {
    const info = gwz(['info', 'a.gwz']);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/坐标系 CRS:\s+EPSG:4548/);
    expect(info.stdout).toMatch(/标题 Title:\s+抚州市重点区划定/);
  });

  it('refuses to replace an existing project without --overwrite (exit 4)', () => {
    const again = gwz(['new', 'a.gwz', '--crs', 'EPSG:4548', '--json']);
    expect(again.status).toBe(4);
    expect(json<{ error: ErrorData }>(again).error.code).toBe('PROJECT_EXISTS');
  });
});

describe('gwz exit codes', () => {
  it('2 for an unknown verb, with the usage on stderr', () => {
    const r = gwz(['frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown verb: frobnicate');
    expect(r.stdout).toBe('');
  });

  it('3 for a missing data file', () => {
    const r = gwz(['import', 'a.gwz', join(dir, 'no-such.shp'), '--json']);
    expect(r.status, r.stdout).toBe(3);
    const { error } = json<{ error: ErrorData }>(r);
    expect(error.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(error.message_en.length).toBeGreaterThan(0);
  });

  it('3 for an unknown CRS', () => {
    expect(gwz(['new', 'b.gwz', '--crs', 'EPSG:99999']).status).toBe(3);
  });

  it('4 for a missing project, in Chinese and English', () => {
    const r = gwz(['info', 'missing.gwz']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/^错误 \[PROJECT_NOT_FOUND\]/);
    expect(r.stderr).toContain('Error [PROJECT_NOT_FOUND]');
    const en = gwz(['layers', 'missing.gwz', '--lang', 'en']);
    expect(en.stderr).toMatch(/^Error \[PROJECT_NOT_FOUND\]/);
  });

  it('4 for a project held open for writing elsewhere; read-only verbs still work', async () => {
    const project = join(dir, 'locked.gwz');
    const holder = await createEngine({ userDataDir: join(dir, 'holder'), appVersion: 'test' });
    try {
      expect(await holder.dispatch('project.create', { path: project, crs: 'EPSG:4548' })).toMatchObject({ ok: true });

      const imported = gwz(['import', project, BOUNDARIES, '--src-crs', 'EPSG:4326', '--lang', 'en']);
      expect(imported.status).toBe(4);
      expect(imported.stderr).toMatch(/open elsewhere/i);
      expect(imported.stderr).toContain('PROJECT_LOCKED');

      const replaced = gwz(['new', project, '--crs', 'EPSG:4548', '--overwrite', '--json']);
      expect(replaced.status).toBe(4);
      const { error } = json<{ error: ErrorData }>(replaced);
      expect(error.code).toBe('PROJECT_LOCKED');
      expect(error.message_en).toMatch(/open elsewhere/i);

      const info = gwz(['info', project, '--json']);
      expect(info.status, info.stdout).toBe(0);
    } finally {
      await holder.shutdown();
    }
  });
});

describe('gwz import / layers / check / checksum', () => {
  const project = () => join(dir, 'fuzhou.gwz');

  beforeAll(() => {
    expect(gwz(['new', project(), '--crs', '4548']).status).toBe(0);
  });

  it('imports the 11 counties and lists them', () => {
    const r = gwz(['import', project(), BOUNDARIES, '--src-crs', 'EPSG:4326', '--name', '县界', '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const { imported } = json<{ imported: ImportVectorResult[] }>(r);
    expect(imported).toHaveLength(1);
    expect(imported[0]!.featuresWritten).toBe(11);

    const layers = gwz(['layers', project(), '--json']);
    expect(layers.status).toBe(0);
    const list = json<{ layers: LayerInfo[] }>(layers).layers;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ name: '县界', featureCount: 11, kind: 'vector' });

    const human = gwz(['layers', project()]);
    expect(human.stdout).toMatch(/县界\s+vector\s+\S+\s+11\s/);
  });

  it('releases the lock when it exits, so the project can be opened for writing', async () => {
    expect(existsSync(`${project()}.lock`)).toBe(false);
    const engine = await createEngine({ userDataDir: join(dir, 'after'), appVersion: 'test' });
    try {
      expect(await engine.dispatch('project.open', { path: project() })).toMatchObject({ ok: true });
    } finally {
      await engine.shutdown();
    }
  });

  it('checks integrity and computes stable checksums', () => {
    const check = gwz(['check', project(), '--json']);
    expect(check.status).toBe(0);
    expect(json<{ ok: boolean }>(check).ok).toBe(true);

    const first = json<ChecksumResult>(gwz(['checksum', project(), '--json']));
    const second = json<ChecksumResult>(gwz(['checksum', project(), '--json']));
    expect(first.layers).toHaveLength(1);
    expect(first.layers[0]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual(first);
  });

  it('on Ctrl+C releases the project and leaves no half-imported layer (exit 130)', async () => {
    const lock = `${project()}.lock`;
    const layerNames = () => json<{ layers: LayerInfo[] }>(gwz(['layers', project(), '--json'])).layers.map((l) => l.name);
    const before = layerNames();
    // 925 national polygons: an import long enough (~0.2 s) to interrupt reliably.
    const big = testData('shp_encoding/bou2_4p/bou2_4p.shp');
    const child = spawn(process.execPath, [GWZ, 'import', project(), big, '--src-crs', 'EPSG:4326', '--name', '中断'], {
      cwd: dir,
      env: { ...process.env, GWZ_HOME: join(dir, 'home') },
    });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    // The lock appears once the CLI has the project open for writing: interrupt from there on.
    const deadline = Date.now() + 20_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(existsSync(lock)).toBe(false);
    expect(layerNames()).toEqual(before);
  });

  it('refuses --name with several data files (exit 2)', () => {
    expect(gwz(['import', project(), BOUNDARIES, BOUNDARIES, '--name', 'x']).status).toBe(2);
  });
});

describe('gwz crs / call / demo', () => {
  it('lists the built-in CRSs', () => {
    const r = gwz(['crs', '--json']);
    expect(r.status).toBe(0);
    const codes = json<{ items: { code: string }[] }>(r).items.map((i) => i.code);
    expect(codes).toContain('EPSG:4548');
    expect(codes).toContain('EPSG:4490');
  });

  it('calls any contract method, opening --project first', () => {
    const info = gwz(['call', 'app.info', '--json']);
    expect(info.status).toBe(0);
    expect(json<{ appVersion: string }>(info).appVersion).toMatch(/^\d+\.\d+\.\d+/);

    const p = join(dir, 'call.gwz');
    expect(gwz(['new', p, '--crs', 'EPSG:4548']).status).toBe(0);
    const job = gwz(['call', 'layers.importVector', '--project', p, '--params', JSON.stringify({ path: BOUNDARIES, srcCrs: 'EPSG:4326' }), '--json']);
    expect(job.status, job.stdout).toBe(0);
    expect(json<ImportVectorResult>(job).featuresWritten).toBe(11);
    const list = gwz(['call', 'layers.list', '--project', p, '--read-only', '--json']);
    expect(json<{ layers: unknown[] }>(list).layers).toHaveLength(1);
  });

  it('maps call errors to usage exit codes', () => {
    expect(gwz(['call', 'no.such']).status).toBe(2);
    expect(gwz(['call', 'app.info', '--params', '{not json']).status).toBe(2);
    expect(gwz(['call', 'project.create', '--params', '{"crs":"nope"}']).status).toBe(2);
  });

  it('builds the demo project', () => {
    const r = gwz(['demo', 'demo/fuzhou-demo.gwz', '--json']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const doc = json<DemoResult>(r);
    expect(doc.project).toMatchObject({ title: '抚州市示范工程（示例数据）', crs: 'EPSG:4548' });
    expect(doc.layers).toEqual(
      expect.arrayContaining([
        { name: '县级行政区', kind: 'vector', featureCount: 11 },
        { name: '污染源', kind: 'vector', featureCount: 48 },
        { name: '地下水型饮用水水源', kind: 'vector', featureCount: 2 },
      ]),
    );
    expect(existsSync(join(doc.sampleDir, '数字高程模型_250m.tif'))).toBe(true);
    expect(gwz(['demo', 'demo/fuzhou-demo.gwz', '--overwrite']).status).toBe(0);
  });

  it('fails cleanly when the demo data is missing (exit 3, nothing created)', () => {
    const r = gwz(['demo', 'nodata.gwz', '--json'], { GWZ_RESOURCES: join(dir, 'nowhere') });
    expect(r.status).toBe(3);
    expect(json<{ error: ErrorData }>(r).error.code).toBe('FILE_NOT_FOUND');
    expect(existsSync(join(dir, 'nodata.gwz'))).toBe(false);
  });
});

describe('scripts/gwz.cjs launcher', () => {
  it('runs the bundle', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'gwz.cjs'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^gwz \d+\.\d+\.\d+/);
  });

  it('says to build first (exit 5) when the bundle is missing', () => {
    const fake = join(dir, 'fake-checkout', 'scripts');
    mkdirSync(fake, { recursive: true });
    copyFileSync(join(root, 'scripts', 'gwz.cjs'), join(fake, 'gwz.cjs'));
    const r = spawnSync(process.execPath, [join(fake, 'gwz.cjs'), 'info', 'x.gwz'], { encoding: 'utf8' });
    expect(r.status).toBe(5);
    expect(r.stderr).toContain('npm run build');
    expect(r.stderr).toMatch(/请先运行/);
  });
});
