import { join } from 'node:path';
import gdal from 'gdal-async';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { writeSquareGrid } from '../bench/support/square-grid';
import { mapPixelsNear, openWorkbench, type Workbench } from './harness';

/**
 * A big layer (24 000 polygons, past the vector-tile threshold) in Chromium: it arrives as MVT tiles
 * from the engine (no GeoJSON of it is fetched), is drawn by the same style function as Canvas
 * layers — fill, dashed outline, hatch and labels — and a zoom fetches the next level's tiles.
 * Screenshots: test-results/screenshots/map-tiles-*.png.
 */
let wb: Workbench;
let page: Page;
let client: Client;
const FILL = '#3c8dbc';
const HATCH = '#d0021b'; // red over the blue fill

const tileResponses: { url: string; status: number; type: string; bytes: number }[] = [];
const geojsonUrls: string[] = [];

const pixelsNear = (hex: string, tolerance = 40): Promise<number> => mapPixelsNear(page, hex, tolerance);

/** Pixels of the map's 2-D canvases where red clearly dominates: only the hatch is red here. */
const redDominantPixels = (): Promise<number> =>
  page.evaluate(() => {
    let n = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>('[data-testid=map] canvas')) {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0) continue;
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 100 && data[i]! > data[i + 1]! + 40 && data[i]! > data[i + 2]!) n++;
    }
    return n;
  });

describe('a big layer through vector tiles (browser mode)', () => {
  beforeAll(async () => {
    wb = await openWorkbench('tiles');
    page = wb.page;
    client = createClient({ invoke: (m, p) => wb.server.engine.dispatch(m, p), listen: (h) => wb.server.engine.onEvent(h) });
    const shp = join(wb.work, 'grid.shp');
    writeSquareGrid({
      path: shp,
      layerName: '图斑',
      options: ['ENCODING=UTF-8'],
      rows: 150,
      cols: 160,
      size: 500,
      x0: 400_000,
      y0: 3_000_000,
      fields: [{ name: '编号', type: gdal.OFTString }],
      attributes: (r, c) => ({ 编号: `${r}-${c}` }),
    });
    await client.api.project.create({ path: join(wb.work, 'big.gwz'), crs: 'EPSG:4548', title: '瓦片测试' });
    const { result } = await client.runJob('layers.importVector', { path: shp, name: '图斑 24000' });
    expect(result.layer.featureCount).toBe(24_000);
    expect(result.layer.tiles?.url).toContain('/tiles/{z}/{x}/{y}.pbf');
    await client.api.layers.update({
      layerId: result.layer.id,
      style: {
        kind: 'vector',
        type: 'single',
        symbol: { fill: FILL, fillOpacity: 1, stroke: { color: '#333333', width: 0.6, dash: [3, 2] }, hatch: { pattern: 'diagonal', color: HATCH, spacing: 6, width: 0.8 } },
        label: { field: '编号', size: 9, color: '#222222', halo: { color: '#ffffff', width: 1.5 }, placement: 'point', allowOverlap: false },
        opacity: 1,
      },
    });
    page.on('response', (res) => {
      const url = res.url();
      if (url.includes('/tiles/')) {
        void res.body().then(
          (b) => tileResponses.push({ url, status: res.status(), type: res.headers()['content-type'] ?? '', bytes: b.byteLength }),
          () => undefined,
        );
      }
      if (url.includes('features.geojson')) geojsonUrls.push(url);
    });
  }, 240_000);

  afterAll(async () => {
    await wb?.close();
  });

  it('draws the layer from MVT tiles with its fill, and fetches no GeoJSON of it', async () => {
    await page.goto(wb.server.url);
    await expect.poll(() => tileResponses.length, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => pixelsNear(FILL, 50), { timeout: 60_000 }).toBeGreaterThan(20_000);
    expect(tileResponses.every((t) => t.status === 200 && t.type === 'application/vnd.mapbox-vector-tile')).toBe(true);
    expect(tileResponses.some((t) => t.bytes > 10_000)).toBe(true);
    // only the fields the style reads travel
    expect(tileResponses[0]!.url).toContain(`fields=${encodeURIComponent('编号')}`);
    expect(geojsonUrls).toEqual([]);
    await wb.shot('map-tiles-01-overview');
  });

  it('zooms in: the next zoom level is read as tiles, with hatch and labels', async () => {
    const before = new Set(tileResponses.map((t) => t.url.replace(/\?.*$/, '')));
    await page.evaluate(async () => {
      const map = (window as unknown as { gwzMap: { getView(): { animate(o: unknown, cb: () => void): void; getResolution(): number } } }).gwzMap;
      const view = map.getView();
      await new Promise<void>((done) => view.animate({ resolution: view.getResolution() / 12, duration: 200 }, () => done()));
    });
    await expect.poll(() => tileResponses.filter((t) => !before.has(t.url.replace(/\?.*$/, ''))).length, { timeout: 60_000 }).toBeGreaterThan(0);
    await page.evaluate(
      () =>
        new Promise<void>((done) => {
          const map = (window as unknown as { gwzMap: { once(t: string, f: () => void): void; render(): void } }).gwzMap;
          map.once('rendercomplete', () => done());
          map.render();
        }),
    );
    // label text in #222222 with a white halo
    await expect.poll(() => pixelsNear('#222222', 60), { timeout: 30_000 }).toBeGreaterThan(300);
    // the hatch (red lines over the blue fill, anti-aliased into red-dominant pixels) is drawn on the tile canvases
    expect(await redDominantPixels()).toBeGreaterThan(5000);
    await wb.shot('map-tiles-02-zoomed');
    expect(wb.pageErrors).toEqual([]);
  });
});
