import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { openWorkbench, type Workbench } from './harness';
import { testData } from '../support/data';

/**
 * The whole stack in real Chromium: built renderer, browser-mode server, real engine (SpatiaLite,
 * GDAL). Screenshots of every step land in test-results/screenshots/ for people to look at.
 */
const BOUNDARIES = testData('boundaries/361000_full.json');
const FUZHOU_COUNTIES = 11;

let server: RunningServer;
let page: Page;
let work: string;
let wb: Workbench;
const shot = (name: string) => wb.shot(name);
const outlinePixels = () => wb.outlinePixels();


/** "X 3 093 065.67  Y 439 437.02" (X = northing, Y = easting) -> [easting, northing] = [439437.02, 3093065.67] */
async function cursorXY(): Promise<[number, number]> {
  const text = (await page.getByTestId('status-xy').textContent()) ?? '';
  const m = /X([-\d.]+)Y([-\d.]+)/.exec(text.replace(/\s/g, ''));
  expect(m, `status-xy "${text}"`).not.toBeNull();
  return [Number(m![2]), Number(m![1])];
}

/** "27.95000°N 116.36000°E" -> [116.36, 27.95] */
async function cursorLonLat(): Promise<[number, number]> {
  const text = (await page.getByTestId('status-lonlat').textContent()) ?? '';
  const m = /([\d.]+)°N\s+([\d.]+)°E/.exec(text);
  expect(m, `status-lonlat "${text}"`).not.toBeNull();
  return [Number(m![2]), Number(m![1])];
}

async function moveOverMap(fx: number, fy: number): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 3 });
}


