/**
 * The process the crash-safety test SIGKILLs (bundled by bundle-child.ts, run with plain node).
 * It loads a real engine, prints `READY`, and waits for one line on stdin: a JSON
 * `{ project, ops: [{ method, params }…] }`. Waiting lets the test start the next victim while it
 * checks the last one, so engine start-up (GDAL, PROJ) is not paid on the test's clock 50 times.
 * Then it opens the project (`OPENED`) and runs the jobs in order, printing `START <i>` and
 * `DONE <i> <status> <ms>` for each, until it finishes (`END`) or is killed.
 */
import { createInterface } from 'node:readline';
import { createEngine } from '../../../electron/engine';
import type { JobDoneEvent } from '../../../shared/api';

interface Script {
  project: string;
  ops: { method: string; params: Record<string, unknown> }[];
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const userDataDir = process.argv[2];
  if (!userDataDir) throw new Error('usage: crash-child <userDataDir>');
  const engine = await createEngine({ userDataDir, appVersion: '0.0.0-crash' });
  print('READY');
  const line = await new Promise<string>((resolve) => {
    const rl = createInterface({ input: process.stdin });
    rl.once('line', (l) => {
      rl.close();
      resolve(l);
    });
  });
  const script = JSON.parse(line) as Script;
  const opened = await engine.dispatch('project.open', { path: script.project });
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  print('OPENED');
  // Done events by job id: a short job may finish before its dispatch has returned the id.
  const finished = new Map<string, JobDoneEvent>();
  const waiting = new Map<string, (e: JobDoneEvent) => void>();
  engine.onEvent((e) => {
    if (e.type !== 'job.done') return;
    finished.set(e.jobId, e);
    waiting.get(e.jobId)?.(e);
  });
  for (const [i, op] of script.ops.entries()) {
    const t0 = performance.now();
    print(`START ${i}`);
    const started = await engine.dispatch(op.method as never, op.params as never);
    if (!started.ok) {
      print(`DONE ${i} refused ${Math.round(performance.now() - t0)} ${JSON.stringify(started.error)}`);
      continue;
    }
    const jobId = (started.result as { jobId: string }).jobId;
    const event = finished.get(jobId) ?? (await new Promise<JobDoneEvent>((resolve) => waiting.set(jobId, resolve)));
    print(`DONE ${i} ${event.status} ${Math.round(performance.now() - t0)}${event.error ? ` ${JSON.stringify(event.error)}` : ''}`);
  }
  await engine.shutdown();
  print('END');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
