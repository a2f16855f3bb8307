import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../electron/server/server';
import { openWorkbench, type Workbench } from './harness';

/**
 * The recharge wizard in Chromium on the demo project: sources read from the layer with 待核实
 * badges, flow directions typed in, a boundary drawn on the map, every method run, the methods
 * compared side by side (table and map), the final zones combined with a rationale.
 */
let wb: Workbench;
let page: Page;
let server: RunningServer;
const A = '东乡区小璜镇查家地下水型水源';
const B = '乐安县南村乡集镇地下水型水源';

beforeAll(async () => {
  wb = await openWorkbench('recharge');
  ({ page, server } = wb);
});
afterAll(async () => {
  await wb?.close();
});

async function openWizard(): Promise<void> {
  await page.getByTestId('menu-bar').getByText(/^(工作流|Workflow)$/).hover();
  await page.locator('[data-menu-id$="workflow.recharge"]').click();
  await expect.poll(() => page.getByTestId('recharge-wizard').isVisible()).toBe(true);
}

/** antd puts a test id on the <input> itself or on its wrapper, depending on the component. */
async function inputOf(testId: string) {
  const el = page.getByTestId(testId).first();
  return (await el.evaluate((n) => n.tagName)) === 'INPUT' ? el : el.locator('input');
}

async function typeNumber(testId: string, value: string): Promise<void> {
  const input = await inputOf(testId);
  await input.fill(value);
  await input.press('Tab');
}

describe('recharge wizard', () => {
  it('step 1 reads the two sources, flags 千吨万人 and badges the type defaults 待核实', async () => {
    await page.goto(server.url);
    await page.getByTestId('open-demo').click();
    await expect.poll(() => page.getByTestId('layer-list').textContent(), { timeout: 90_000 }).toContain('地下水型饮用水水源');
    await openWizard();
    const table = page.getByTestId('rc-sources');
    await expect.poll(() => table.textContent()).toContain(A);
    expect(await table.textContent()).toContain(B);
    expect(await table.getByText('千吨万人').count()).toBe(2);
    expect(await table.getByText('待核实').count()).toBeGreaterThanOrEqual(8);
    await page.getByTestId(`rc-locate-${A}`).click();
    await typeNumber(`rc-azimuth-${A}`, '45');
    await typeNumber(`rc-azimuth-${B}`, '300');
    // the live preview: R = 1.5 × 15 × 0.002 × 100 / 0.25 = 18 m; x_s = 1200/(2π·15·15·0.002) = 424 m
    await table.locator('.ant-table-row-expand-icon').first().click();
    await expect.poll(() => page.getByTestId(`rc-preview-${A}`).textContent()).toContain('R₁ 18.0 m');
    expect(await page.getByTestId(`rc-preview-${A}`).textContent()).toContain('驻点 424 m');
    await wb.shot('recharge-1-sources');
  });

  it('step 2 shows the HJ 338 profile with 待核实 badges and takes a boundary drawn on the map', async () => {
    await page.getByTestId('rc-next').click();
    await expect.poll(() => page.getByTestId('rc-empirical-table').textContent()).toContain('中砂');
    expect(await page.getByTestId('rc-badge').count()).toBeGreaterThanOrEqual(4);
    await page.getByTestId('rc-methods').getByText('水文地质边界法').click();
    await page.getByTestId('rc-draw').click();
    // the map is centred on source A in the part the drawer leaves; a quadrilateral around it
    const box = (await page.getByTestId('map').boundingBox())!;
    const drawer = (await page.locator('.gwz-rc-drawer .ant-drawer-content-wrapper').boundingBox())!;
    const left = drawer.x + drawer.width + 10;
    const right = box.x + box.width - 10;
    const at = async (fx: number, fy: number) => {
      await page.mouse.click(left + (right - left) * fx, box.y + box.height * fy);
      await page.waitForTimeout(400); // slower than a double-click, so each click is a vertex
    };
    // (the legend panel sits in the map's lower right)
    await at(0.12, 0.12);
    await at(0.85, 0.15);
    await at(0.6, 0.55);
    await page.mouse.dblclick(left + (right - left) * 0.1, box.y + box.height * 0.6);
    await expect.poll(() => page.getByTestId('rc-drawn').textContent()).toContain('4');
    await wb.shot('recharge-2-methods');
  });

  it('step 3 runs every method and shows them side by side in the table and on the map', async () => {
    await page.getByTestId('rc-next').click();
    await page.getByTestId('rc-run').click();
    const compare = page.getByTestId('rc-compare');
    await expect.poll(() => compare.isVisible(), { timeout: 90_000 }).toBe(true);
    const text = (await compare.textContent()) ?? '';
    for (const m of ['经验值法', '经验公式法', '解析法', '汇水区法']) expect(text).toContain(m);
    // analytical level 1 of A: Q·T/(n·b) = 1200 × 100 / (0.25 × 15) m² = 0.032 km²
    expect(await compare.getByTestId('rc-cell-analytical-level1').first().textContent()).toContain('0.032');
    const capture = (await page.getByTestId('rc-capture').textContent()) ?? '';
    expect(capture).toContain('424.4'); // x_s
    expect(capture).toContain('2666.7'); // Q/(K b i)
    // the new layers are in the project
    const list = page.getByTestId('layer-list');
    await expect.poll(() => list.textContent()).toContain('补给区划分_解析法');
    await page.waitForTimeout(800);
    await wb.shot('recharge-3-compare');
    // only the analytical and the DEM zones on the map
    await page.getByTestId('rc-shown').getByText('经验值法').click();
    await page.getByTestId('rc-shown').getByText('经验公式法').click();
    await page.waitForTimeout(500);
    await wb.shot('recharge-3-compare-analytical-dem');
    await compare.getByText(B).click();
    await page.waitForTimeout(800);
    await wb.shot('recharge-3-compare-source-b');
  });

  it('step 4 writes the final zones with the rationale', async () => {
    await page.getByTestId('rc-next').click();
    await expect.poll(() => page.getByTestId('rc-choices').textContent()).toContain(A);
    await page.getByTestId('rc-rationale').fill('孔隙潜水按经验公式划定一级、二级；补给区取解析法、汇水区与边界法之并集（示例）。');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByTestId('rc-combined').textContent(), { timeout: 60_000 }).toContain('水源保护区');
    await expect.poll(() => page.getByTestId('layer-list').textContent()).toContain('水源保护区_补给区');
    await wb.shot('recharge-4-combined');
  });

  it('reopens with the saved settings, in English too', async () => {
    // Let the wizard's autosave land first: with progress still unwritten, leaving the page asks
    // (beforeunload), and Playwright answers such a prompt by staying.
    await page.waitForTimeout(1500);
    await page.getByTestId('lang-switch').getByText('English').click();
    await page.reload();
    await openWizard();
    // The autosaved progress brings the wizard back at the step it was left on (4, the final zones).
    await expect.poll(() => page.locator('.gwz-rc-steps .ant-steps-item-active').textContent(), { timeout: 30_000 }).toContain('Combine');
    for (let i = 0; i < 3; i++) await page.getByTestId('rc-prev').click();
    await expect.poll(() => page.getByTestId('rc-sources').textContent()).toContain(A);
    expect(await (await inputOf(`rc-azimuth-${A}`)).inputValue()).toBe('45');
    await wb.shot('recharge-5-english');
  });

  it('logged no errors in the page', () => {
    expect(wb.pageErrors).toEqual([]);
  });
});
