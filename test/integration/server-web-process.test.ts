import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine';

const root = resolve(__dirname, '../..');
const WEB = join(root, 'dist', 'server', 'web.cjs');
const TOKEN = 'test-token-0123456789abcdefghijklmnop';

let dir: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--no-renderer'], { cwd: root, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'gwz-web-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts `node dist/server/web.cjs` and resolves with its first two stdout lines. */
function startWeb(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcessWithoutNullStreams; lines: string[] }> {
  const child = spawn(process.execPath, [WEB, ...args], { env: { ...process.env, GWZ_HOME: join(dir, 'home'), ...env } });
  const lines: string[] = [];
  return new Promise((done, fail) => {
    const rl = createInterface({ input: child.stdout });
    rl.on('line', (line) => {
      lines.push(line);
      if (lines.length === 2) done({ child, lines });
    });
    child.once('exit', (code) => fail(new Error(`web.cjs exited with ${code} before printing its address`)));
    setTimeout(() => fail(new Error('web.cjs printed no address within 20 s')), 20_000).unref();
  });
}

describe('npm run web (dist/server/web.cjs)', () => {
  it('prints its address and JSON, serves the API, and on SIGTERM exits 0 having released the project', async () => {
    const { child, lines } = await startWeb(['--json'], { GWZ_PORT: '0', GWZ_TOKEN: TOKEN });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    try {
      const match = /^GWZ Workbench: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(.+)$/.exec(lines[0]!);
      expect(match, lines[0]).not.toBeNull();
      const port = Number(match![1]);
      expect(match![2]).toBe(TOKEN);
      expect(JSON.parse(lines[1]!)).toEqual({ url: `http://127.0.0.1:${port}/?token=${TOKEN}`, port, token: TOKEN });

      const project = join(dir, 'web.gwz');
      const res = await fetch(`http://127.0.0.1:${port}/api/invoke/project.create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ path: project, crs: 'EPSG:4548' }),
      });
      expect(await res.json()).toMatchObject({ ok: true, result: { crs: 'EPSG:4548' } });
      expect(existsSync(`${project}.lock`)).toBe(true);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Without the signal handler the process would die without removing its writer lock.
      expect(existsSync(`${project}.lock`)).toBe(false);

      const other = await createEngine({ userDataDir: join(dir, 'other'), appVersion: 'test' });
      try {
        expect(await other.dispatch('project.open', { path: project })).toMatchObject({ ok: true });
      } finally {
        await other.shutdown();
      }
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rejects a bad --port or an unknown option with exit 2', () => {
    expect(spawnSync(process.execPath, [WEB, '--port', 'abc']).status).toBe(2);
    expect(spawnSync(process.execPath, [WEB, '--frob']).status).toBe(2);
  });
});
