#!/usr/bin/env node
// Renders icon.svg to icon.png (512x512, transparent corners) with the system Chromium, so the PNG
// electron-builder turns into .ico/.icns/Linux icons always matches the SVG. Re-run after editing
// the SVG:  node resources/icons/render-icons.mjs  (CHROMIUM=/path/to/chrome to override).
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const here = new URL('.', import.meta.url);
const svg = readFileSync(new URL('icon.svg', here), 'utf8');
const size = 512;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
  );
  const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  writeFileSync(new URL('icon.png', here), png);
  console.log(`icon.png ${size}x${size}, ${png.length} bytes`);
} finally {
  await browser.close();
}
