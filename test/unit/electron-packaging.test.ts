import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string };
  /** electron-builder normalises the list into file sets */
  files: Array<string | { filter: string[] }>;
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  fileAssociations: Array<{ ext: string; description: string }>;
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  nsis: Record<string, unknown>;
  win: { target: Array<{ target: string; arch: string[] }> };
  linux: { target: string[] };
  mac: { target: string };
}

/** electron-builder's own loader and JSON-schema validation, as `electron-builder` runs them. */
let loaded: Promise<BuilderConfig> | null = null;
const loadConfig = () => (loaded ??= readConfig());

async function readConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, configPath: string | null, fromOptions: null): Promise<unknown>;
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
  await validateConfiguration(config, new DebugLogger(false));
  return config as BuilderConfig;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder validation and packages only the build output and run-time resources', async () => {
    const config = await loadConfig();
    expect(config.appId).toBe('cn.gwz.workbench');
    expect(config.productName).toBe('GWZ Workbench');
    expect(config.directories.output).toBe('release');
    const files = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    // Build output plus the resources the engine reads at run time; never sources, tests or team data.
    expect(files).toEqual([
      'dist/**/*',
      '!dist/**/*.map',
      'package.json',
      'resources/sample/**/*',
      'resources/templates/**/*',
    ]);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/*.node', 'node_modules/better-sqlite3/**/*', 'node_modules/gdal-async/**/*']));
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources/spatialite/${os}', to: 'spatialite' })]);
    expect(config.npmRebuild).toBe(true);
  });

  it('installs per user in Chinese with a choosable directory, and opens .gwz files', async () => {
    const config = await loadConfig();
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      language: '2052',
      installerLanguages: ['zh_CN', 'en_US'],
    });
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.fileAssociations[0]).toMatchObject({ ext: 'gwz', description: expect.stringContaining('工程文件') });
  });

  it('locks the packaged binary down with Electron fuses', async () => {
    const { electronFuses } = await loadConfig();
    expect(electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has the icon it names: a 512x512 PNG', () => {
    const png = readFileSync(path.join(root, 'resources/icons/icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });
});

describe('scripts/package-desktop.mjs', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'scripts/package-desktop.mjs'), ...args], { cwd: root, encoding: 'utf8' });

  it('refuses clearly without the Electron binary, or plans the steps when it is there', () => {
    const hasElectron = existsSync(path.join(root, 'node_modules/electron/path.txt'));
    const r = run('--linux', '--dry-run');
    if (hasElectron) {
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('electron-builder install-app-deps');
      expect(r.stdout).toContain('electron-builder --linux --x64 --publish never');
    } else {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('找不到 Electron 可执行文件');
      expect(r.stderr).toContain('The Electron binary is missing');
    }
  });

  it('rejects unknown arguments', () => {
    const r = run('--windoze');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('Unknown arguments: --windoze');
  });
});
