import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openWorkbench, type Workbench } from './harness';

// The 输出 menu in real Chromium: each dialog opens, the layout editor shows the engine's drawing of
// the figure, and each export writes its file (checked on disk).

let wb: Workbench;
let page: Page;

beforeAll(async () => {
  wb = await openWorkbench('export');
  page = wb.page;
}, 120_000);
afterAll(async () => {
  await wb?.close();
});

const menu = async (item: string): Promise<void> => {
  await page.getByTestId('menu-bar').getByText('输出', { exact: true }).click();
  await page.getByText(item, { exact: true }).click();
};

const jobSucceeded = () => expect.poll(() => page.getByTestId('job-progress').getAttribute('data-status'), { timeout: 90_000 }).toBe('succeeded');

it('exports a layer as a GBK shapefile from the 输出 menu', async () => {
  await page.goto(wb.server.url);
  await page.getByTestId('open-demo').click();
  await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 60_000 }).toContain('县级行政区');
  await menu('导出图层…');
  const dialog = page.locator('.ant-modal');
  await expect.poll(() => dialog.textContent()).toContain('导出图层');
  await page.getByText('GBK（旧版 ArcGIS）').click();
  const path = join(wb.work, '县界.shp');
  await page.getByTestId('export-path').fill(path);
  await wb.shot('export-01-layer-dialog');
  await page.getByTestId('export-layer-ok').click();
  await jobSucceeded();
  expect(existsSync(path)).toBe(true);
  expect(readFileSync(join(wb.work, '县界.cpg'), 'utf8')).toBe('936');
});

it('the layout editor previews the figure the engine draws and exports it as PDF', async () => {
  await menu('成果图件布局');
  const preview = page.getByTestId('layout-preview').locator('img');
  await expect.poll(() => preview.count(), { timeout: 30_000 }).toBe(1);
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 30_000 }).toBeGreaterThan(500);
  await page.getByTestId('layout-title').fill('抚州市水系与污染源分布图');
  await expect.poll(() => preview.getAttribute('src').then((s) => Buffer.from((s ?? '').split(',')[1] ?? '', 'base64').toString('utf8')), { timeout: 30_000 }).toContain(
    '抚州市水系与污染源分布图',
  );
  const path = join(wb.work, '成果图.pdf');
  await page.getByTestId('layout-path').fill(path);
  await wb.shot('export-02-layout-editor');
  await page.getByTestId('export-layout-ok').click();
  await jobSucceeded();
  expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
});

it('writes the technical report', async () => {
  await menu('技术报告');
  const path = join(wb.work, '报告.docx');
  await page.getByTestId('report-path').fill(path);
  await page.getByText('同时生成 PDF（需要 LibreOffice）').click(); // off: the DOCX alone is enough here
  await wb.shot('export-03-report-dialog');
  await page.getByTestId('export-report-ok').click();
  await jobSucceeded();
  expect(readFileSync(path).readUInt32LE(0)).toBe(0x04034b50);
  await wb.shot('export-04-done');
});

it('offers the results package (folder + ZIP) from the same menu', async () => {
  await menu('成果包…');
  const dialog = page.locator('.ant-modal');
  await expect.poll(() => dialog.textContent()).toContain('导出成果包');
  expect(await page.getByTestId('report-path').inputValue()).toMatch(/成果$/);
  await wb.shot('export-05-package-dialog');
  await page.keyboard.press('Escape');
  expect(wb.pageErrors).toEqual([]);
});
