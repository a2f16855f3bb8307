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
  ['truncated.geojson', 'not-json'],
  ['string-coords.geojson', 'no-geometry'],
  ['truncated.kml', 'broken-xml'],
  ['garbage.gpkg', 'not-geopackage'],
  ['truncated.zip', 'damaged-zip'],
  ['utf16.geojson', 'utf16-text'],
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

describe('more bad vector inputs: other typed errors, or a correct import where GDAL reads past the damage', () => {
  it('a .prj that is not WKT → CRS_UNKNOWN, nothing written', async () => {
    const before = await fingerprint();
    const err = await errorOf(f.client.runJob('layers.importVector', { path: join(BAD, 'garbage-prj.shp') }));
    expect(err.code).toBe('CRS_UNKNOWN');
    expect(err.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(await fingerprint()).toEqual(before);
  });

  it('coordinates of 1e20 → BAD_INPUT naming the CRS problem, nothing written', async () => {
    const before = await fingerprint();
    const err = await errorOf(f.client.runJob('layers.importVector', { path: join(BAD, 'huge-coords.geojson') }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.details).toMatchObject({ crsIssue: { kind: expect.any(String) } });
    expect(await fingerprint()).toEqual(before);
  });

  // The .shx gives every record's offset and the .dbf's real size bounds its rows, so GDAL reads
  // the three polygons right; the test pins that it is the same three as the undamaged file.
  it.each(['huge-record.shp', 'dbf-count.shp', 'bad-field-name.shp'])('%s imports its 3 polygons intact', async (file) => {
    const { result } = await f.client.runJob('layers.importVector', { path: join(BAD, file) });
    expect(result.layer.featureCount).toBe(3);
    const page = await f.client.api.features.list({ layerId: result.layer.id, limit: 10 });
    expect(page.rows).toHaveLength(3);
    // bad-field-name.shp: its first field's name is damaged (was INTERNAL "no such column"); the
    // garbage bytes also spoil the encoding guess, so only the numbers are compared there
    const name = page.fields.findIndex((fd) => fd.name === 'name');
    if (file !== 'bad-field-name.shp') expect(page.rows.map((r) => r[name])).toEqual(['区1', '区2', '区3']);
    else expect(page.rows.map((r) => r[0])).toEqual([1, 2, 3]);
    await f.client.api.layers.remove({ layerId: result.layer.id });
  });
});
