import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { hasTool, readBand, storedRaster, writeWells } from './support';

/**
 * IDW against gdal_grid on the same points, grid and parameters. gdal_grid evaluates at cell
 * centres of -txe/-tye/-outsize, as we do; it is run with GDAL_USE_AVX/SSE off so that it computes in
 * double precision (its SIMD path for power 2 without search uses Float32 and an approximate
 * reciprocal, ~1e-5 relative). `maxPoints` is compared with invdistnn, whose max_points takes the
 * nearest points (invdist's takes the first ones in file order).
 */
const EPSG = 4547;
const X0 = 500_000;
const Y0 = 3_000_000;
const N = 300;

let f: EngineFixture;
let project: string;
let shp: string;
let layerId: number;

beforeAll(async () => {
  f = await engineFixture();
  shp = join(f.dir, 'wells.shp');
  writeWells(shp, { n: N, epsg: EPSG, x0: X0, y0: Y0 });
  project = join(f.dir, 'idw.gwz');
  await f.client.api.project.create({ path: project, crs: `EPSG:${EPSG}` });
  layerId = (await f.client.runJob('layers.importVector', { path: shp, name: '观测井' })).result.layer.id;
});
afterAll(async () => {
  await f.dispose();
});

const GRID = { cellSize: 50, extent: [X0 - 500, Y0 - 500, X0 + 10_500, Y0 + 8_500] as [number, number, number, number] };

const CASES = [
  { name: 'all points, power 2 (invdist defaults)', ours: { maxPoints: 0 }, peer: 'invdist:power=2:smoothing=0' },
  { name: 'all points, power 3, smoothing 20 m', ours: { maxPoints: 0, power: 3, smoothing: 20 }, peer: 'invdist:power=3:smoothing=20' },
  { name: 'radius 900 m, at least 3 points', ours: { maxPoints: 0, radius: 900, minPoints: 3 }, peer: 'invdist:power=2:radius=900:min_points=3:nodata=-9999' },
  { name: 'nearest 12 within 1500 m, at least 4', ours: { maxPoints: 12, radius: 1500, minPoints: 4 }, peer: 'invdistnn:power=2:radius=1500:max_points=12:min_points=4:nodata=-9999' },
  { name: 'nearest 8 anywhere, power 2.5, smoothing 5 m', ours: { maxPoints: 8, power: 2.5, smoothing: 5 }, peer: 'invdistnn:power=2.5:smoothing=5:radius=1e9:max_points=8:nodata=-9999' },
] as const;

describe.runIf(hasTool('gdal_grid'))('analysis.idw against gdal_grid (same points, grid and parameters)', () => {
  for (const c of CASES) {
    it(`${c.name}: RMSE ≤ 1e-6 of the value range, nodata cell for cell`, async () => {
      const { result } = await f.client.runJob('analysis.idw', { points: layerId, field: 'head', ...GRID, ...c.ours, crossValidate: false });
      const ours = readBand(storedRaster(project, result.layers[0]!.id, f.dir));
      const w = ours.width;
      const h = ours.height;
      const [minx, miny, maxx, maxy] = result.layers[0]!.extent!;
      const peerFile = join(f.dir, `peer-${CASES.indexOf(c)}.tif`);
      execFileSync('gdal_grid', [
        '-q', '--config', 'GDAL_USE_AVX', 'NO', '--config', 'GDAL_USE_SSE', 'NO',
        '-zfield', 'head', '-l', 'wells', '-a', c.peer,
        '-txe', String(minx), String(maxx), '-tye', String(maxy), String(miny), '-outsize', String(w), String(h),
        '-ot', 'Float64', shp, peerFile,
      ]);
      const peer = readBand(peerFile);
      expect([peer.width, peer.height]).toEqual([w, h]);
      let n = 0;
      let sq = 0;
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < w * h; i++) {
        const a = ours.data[i]!;
        const b = peer.data[i] === -9999 ? Number.NaN : peer.data[i]!;
        expect(Number.isNaN(a), `cell ${i}`).toBe(Number.isNaN(b));
        if (Number.isNaN(a)) continue;
        n++;
        sq += (a - b) ** 2;
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
      const rel = Math.sqrt(sq / n) / (hi - lo);
      console.log(`${c.name}: ${n} cells compared, RMSE/range = ${rel.toExponential(2)}`);
      expect(n).toBeGreaterThan(1000);
      expect(rel).toBeLessThanOrEqual(1e-6);
    });
  }
});

describe('analysis.idw cross-validation and bad input', () => {
  it('reports leave-one-out ME, MAE, RMSE and the pairs, and writes them as a table', async () => {
    const { result } = await f.client.runJob('analysis.idw', { points: layerId, field: 'head', cellSize: 200 });
    const cv = result.crossValidation!;
    expect(cv.n).toBe(N);
    expect(cv.pairs).toHaveLength(N);
    const rmse = Math.sqrt(cv.pairs.reduce((s, p) => s + (p.predicted - p.observed) ** 2, 0) / N);
    expect(cv.rmse).toBeCloseTo(rmse, 10);
    expect(cv.mae).toBeLessThanOrEqual(cv.rmse);
    expect(cv.rmse).toBeGreaterThan(0.1);
    expect(cv.rmse).toBeLessThan(3);
    expect(result.layers.map((l) => l.kind)).toEqual(['raster', 'table']);
    expect(result.layers[1]!.featureCount).toBe(N);
  });

  it('refuses a text field, a missing field, a raster as points and minPoints > maxPoints, writing nothing', async () => {
    const before = (await f.client.api.layers.list({})).layers.length;
    const runs = (await f.client.api.analysis.runs({})).runs.length;
    const text = await errorOf(f.client.runJob('analysis.idw', { points: layerId, field: 'code' }));
    expect(text.code).toBe('BAD_INPUT');
    expect(text.message_zh).toContain('不是数值字段');
    expect(text.message_en).toContain('not numeric');
    const missing = await errorOf(f.client.runJob('analysis.idw', { points: layerId, field: 'nope' }));
    expect(missing.code).toBe('BAD_INPUT');
    expect(missing.details).toMatchObject({ fields: expect.arrayContaining(['head', 'code']) });
    const both = await errorOf(f.client.runJob('analysis.idw', { points: layerId, field: 'head', boreholeValue: 'level' }));
    expect(both.code).toBe('BAD_REQUEST');
    const minmax = await errorOf(f.client.runJob('analysis.idw', { points: layerId, field: 'head', maxPoints: 4, minPoints: 5 }));
    expect(minmax.code).toBe('BAD_REQUEST');
    const levels = await errorOf(f.client.runJob('analysis.idw', { points: layerId, boreholeValue: 'level' }));
    expect(levels.code).toBe('BAD_INPUT');
    expect(levels.message_zh).toContain('钻孔与监测井');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(before);
    expect((await f.client.api.analysis.runs({})).runs).toHaveLength(runs);
  });
});
