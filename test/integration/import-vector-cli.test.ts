import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testData } from '../support/data';

const root = resolve(__dirname, '../..');
const GWZ = join(root, 'dist', 'cli', 'gwz.cjs');
let dir: string;

function gwz(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [GWZ, ...args], { encoding: 'utf8', env: { ...process.env, GWZ_HOME: join(dir, 'home'), LANG: 'zh_CN.UTF-8' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--no-renderer'], { cwd: root, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'gwz-vcli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gwz preview / gwz import with the vector options', () => {
  it('previews a GBK shapefile without a project: encoding, decoded rows, fields', () => {
    const r = gwz(['preview', testData('shp_encoding/bou2_4p/bou2_4p.shp')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('CP936 (detected');
    expect(r.stdout).toMatch(/黑龙江省|内蒙古自治区/);
    expect(r.stdout).toContain('ADCODE99');
  });

  it('explains a wrong source CRS in the preview', () => {
    const r = gwz(['preview', testData('boundaries/garybikini_fuzhou/抚州市.shp'), '--src-crs', '4547']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('EPSG:4490');
  });

  it('imports with --web-offset gcj02 and prints the report', () => {
    const project = join(dir, 'fz.gwz');
    expect(gwz(['new', project, '--crs', 'EPSG:4548']).status).toBe(0);
    const r = gwz(['import', project, testData('boundaries/garybikini_fuzhou/抚州市.shp'), '--src-crs', '4326', '--web-offset', 'gcj02']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('11 个要素 features');
    expect(r.stdout).toContain('编码 Encoding: UTF-8');
    expect(r.stdout).toContain('gcj02 → WGS84');
    expect(gwz(['import', project, testData('boundaries/361000_full.json'), '--web-offset', 'wgs']).status).not.toBe(0);
  });
});
