import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { chooseOption, openSelect, openWorkbench, type Workbench } from './harness';

/** The processing toolbox in Chromium: forms built from the operations' schemas, a run, its layers on the map. */
let server: RunningServer;
let page: Page;
let wb: Workbench;

async function openToolbox(): Promise<void> {
  await page.getByTestId('menu-bar').getByText('分析', { exact: true }).hover();
  await page.getByText('处理工具箱…', { exact: true }).click();
  await expect.poll(() => page.getByTestId('processing-dialog').isVisible()).toBe(true);
}

async function chooseOperation(search: string): Promise<void> {
  await chooseOption(page, page.getByTestId('processing-operation'), search, search);
}

async function pickLayer(field: string, name: string): Promise<void> {
  await chooseOption(page, page.getByTestId(`processing-field-${field}`), name);
}

describe('processing toolbox (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('processing');
    ({ page, server } = wb);
  }, 180_000);

  afterAll(async () => {
    await wb?.close();
  });

  it('opens the demo project', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 60_000 }).toContain('县级行政区');
  }, 120_000);

  it('builds the buffer form from its schema and runs it: the result layer joins the map', async () => {
    await openToolbox();
    // the labels, unit and defaults come from the zod schema
    const dialog = page.getByTestId('processing-dialog');
    expect(await dialog.textContent()).toContain('缓冲距离 (m)');
    expect(await page.getByTestId('processing-field-segments').locator('input').inputValue()).toBe('8');
    await pickLayer('layer', '地下水型饮用水水源');
    await page.getByTestId('processing-field-distance').locator('input').fill('2000');
    await page.getByTestId('processing-field-outputName').locator('input').fill('水源缓冲2km');
    await wb.shot('processing-01-buffer-form');
    await page.getByTestId('processing-run').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 60_000 }).toContain('水源缓冲2km');
  }, 120_000);

  it('shows the water-quality form (layer picker limited to point layers, enum, JSON limit table) and classes the wells', async () => {
    await chooseOperation('GB/T 14848');
    const { options } = await openSelect(page.getByTestId('processing-field-sites'));
    await expect.poll(() => options.allTextContents()).toContain('钻孔与监测井');
    expect(await options.allTextContents()).not.toContain('县级行政区');
    await options.filter({ hasText: '钻孔与监测井' }).first().click();
    await wb.shot('processing-02-water-quality-form');
    await page.getByTestId('processing-run').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 60_000 }).toContain('地下水质量评价');
    await wb.shot('processing-03-water-quality-result');
  }, 120_000);

  it('lists the runs and loads a recorded run’s parameters back into its form', async () => {
    await page.getByTestId('processing-dialog').getByText('运行记录', { exact: true }).click();
    const history = page.getByTestId('run-history');
    await expect.poll(() => history.textContent()).toContain('waterQualityClass');
    expect(await history.textContent()).toContain('buffer');
    await wb.shot('processing-04-run-history');
    // rows are newest first: the buffer run is the second
    await history.getByTestId('run-load').nth(1).click();
    await expect.poll(() => page.getByTestId('processing-field-distance').locator('input').inputValue()).toBe('2000');
    expect(await page.getByTestId('processing-field-outputName').locator('input').inputValue()).toBe('水源缓冲2km');
  }, 60_000);

  it('logged no errors in the page', () => {
    expect(wb.pageErrors.slice(0, 5)).toEqual([]);
  });
});
