import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/data';

export const SAMPLE = join(REPO_ROOT, 'resources/templates/sample');
export const sample = (name: string): string => join(SAMPLE, name);
export const BAD_TABLES = join(REPO_ROOT, 'test/fixtures/bad/tables');

/**
 * sha256 over every row of the borehole tables and the layer registry, read through a separate
 * plain SQLite connection (what is committed, byte for byte, geometry blobs included).
 */
export function boreholeTablesChecksum(projectPath: string): string {
  const db = new Database(projectPath, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    for (const table of ['gwz_layers', 'gw_collars', 'gw_lithology', 'gw_levels', 'gw_tests', 'gw_quality']) {
      hash.update(`#${table}\n`);
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).raw().all() as unknown[][]) {
        hash.update(JSON.stringify(row.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v))));
        hash.update('\n');
      }
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}