describe('workbench in Chromium (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('app');
    ({ page, server, work } = wb);
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('opens in Chinese with the token taken out of the address bar, and the map around Fuzhou', async () => {
    await page.goto(server.url);
    const menu = page.getByTestId('menu-bar');
    await expect.poll(() => menu.textContent()).toContain('工程');
    for (const label of ['数据', '地图', '编辑', '分析', '工作流', '输出', '帮助']) expect(await menu.textContent()).toContain(label);
    expect(page.url()).not.toContain('token=');
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('尚未打开工程');
    expect(await page.locator('[data-testid=map] canvas').count()).toBeGreaterThan(0);
    // The token survives a reload through sessionStorage.
    await page.reload();
    await expect.poll(() => page.getByTestId('empty-state').isVisible()).toBe(true);
    await shot('01-start-zh');
  });

  it('switches to English and back, and remembers the choice', async () => {
    const menu = page.getByTestId('menu-bar');
    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await expect.poll(() => menu.textContent()).toContain('Project');
    expect(await menu.textContent()).not.toContain('工程');
    expect(await page.getByTestId('new-project').textContent()).toContain('New');
    await shot('02-start-en');
    await page.reload();
    await expect.poll(() => menu.textContent()).toContain('Project');
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => menu.textContent()).toContain('工程');
    expect(await page.getByTestId('new-project').textContent()).toContain('新建');
  });

  it('shows cursor coordinates in EPSG:4548 and lon/lat around Fuzhou before any project', async () => {
    await moveOverMap(0.3, 0.25);
    await expect.poll(() => page.getByTestId('status-xy').textContent()).toMatch(/X/);
    const a = await cursorXY();
    const lonLatA = await cursorLonLat();
    await moveOverMap(0.8, 0.85);
    await expect.poll(async () => (await cursorXY())[0]).not.toBe(a[0]);
    const b = await cursorXY();
    const lonLatB = await cursorLonLat();
    expect(b[0]).toBeGreaterThan(a[0]); // right = east
    expect(b[1]).toBeLessThan(a[1]); // down = south
    for (const [lon, lat] of [lonLatA, lonLatB]) {
      expect(lon).toBeGreaterThan(110);
      expect(lon).toBeLessThan(125);
      expect(lat).toBeGreaterThan(20);
      expect(lat).toBeLessThan(35);
    }
    // GK CM 117E: Fuzhou lies ~60 km west of the central meridian (false easting 500 000).
    expect(a[0]).toBeGreaterThan(300_000);
    expect(a[0]).toBeLessThan(500_000);
    expect(a[1]).toBeGreaterThan(2_900_000);
    expect(a[1]).toBeLessThan(3_300_000);
    expect(await page.getByTestId('status-crs').textContent()).toContain('中央经线 117°E');
    expect((await page.getByTestId('status-scale').textContent())?.replace(/\s/g, '')).toMatch(/^1:\d+$/);
    await shot('03-cursor');
  });

  it('creates a project through the New dialog (EPSG:4548 by default)', async () => {
    await page.getByTestId('new-project').click();
    const path = join(work, '抚州 测试.gwz');
    await page.getByTestId('new-project-path').fill(path);
    await page.getByTestId('new-project-title').fill('抚州市地下水污染防治分区');
    const dialog = page.locator('.ant-modal');
    await expect.poll(() => dialog.textContent()).toContain('EPSG:4548');
    await shot('04-new-project-dialog');
    await page.getByTestId('new-project-ok').click();
    await expect.poll(() => page.locator('.gwz-status-project').textContent()).toContain('抚州市地下水污染防治分区');
    await expect.poll(() => page.getByTestId('empty-state').textContent()).toContain('工程中还没有图层');
    expect(existsSync(path)).toBe(true);
    expect(await page.locator('[data-testid=map] canvas').count()).toBeGreaterThan(0);
    await shot('05-project-created');
  });

  it('shows an import failure in Chinese with details one click away', async () => {
    await page.getByTestId('import-data').click();
    await page.getByTestId('import-path').fill(join(work, '不存在.shp'));
    await page.getByTestId('import-ok').click();
    const error = page.getByTestId('error-message').first();
    await expect.poll(() => error.textContent(), { timeout: 20_000 }).toMatch(/[\u4e00-\u9fff]/);
    await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
    await error.locator('summary').click();
    expect(await error.locator('summary').textContent()).toBe('详细信息');
    await shot('06-import-error');
    await page.locator('.ant-notification-notice-close').first().click();
  });

  it('imports the Fuzhou county boundaries and draws them', async () => {
    await page.getByTestId('import-data').click();
    await page.getByTestId('import-path').fill(BOUNDARIES);
    await page.getByTestId('import-ok').click();
    const item = page.getByTestId('layer-item').first();
    await expect.poll(() => item.count(), { timeout: 60_000 }).toBe(1);
    expect(await item.getByTestId('layer-feature-count').getAttribute('data-count')).toBe(String(FUZHOU_COUNTIES));
    expect(await page.getByTestId('layer-list').textContent()).toContain('多面');
    // The finished job lingers in the status bar with its outcome.
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-status')).toBe('succeeded');
    await expect.poll(outlinePixels, { timeout: 20_000 }).toBeGreaterThan(500);
    await shot('07-imported');

    // Zoomed to the layer: the whole view is Fuzhou.
    await moveOverMap(0.5, 0.5);
    const [lon, lat] = await cursorLonLat();
    expect(lon).toBeGreaterThan(115.5);
    expect(lon).toBeLessThan(117.4);
    expect(lat).toBeGreaterThan(26.4);
    expect(lat).toBeLessThan(28.6);

    // Hiding the layer clears it from the map.
    await item.locator('input[type=checkbox]').uncheck();
    await expect.poll(outlinePixels).toBeLessThan(50);
    await item.locator('input[type=checkbox]').check();
    await expect.poll(outlinePixels).toBeGreaterThan(500);
    await item.click();
    await expect.poll(() => page.locator('.gwz-right').textContent()).toContain('361000_full');
    await shot('08-layer-selected');
  });

  it('refuses API calls without the token', async () => {
    const origin = new URL(server.url).origin;
    const without = await page.request.post(`${origin}/api/invoke/app.info`, { data: {} });
    expect(without.status()).toBe(401);
    const withToken = await page.request.post(`${origin}/api/invoke/app.info`, {
      data: {},
      headers: { authorization: `Bearer ${server.token}` },
    });
    expect(withToken.status()).toBe(200);
    expect((await withToken.json()).ok).toBe(true);
  });

  it('builds and opens the demo project from the empty state', async () => {
    const origin = new URL(server.url).origin;
    await page.request.post(`${origin}/api/invoke/project.close`, {
      data: {},
      headers: { authorization: `Bearer ${server.token}` },
    });
    await page.reload();
    await page.getByTestId('open-demo').click();
    const list = page.getByTestId('layer-list');
    await expect.poll(() => list.textContent(), { timeout: 60_000 }).toContain('县级行政区');
    for (const name of ['水系', '污染源', '地下水型饮用水水源']) expect(await list.textContent()).toContain(name);
    await expect.poll(outlinePixels).toBeGreaterThan(500);
    await shot('09-demo-project');
  });

  it('logged no errors in the page', () => {
    // The deliberate import failure is reported through the UI, not the console.
    expect(wb.pageErrors).toEqual([]);
  });
});
