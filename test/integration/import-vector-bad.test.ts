import Database from 'better-sqlite3';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, GEOJSON_FUZHOU, type EngineFixture } from './harness/engine-fixture';

const BAD = resolve(__dirname, '../fixtures/bad/vector');
let f: EngineFixture;
let projectPath: string;

beforeAll(async () => {
  f = await engineFixture();
  projectPath = join(f.dir, 'bad.gwz');
  await f.client.api.project.create({ path: projectPath, crs: 'EPSG:4548' });
  await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU });
});
afterAll(async () => {
  await f.dispose();
});

/** Every table and every layer's content checksum: what "the project is unchanged" means here. */
async function fingerprint(): Promise<{ tables: string[]; checksums: unknown }> {
  const db = new Database(projectPath, { readonly: true, fileMustExist: true });
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const runs = db.prepare('SELECT COUNT(*) AS n FROM gwz_runs').get() as { n: number };
  db.close();
  const { result } = await f.client.runJob('layers.checksum', {});
  return { tables: [...tables, `runs:${runs.n}`], checksums: result.layers };
}

// file → the reason the error names (details.reason)
const CASES: [string, string][] = [
  ['truncated.shp', 'truncated-shapefile'],
  ['missing-shx.shp', 'missing-shx'],
  ['missing-dbf.shp', 'missing-dbf'],
  ['empty-shp.shp', 'empty-file'],
  ['text-shp.shp', 'not-shapefile'],
  ['garbage.geojson', 'not-json'],
  ['wrong-structure.geojson', 'not-geojson'],
  ['html.kml', 'html-not-kml'],
  ['txt-only.zip', 'zip-without-data'],
  ['garbage.dxf', 'not-dxf'],
  ['pipe-delimited.csv', 'csv-delimiter'],
  ['empty.geojson', 'empty-file'],
  ['empty-dir.gdb', 'directory-without-data'],
  ['null-geometries.geojson', 'no-geometry'],
];

describe('bad vector inputs: a specific bilingual error, the project unchanged, the engine still serving', () => {
  it.each(CASES)('%s → %s', async (file, reason) => {
    const before = await fingerprint();
    const err = await errorOf(f.client.runJob('layers.importVector', { path: join(BAD, file) }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.details).toMatchObject({ reason });
    expect(err.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(err.message_en).toMatch(/[a-z]/);
    expect(await fingerprint()).toEqual(before);
    if (reason !== 'no-geometry') {
      // the preview names the same cause
      const previewErr = await errorOf(f.client.api.layers.previewSource({ path: join(BAD, file) }));
      expect(previewErr.details).toMatchObject({ reason });
    }
    expect((await f.client.api.layers.list({})).layers).toHaveLength(1);
  });
});
