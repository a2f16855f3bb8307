import path from 'node:path';

export const PROJECT_EXTENSION = '.gwz';

/**
 * The project file the OS asked us to open: double-clicking a .gwz (file association) starts the
 * app, or a second instance, with the path on its command line. Flags (Chromium's and ours) and
 * anything that is not a .gwz are ignored; a relative path is resolved against the launching
 * instance's working directory, not ours.
 */
export function projectPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i -= 1) {
    const arg = argv[i]!;
    if (arg.startsWith('-')) continue;
    if (arg.toLowerCase().endsWith(PROJECT_EXTENSION)) return path.resolve(cwd, arg);
  }
  return null;
}
