import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import gdal from 'gdal-async';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExportLayoutResult, LayerInfo, LayoutSpecInput } from '../../shared/api';
import { keyZoneStyle, type VectorStyle } from '../../shared/style';
import { pngInfo } from '../../electron/engine/layout/png';
import { REPO_ROOT } from '../support/data';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

// The demo key-zone figure, drawn by the engine (SVG → Chromium) and checked on the files it
// writes: text and fonts in the PDF (poppler), colours, resolution and scale-bar length in the PNG.

const ARTIFACTS = join(REPO_ROOT, 'test-results', 'export');
let f: EngineFixture;
let layers: LayerInfo[];
let layout: LayoutSpecInput;
const TITLE = '抚州市地下水污染防治重点区划定图（示例）';

/** Key-zone classes on the demo's hydrogeological units (the key-zone workflow's layer has the same style on zone_class). */
function keyZoneFixtureStyle(): VectorStyle {
  const s = keyZoneStyle('类型');
  if (s.type !== 'categorized') throw new Error('preset changed');
  const values = ['孔隙水', '岩溶水', '基岩裂隙水', '红层裂隙水'];
  return { ...s, categories: s.categories.map((c, i) => ({ ...c, value: values[i]! })) };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  f = await engineFixture();
  const path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  await f.client.api.project.close({});
  // styles as the style panel stores them (JSON of shared/style in gwz_layers.style)
  const db = new Database(path);
  db.prepare('UPDATE gwz_layers SET style = ? WHERE name = ?').run(JSON.stringify(keyZoneFixtureStyle()), '水文地质分区');
  const counties: VectorStyle = {
    kind: 'vector',
    type: 'single',
    opacity: 1,
    title: { zh: '县界' },
    symbol: { fill: null, fillOpacity: 1, stroke: { color: '#333333', width: 0.8, dash: [4, 2] } },
    label: { field: 'name', size: 9, color: '#222222', halo: { color: '#ffffff', width: 1.5 }, placement: 'point', allowOverlap: false },
  };
  db.prepare('UPDATE gwz_layers SET style = ? WHERE name = ?').run(JSON.stringify(counties), '县级行政区');
  db.close();
  await f.client.api.project.open({ path, readOnly: true });
  layers = (await f.client.api.layers.list({})).layers;
  const id = (n: string): number => layers.find((l) => l.name === n)!.id;
  layout = {
    paper: 'A3',
    orientation: 'landscape',
    layerIds: [id('水文地质分区'), id('水系'), id('县级行政区'), id('地下水型饮用水水源')],
    title: TITLE,
    subtitle: '2000 国家大地坐标系',
    organization: '抚州市生态环境局（示例）',
    date: '2026年12月',
    dataSource: '示范工程示例数据',
    elements: { inset: true },
  };
}, 120_000);
afterAll(async () => {
  await f.dispose();
});

const exportAs = async (format: 'pdf' | 'png' | 'svg', name: string): Promise<ExportLayoutResult> =>
  (await f.client.runJob('export.layout', { layout, format, path: join(f.dir, name) })).result;

