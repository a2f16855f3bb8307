/**
 * A second process for the crash test of boundary editing, bundled on the fly and run with plain node:
 *
 *   node edit-child.cjs <project> <userDataDir> <layerId> <x> <y>
 *       → `OPENED`, then edits forever, moving the vertex at (x, y) back and forth by 10 m, printing
 *         `COMMITTED <changeId>` after each change is committed — until the test SIGKILLs it, most
 *         likely inside a transaction (the loop spends nearly all its time in SQLite and GEOS).
 */
import { createEngine } from '../../../electron/engine';
import type { EditResult } from '../../../shared/api';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const [project, userDataDir, layer, xs, ys] = process.argv.slice(2);
  const engine = await createEngine({ userDataDir: userDataDir!, appVersion: '0.0.0-child' });
  const opened = await engine.dispatch('project.open', { path: project });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  print('OPENED');
  const layerId = Number(layer);
  let at: [number, number] = [Number(xs), Number(ys)];
  for (let i = 0; ; i++) {
    const to: [number, number] = [at[0] + (i % 2 === 0 ? 10 : -10), at[1]];
    const r = await engine.dispatch('editing.apply', { layerId, edit: { op: 'moveVertex', from: at, to }, reason: `崩溃测试 ${i}` });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    print(`COMMITTED ${(r.result as EditResult).change.id}`);
    at = to;
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
