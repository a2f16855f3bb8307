#!/usr/bin/env node
// Builds the desktop installers (npm run dist). Needs a machine with internet access (Electron
// and electron-builder download their runtimes) and the Electron binary installed; see
// docs/desktop.md for the whole story, including where SpatiaLite comes from per platform.
//
//   node scripts/package-desktop.mjs [--win|--linux|--mac] [--dry-run] [--no-restore]
//
// Steps:
//   1. check: Electron binary present, SpatiaLite for the target platform in resources/spatialite/<os>
//   2. npm run build                              (dist/electron/*.cjs + dist/renderer/)
//   3. npx electron-builder install-app-deps      (better-sqlite3 + gdal-async for Electron's ABI)
//   4. npx electron-builder --<platform> --x64 --publish never   (release/)
//   5. npm rebuild better-sqlite3 gdal-async      (back to Node's ABI for the CLI, server and tests)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = new Set(process.argv.slice(2));
const dryRun = args.has('--dry-run');

const PLATFORMS = {
  '--win': { flag: '--win', os: 'win', module: 'mod_spatialite.dll', name: 'Windows (NSIS x64)' },
  '--linux': { flag: '--linux', os: 'linux', module: 'mod_spatialite.so', name: 'Linux (AppImage + deb)' },
  '--mac': { flag: '--mac', os: 'mac', module: 'mod_spatialite.dylib', name: 'macOS (dmg)' },
};
const HOST = { win32: '--win', linux: '--linux', darwin: '--mac' }[process.platform];

function fail(zh, en) {
  console.error(`\n✖ ${zh}\n  ${en}\n`);
  process.exit(1);
}

const unknown = [...args].filter((a) => !['--dry-run', '--no-restore', ...Object.keys(PLATFORMS)].includes(a));
if (unknown.length > 0) fail(`未知参数：${unknown.join(' ')}`, `Unknown arguments: ${unknown.join(' ')} (use --win, --linux, --mac, --dry-run, --no-restore)`);
const chosen = Object.keys(PLATFORMS).filter((p) => args.has(p));
if (chosen.length > 1) fail('一次只打包一个平台', 'Package one platform at a time');
const target = PLATFORMS[chosen[0] ?? HOST];
if (!target) fail(`不支持的平台：${process.platform}`, `Unsupported platform: ${process.platform}`);

/** Where node_modules/electron would start Electron from (same rules as its index.js, without downloading). */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
  const full = join(dist, relative);
  return existsSync(full) ? full : null;
}

const binary = electronBinary();
if (!binary) {
  fail(
    '找不到 Electron 可执行文件（node_modules/electron/dist）。打包需要联网并已安装 Electron：\n' +
      '  node node_modules/electron/install.js\n' +
      '  （国内可先设置 ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/）',
    'The Electron binary is missing (node_modules/electron/dist). Packaging needs internet access and an installed Electron:\n' +
      '  node node_modules/electron/install.js   (set ELECTRON_MIRROR to use a mirror)\n' +
      '  This checkout was installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, so it cannot package as is.',
  );
}

const spatialiteDir = join(root, 'resources', 'spatialite', target.os);
const hasSpatialite = existsSync(spatialiteDir) && readdirSync(spatialiteDir).includes(target.module);
if (!hasSpatialite && target.os !== 'linux') {
  fail(
    `resources/spatialite/${target.os}/ 中没有 ${target.module} 及其依赖库；没有它工程文件无法打开。见 docs/desktop.md。`,
    `resources/spatialite/${target.os}/ lacks ${target.module} and its libraries; without it no project opens. See docs/desktop.md.`,
  );
}
if (!hasSpatialite) {
  console.warn('! resources/spatialite/linux is empty: the package relies on the system libsqlite3-mod-spatialite (a deb dependency).');
}
if (target.flag !== HOST) {
  console.warn(`! Cross-building ${target.name} on ${process.platform}: native modules are rebuilt for this OS, not the target. Build on the target OS.`);
}

const isWin = process.platform === 'win32';
const steps = [
  ['npm', ['run', 'build']],
  ['npx', ['electron-builder', 'install-app-deps']],
  ['npx', ['electron-builder', target.flag, '--x64', '--publish', 'never']],
];
if (!args.has('--no-restore')) steps.push(['npm', ['rebuild', 'better-sqlite3', 'gdal-async']]);

console.log(`Packaging ${target.name} with Electron at ${binary}`);
for (const [cmd, cmdArgs] of steps) {
  console.log(`\n== ${cmd} ${cmdArgs.join(' ')}`);
  if (dryRun) continue;
  const env = { ...process.env };
  // Restoring the Node build: same flags as scripts/setup.sh (Debian's shared GDAL on Linux).
  if (cmd === 'npm' && cmdArgs[0] === 'rebuild' && process.platform === 'linux') {
    env.npm_config_build_from_source = 'true';
    env.npm_config_shared_gdal = 'true';
  }
  // .cmd shims need a shell on Windows.
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env, shell: isWin });
  if (r.status !== 0) fail(`步骤失败：${cmd} ${cmdArgs.join(' ')}`, `Step failed (exit ${r.status ?? r.signal}): ${cmd} ${cmdArgs.join(' ')}`);
}
console.log(dryRun ? '\n(dry run: nothing was executed)' : '\nDone: installers are in release/');
