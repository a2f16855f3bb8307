import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, type Workbench } from './harness';

/**
 * The key-zone wizard in Chromium on the demo project, in Chinese: suggested configuration, every
 * step run from its own page (each page screenshotted before and after), the explanation of a
 * point, and no errors in the page.
 */
let wb: Workbench;
let page: Page;

const STEPS = [
  ['area', '工作区'],
  ['protection', '保护类区域'],
  ['value', '地下水功能价值'],
  ['vulnerability', '地下水脆弱性'],
  ['load', '污染源荷载'],
  ['control', '管控类区域'],
  ['zones', '重点区'],
] as const;

/** The <input> of an antd InputNumber, whether the test id sits on it or on its wrapper. */
const numberInput = (id: string) => page.locator(`[data-testid="${id}"]`).locator('xpath=descendant-or-self::input').first();
const status = (step: string) => page.getByTestId(`kz-status-${step}`).getAttribute('data-status');

describe('key-zone wizard (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('keyzones');
    page = wb.page;
  }, 120_000);

  afterAll(async () => {
    await wb?.close();
  });

  it('opens from the 工作流 menu and suggests a configuration from the demo layers', async () => {
    await page.goto(wb.server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 60_000 }).toContain('县级行政区');
    await page.getByTestId('menu-bar').getByText('工作流', { exact: true }).hover();
    await page.getByText('地下水污染防治重点区划分', { exact: true }).click();
    const wizard = page.getByTestId('keyzone-wizard');
    await expect.poll(() => wizard.isVisible()).toBe(true);
    await wb.shot('kz-00-empty');
    await page.getByTestId('kz-suggest').click();
    await expect.poll(() => status('area')).toBe('ready');
    for (const [step] of STEPS.slice(1)) expect(await status(step)).toBe('not-started');
    expect(await wizard.textContent()).toContain('建议配置说明');
  }, 120_000);

  it('runs each step from its page; each page shows its result tables', async () => {
    for (const [i, [step, title]] of STEPS.entries()) {
      await page.getByTestId('kz-steps').locator('.ant-steps-item').nth(i).click();
      const pageEl = page.getByTestId(`kz-page-${step}`);
      await expect.poll(() => pageEl.isVisible()).toBe(true);
      expect(await pageEl.textContent()).toContain(title);
      await wb.shot(`kz-${String(i + 1).padStart(2, '0')}a-${step}`);
      await page.getByTestId('kz-run-step').click();
      await expect.poll(() => status(step), { timeout: 120_000 }).toBe('done');
      await expect.poll(() => pageEl.getByTestId('kz-result-table').count()).toBeGreaterThan(0);
      await page.waitForTimeout(300);
      await wb.shot(`kz-${String(i + 1).padStart(2, '0')}b-${step}-done`);
    }
    // the profile's unconfirmed tables carry 待核实 badges
    await page.getByTestId('kz-steps').locator('.ant-steps-item').nth(3).click();
    await expect.poll(() => page.getByTestId('unverified-badge').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('kz-sensitivity-bars').locator('.gwz-kz-bar-row').count()).toBe(7);
    await page.getByTestId('kz-sensitivity-bars').scrollIntoViewIfNeeded();
    await wb.shot('kz-04c-sensitivity');
    const table = await page.getByTestId('kz-page-vulnerability').textContent();
    for (const word of ['敏感性分析', 'DRASTIC', '自然断点', '地下水埋深']) expect(table).toContain(word);
  }, 300_000);

  it('the key-zone page lists per-county statistics and explains a point', async () => {
    await page.getByTestId('kz-steps').locator('.ant-steps-item').nth(6).click();
    const zones = page.getByTestId('kz-page-zones');
    const text = (await zones.textContent()) ?? '';
    for (const word of ['临川区', '保护类区域', '一级管控区', '二级管控区', '一般区']) expect(text).toContain(word);
    await numberInput('kz-explain-x').fill('445125');
    await numberInput('kz-explain-y').fill('3095125');
    await page.getByTestId('kz-explain-run').click();
    await expect.poll(() => page.getByTestId('kz-explain').textContent()).toContain('DRASTIC 指数');
    expect(await page.getByTestId('kz-explain').textContent()).toContain('依据');
    await page.getByTestId('kz-explain').scrollIntoViewIfNeeded();
    await wb.shot('kz-08-explain');
    const layers = (await page.getByTestId('layer-list').textContent()) ?? '';
    expect(layers).toContain('重点区划定结果');
  });

  it('a changed input marks its step and the later ones stale; run all remaining brings them back', async () => {
    await page.getByTestId('kz-steps').locator('.ant-steps-item').nth(0).click();
    await numberInput('kz-cellsize').fill('500');
    await numberInput('kz-cellsize').blur();
    await expect.poll(() => status('area')).toBe('stale');
    await expect.poll(() => status('zones')).toBe('stale');
    await wb.shot('kz-09-stale');
    await page.getByTestId('kz-run-all').click();
    await expect.poll(() => status('zones'), { timeout: 120_000 }).toBe('done');
    for (const [step] of STEPS) expect(await status(step)).toBe('done');
  }, 180_000);

  it('logged no errors in the page', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
