import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
export const GWZ = join(root, 'dist', 'cli', 'gwz.cjs');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The real CLI bundle, built by the real build script (skipped when dist is fresh). Call in beforeAll. */
export function buildCli(): void {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--if-stale', '--no-renderer'], { cwd: root, stdio: 'pipe' });
}

/** Runs `gwz …` in `cwd` with its own GWZ_HOME and a Chinese locale. */
export function gwzIn(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const start = performance.now();
  const r = spawnSync(process.execPath, [GWZ, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GWZ_HOME: join(cwd, 'home'), LANG: 'zh_CN.UTF-8', ...env },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - start };
}

export function jsonOf<T>(run: CliRun): T {
  return JSON.parse(run.stdout) as T;
}
