import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GwzError } from '../../../shared/api';

/**
 * SVG → PDF and PNG through a headless Chromium-family browser: Skia draws the same SVG the preview
 * shows, embeds the fonts it used in the PDF (CJK as glyph procedures) and rasterises at any device
 * scale. Chromium, Chrome and Edge all take the same switches, and every Windows 10/11 has Edge.
 */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export function findBrowser(): string {
  const fromEnv = process.env.GWZ_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = CANDIDATES.find((c) => existsSync(c));
  if (!found) {
    throw new GwzError(
      'FILE_NOT_FOUND',
      '未找到 Chromium、Chrome 或 Edge 浏览器，无法生成 PDF/PNG（可先导出 SVG，或设置环境变量 GWZ_CHROMIUM 指向浏览器程序）',
      'No Chromium, Chrome or Edge found to write PDF/PNG (export SVG instead, or set GWZ_CHROMIUM to the browser executable)',
      { candidates: CANDIDATES },
    );
  }
  return found;
}

/**
 * Headless Chromium now and then never exits after writing its screenshot or PDF (seen on a loaded
 * 2-core machine: a figure that takes 3 s hung for minutes). A stuck first try is killed and the
 * command run once more, which has always finished.
 */
async function run(browser: string, args: string[], signal: AbortSignal): Promise<void> {
  try {
    await runOnce(browser, args, signal, 60_000);
  } catch (err) {
    if (!(err instanceof StuckBrowser) || signal.aborted) throw err;
    await runOnce(browser, args, signal, 180_000);
  }
}

class StuckBrowser extends Error {}

function runOnce(browser: string, args: string[], signal: AbortSignal, limitMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    let stuck = false;
    const timer = setTimeout(() => {
      stuck = true;
      child.kill('SIGKILL');
    }, limitMs);
    const abort = (): void => {
      child.kill('SIGKILL');
    };
    signal.addEventListener('abort', abort, { once: true });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      if (code === 0) resolve();
      else if (stuck) reject(new StuckBrowser(`browser did not finish within ${limitMs / 1000} s`));
      else reject(new Error(`browser exited with ${code}: ${stderr.split('\n').filter((l) => !/dbus|Fontconfig/i.test(l)).slice(-5).join(' ')}`));
    });
  });
}

function baseArgs(profile: string): string[] {
  const args = ['--headless', '--disable-gpu', '--no-first-run', '--no-default-browser-check', '--hide-scrollbars', `--user-data-dir=${profile}`, '--run-all-compositor-stages-before-draw'];
  // Chromium refuses its sandbox as root (CI containers); a desktop user keeps it
  if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
  return args;
}

/** One page of `widthMm` × `heightMm`, the SVG filling it, as PDF bytes. */
export async function svgToPdf(svg: string, widthMm: number, heightMm: number, signal: AbortSignal): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'gwz-print-'));
  try {
    const html = join(dir, 'page.html');
    const out = join(dir, 'page.pdf');
    writeFileSync(
      html,
      `<!doctype html><html><head><meta charset="utf-8"><style>@page{size:${widthMm}mm ${heightMm}mm;margin:0}` +
        `html,body{margin:0;padding:0;width:${widthMm}mm;height:${heightMm}mm;overflow:hidden}svg{display:block;width:${widthMm}mm;height:${heightMm}mm}</style></head>` +
        `<body>${svg}</body></html>`,
    );
    await run(findBrowser(), [...baseArgs(join(dir, 'profile')), '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(html).href], signal);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The page at `dpi` as PNG bytes (no pHYs yet: see png.withDpi). */
export async function svgToPng(svg: string, widthMm: number, heightMm: number, dpi: number, signal: AbortSignal): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'gwz-print-'));
  try {
    const html = join(dir, 'page.html');
    const out = join(dir, 'page.png');
    const cssW = (widthMm / 25.4) * 96;
    const cssH = (heightMm / 25.4) * 96;
    writeFileSync(
      html,
      `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff;overflow:hidden}` +
        `svg{display:block;width:${cssW}px;height:${cssH}px}</style></head><body>${svg}</body></html>`,
    );
    await run(
      findBrowser(),
      [...baseArgs(join(dir, 'profile')), `--force-device-scale-factor=${dpi / 96}`, `--window-size=${Math.ceil(cssW)},${Math.ceil(cssH)}`, `--screenshot=${out}`, pathToFileURL(html).href],
      signal,
    );
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