it('PDF: one A3 page with the Chinese title, legend labels and CRS note as text, fonts embedded', async () => {
  const r = await exportAs('pdf', 'figure.pdf');
  copyFileSync(r.path, join(ARTIFACTS, 'key-zone-figure.pdf'));
  const info = execFileSync('pdfinfo', [r.path], { encoding: 'utf8' });
  expect(info).toMatch(/Pages:\s+1\b/);
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!.slice(1).map(Number);
  expect(Math.abs(w! - (420 / 25.4) * 72)).toBeLessThan(1);
  expect(Math.abs(h! - (297 / 25.4) * 72)).toBeLessThan(1);
  const text = execFileSync('pdftotext', [r.path, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  for (const s of [TITLE, '图例', '保护类区域', '一级管控区', '二级管控区', '一般区', '县界', '坐标系', '2000国家大地坐标系', '高斯-克吕格投影', '中央经线117°E', '编制单位', '抚州市生态环境局（示例）', '制图日期', '比例尺', '临川区']) {
    expect(text).toContain(s);
  }
  const fonts = execFileSync('pdffonts', [r.path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  expect(fonts.length).toBeGreaterThan(0);
  // columns: name type encoding emb sub uni …: every font is embedded
  for (const line of fonts) expect(line).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
  execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', r.path, join(ARTIFACTS, 'key-zone-figure-pdf')]);
}, 120_000);

it('PNG: 300 dpi recorded, A3 size, legend colours at the legend swatches, scale bar as long as the scale says', async () => {
  const r = await exportAs('png', 'figure.png');
  copyFileSync(r.path, join(ARTIFACTS, 'key-zone-figure.png'));
  const png = readFileSync(r.path);
  const meta = pngInfo(png);
  expect(meta.dpi).toBeCloseTo(300, 0);
  expect(Math.abs(meta.width - (420 / 25.4) * 300)).toBeLessThan(4);
  expect(Math.abs(meta.height - (297 / 25.4) * 300)).toBeLessThan(4);

  const ds = gdal.open(r.path);
  const px = (xMm: number, yMm: number): number[] => {
    const x = Math.round((xMm / 25.4) * 300);
    const y = Math.round((yMm / 25.4) * 300);
    return [1, 2, 3].map((b) => ds.bands.get(b).pixels.get(x, y));
  };
  const p = r.placement;
  const labels = p.legend.map((l) => l.label);
  expect(labels).toEqual(expect.arrayContaining(['保护类区域', '一级管控区', '二级管控区', '一般区']));
  let checked = 0;
  for (const item of p.legend) {
    if (!item.color) continue;
    const want = [1, 3, 5].map((i) => parseInt(item.color!.slice(i, i + 2), 16));
    const got = px(item.swatch.x + item.swatch.width / 2, item.swatch.y + item.swatch.height / 2);
    got.forEach((v, i) => expect(Math.abs(v - want[i]!), `${item.label} ${got} vs ${want}`).toBeLessThanOrEqual(6));
    checked++;
  }
  expect(checked).toBeGreaterThanOrEqual(2); // 一级/二级管控区 (保护类 is hatched, 一般区 unfilled)

  // the drawn bar: dark pixels along its middle row, from its left edge to its right edge
  const bar = p.scaleBar!;
  const rowY = Math.round(((bar.y + 0.7) / 25.4) * 300);
  const x0 = Math.round(((bar.x - 3) / 25.4) * 300);
  const x1 = Math.round(((bar.x + bar.lengthMm + 3) / 25.4) * 300);
  const row = Array.from({ length: x1 - x0 }, (_, i) => ds.bands.get(1).pixels.get(x0 + i, rowY));
  const first = row.findIndex((v) => v < 100);
  const last = row.length - 1 - [...row].reverse().findIndex((v) => v < 100);
  const drawnMm = ((last - first + 1) / 300) * 25.4;
  const groundPerPaper = bar.groundMetres / (drawnMm / 1000);
  expect(Math.abs(groundPerPaper - p.scale) / p.scale).toBeLessThan(0.005);
  ds.close();
}, 120_000);

it('SVG export is exactly the preview; the preview refuses a table layer with a typed error', async () => {
  const r = await exportAs('svg', 'figure.svg');
  const written = readFileSync(r.path, 'utf8');
  const preview = await f.client.api.export.layoutPreview({ layout });
  expect(written).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${preview.svg}`);
  expect(written).toContain('width="420mm" height="297mm"');
  expect(preview.placement.crsNote).toContain('中央经线 117°E');

  const err = await errorOf(f.client.api.export.layoutPreview({ layout: { layerIds: [123456] } }));
  expect(err.code).toBe('LAYER_NOT_FOUND');
  const exists = await errorOf(f.client.runJob('export.layout', { layout, format: 'svg', path: r.path }));
  expect(exists.code).toBe('BAD_INPUT');
  expect(readFileSync(r.path, 'utf8')).toBe(written);
}, 120_000);

it('portrait A4 at a chosen scale with a graticule: the scale is used and the graticule labelled in degrees and minutes', async () => {
  const r = (
    await f.client.runJob('export.layout', {
      layout: { ...layout, paper: 'A4', orientation: 'portrait', scale: 1_500_000, grid: { kind: 'graticule', zonePrefix: false } },
      format: 'pdf',
      path: join(f.dir, 'portrait.pdf'),
    })
  ).result;
  expect(r.placement.scale).toBe(1_500_000);
  const text = execFileSync('pdftotext', [r.path, '-'], { encoding: 'utf8' });
  expect(text).toMatch(/11[5-8]°\d\d′/);
  expect(text).toMatch(/2[6-9]°\d\d′/);
  expect(text).toContain('1:1 500 000');
  execFileSync('pdftoppm', ['-r', '60', '-png', '-singlefile', r.path, join(ARTIFACTS, 'portrait-a4')]);
}, 120_000);

it('a cancelled PNG export stops the browser, writes nothing and leaves the engine serving', async () => {
  const path = join(f.dir, 'cancelled.png');
  const { jobId } = await f.client.api.export.layout({ layout, format: 'png', path, dpi: 600 });
  await new Promise((r) => setTimeout(r, 1500));
  expect((await f.client.api.jobs.cancel({ jobId })).cancelled).toBe(true);
  await expect.poll(async () => (await f.client.api.jobs.get({ jobId })).status, { timeout: 30_000 }).toBe('cancelled');
  expect(existsSync(path)).toBe(false);
  expect((await f.client.api.layers.list({})).layers.length).toBe(layers.length);
}, 60_000);
