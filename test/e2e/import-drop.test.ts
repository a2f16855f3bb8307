import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { openWorkbench, type Workbench } from './harness';
import { testData } from '../support/data';

const CHINESE_POLY = testData('shp_encoding/geotools_chinese_poly/chinese_poly.shp');
const TELANGANA = testData('water_quality/telangana_in/ground_water_quality_2018_post.csv');

let server: RunningServer;
let page: Page;
let work: string;
let wb: Workbench;

/** Drops real files onto the window the way Explorer does: a DataTransfer of File objects. */
async function dropFiles(paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: p.split('/').pop()!, bytes: [...readFileSync(p)] }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
    return dt;
  }, files);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await wb.shot('import-drop-01-hover');
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
}

describe('drag and drop import (browser mode uploads the dropped files)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('drop');
    ({ page, server, work } = wb);
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('a dropped GBK shapefile with its sidecars opens the import dialog previewed, and imports with the Chinese intact', async () => {
    await page.goto(server.url);
    await page.getByTestId('new-project').click();
    await page.getByTestId('new-project-path').fill(join(work, '拖放.gwz'));
    await page.getByTestId('new-project-ok').click();
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('工程中还没有图层');
    const dir = dirname(CHINESE_POLY);
    await dropFiles(readdirSync(dir).map((n) => join(dir, n)));
    expect(await page.getByTestId('drop-overlay').count()).toBe(0);
    const rows = page.getByTestId('import-preview');
    await expect.poll(() => rows.textContent(), { timeout: 20_000 }).toContain('黑龙江省');
    expect(await page.getByTestId('import-path').inputValue()).toMatch(/gwz-uploads-.*chinese_poly\.shp$/);
    await wb.shot('import-drop-02-previewed');
    await page.getByTestId('import-ok').click();
    const item = page.locator('[data-testid=layer-item][data-layer-name=chinese_poly]');
    await expect.poll(() => item.count(), { timeout: 60_000 }).toBe(1);
    expect(wb.pageErrors).toEqual([]);
  });

  it('a dropped CSV with lon/lat columns: choose the X/Y columns and get points', async () => {
    await dropFiles([TELANGANA]);
    await expect.poll(() => page.locator('.ant-modal').textContent(), { timeout: 20_000 }).toContain('long_gis');
    for (const [id, column] of [
      ['import-xField', 'long_gis'],
      ['import-yField', 'lat_gis'],
    ] as const) {
      await page.getByTestId(id).click();
      await page.keyboard.type(column);
      await page.keyboard.press('Enter');
    }
    await page.locator('.ant-modal .ant-select').filter({ hasText: '使用数据自带的坐标系' }).click();
    await page.keyboard.type('4326');
    await page.keyboard.press('Enter');
    await wb.shot('import-drop-03-xy-columns');
    await page.getByTestId('import-ok').click();
    const item = page.locator('[data-testid=layer-item][data-layer-name=ground_water_quality_2018_post]');
    await expect.poll(() => item.count(), { timeout: 60_000 }).toBe(1);
    expect(await item.textContent()).toContain('374');
    expect(wb.pageErrors).toEqual([]);
  });
});
