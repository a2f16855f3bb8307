import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { openWorkbench, type Workbench } from './harness';

/** Measure, typed scale, previous/next extent and an MBTiles basemap on the demo project in Chromium. */
let server: RunningServer;
let page: Page;
let wb: Workbench;

async function clickMap(fx: number, fy: number, dbl = false): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  const [x, y] = [box.x + box.width * fx, box.y + box.height * fy];
  if (dbl) await page.mouse.dblclick(x, y);
  else await page.mouse.click(x, y);
}

const resolution = () => page.evaluate(() => (window as unknown as { gwzMap: { getView(): { getResolution(): number } } }).gwzMap.getView().getResolution());

describe('map tools (browser mode, demo project)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('maptools');
    ({ page, server } = wb);
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('measures a line with segment lengths and the ellipsoidal figure', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 90_000 }).toContain('县级行政区');
    await page.waitForTimeout(1500);
    await page.getByTestId('measure-line').click();
    await clickMap(0.3, 0.5);
    await clickMap(0.5, 0.5);
    await clickMap(0.5, 0.3, true);
    await expect.poll(() => page.getByTestId('measure-panel').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('measure-length').textContent()).toMatch(/km$/);
    await expect.poll(() => page.getByTestId('measure-geodesic').textContent()).toMatch(/km$/);
    expect(await page.getByTestId('measure-segments').locator('div').count()).toBe(2);
    await wb.shot('maptools-01-measure-line');
  });

  it('measures an area in 公顷 / km²', async () => {
    await page.getByTestId('measure-area-tool').click();
    await clickMap(0.3, 0.6);
    await clickMap(0.5, 0.6);
    await clickMap(0.5, 0.4, true);
    await expect.poll(() => page.getByTestId('measure-panel').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('measure-area').textContent()).toMatch(/km²|公顷/);
    await wb.shot('maptools-02-measure-area');
    await page.getByTestId('measure-close').click();
  });

  it('zooms to a typed scale and back with the previous extent', async () => {
    const before = await resolution();
    await page.getByTestId('status-scale').click();
    await page.getByTestId('scale-input').fill('1:25000');
    await page.getByTestId('scale-input').press('Enter');
    await expect.poll(() => page.getByTestId('status-scale').textContent()).toMatch(/1:25\s?000/);
    await page.waitForTimeout(500);
    await page.getByTestId('extent-back').click();
    await expect.poll(async () => Math.abs((await resolution()) - before) / before).toBeLessThan(0.01);
    await page.getByTestId('extent-forward').click();
    await expect.poll(() => page.getByTestId('status-scale').textContent()).toMatch(/1:25\s?000/);
    await page.getByTestId('lonlat-format').click();
    await wb.shot('maptools-03-scale');
  });

  it('sets an MBTiles basemap made by gdal_translate and draws its tiles', async () => {
    // the demo's own DEM GeoTIFF, so the tiles lie inside the project's 3° zone (the real-data MBTiles test is in integration/map-tools)
    const dem = execFileSync('find', [wb.work, '-name', '数字高程模型_250m.tif'], { encoding: 'utf8' }).trim().split('\n')[0]!;
    const mbtiles = join(wb.work, 'demo-dem.mbtiles');
    execFileSync('gdal_translate', ['-q', '-of', 'MBTILES', '-ot', 'Byte', '-scale', dem, mbtiles]);
    await page.locator('[data-testid=layer-item][data-layer-name="数字高程模型"] input[type=checkbox]').uncheck();
    const tiles: string[] = [];
    page.on('response', (r) => r.url().includes('/data/basemap/') && r.status() === 200 && tiles.push(r.url()));
    await page.getByTestId('menu-bar').getByText('地图', { exact: true }).hover();
    await page.getByText('底图…').click();
    await page.getByTestId('basemap-kind-mbtiles').click();
    await page.getByTestId('basemap-path').fill(mbtiles);
    await page.getByTestId('basemap-apply').click();
    await expect.poll(() => page.getByTestId('basemap-info').textContent()).toContain('png');
    await page.getByTestId('basemap-zoom').click();
    await expect.poll(() => tiles.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await wb.shot('maptools-04-basemap-zh');
    await page.locator('.ant-modal-footer button').nth(1).click();
    await expect.poll(() => page.getByTestId('basemap-dialog').isVisible()).toBe(false);
    await page.getByTestId('lang-switch').getByText('English').click();
    await page.getByTestId('measure-line').click();
    await clickMap(0.3, 0.5);
    await clickMap(0.6, 0.5, true);
    await expect.poll(() => page.getByTestId('measure-panel').getAttribute('data-done')).toBe('true');
    expect(await page.getByTestId('measure-panel').textContent()).toContain('CGCS2000 ellipsoid');
    await wb.shot('maptools-05-basemap-measure-en');
  });
});
