#!/usr/bin/env node
// `npm run build`: the Node/Electron bundles with esbuild, the renderer with Vite, into dist/.
//   --if-stale      skip a part whose outputs are newer than all of its sources
//   --no-renderer   only the esbuild bundles (what the CLI and server tests need)
// Fails (exit 1) when a bundle breaks the import rules: the engine and its Node hosts must never pull
// in 'electron', the sandboxed preload may require nothing but 'electron', the renderer nothing from
// electron/ or native modules.
import { build as esbuild } from 'esbuild';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const ifStale = argv.includes('--if-stale');
const withRenderer = !argv.includes('--no-renderer');
for (const arg of argv) {
  if (!['--if-stale', '--no-renderer'].includes(arg)) {
    console.error(`build: unknown option ${arg} (known: --if-stale, --no-renderer)`);
    process.exit(2);
  }
}

const NATIVE = ['better-sqlite3', 'gdal-async'];
const UI_PACKAGES = /node_modules[\\/](react|react-dom|antd|ol|@ant-design)[\\/]/;

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: [...NATIVE, 'electron'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

/**
 * `electronAllowed`: only Electron main may require it. `preload`: a sandboxed preload gets a
 * require() that knows 'electron' and nothing else, so everything else must be bundled in.
 */
const targets = [
  { name: 'main', entry: 'electron/main/main.ts', out: 'dist/electron/main.cjs', options: node, electronAllowed: true, optional: true },
  {
    name: 'preload',
    entry: 'electron/preload/preload.ts',
    out: 'dist/electron/preload.cjs',
    options: { ...node, platform: 'browser', target: 'chrome140', external: ['electron'] },
    electronAllowed: true,
    preload: true,
    optional: true,
  },
  { name: 'engine-process', entry: 'electron/main/engine-process.ts', out: 'dist/electron/engine-process.cjs', options: node, optional: true },
  { name: 'web', entry: 'electron/server/web.ts', out: 'dist/server/web.cjs', options: node },
  { name: 'gwz', entry: 'electron/cli/gwz.ts', out: 'dist/cli/gwz.cjs', options: node },
];

const NODE_SOURCES = ['electron', 'shared', 'package.json', 'scripts/build.mjs'];
const RENDERER_SOURCES = ['renderer', 'shared', 'package.json', 'scripts/build.mjs'];

function newestMtime(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file shows as a newer directory
  for (const name of readdirSync(full)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh(sources, outputs) {
  if (!outputs.every((o) => existsSync(join(root, o)))) return false;
  const oldestOutput = Math.min(...outputs.map((o) => statSync(join(root, o)).mtimeMs));
  return oldestOutput > Math.max(...sources.map(newestMtime));
}

const ms = (start) => `${Math.round(performance.now() - start)} ms`;

/** Import-rule violations of one esbuild bundle, as readable sentences. */
function importRuleErrors(target, metafile) {
  const errors = [];
  const inputs = Object.entries(metafile.inputs);
  // Only external imports name packages; bundled ones are resolved file paths (electron/engine/… is ours).
  const importersOf = (predicate) =>
    inputs.filter(([, info]) => info.imports.some((i) => i.external && predicate(i.path))).map(([file]) => file);
  const isElectron = (p) => p === 'electron' || p.startsWith('electron/');
  if (!target.electronAllowed) {
    const via = importersOf(isElectron);
    if (via.length > 0) errors.push(`requires 'electron' (imported by ${via.join(', ')})`);
  }
  if (target.preload) {
    for (const output of Object.values(metafile.outputs)) {
      const bad = output.imports.filter((i) => i.external && i.path !== 'electron').map((i) => i.path);
      if (bad.length > 0) errors.push(`requires ${[...new Set(bad)].join(', ')}; a sandboxed preload may only require 'electron'`);
    }
  }
  const ui = inputs.map(([file]) => file).filter((f) => f.startsWith('renderer/') || UI_PACKAGES.test(f));
  if (ui.length > 0) errors.push(`bundles UI code: ${ui.slice(0, 5).join(', ')}`);
  return errors;
}

/** Vite plugin: the renderer bundle may not contain engine/host code or native modules. */
function rendererImportRule(found) {
  const electronDir = join(root, 'electron') + sep;
  const forbidden = new RegExp(`node_modules[\\\\/](${['electron', ...NATIVE].join('|')})[\\\\/]`);
  return {
    name: 'gwz-renderer-import-rule',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const id of chunk.moduleIds ?? Object.keys(chunk.modules ?? {})) {
          const file = id.replace(/^\0/, '').split('?')[0];
          if (file.startsWith(electronDir) || forbidden.test(file) || file.startsWith('node:')) {
            found.push(`${chunk.fileName} contains ${relative(root, file) || file}`);
          }
        }
      }
    },
  };
}

