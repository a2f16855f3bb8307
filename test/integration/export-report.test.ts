import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import gdal from 'gdal-async';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportReportResult, LayerInfo } from '../../shared/api';
import { keyZoneStyle } from '../../shared/style';
import { REPO_ROOT } from '../support/data';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

// The demo project's technical report: written as DOCX by the engine, converted by LibreOffice
// (the test fails if LibreOffice cannot read it), then read as text and looked at as page images.

const ARTIFACTS = join(REPO_ROOT, 'test-results', 'export', 'report');
const hasSoffice = existsSync('/usr/bin/soffice') || existsSync('/usr/bin/libreoffice');
let f: EngineFixture;
let layers: LayerInfo[];
let r: ExportReportResult;
let text: string;

beforeAll(async () => {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  f = await engineFixture();
  const path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  await f.client.api.project.close({});
  // a categorized style on the units layer, as the style panel stores it: the report tabulates its classes per county
  const s = keyZoneStyle('类型');
  if (s.type !== 'categorized') throw new Error('preset changed');
  const values = ['孔隙水', '岩溶水', '基岩裂隙水', '红层裂隙水'];
  const styled = { ...s, categories: s.categories.map((c, i) => ({ ...c, value: values[i]!, label: { zh: values[i]! } })) };
  const db = new Database(path);
  db.prepare('UPDATE gwz_layers SET style = ? WHERE name = ?').run(JSON.stringify(styled), '水文地质分区');
  db.close();
  await f.client.api.project.open({ path, readOnly: true });
  layers = (await f.client.api.layers.list({})).layers;
  r = (await f.client.runJob('export.report', { path: join(f.dir, '技术报告.docx'), report: { pdf: hasSoffice, organization: '示例编制单位', figureDpi: 120 } })).result;
  if (r.pdfPath) text = execFileSync('pdftotext', ['-layout', r.pdfPath, '-'], { encoding: 'utf8' });
}, 300_000);
afterAll(async () => {
  await f.dispose();
});

