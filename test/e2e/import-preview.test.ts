import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { openWorkbench, ROOT, type Workbench } from './harness';
import { testData } from '../support/data';

// A GBK shapefile with LDID 0 and no .cpg: GDAL alone shows mojibake; the preview must show 黑龙江省.
const CHINESE_POLY = testData('shp_encoding/geotools_chinese_poly/chinese_poly.shp');

let server: RunningServer;
let page: Page;
let work: string;
let wb: Workbench;
const shot = (name: string) => wb.shot(name);
const outlinePixels = () => wb.outlinePixels();



describe('import dialog preview (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('preview');
    ({ page, server, work } = wb);
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('shows a GBK shapefile without .cpg decoded in the preview, and imports it with the Chinese intact', async () => {
    await page.goto(server.url);
    await page.getByTestId('new-project').click();
    const projectPath = join(work, '黑龙江.gwz');
    await page.getByTestId('new-project-path').fill(projectPath);
    await page.getByTestId('new-project-ok').click();
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('工程中还没有图层');

    await page.getByTestId('import-data').click();
    await page.getByTestId('import-path').fill(CHINESE_POLY);
    await page.getByTestId('import-preview-button').click();
    const rows = page.getByTestId('import-preview');
    await expect.poll(() => rows.textContent(), { timeout: 20_000 }).toContain('黑龙江省');
    expect(await page.getByTestId('import-preview-encoding').textContent()).toContain('CP936');
    await shot('import-preview-01-gbk-decoded');

    await page.getByTestId('import-ok').click();
    const item = page.getByTestId('layer-item').first();
    await expect.poll(() => item.count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-status')).toBe('succeeded');
    await expect.poll(outlinePixels, { timeout: 20_000 }).toBeGreaterThan(500);
    await shot('import-preview-02-imported');

    const db = new Database(projectPath, { readonly: true });
    const table = (db.prepare('SELECT table_name FROM gwz_layers LIMIT 1').get() as { table_name: string }).table_name;
    expect((db.prepare(`SELECT NAME FROM "${table}"`).get() as { NAME: string }).NAME).toBe('黑龙江省');
    db.close();
    expect(wb.pageErrors).toEqual([]);
  });

  it('takes a DEM through the same dialog: the preview says raster and the import stores it in the project', async () => {
    await page.getByTestId('import-data').click();
    await page.getByTestId('import-path').fill(testData('dem/ywzdem30m.tif'));
    await page.getByTestId('import-preview-button').click();
    await expect.poll(() => page.locator('.ant-modal').textContent(), { timeout: 20_000 }).toContain('127 × 98');
    await shot('import-preview-03-raster');
    await page.getByTestId('import-ok').click();
    const raster = page.locator('[data-testid=layer-item][data-layer-name=ywzdem30m]');
    await expect.poll(() => raster.count(), { timeout: 60_000 }).toBe(1);
    expect(await raster.textContent()).toContain('栅格');
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-status')).toBe('succeeded');
    expect(wb.pageErrors).toEqual([]);
  });

  it('imports borehole collars from the 数据 menu and shows the validation report', async () => {
    // antd opens the submenu on hover, after a delay, and a click can toggle it shut again: open it
    // until the item shows (a busy page after the raster import may swallow the first attempt)
    const item = page.getByText('导入钻孔数据…', { exact: true });
    for (let attempt = 0; attempt < 5 && !(await item.isVisible()); attempt++) {
      await page.mouse.move(700, 500);
      await page.getByTestId('menu-bar').getByText('数据', { exact: true }).click();
      await item.waitFor({ state: 'visible', timeout: 3000 }).catch(() => undefined);
    }
    await item.click();
    await page.getByTestId('boreholes-path').fill(join(ROOT, 'resources/templates/sample/钻孔基本信息-collars.csv'));
    await page.getByTestId('boreholes-import').click();
    const dialog = page.locator('.ant-modal');
    await expect.poll(() => dialog.textContent(), { timeout: 30_000 }).toContain('已导入 20 行');
    // The report says how it read the surveyors' X/Y.
    expect(await dialog.textContent()).toContain('X 列为北坐标');
    await shot('import-preview-04-boreholes');
    await page.keyboard.press('Escape');
    const collars = page.locator('[data-testid=layer-item][data-layer-name=钻孔与监测井]');
    await expect.poll(() => collars.count(), { timeout: 20_000 }).toBe(1);
    expect(wb.pageErrors).toEqual([]);
  });
});
