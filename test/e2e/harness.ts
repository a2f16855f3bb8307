import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/server';

/**
 * The whole stack for one e2e file: the built renderer (rebuilt only when stale), a browser-mode
 * server on the real engine with its own GWZ_HOME, and Debian's Chromium.
 */
export const ROOT = resolve(import.meta.dirname, '../..');
const DIST = join(ROOT, 'dist/renderer');
const SHOTS = join(ROOT, 'test-results/screenshots');

export interface Workbench {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** A temp folder for this file's projects, removed by close(). */
  work: string;
  /** Uncaught page errors and console errors, for a final "no errors" check. */
  pageErrors: string[];
  /** A screenshot in test-results/screenshots once dialogs have settled. */
  shot(name: string): Promise<void>;
  /** Pixels of the default layer outline colour on the map canvases: proof features were drawn. */
  outlinePixels(): Promise<number>;
  close(): Promise<void>;
}

export async function openWorkbench(prefix: string): Promise<Workbench> {
  mkdirSync(SHOTS, { recursive: true });
  execFileSync('node', ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'pipe' });
  const work = mkdtempSync(join(tmpdir(), `gwz-e2e-${prefix}-`));
  process.env.GWZ_HOME = join(work, 'home');
  const server = await startServer({ staticDir: DIST });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });

  return {
    server,
    browser,
    page,
    work,
    pageErrors,
    async shot(name) {
      await expect.poll(() => page.locator('.ant-modal-wrap .ant-zoom-leave, .ant-zoom-enter, .ant-zoom-appear').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled' });
    },
    outlinePixels: () =>
      page.evaluate(() => {
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
      }),
    async close() {
      await browser.close();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Opens the antd Select at `select` (its root or a wrapper around it) and returns the options of
 * that Select's own dropdown. Another Select's dropdown may still be fading out with the same
 * option texts, so "the visible option" is ambiguous; the input's aria-controls names the list.
 */
export async function openSelect(select: Locator): Promise<{ options: Locator; input: Locator }> {
  const root = (await select.evaluate((el) => el.classList.contains('ant-select'))) ? select : select.locator('.ant-select').first();
  const input = root.locator('input[role=combobox]').first();
  await expect
    .poll(async () => {
      const list = await input.getAttribute('aria-controls');
      if (!list) await root.click();
      return list;
    }, { timeout: 15_000 })
    .toBeTruthy();
  const list = (await input.getAttribute('aria-controls'))!;
  return { options: select.page().locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`), input };
}

/** Picks the option with `text` (after typing `typed` into the search, if given) from the Select at `select`. */
export async function chooseOption(page: Page, select: Locator, text: string | RegExp, typed?: string): Promise<void> {
  const { options, input } = await openSelect(select);
  if (typed) await page.keyboard.type(typed);
  await options.filter({ hasText: text }).first().click();
  // closed again: the next pick starts from a settled picker
  await expect.poll(() => input.getAttribute('aria-expanded')).toBe('false');
}

/** Pixels close to a colour on the map (Canvas 2D and WebGL layers alike: read back from a screenshot of the map element). */
export async function mapPixelsNear(page: Page, hex: string, tolerance = 40): Promise<number> {
  const png = await page.getByTestId('map').screenshot();
  return page.evaluate(
    async ({ b64, hex, tolerance }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i]! - r!) + Math.abs(data[i + 1]! - g!) + Math.abs(data[i + 2]! - b!) < tolerance) n++;
      }
      return n;
    },
    { b64: png.toString('base64'), hex, tolerance },
  );
}
