import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createClient, type Client } from '../../../shared/api';
import { createEngine, type EngineApi } from '../../../electron/engine';
import { createInProcessTransport } from '../../../electron/cli/in-process-transport';

/**
 * What the analysis benchmarks share: the synthetic inputs, written once per size into
 * $TMPDIR/gwz-bench-analysis (deterministic, so a second run reuses them), an engine of our own
 * (in-process, the real client), peers timed by /usr/bin/time (wall seconds and max RSS of the peer
 * process tree's largest process), our peak RSS from the kernel's high-water mark, and the ratios
 * recorded into results.json beside the benches.
 */

/** Side of the square inputs; GWZ_BENCH_SIDE=1000 for a quick try (results are recorded per side). */
export const SIDE = Number(process.env.GWZ_BENCH_SIDE ?? 4000);
/** CGCS2000 / 3-degree GK CM 117E: a projected CRS both sides know. */
export const EPSG = 4548;
export const GRID = { srid: EPSG, x0: 500_000, y0: 3_100_000, dx: 10, dy: 10, width: SIDE, height: SIDE };

export const inputDir = join(process.env.GWZ_BENCH_DIR ?? tmpdir(), 'gwz-bench-analysis', String(SIDE));

/** The input files of a bench, written by `make` the first time (a marker file says they are complete). */
export function cachedInputs<T extends Record<string, string>>(name: string, make: (dir: string) => T): T {
  const dir = join(inputDir, name);
  const marker = join(dir, 'inputs.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as T;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const files = make(dir);
  writeFileSync(marker, JSON.stringify(files));
  console.log(`${name}: inputs written in ${((performance.now() - t0) / 1000).toFixed(1)} s to ${dir}`);
  return files;
}

export interface Bench {
  dir: string;
  engine: EngineApi;
  client: Client;
  project: string;
  dispose(): Promise<void>;
}

/** A fresh engine and an empty project in a scratch folder (the inputs stay cached). */
export async function benchEngine(name: string): Promise<Bench> {
  const dir = join(inputDir, `${name}-run-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const engine = await createEngine({ userDataDir: join(dir, 'userdata'), appVersion: 'bench' });
  const client = createClient(createInProcessTransport(engine));
  const project = join(dir, `${name}.gwz`);
  await client.api.project.create({ path: project, crs: `EPSG:${EPSG}`, overwrite: true });
  return {
    dir,
    engine,
    client,
    project,
    async dispose() {
      await engine.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Measure {
  seconds: number;
  /** Peak resident memory: ours the whole bench process (engine in-process, so an upper bound); a peer its own process. */
  peakRssMiB: number;
}

function vmHwmKiB(): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * Times our side and takes its peak RSS: the kernel's high-water mark, reset before the run
 * (`echo 5 > /proc/self/clear_refs`), so it sees peaks a timer could not sample while the engine's
 * loops hold the thread.
 */
export async function measureOurs(fn: () => Promise<unknown>): Promise<Measure> {
  let reset = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    reset = true;
  } catch {
    // not Linux: fall back to sampling
  }
  let sampled = process.memoryUsage.rss();
  const timer = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 50);
  const t0 = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const hwm = reset ? vmHwmKiB() : null;
  return { seconds, peakRssMiB: Math.max(sampled / 2 ** 20, (hwm ?? 0) / 1024) };
}

/** Runs a peer command under /usr/bin/time: its wall seconds and max RSS. */
export function measurePeer(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Measure & { stdout: string } {
  const out = join(tmpdir(), `gwz-bench-time-${process.pid}.txt`);
  const stdout = execFileSync('/usr/bin/time', ['-f', '%e %M', '-o', out, cmd, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const [e, m] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  rmSync(out, { force: true });
  return { seconds: e!, peakRssMiB: m! / 1024, stdout };
}

/**
 * Runs a script in a throw-away GRASS location (setup such as r.in.gdal untimed), timing each
 * command of `timed` with /usr/bin/time inside the session: the seconds and max RSS of each, summed /
 * maxed as the peer's, plus the script's other output.
 */
export function measureGrass(setup: string[], timed: string[], after: string[] = []): Measure & { stdout: string; steps: Measure[] } {
  const marks = timed.map((cmd, i) => `/usr/bin/time -f "GWZTIME ${i} %e %M" ${cmd}`);
  const stdout = execFileSync('grass', ['--tmp-location', `EPSG:${EPSG}`, '--exec', 'bash', '-c', ['set -e', 'exec 2>&1', ...setup, ...marks, ...after].join('\n')], {
    encoding: 'utf8',
    // /usr/bin/time writes to stderr, which the script sends to stdout (exec 2>&1) for the parser
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GRASS_VERBOSE: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseGrass(stdout, timed.length);
}

function parseGrass(stdout: string, n: number): Measure & { stdout: string; steps: Measure[] } {
  const steps: Measure[] = [];
  for (let i = 0; i < n; i++) {
    const m = new RegExp(`^GWZTIME ${i} ([\\d.]+) (\\d+)$`, 'm').exec(stdout);
    if (!m) throw new Error(`GRASS step ${i} reported no time:\n${stdout}`);
    steps.push({ seconds: Number(m[1]), peakRssMiB: Number(m[2]) / 1024 });
  }
  return { seconds: steps.reduce((a, s) => a + s.seconds, 0), peakRssMiB: Math.max(...steps.map((s) => s.peakRssMiB)), stdout, steps };
}

export interface BenchRecord {
  task: string;
  side: number;
  ours: Measure & { detail?: Record<string, unknown> };
  peers: Record<string, Measure & { ratio: number; detail?: Record<string, unknown> }>;
  notes?: string;
}

/** Prints the ratios and merges the record into results.json (one entry per bench and input size). */
export function record(key: string, rec: BenchRecord, load0: number[]): void {
  const file = join(dirname(new URL(import.meta.url).pathname), 'results.json');
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const entry = {
    date: new Date().toISOString(),
    load: { before: load0.map((l) => Number(l.toFixed(2))), after: loadavg().map((l) => Number(l.toFixed(2))), cpus: cpus().length },
    ...rec,
  };
  all[`${key}@${rec.side}`] = entry;
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
  const lines = [`\n${rec.task} (${rec.side}×${rec.side}), load ${entry.load.before.join(' ')} → ${entry.load.after.join(' ')}:`];
  lines.push(`  ours ${rec.ours.seconds.toFixed(2)} s, peak RSS ${rec.ours.peakRssMiB.toFixed(0)} MiB`);
  for (const [name, p] of Object.entries(rec.peers)) {
    lines.push(`  ${name}: ${p.seconds.toFixed(2)} s, peak RSS ${p.peakRssMiB.toFixed(0)} MiB — ratio ours/peer ${p.ratio.toFixed(3)}`);
  }
  console.log(lines.join('\n'));
}

export const ratio = (ours: Measure, peer: Measure): number => Number((ours.seconds / peer.seconds).toFixed(4));

/** Each side of a bench runs once (4000² jobs take seconds to minutes; GWZ_BENCH_RUNS=3 for more, the fastest kept). */
export const ONCE = { iterations: Number(process.env.GWZ_BENCH_RUNS ?? 1), warmupIterations: 0, time: 0, warmupTime: 0 } as const;

/** The fastest of the runs of each side (peak RSS: the largest seen). */
export class Runs {
  private readonly best = new Map<string, Measure & { detail?: Record<string, unknown> }>();

  add(name: string, m: Measure, detail?: Record<string, unknown>): void {
    const cur = this.best.get(name);
    const peak = Math.max(cur?.peakRssMiB ?? 0, m.peakRssMiB);
    const keep = !cur || m.seconds < cur.seconds ? { seconds: m.seconds, ...(detail ? { detail } : cur?.detail ? { detail: cur.detail } : {}) } : cur;
    this.best.set(name, { ...keep, peakRssMiB: Number(peak.toFixed(1)), seconds: Number(keep.seconds.toFixed(3)) });
  }

  get(name: string): (Measure & { detail?: Record<string, unknown> }) | undefined {
    return this.best.get(name);
  }

  /** The record of the run: ours against every peer that ran. */
  toRecord(task: string, ours: string, peers: string[], notes?: string): BenchRecord | null {
    const o = this.best.get(ours);
    if (!o) return null;
    const out: BenchRecord['peers'] = {};
    for (const p of peers) {
      const m = this.best.get(p);
      if (m) out[p] = { ...m, ratio: ratio(o, m) };
    }
    return { task, side: SIDE, ours: o, peers: out, ...(notes ? { notes } : {}) };
  }
}
