import type { EngineApi } from '../engine';
import { nodeEngineOptions } from '../server/node-engine-options';
import { runCli } from './run-cli';

// The `gwz` entry (dist/cli/gwz.cjs, started by scripts/gwz.cjs).
let engine: EngineApi | null = null;

// Ctrl+C during an import: stop the engine (its job rolls back, the lock is released), then leave.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted || !engine) process.exit(130);
  interrupted = true;
  process.stderr.write('\n已中断，正在释放工程… Interrupted, releasing the project…\n');
  engine.shutdown().finally(() => process.exit(130));
});

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  // Loaded on demand: GDAL's native module costs ~0.4 s, which help, --version and usage errors skip.
  createEngine: async () => {
    const { createEngine } = await import('../engine');
    return (engine = await createEngine(nodeEngineOptions()));
  },
}).then(
  (code) => {
    process.exitCode = code;
    // Native modules may keep handles open; do not let them hold the exit.
    setTimeout(() => process.exit(code), 2000).unref();
  },
  (err: unknown) => {
    process.stderr.write(`内部错误 Internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(5);
  },
);
