import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BoreholeTableKind, RejectedRow } from '../../shared/api';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { BAD_TABLES, boreholeTablesChecksum, sample } from './import-boreholes-support';

interface Case {
  file: string;
  kind: BoreholeTableKind;
  code: 'BAD_INPUT' | 'FILE_NOT_FOUND';
  delimiter?: ',' | ';';
  /** the error's English message, or the first rejected row's reason */
  message?: RegExp;
  rejected?: Partial<RejectedRow> & { reason?: RegExp };
}

const CASES: Case[] = [
  { file: 'wrong-delimiter.csv', kind: 'collars', delimiter: ',', code: 'BAD_INPUT', message: /given "," delimiter; the file seems to be delimited by ";"/ },
  { file: 'pipe-delimited.csv', kind: 'collars', code: 'BAD_INPUT', message: /seems to be delimited by "\|"/ },
  { file: 'empty.csv', kind: 'collars', code: 'BAD_INPUT', message: /empty; it has no header row/ },
  { file: 'header-only.csv', kind: 'lithology', code: 'BAD_INPUT', message: /header but no data rows/ },
  { file: 'merged-header.xlsx', kind: 'collars', code: 'BAD_INPUT', message: /header row has empty cells.*merged/ },
  { file: 'garbage.xlsx', kind: 'collars', code: 'BAD_INPUT', message: /not a valid CSV\/XLSX or it is damaged/ },
  { file: 'truncated.xlsx', kind: 'collars', code: 'BAD_INPUT', message: /not a valid CSV\/XLSX or it is damaged/ },
  { file: 'missing-id-column.csv', kind: 'collars', code: 'BAD_INPUT', message: /Required columns are missing: hole_id/ },
  { file: 'non-numeric-depth.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 2, field: 'bottom', value: '约5米', reason: /not a number/ } },
  { file: 'bottom-above-top.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 3, field: 'bottom', reason: /Bottom 1.5 is not below top 4/ } },
  { file: 'overlapping-intervals.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 3, field: 'top', reason: /1.5–4 m overlaps 0–2 m/ } },
  { file: 'gap-intervals.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 3, field: 'top', reason: /Gap between 1 and 2 m/ } },
  { file: 'depth-beyond-hole.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 2, field: 'bottom', reason: /deeper than the hole/ } },
  { file: 'unknown-lithology.csv', kind: 'lithology', code: 'BAD_INPUT', rejected: { row: 2, field: 'lithology', value: '月岩', reason: /Unknown lithology/ } },
  { file: 'duplicate-ids.csv', kind: 'collars', code: 'BAD_INPUT', rejected: { row: 4, field: 'hole_id', reason: /Duplicate ID ZK91 \(same as row 2\)/ } },
  { file: 'existing-id.csv', kind: 'collars', code: 'BAD_INPUT', rejected: { row: 2, field: 'hole_id', reason: /already exists/ } },
  { file: 'outside-crs-area.csv', kind: 'collars', code: 'BAD_INPUT', rejected: { row: 2, reason: /outside the area of use of the project CRS EPSG:4548/ } },
  { file: 'unknown-wells-quality.csv', kind: 'quality', code: 'BAD_INPUT', rejected: { row: 3, field: 'site', value: 'JC99', reason: /not a known borehole/ } },
  { file: 'bad-concentration.csv', kind: 'quality', code: 'BAD_INPUT', rejected: { row: 2, field: 'value', reason: /neither a number/ } },
  { file: 'no-molar-mass.csv', kind: 'quality', code: 'BAD_INPUT', rejected: { row: 2, field: 'unit', reason: /No molar mass is defined for 耗氧量/ } },
  { file: 'unknown-unit.csv', kind: 'quality', code: 'BAD_INPUT', rejected: { row: 2, field: 'unit', value: 'ppt', reason: /Unknown concentration unit/ } },
  { file: 'binary.csv', kind: 'collars', code: 'BAD_INPUT', message: /not a text table \(it holds binary data\)/ },
  { file: 'word-document.xlsx', kind: 'collars', code: 'BAD_INPUT', message: /not a valid CSV\/XLSX or it is damaged/ },
  { file: 'bad-date-levels.csv', kind: 'levels', code: 'BAD_INPUT', rejected: { row: 2, field: 'date', reason: /not a valid date/ } },
];

let f: EngineFixture;
let project: string;
beforeAll(async () => {
  f = await engineFixture();
  project = join(f.dir, 'bad.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4548' });
  await f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars' });
});
afterAll(async () => {
  await f.dispose();
});

describe('bad borehole tables', () => {
  it('covers every file of the corpus', () => {
    const files = readdirSync(BAD_TABLES).filter((n) => !n.endsWith('.mjs') && n !== 'utf16.csv');
    expect(files.sort()).toEqual(CASES.map((c) => c.file).sort());
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(CASES)('$file → $code, the project unchanged, the engine still answering', async (c) => {
    const before = boreholeTablesChecksum(project);
    const err = await errorOf(f.client.runJob('boreholes.import', { path: join(BAD_TABLES, c.file), kind: c.kind, ...(c.delimiter ? { delimiter: c.delimiter } : {}) }));
    expect(err.code).toBe(c.code);
    expect(err.message_zh).toMatch(/[\u4e00-\u9fff]/);
    if (c.message) expect(err.message_en).toMatch(c.message);
    if (c.rejected) {
      const { reason, ...fields } = c.rejected;
      const first = (err.details as { rejected: RejectedRow[] }).rejected[0]!;
      expect(first).toMatchObject(fields);
      if (reason) expect(first.reason_en).toMatch(reason);
      expect(first.reason_zh).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(boreholeTablesChecksum(project)).toBe(before);
    expect(await f.client.api.boreholes.summary({})).toMatchObject({ collars: 20, lithology: 0, quality: 0 });
  });

  it('a UTF-16 CSV (Notepad "Unicode") is transcoded and imports like a UTF-8 one', async () => {
    const { result } = await f.client.runJob('boreholes.import', { path: join(BAD_TABLES, 'utf16.csv'), kind: 'collars' });
    expect(result.rowsImported).toBe(1);
    expect(result.mapping).toMatchObject({ hole_id: '编号', elevation: '孔口高程' });
    expect((await f.client.api.boreholes.summary({})).collars).toBe(21);
  });

  it('the semicolon file imports with the delimiter detected or given right', async () => {
    const { result } = await f.client.runJob('boreholes.import', { path: join(BAD_TABLES, 'wrong-delimiter.csv'), kind: 'collars', delimiter: ';' });
    expect(result.rowsImported).toBe(1);
    expect(result.mapping).toMatchObject({ hole_id: '编号', elevation: '孔口高程' });
  });

  it('with skipRejected the good rows are imported and the report lists the others', async () => {
    const before = boreholeTablesChecksum(project);
    const { result } = await f.client.runJob('boreholes.import', {
      path: join(BAD_TABLES, 'unknown-wells-quality.csv'),
      kind: 'quality',
      skipRejected: true,
    });
    expect(result.rowsRead).toBe(2);
    expect(result.rowsImported).toBe(1);
    expect(result.rejected).toEqual([expect.objectContaining({ row: 3, field: 'site', value: 'JC99' })]);
    expect((await f.client.api.boreholes.summary({})).quality).toBe(1);
    expect(boreholeTablesChecksum(project)).not.toBe(before); // the checksum sees a one-row change
  });
});
