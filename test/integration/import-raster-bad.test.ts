import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { REPO_ROOT, testData } from '../support/data';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

// Corpus written by test/fixtures/bad/make-raster.mjs.
const BAD = join(REPO_ROOT, 'test/fixtures/bad/raster');

const CASES: { file: string; reason: string; zh: RegExp; en: RegExp }[] = [
  { file: 'text.tif', reason: 'not-tiff', zh: /内容不是 TIFF/, en: /content is not a TIFF/ },
  { file: 'empty.tif', reason: 'empty', zh: /空的/, en: /empty/ },
  { file: 'bogus-header.tif', reason: 'tiff-header', zh: /TIFF 文件头/, en: /TIFF header/ },
  { file: 'truncated-header.tif', reason: 'tiff-header', zh: /截断/, en: /cut off/ },
  { file: 'truncated-pixels.tif', reason: 'cells', zh: /像元数据读取失败/, en: /cells cannot be read/ },
  { file: 'broken-header.asc', reason: 'ascii-header', zh: /ASCII 格网的文件头/, en: /ASCII grid header/ },
  { file: 'wrong-rows.asc', reason: 'cells', zh: /行列数与文件头不符/, en: /fewer rows/ },
  { file: 'picture.tif', reason: 'no-georeferencing', zh: /没有地理参考/, en: /no georeferencing/ },
  { file: 'garbage.zip', reason: 'zip', zh: /zip/, en: /zip/ },
  { file: 'points.geojson', reason: 'no-bands', zh: /不含栅格波段/, en: /no raster bands/ },
  { file: 'letters-in-cells.asc', reason: 'ascii-cell', zh: /第 8 行有不是数字的像元值“x”/, en: /Line 8 .* not a number, "x"/ },
  { file: 'garbage.img', reason: 'unsupported', zh: /不支持其格式或文件已损坏/, en: /does not support its format/ },
  { file: 'not-gzip.asc.gz', reason: 'unsupported', zh: /不支持其格式或文件已损坏/, en: /does not support its format/ },
  { file: 'zero-size.asc', reason: 'ascii-header', zh: /ASCII 格网的文件头/, en: /ASCII grid header/ },
  { file: 'huge-dimensions.tif', reason: 'cells', zh: /像元数据读取失败/, en: /cells cannot be read/ },
];

let f: EngineFixture;
let project: string;

/** Everything a failed import could have touched: layer checksums, the table list and the row counts. */
async function snapshot(): Promise<unknown> {
  const { result } = await f.client.runJob('layers.checksum', {});
  const db = new Database(project, { readonly: true });
  try {
    const tables = db.prepare("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    const counts = ['gwz_layers', 'gwz_rasters', 'gwz_raster_chunks', 'gwz_runs'].map((t) => db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get());
    return { layers: result.layers, tables, counts };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  f = await engineFixture();
  project = join(f.dir, 'bad.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4548' });
  await f.client.runJob('layers.importRaster', { path: testData('dem/ywzdem30m.tif'), name: '已有高程' });
});
afterAll(async () => {
  await f.dispose();
});

describe('bad rasters', () => {
  it('the corpus has at least 15 files, each tested', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
    expect(readdirSync(BAD).filter((n) => !n.endsWith('.mjs')).sort()).toEqual(CASES.map((c) => c.file).sort());
  });

  for (const c of CASES) {
    it(`${c.file} → BAD_INPUT (${c.reason}), project unchanged, engine still answers`, async () => {
      const before = await snapshot();
      const err = await errorOf(f.client.runJob('layers.importRaster', { path: join(BAD, c.file), srcCrs: 'EPSG:4548' }));
      expect(err.code).toBe('BAD_INPUT');
      expect((err.details as { reason: string }).reason).toBe(c.reason);
      expect(err.message_zh).toMatch(c.zh);
      expect(err.message_en).toMatch(c.en);
      expect(err.message_zh).toContain(c.file);
      expect(await snapshot()).toEqual(before);
      const { layers } = await f.client.api.layers.list({});
      expect(layers.map((l) => l.name)).toEqual(['已有高程']);
      const served = await f.engine.readData(layers[0]!.dataUrl, new URLSearchParams(), 'bytes=0-7');
      expect(served.status).toBe(206);
    });
  }

  it('a file that does not exist → FILE_NOT_FOUND', async () => {
    const err = await errorOf(f.client.runJob('layers.importRaster', { path: join(BAD, 'missing.tif') }));
    expect(err.code).toBe('FILE_NOT_FOUND');
  });
});
