import { homedir } from 'node:os';
import { join } from 'node:path';
import { version } from '../../package.json';
import type { EngineOptions } from '../engine';

/**
 * Engine options for the plain-Node hosts (browser-mode server and CLI). The desktop app passes
 * Electron's userData instead; here GWZ_HOME wins so tests and scripts can keep their own state.
 */
export function nodeEngineOptions(env: NodeJS.ProcessEnv = process.env): EngineOptions {
  const configHome =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return {
    userDataDir: env.GWZ_HOME && env.GWZ_HOME.length > 0 ? env.GWZ_HOME : join(configHome, 'gwz-workbench'),
    appVersion: version,
  };
}

export const APP_VERSION: string = version;
