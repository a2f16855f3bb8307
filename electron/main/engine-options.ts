import type { EngineOptions } from '../engine/engine-api';

/**
 * How main tells the engine process its options: command-line flags, read back in the utility
 * process. (Names are ours, not Chromium's: `--user-data-dir` would be taken as Chromium's switch.)
 */
const FLAGS = { userDataDir: '--gwz-user-data-dir=', appVersion: '--gwz-app-version=' } as const;

export function engineArgs(options: EngineOptions): string[] {
  return [FLAGS.userDataDir + options.userDataDir, FLAGS.appVersion + options.appVersion];
}

/** Flags win, then GWZ_USER_DATA_DIR / GWZ_APP_VERSION; null when no user data dir is known. */
export function engineOptionsFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): EngineOptions | null {
  const flag = (prefix: string) => argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  const userDataDir = flag(FLAGS.userDataDir) || env.GWZ_USER_DATA_DIR;
  if (!userDataDir) return null;
  return { userDataDir, appVersion: flag(FLAGS.appVersion) || env.GWZ_APP_VERSION || '0.0.0' };
}
