import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import type { LayerInfo } from '../../shared/api/layers';
import { chooseOption, mapPixelsNear, openWorkbench, type Workbench } from './harness';

/**
 * Layer tree, style panel and legend on the demo project in Chromium: what a person does with the
 * map, each step checked against what the engine stored and what the canvas shows. Screenshots in
 * test-results/screenshots/map-*.png.
 */
let server: RunningServer;
let page: Page;
let wb: Workbench;

const item = (name: string) => page.locator(`[data-testid=layer-item][data-layer-name="${name}"]`);
const legend = () => page.getByTestId('legend');

async function layers(): Promise<LayerInfo[]> {
  const origin = new URL(server.url).origin;
  const res = await page.request.post(`${origin}/api/invoke/layers.list`, { data: {}, headers: { authorization: `Bearer ${server.token}` } });
  return ((await res.json()) as { result: { layers: LayerInfo[] } }).result.layers;
}

/** Pixels close to a colour on the map canvases (harness.mapPixelsNear). */
const pixelsNear = (hex: string, tolerance = 40): Promise<number> => mapPixelsNear(page, hex, tolerance);

describe('map layers, styles and legend (browser mode, demo project)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('map');
    ({ page, server } = wb);
  });

  afterAll(async () => {
    await wb?.close();
  });

  it('shows the demo with the DEM drawn from its COG, layers in groups, and a legend of every visible layer', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 90_000 }).toContain('县级行政区');
    await expect.poll(() => page.getByTestId('legend-layer').count(), { timeout: 20_000 }).toBe((await layers()).length);
    expect(await page.locator('[data-testid=layer-group][data-group-name=钻孔与监测]').count()).toBe(1);
    // the terrain ramp's low green (#1a7a3a → #8cc157) shows: the raster tiles arrived by Range requests
    await expect.poll(() => pixelsNear('#8cc157', 60), { timeout: 30_000 }).toBeGreaterThan(2000);
    const ramp = page.locator('[data-testid=legend-layer][data-layer-name=数字高程模型] .gwz-legend-ramp');
    expect(await ramp.textContent()).toContain('1641');
    await wb.shot('map-01-demo-legend');
  });

  it('hides a layer (stored in the project) and the legend drops it', async () => {
    await item('数字高程模型').locator('input[type=checkbox]').uncheck();
    await expect.poll(async () => (await layers()).find((l) => l.name === '数字高程模型')!.visible).toBe(false);
    await expect.poll(() => page.locator('[data-testid=legend-layer][data-layer-name=数字高程模型]').count()).toBe(0);
    await expect.poll(() => pixelsNear('#8cc157', 60)).toBeLessThan(200);
  });

  it('reorders layers by dragging and keeps the order in the file', async () => {
    const before = (await layers()).map((l) => l.name);
    expect(before.indexOf('县级行政区')).toBeGreaterThan(before.indexOf('水系'));
    await item('县级行政区').dragTo(item('水系'), { targetPosition: { x: 40, y: 4 } });
    await expect.poll(async () => {
      const names = (await layers()).map((l) => l.name);
      return names.indexOf('县级行政区') < names.indexOf('水系');
    }).toBe(true);
    const stored = (await layers()).map((l) => l.name);
    // the tree re-reads the order when the engine says the layers changed
    await expect.poll(() => page.getByTestId('layer-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer-name')))).toEqual(stored);
  });

  it('changes the boreholes to graduated by natural breaks and the legend shows the classes', async () => {
    await item('钻孔与监测井').click();
    await page.locator('.gwz-right .ant-tabs-tab', { hasText: '样式' }).click();
    await chooseOption(page, page.getByTestId('style-type'), '分级');
    await chooseOption(page, page.getByTestId('style-field'), 'elevation');
    await page.getByTestId('style-classify').click();
    await expect.poll(() => page.getByTestId('style-class').count()).toBe(5);
    await page.getByTestId('style-apply').click();
    const boreholes = page.locator('[data-testid=legend-layer][data-layer-name=钻孔与监测井] [data-testid=legend-item]');
    await expect.poll(() => boreholes.count()).toBe(5);
    const stored = (await layers()).find((l) => l.name === '钻孔与监测井')!;
    expect(stored.style).toMatchObject({ kind: 'vector', type: 'graduated', field: 'elevation', method: 'jenks' });
    if (stored.style.kind === 'vector' && stored.style.type === 'graduated') {
      // the legend says what the engine classified: "min – max" of each class
      expect(await boreholes.first().textContent()).toContain(String(Number(stored.style.classes[0]!.min.toPrecision(4))));
    }
    // the highest class's dark red (ylorrd) is on the map
    await expect.poll(() => pixelsNear('#bd0026', 50)).toBeGreaterThan(20);
    await wb.shot('map-02-graduated-legend');
  });

  it('categorizes the hydrogeological units with labels and a preset colour change shows on the map', async () => {
    await item('水文地质分区').click();
    await chooseOption(page, page.getByTestId('style-type'), '分类');
    await chooseOption(page, page.getByTestId('style-field'), '类型');
    await page.getByTestId('style-categorize').click();
    await expect.poll(() => page.getByTestId('style-class').count()).toBeGreaterThan(1);
    await chooseOption(page, page.getByTestId('style-label-field'), '名称');
    await page.getByTestId('style-apply').click();
    await expect.poll(async () => (await layers()).find((l) => l.name === '水文地质分区')!.style.type).toBe('categorized');
    const stored = (await layers()).find((l) => l.name === '水文地质分区')!;
    expect(stored.style.kind === 'vector' && stored.style.label?.field).toBe('名称');
    await expect.poll(() => page.locator('[data-testid=legend-layer][data-layer-name=水文地质分区] [data-testid=legend-item]').count()).toBeGreaterThan(1);
    await wb.shot('map-03-categorized-labels');
  });

  it('sets opacity, renames and groups from the layer tree; removing asks first and can be undone', async () => {
    await item('工业园区').click();
    await item('工业园区').getByTestId('layer-menu').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '重命名' }).click();
    await page.getByTestId('rename-input').fill('工业园区（示例）');
    await page.getByTestId('rename-ok').click();
    await expect.poll(async () => (await layers()).some((l) => l.name === '工业园区（示例）')).toBe(true);

    await item('工业园区（示例）').getByTestId('layer-menu').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '删除图层' }).click();
    await page.getByTestId('remove-ok').click();
    await expect.poll(() => item('工业园区（示例）').count()).toBe(0);
    await page.getByTestId('remove-undo').click();
    await expect.poll(() => item('工业园区（示例）').count()).toBe(1);
    // the undo window passes without a removal
    await page.waitForTimeout(10_500);
    expect((await layers()).some((l) => l.name === '工业园区（示例）')).toBe(true);

    await item('污染源').getByTestId('layer-menu').click();
    await page.locator('.ant-dropdown-menu-item', { hasText: '删除图层' }).click();
    await page.getByTestId('remove-ok').click();
    await expect.poll(async () => (await layers()).some((l) => l.name === '污染源'), { timeout: 20_000 }).toBe(false);
  });

  it('shows the same legend in English', async () => {
    await page.getByTestId('lang-switch').getByText('English').click();
    await expect.poll(() => legend().textContent()).toContain('Legend');
    await wb.shot('map-04-legend-en');
    await page.getByTestId('lang-switch').getByText('中文').click();
  });

  it('logged no errors in the page', () => {
    // antd's Drawer deprecation warning comes from the borehole/attribute drawers, not from these screens
    expect(wb.pageErrors.filter((e) => !e.startsWith('Warning: [antd: Drawer]'))).toEqual([]);
  });
});