it.skipIf(!hasSoffice)('LibreOffice converts the DOCX; every chapter heading, figure caption and table caption is in the text', () => {
  expect(r.pdfPath).not.toBeNull();
  const flat = text.replace(/\s+/g, '');
  for (const ch of r.chapters) expect(flat).toContain(ch.replace(/\s+/g, ''));
  for (const h of ['1.2编制依据', '2.4地下水质量与污染状况', '4.2地下水脆弱性评估']) expect(flat).toContain(h);
  expect(r.figures.length).toBeGreaterThanOrEqual(5);
  for (const fig of r.figures) expect(flat).toContain(`${fig.number}${fig.caption}`.replace(/\s+/g, ''));
  for (const tab of r.tables) expect(flat).toContain(`${tab.number}${tab.caption}`.replace(/\s+/g, ''));
  expect(flat).toContain('示例编制单位');
  expect(r.placeholders).toBeGreaterThan(5);
  expect((flat.match(/【待填写】/g) ?? []).length).toBe(r.placeholders);
  // figures are embedded images, one per 图
  const images = execFileSync('pdfimages', ['-list', r.pdfPath!], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  expect(images.length).toBeGreaterThanOrEqual(r.figures.length);
  execFileSync('pdftoppm', ['-r', '50', '-png', r.pdfPath!, join(ARTIFACTS, 'page')]);
  expect(readdirSync(ARTIFACTS).filter((n) => n.startsWith('page')).length).toBeGreaterThan(10);
});

it.skipIf(!hasSoffice)('the per-county table equals areas computed independently by OGR/GEOS on the county and unit polygons', () => {
  // the geometries copied out of the project file by ogr2ogr in its own process (GDAL must not open
  // the file inside the engine's process), then measured with OGR
  const project = join(f.dir, 'demo.gwz');
  const tableOf = (name: string): string => layers.find((l) => l.name === name)!.tableName;
  const copy = join(f.dir, 'peer.gpkg');
  execFileSync('ogr2ogr', ['-f', 'GPKG', copy, project, tableOf('县级行政区'), tableOf('水文地质分区')]);
  const ds = gdal.open(copy);
  const counties = ds.layers.get(tableOf('县级行政区'));
  const units = ds.layers.get(tableOf('水文地质分区'));
  const unitGeoms = units.features.map((u) => ({ type: String(u.fields.get('类型')), g: u.getGeometry()!.clone() }));
  const rows = new Map<string, number[]>();
  counties.features.forEach((c) => {
    const g = c.getGeometry()!;
    const byType = ['孔隙水', '岩溶水', '基岩裂隙水', '红层裂隙水'].map((t) =>
      unitGeoms.filter((u) => u.type === t && u.g.intersects(g)).reduce((s, u) => s + (u.g.intersection(g) as gdal.Polygon).getArea(), 0),
    );
    rows.set(String(c.fields.get('name')), [(g as gdal.Polygon).getArea(), ...byType].map((a) => a / 1e6));
  });
  ds.close();
  expect(rows.size).toBe(11);
  const table = r.tables.find((t) => t.caption.includes('水文地质分区面积统计'));
  expect(table?.rows).toBe(12); // 11 counties + 合计
  // the PDF text row of each county: name, total, then one value per class (km², 2 decimals)
  for (const [county, want] of rows) {
    const line = text.split('\n').find((l) => l.trim().startsWith(county) && /\d+\.\d\d\s+\d+\.\d\d/.test(l));
    expect(line, county).toBeDefined();
    const got = line!.trim().split(/\s+/).slice(1).map(Number);
    expect(got.length).toBe(5);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${county} column ${i}`).toBeLessThanOrEqual(0.005 + 1e-9));
  }
});

it('the DOCX is an OOXML package Word and WPS read: content types, document, styles with 宋体/黑体, the images', () => {
  const list = execFileSync('unzip', ['-l', r.path], { encoding: 'utf8' });
  for (const part of ['[Content_Types].xml', 'word/document.xml', 'word/styles.xml', 'word/media/image1.png', 'word/footer1.xml']) expect(list).toContain(part);
  const styles = execFileSync('unzip', ['-p', r.path, 'word/styles.xml'], { encoding: 'utf8' });
  expect(styles).toContain('w:eastAsia="宋体"');
  expect(styles).toContain('w:eastAsia="黑体"');
  expect(styles).toContain('<w:sz w:val="32"/>'); // 三号 headings
  expect(styles).toContain('<w:sz w:val="24"/>'); // 小四 body
  expect(styles).toContain('w:firstLineChars="200"');
  const doc = execFileSync('unzip', ['-p', r.path, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(doc).toContain('TOC \\o');
  expect((doc.match(/<pic:pic>/g) ?? []).length).toBe(r.figures.length);
});

it('the water-quality table counts the samples worse than class III as the domain table says (domain.md §6)', () => {
  // class III limits of the demo's analytes (mg/L), from docs/domain.md §6
  const III: Record<string, number> = { 总硬度: 450, 氨氮: 0.5, '硝酸盐（以N计）': 20, 耗氧量: 3, 铁: 0.3, 锰: 0.1 };
  const db = new Database(join(f.dir, 'demo.gwz'), { readonly: true });
  const want = new Map(
    Object.entries(III).map(([a, lim]) => [a, (db.prepare('SELECT COUNT(*) AS n FROM gw_quality WHERE analyte = ? AND qualifier IS NULL AND value > ?').get(a, lim) as { n: number }).n]),
  );
  db.close();
  const doc = execFileSync('unzip', ['-p', r.path, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const rows = [...doc.matchAll(/<w:tr>(.*?)<\/w:tr>/g)].map((m) => [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]!));
  let seen = 0;
  for (const [analyte, n] of want) {
    const row = rows.find((cells) => cells[0] === analyte && cells.length === 8);
    expect(row, analyte).toBeDefined();
    expect(Number(row![6]), analyte).toBeCloseTo(III[analyte]!, 9);
    expect(row![7], analyte).toMatch(new RegExp(`^${n}（`));
    seen++;
  }
  expect(seen).toBe(6);
});

