import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, type Workbench } from './harness';

/**
 * The attribute half of the map workbench in Chromium on the demo project: attribute table (sort,
 * filter, select → map highlight, statistics), identify, borehole log and water-quality chart.
 * Screenshots land in test-results/screenshots/attr-*.png.
 */
let wb: Workbench;
let page: Page;
const shot = (name: string) => wb.shot(`attr-${name}`);
const highlighted = () => page.evaluate(() => window.__gwzHighlightCount?.() ?? -1);
const rowTexts = async (): Promise<string[]> => page.getByTestId('attr-row').allTextContents();

async function openTable(layerName: string): Promise<void> {
  await page.locator(`[data-testid=layer-item][data-layer-name="${layerName}"]`).click();
  await page.getByTestId('open-attributes').click();
  await expect.poll(() => page.getByTestId('attribute-table').getAttribute('data-total')).not.toBe('');
}

async function filterTable(expression: string): Promise<void> {
  // antd puts the test id on the <input> itself or on its affix wrapper, depending on the props
  const input = page.locator('input[data-testid=attr-filter], [data-testid=attr-filter] input').first();
  await input.fill(expression);
  await input.press('Enter');
}

async function clickMapCenter(): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** Select the collar with this id in its table, bring it to the map centre, identify it, open its log. */
async function openLog(holeId: string): Promise<void> {
  await openTable('钻孔与监测井');
  await filterTable(`hole_id = '${holeId}'`);
  await expect.poll(() => page.getByTestId('attr-count').textContent()).toContain('1');
  await page.getByTestId('attr-row').first().click();
  await page.getByTestId('attr-zoom-selection').click();
  await page.waitForTimeout(600);
  if ((await page.getByTestId('identify-tool').getAttribute('class'))?.includes('ant-btn-primary') !== true) await page.getByTestId('identify-tool').click();
  await clickMapCenter();
  await expect.poll(() => page.getByTestId('open-borehole-log').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.getByTestId('open-borehole-log').first().click();
  await expect.poll(() => page.getByTestId('borehole-log').count()).toBe(1);
}

describe('attribute table, identify and borehole log (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('attr');
    page = wb.page;
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('builds and opens the demo project', async () => {
    await page.goto(wb.server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 90_000 }).toContain('县级行政区');
  });

  it('opens a table with Chinese field names, sorts and filters it', async () => {
    await openTable('污染源');
    const table = page.getByTestId('attribute-table');
    expect(Number(await table.getAttribute('data-total'))).toBe(48);
    const headers = await page.getByTestId('attr-header').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['编号', '名称', '类型']));
    await shot('01-table');
    const nameHeader = page.locator('[data-testid=attr-header][data-field=名称]');
    await nameHeader.click();
    await nameHeader.click();
    await expect.poll(() => nameHeader.textContent()).toContain('▼');
    await filterTable(`"类型" = '垃圾填埋场'`);
    await expect.poll(() => table.getAttribute('data-total')).not.toBe('48');
    const n = Number(await table.getAttribute('data-total'));
    expect(n).toBeGreaterThan(0);
    await expect.poll(async () => (await rowTexts()).length).toBe(n);
    for (const text of await rowTexts()) expect(text).toContain('垃圾填埋场');
    await shot('01b-filtered-sorted');
    await openTable('县级行政区');
    expect(Number(await table.getAttribute('data-total'))).toBe(11);
    await expect.poll(async () => (await rowTexts()).length).toBe(11);
  });

  it('selecting a row highlights it on the map; statistics show a histogram', async () => {
    await page.getByTestId('attr-row').first().click();
    await expect.poll(highlighted).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-testid=attr-row].selected').count(), { message: 'selected rows' }).toBe(1);
    await shot('02-selected-highlighted');
    await filterTable('');
    await page.getByTestId('attr-stats').click();
    await expect.poll(() => page.getByTestId('field-stats').count(), { message: 'stats shown' }).toBe(1);
    await shot('03-field-stats');
    await page.locator('.ant-modal-close').click();
    await expect.poll(() => page.locator('.ant-modal-wrap:visible').count()).toBe(0);
  });

  it('identify at the map centre lists the features of visible layers', async () => {
    await page.getByTestId('attr-close').click();
    await page.getByTestId('zoom-full').click();
    await page.waitForTimeout(500);
    await page.getByTestId('identify-tool').click();
    await clickMapCenter();
    await expect.poll(() => page.getByTestId('identify-layer').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const text = (await page.getByTestId('identify-popup').textContent()) ?? '';
    expect(text).toContain('县级行政区');
    await expect.poll(highlighted).toBeGreaterThan(0);
    await shot('04-identify');
  });

  it('a borehole opens its strip log with depths and water level', async () => {
    await openLog('ZK001');
    expect(await page.getByTestId('strip-interval').count()).toBeGreaterThan(2);
    await shot('05-borehole-log');
    await page.keyboard.press('Escape');
  });

  it('a monitoring well shows its water-quality series with the GB/T 14848 class III line', async () => {
    // the well whose series crosses class III most often: the one a technician would open
    const invoke = async (method: string, params: unknown) => {
      const r = await page.request.post(`${new URL(wb.server.url).origin}/api/invoke/${method}`, { data: params, headers: { authorization: `Bearer ${wb.server.token}` } });
      return ((await r.json()) as { result: unknown }).result;
    };
    let well = 'JC01';
    let most = -1;
    for (let i = 1; i <= 60; i++) {
      const site = `JC${String(i).padStart(2, '0')}`;
      const q = (await invoke('features.quality', { site })) as { series: { exceedances: number }[] } | undefined;
      const n = q ? q.series.reduce((a, s) => a + s.exceedances, 0) : -1;
      if (n > most) [well, most] = [site, n];
    }
    expect(most).toBeGreaterThan(0);
    await page.getByTestId('attr-close').click();
    await openLog(well);
    await page.getByRole('tab', { name: /水质/ }).click();
    await expect.poll(() => page.getByTestId('quality-chart').count()).toBe(1);
    expect(await page.getByTestId('limit-line').count()).toBe(1);
    expect(await page.getByTestId('series-point').count()).toBeGreaterThan(5);
    expect(await page.locator('[data-testid=series-point][data-over="1"]').count()).toBeGreaterThan(0);
    await shot('06-well-quality');
    await page.keyboard.press('Escape');
  });

  it('reads in English too', async () => {
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => page.getByTestId('attribute-table').textContent()).toContain('Attributes');
    await shot('07-table-en');
  });

  it('logged no errors in the page', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