async function buildNode() {
  const failures = [];
  const results = await Promise.all(
    targets.map(async (target) => {
      if (!existsSync(join(root, target.entry))) {
        if (!target.optional) throw new Error(`missing entry ${target.entry}`);
        console.warn(`build: skipping ${target.name}: ${target.entry} does not exist yet`);
        return null;
      }
      const start = performance.now();
      const result = await esbuild({ ...target.options, entryPoints: [target.entry], outfile: target.out });
      const errors = importRuleErrors(target, result.metafile);
      for (const error of errors) failures.push(`${target.out} ${error}`);
      // A rule-breaking bundle must not survive to look fresh to the next --if-stale run.
      if (errors.length > 0) for (const f of [target.out, `${target.out}.map`]) rmSync(join(root, f), { force: true });
      const bytes = Object.entries(result.metafile.outputs).find(([f]) => f.endsWith('.cjs'))?.[1].bytes ?? 0;
      return `${target.out} ${(bytes / 1024).toFixed(0)} KiB (${ms(start)})`;
    }),
  );
  for (const line of results) if (line) console.log(`  ${line}`);
  return failures;
}

async function buildRenderer() {
  const config = join(root, 'renderer', 'vite.config.ts');
  if (!existsSync(config)) {
    console.warn('build: skipping the renderer: renderer/vite.config.ts does not exist yet');
    return [];
  }
  const start = performance.now();
  const found = [];
  const { build } = await import('vite');
  await build({ configFile: config, logLevel: 'warn', plugins: [rendererImportRule(found)] });
  console.log(`  dist/renderer (${ms(start)})`);
  return found.map((f) => `dist/renderer: ${f}`);
}

/**
 * One build at a time per checkout: test files that build in their beforeAll run in parallel, and
 * a second build must neither write the same files concurrently nor read half-written ones. The
 * waiter re-checks staleness after the first build finishes, so usually it has nothing to do.
 */
async function acquireBuildLock() {
  const lock = join(root, 'dist', '.build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => rmSync(lock, { force: true });
      process.on('exit', release);
      return release;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileSync(lock, 'utf8')) || 0;
    let alive = false;
    try {
      if (holder > 0) alive = process.kill(holder, 0);
    } catch (err) {
      alive = err.code === 'EPERM';
    }
    if (!alive) rmSync(lock, { force: true });
    else if (Date.now() > deadline) throw new Error(`another build (pid ${holder}) holds ${lock}`);
    else await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const start = performance.now();
  await acquireBuildLock();
  const failures = [];
  const nodeOutputs = targets.filter((t) => existsSync(join(root, t.entry))).map((t) => t.out);
  if (ifStale && isFresh(NODE_SOURCES, nodeOutputs)) console.log('build: node bundles are up to date');
  else failures.push(...(await buildNode()));

  if (withRenderer) {
    if (ifStale && isFresh(RENDERER_SOURCES, ['dist/renderer/index.html'])) console.log('build: renderer is up to date');
    else failures.push(...(await buildRenderer()));
  }

  if (failures.length > 0) {
    console.error('\nbuild: IMPORT RULE BROKEN — see docs/architecture.md (engine/server/cli never import electron;');
    console.error('the preload requires only electron; the renderer never includes electron/ or native modules):');
    for (const f of failures) console.error(`  ✗ ${f}`);
    process.exit(1);
  }
  console.log(`build: done in ${ms(start)}`);
}

main().catch((err) => {
  // esbuild and Vite have already printed the located errors; this is the summary line.
  console.error(`build: FAILED: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
