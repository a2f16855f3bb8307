import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportLayerResult, ExportLayoutResult, ExportReportResult } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';

// `gwz export layer|map|report|package` through the real CLI bundle, on the demo project.

let dir: string;
beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-export-cli-'));
  const r = gwzIn(dir, ['demo', 'demo.gwz']);
  expect(r.status, r.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('export layer: by name, format from the extension, --crs and --encoding; ogrinfo reads it back', () => {
  const r = gwzIn(dir, ['export', 'layer', 'demo.gwz', '污染源', '--out', '污染源.shp', '--encoding', 'gbk', '--crs', '4527', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = jsonOf<ExportLayerResult>(r);
  expect(out).toMatchObject({ format: 'shapefile', featureCount: 48, crs: 'EPSG:4527', encoding: 'GBK' });
  const info = execFileSync('ogrinfo', ['-q', '-al', '-oo', 'ENCODING=CP936', out.path], { encoding: 'utf8' });
  expect(info).toContain('示例垃圾填埋场1');
  expect(execFileSync('gdalsrsinfo', ['-e', out.path], { encoding: 'utf8' })).toContain('EPSG:4527');
});

it('export map: an SVG of the chosen layers at a chosen scale with the title given', () => {
  const r = gwzIn(dir, ['export', 'map', 'demo.gwz', '--layers', '县级行政区,水系', '--scale', '1:500000', '--paper', 'A2', '--title', '抚州市水系图', '--out', 'map.svg', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = jsonOf<ExportLayoutResult>(r);
  expect(out.placement.scale).toBe(500_000);
  expect(out.placement.pageMm).toEqual([594, 420]);
  expect(existsSync(out.path)).toBe(true);
});

it('export report: DOCX with its chapters, figures and tables counted', () => {
  const r = gwzIn(dir, ['export', 'report', 'demo.gwz', '--out', '报告.docx', '--organization', '示例单位', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const out = jsonOf<ExportReportResult>(r);
  expect(out.chapters.length).toBe(8);
  expect(out.figures.length).toBeGreaterThanOrEqual(5);
  expect(out.pdfPath).toBeNull();
}, 120_000);

it('usage and input errors: exit 2 for a bad sub-command or format, 3 for a missing layer, nothing written', () => {
  expect(gwzIn(dir, ['export', 'poster', 'demo.gwz', '--out', 'x']).status).toBe(2);
  expect(gwzIn(dir, ['export', 'layer', 'demo.gwz', '水系', '--out', 'x.doc']).status).toBe(2);
  const missing = gwzIn(dir, ['export', 'layer', 'demo.gwz', '没有的图层', '--out', 'x.shp']);
  expect(missing.status).toBe(3);
  expect(missing.stderr).toContain('没有这个图层');
  const exists = gwzIn(dir, ['export', 'layer', 'demo.gwz', '污染源', '--out', '污染源.shp']);
  expect(exists.status).toBe(3);
  expect(exists.stderr).toContain('已存在');
  expect(existsSync(join(dir, 'x.shp'))).toBe(false);
});

it('export package: every layer, the overview figure and the report in one folder', () => {
  const r = gwzIn(dir, ['export', 'package', 'demo.gwz', '--out', '成果', '--json']);
  expect(r.status, r.stderr).toBe(0);
  const layers = readdirSync(join(dir, '成果', '图层'));
  for (const f of ['县级行政区.shp', '县级行政区.cpg', '数字高程模型.tif', '污染源.shp', '水文地质分区.dbf']) expect(layers).toContain(f);
  expect(readdirSync(join(dir, '成果', '成果图'))).toEqual(expect.arrayContaining(['图2-1 工作区位置图.pdf', '图2-5 污染源分布图.pdf']));
  expect(existsSync(join(dir, '成果', '技术报告.docx'))).toBe(true);
  const zipped = execFileSync('python3', ['-c', 'import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).namelist()))', join(dir, '成果.zip')], { encoding: 'utf8' });
  expect(Number(zipped)).toBe(jsonOf<{ files: string[] }>(r).files.length);
}, 180_000);
