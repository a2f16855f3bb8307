import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/server';
import { testData } from '../support/data';

// A GBK shapefile with LDID 0 and no .cpg: GDAL alone shows mojibake; the preview must show 黑龙江省.
const CHINESE_POLY = testData('shp_encoding/geotools_chinese_poly/chinese_poly.shp');
const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/renderer');
const SHOTS = join(ROOT, 'test-results/screenshots');

let server: RunningServer;
let browser: Browser;
let page: Page;
let work: string;
const pageErrors: string[] = [];

async function shot(name: string): Promise<void> {
  await expect.poll(() => page.locator('.ant-modal-wrap .ant-zoom-leave, .ant-zoom-enter, .ant-zoom-appear').count()).toBe(0);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
}

/** Blue outline pixels on the map canvases: proof the imported layer is drawn, not just listed. */
async function outlinePixels(): Promise<number> {
  return page.evaluate(() => {
    let count = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-testid=map] canvas')) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i]!, data[i + 1]!, data[i + 2]!, data[i + 3]!];
        if (a > 100 && b > 110 && b - r > 60 && g < 130) count += 1;
      }
    }
    return count;
  });
}

describe('import dialog preview (browser mode)', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Always rebuild: a stale bundle would test yesterday's dialog.
    execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts'], { cwd: ROOT, stdio: 'pipe' });
    work = mkdtempSync(join(tmpdir(), 'gwz-e2e-preview-'));
    process.env.GWZ_HOME = join(work, 'home');
    server = await startServer({ staticDir: DIST });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
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
    expect(pageErrors).toEqual([]);
  });
});
