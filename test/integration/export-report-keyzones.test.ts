import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportReportResult } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';

// The report after the key-zone workflow: its per-county table of the key zones equals the
// workflow's own statistics table (重点区分县统计), computed by another engineer's code path.

let dir: string;
let report: ExportReportResult;
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-report-kz-'));
  for (const args of [['demo', 'fz.gwz'], ['keyzones', 'fz.gwz', '--init-config', 'kz.json'], ['keyzones', 'fz.gwz', '--config', 'kz.json']]) {
    const r = gwzIn(dir, args);
    expect(r.status, r.stderr).toBe(0);
  }
  const r = gwzIn(dir, ['export', 'report', 'fz.gwz', '--out', 'r.docx', '--json']);
  expect(r.status, r.stderr).toBe(0);
  report = jsonOf<ExportReportResult>(r);
}, 300_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('the per-county key-zone table equals the workflow’s 重点区分县统计 to 0.01 km²', () => {
  expect(report.figures.map((f) => f.caption)).toEqual(expect.arrayContaining(['重点区划定结果图', '保护类区域图']));
  const db = new Database(join(dir, 'fz.gwz'), { readonly: true });
  const t = (db.prepare("SELECT table_name FROM gwz_layers WHERE name = '重点区分县统计'").get() as { table_name: string }).table_name;
  const engine = db.prepare(`SELECT "行政区 Unit" AS county, "类别 Class" AS cls, "面积 km²" AS a FROM "${t}"`).all() as { county: string; cls: string; a: number }[];
  db.close();
  const doc = execFileSync('unzip', ['-p', join(dir, 'r.docx'), 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const caption = '各县（区）重点区划定结果面积统计';
  const tableXml = doc.slice(doc.indexOf(caption)).split('</w:tbl>')[0]!;
  const rows = [...tableXml.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((m) => [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((x) => x[1]!));
  const header = rows[0]!.map((h) => h.replace('/km²', ''));
  let compared = 0;
  for (const e of engine) {
    const col = header.indexOf(e.cls);
    const row = rows.find((r) => r[0] === e.county);
    if (col < 0 || !row) continue;
    expect(Math.abs(Number(row[col]) - e.a), `${e.county} ${e.cls}`).toBeLessThanOrEqual(0.0051);
    compared++;
  }
  expect(compared).toBeGreaterThanOrEqual(40); // 11 counties × 4 classes, less the empty ones the workflow omits
});
