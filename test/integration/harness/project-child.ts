/**
 * A second process for the lock and crash tests, bundled on the fly by bundle-child.ts and run with
 * plain node. It talks to a real engine and prints one line per thing the test waits for:
 *
 *   node child.cjs open <project> <userDataDir>
 *       → `RESULT <envelope JSON>`, then exits
 *   node child.cjs import <project> <userDataDir> <freezeAt|-> <source>[::srcCrs[::encoding]]…
 *       → `OPENED`; per source, in order: `PROGRESS <percent>` lines, then `DONE <index> <status> <layerId|error>`.
 *       With freezeAt, the LAST source's first progress event at or past that percent prints
 *       `FROZEN <percent>` and blocks the process right there, inside that import's transaction,
 *       until the test SIGKILLs it; its earlier events pause briefly so each passes the progress throttle.
 */
import { createEngine } from '../../../electron/engine';
import type { JobDoneEvent } from '../../../shared/api';

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const [mode, project, userDataDir, freezeArg, ...sources] = process.argv.slice(2);
  if (!mode || !project || !userDataDir) throw new Error('usage: open|import <project> <userDataDir> …');
  const engine = await createEngine({ userDataDir, appVersion: '0.0.0-child' });
  try {
    const opened = await engine.dispatch('project.open', { path: project });
    if (mode === 'open' || !opened.ok) {
      print(`RESULT ${JSON.stringify(opened)}`);
      return;
    }
    print('OPENED');
    const freezeAt = freezeArg === undefined || freezeArg === '-' ? Infinity : Number(freezeArg);
    for (const [index, spec] of sources.entries()) {
      const [path, srcCrs, encoding] = spec.split('::');
      const freezing = index === sources.length - 1 && freezeAt !== Infinity;
      let stop = (): void => undefined;
      const done = new Promise<JobDoneEvent>((resolve) => {
        stop = engine.onEvent((event) => {
          if (event.type === 'job.progress') {
            print(`PROGRESS ${event.percent.toFixed(1)}`);
            if (!freezing) return;
            // Listeners run synchronously inside the job, so blocking here freezes the import mid-transaction.
            if (event.percent >= freezeAt) {
              print(`FROZEN ${event.percent.toFixed(1)}`);
              for (;;) sleepSync(60_000);
            }
            sleepSync(120);
          }
          if (event.type === 'job.done') resolve(event);
        });
      });
      const started = await engine.dispatch('layers.importVector', {
        path,
        ...(srcCrs ? { srcCrs } : {}),
        ...(encoding ? { encoding } : {}),
      });
      if (!started.ok) {
        print(`DONE ${index} failed ${JSON.stringify(started.error)}`);
        continue;
      }
      const event = await done;
      stop();
      const layerId = (event.result as { layer?: { id: number } } | undefined)?.layer?.id;
      print(`DONE ${index} ${event.status} ${layerId ?? JSON.stringify(event.error)}`);
    }
  } finally {
    await engine.shutdown();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
