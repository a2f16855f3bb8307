import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Bundles a harness child (project-child.ts unless named) into a temp .cjs that plain node runs as a separate process; native
 * modules stay external and resolve from the repo's node_modules through NODE_PATH (childEnv).
 */
export function bundleChild(entry = 'project-child'): string {
  const outfile = join(mkdtempSync(join(tmpdir(), 'gwz-child-')), `${entry}.cjs`);
  buildSync({
    entryPoints: [join(REPO_ROOT, `test/integration/harness/${entry}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'gdal-async'],
    outfile,
    logLevel: 'error',
  });
  return outfile;
}

export function childEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: join(REPO_ROOT, 'node_modules') };
}
