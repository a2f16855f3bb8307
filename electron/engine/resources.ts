import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The app's read-only resources (sample data, templates). GWZ_RESOURCES wins; otherwise the first
 * `resources/` above this module — the same search works from the TypeScript sources (tests), the
 * Node bundles in dist/ and the packaged app, whose layouts differ in depth.
 */
export function resourcesDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GWZ_RESOURCES) return resolve(env.GWZ_RESOURCES);
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'sample'))) return candidate;
    if (dirname(dir) === dir) return resolve(__dirname, '../../resources');
  }
}
