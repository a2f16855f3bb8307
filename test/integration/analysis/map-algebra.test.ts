import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testData } from '../../support/data';
import { classField, punchNodata, smoothField } from '../../support/synthetic';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';
import { compareBands, hasTool, peer, readBand, storedRaster, writeTiff } from './support';

// Reclassify, weighted overlay and the raster calculator against gdal_calc.py on the same files:
// the real DEM zts_dem_25m (with its large nodata area) and synthetic rating rasters with holes.

const ZTS = testData('dem/zts_dem_25m.tif');
const W = 300;
const H = 200;
const GRID = { srid: 4528, x0: 40_490_000, y0: 3_460_000, dx: 30, dy: 30, width: W, height: H };

let f: EngineFixture;
let path: string;
const ids: Record<string, number> = {};
const files: Record<string, string> = {};

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'algebra.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4528' });
  const inputs: [string, string, Float32Array, 'Byte' | 'Float32'][] = [
    ['D', 'd.tif', punchNodata(classField(W, H, 1), W, 11), 'Byte'],
    ['R', 'r.tif', classField(W, H, 2), 'Byte'],
    ['A', 'a.tif', punchNodata(classField(W, H, 3), W, 13), 'Byte'],
    ['soil', 'soil.tif', Float32Array.from(smoothField(W, H, 4), (v) => 100 * v), 'Float32'],
  ];
  for (const [name, file, data, type] of inputs) {
    files[name] = writeTiff(join(f.dir, file), GRID, data, type);
    ids[name] = (await f.client.runJob('layers.importRaster', { path: files[name], name })).result.layer.id;
  }
  ids.高程 = (await f.client.runJob('layers.importRaster', { path: ZTS, name: '高程' })).result.layer.id;
  files.高程 = storedRaster(path, ids.高程, f.dir);
});

afterAll(async () => {
  await f?.dispose();
});

function gdalCalc(out: string, inputs: Record<string, string>, calc: string, extra: string[] = []): ReturnType<typeof readBand> {
  const file = join(f.dir, out);
  peer('gdal_calc.py', [...Object.entries(inputs).flatMap(([k, v]) => [`-${k}`, v]), `--outfile=${file}`, `--calc=${calc}`, '--NoDataValue=-9999', '--type=Float32', '--quiet', '--overwrite', ...extra]);
  return readBand(file);
}

async function ours(method: Parameters<EngineFixture['client']['runJob']>[0], req: Record<string, unknown>) {
  const { result } = await f.client.runJob(method, req as never);
  const r = result as unknown as { layers: { id: number }[] };
  return { result, band: readBand(storedRaster(path, r.layers[0]!.id, f.dir)) };
}

describe.runIf(hasTool('gdal_calc.py'))('map algebra against gdal_calc.py', () => {
  it('reclassify by ranges (DRASTIC-style half-open, last closed, open ends) matches numpy.select on the real DEM', async () => {
    const ranges = [
      { from: null, to: 100, value: 10 },
      { from: 100, to: 200, value: 7 },
      { from: 200, to: 300, value: 5 },
      { from: 300, to: 400, value: 3 },
      { from: 400, to: 531.5, value: 1 },
    ];
    const { result, band } = await ours('analysis.reclassify', { raster: ids.高程, mode: 'ranges', ranges });
    const ref = gdalCalc('reclass.tif', { A: files.高程! }, 'numpy.select([A<100, (A>=100)&(A<200), (A>=200)&(A<300), (A>=300)&(A<400), (A>=400)&(A<=531.5)], [10,7,5,3,1], -9999)');
    const cmp = compareBands(band.data, ref.data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(95_000);
    expect(cmp.maxDiff).toBe(0);
    const r = result as unknown as { unmatched: number; counts: { value: number; cells: number }[]; layers: { id: number }[] };
    expect(r.unmatched).toBe(0);
    expect(r.counts.reduce((a, c) => a + c.cells, 0)).toBe(cmp.compared);
  });

  it('reclassify by categories counts unmatched cells and makes them nodata, as numpy.select with a nodata default', async () => {
    const categories = [1, 2, 3, 4, 5, 6, 7].map((c) => ({ category: c, value: c * 10 }));
    const { result, band } = await ours('analysis.reclassify', { raster: ids.D, mode: 'categories', categories, outputName: 'D类别' });
    const ref = gdalCalc('cats.tif', { A: files.D! }, `numpy.select([${categories.map((c) => `A==${c.category}`).join(',')}], [${categories.map((c) => c.value).join(',')}], -9999)`);
    const cmp = compareBands(band.data, ref.data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.maxDiff).toBe(0);
    const src = readBand(files.D!);
    const unmatched = src.data.filter((v) => !Number.isNaN(v) && v > 7).length;
    const r = result as unknown as { unmatched: number; warnings: unknown[] };
    expect(unmatched).toBeGreaterThan(100);
    expect(r.unmatched).toBe(unmatched);
    expect(r.warnings).toHaveLength(1);
  });

  it('weighted overlay (DRASTIC weights) matches gdal_calc A*5+B*4+C*3+D*2, nodata where any input is nodata', async () => {
    const inputs = [
      { layer: ids.D, weight: 5 },
      { layer: ids.R, weight: 4 },
      { layer: ids.A, weight: 3 },
      { layer: ids.soil, weight: 2 },
    ];
    const { result, band } = await ours('analysis.weightedOverlay', { inputs });
    const ref = gdalCalc('wsum.tif', { A: files.D!, B: files.R!, C: files.A!, D: files.soil! }, '1.0*A*5 + 1.0*B*4 + 1.0*C*3 + 1.0*D*2');
    const cmp = compareBands(band.data, ref.data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(0.9 * W * H);
    expect(cmp.maxDiff).toBeLessThanOrEqual(1e-4);
    const r = result as unknown as { nodataCells: number; weightTotal: number };
    expect(r.nodataCells).toBe(W * H - cmp.compared);
    expect(r.weightTotal).toBe(14);

    const mean = await ours('analysis.weightedOverlay', { inputs, normalize: true, outputName: '加权平均' });
    const refMean = gdalCalc('wmean.tif', { A: files.D!, B: files.R!, C: files.A!, D: files.soil! }, '(1.0*A*5 + 1.0*B*4 + 1.0*C*3 + 1.0*D*2)/14');
    const cmpMean = compareBands(mean.band.data, refMean.data);
    expect(cmpMean.nodataMismatch).toEqual([]);
    expect(cmpMean.maxDiff).toBeLessThanOrEqual(1e-5);
  });

  it('weighted overlay of integer ratings with integer weights is stored as an integer raster', async () => {
    const { result } = await ours('analysis.weightedOverlay', { inputs: [{ layer: ids.D, weight: 5 }, { layer: ids.R, weight: 4 }], outputName: '整数叠加' });
    const info = await f.client.api.rasters.info({ layerId: (result as unknown as { layers: { id: number }[] }).layers[0]!.id });
    expect(info.dataType).toBe('Byte');
  });

  it('raster calculator: conditions, arithmetic and functions over layer names match gdal_calc', async () => {
    const cases: [string, Record<string, string>, string, string[]?][] = [
      // three-valued logic: "false and nodata" is false (SQL), so gdal_calc is told where D is nodata (255)
      ['"soil" > 50 and D < 5', { A: files.soil!, B: files.D! }, 'numpy.where(B==255, numpy.where(A<=50, 0, -9999), 1.0*((A>50)&(B<5)))', ['--hideNoData']],
      ['sqrt(soil) * 2 + D / 3 - R ^ 2', { A: files.soil!, B: files.D!, C: files.R! }, 'numpy.sqrt(A)*2 + B/3.0 - (1.0*C)**2'],
      // if() reads only the branch it takes: D's nodata matters only where soil > 60
      ['if(soil > 60, D, R * 10)', { A: files.soil!, B: files.D!, C: files.R! }, 'numpy.where(A>60, numpy.where(B==255, -9999, 1.0*B), 10.0*C)', ['--hideNoData']],
      ['min(D, R, A) + max(D, A)', { A: files.D!, B: files.R!, C: files.A! }, 'numpy.minimum(numpy.minimum(1.0*A, B), C) + numpy.maximum(1.0*A, C)'],
    ];
    for (const [expression, inputs, calc, extra] of cases) {
      const { result, band } = await ours('analysis.rasterCalculator', { expression, outputType: 'Float32', outputName: expression });
      const ref = gdalCalc(`calc-${Math.random().toString(36).slice(2)}.tif`, inputs, calc, extra);
      const cmp = compareBands(band.data, ref.data, (a, b) => Math.abs(a - b) / Math.max(1, Math.abs(b)));
      expect(cmp.nodataMismatch, expression).toEqual([]);
      expect(cmp.maxDiff, expression).toBeLessThanOrEqual(1e-6);
      expect(cmp.compared, expression).toBeGreaterThan(0.9 * W * H);
      // provenance names every layer the expression read
      const run = (await f.client.api.analysis.runs({ limit: 1 })).runs[0]!;
      const used = (run.inputs as { layers: { layerId: number }[] }).layers.map((l) => l.layerId).sort();
      expect(used, expression).toEqual((result as unknown as { inputsByName: { layerId: number }[] }).inputsByName.map((b) => b.layerId).sort());
    }
  });

  it('classify (Jenks, equal interval, manual) matches gdal_calc applying the same breaks, upper bounds inclusive', async () => {
    const demValid = readBand(files.高程!).data.filter((v) => !Number.isNaN(v)).length;
    for (const [method, extra] of [
      ['jenks', {}],
      ['equal', { classes: 4 }],
      ['manual', { breaks: [100, 150, 250, 400] }],
    ] as const) {
      const { result, band } = await ours('analysis.classify', { raster: ids.高程, method, ...extra, outputName: `分级-${method}` });
      const r = result as unknown as { breaks: number[]; counts: number[]; outside: number };
      const b = r.breaks;
      expect(b.length - 1).toBe(method === 'jenks' ? 5 : method === 'equal' ? 4 : 3);
      // code = 1 + number of inner breaks below the value; outside [b0, bn] nodata
      const calc = `numpy.where((A<${b[0]})|(A>${b[b.length - 1]}), -9999, 1 + ${b.slice(1, -1).map((x) => `(A>${x})`).join(' + ') || '0'})`;
      const ref = gdalCalc(`classify-${method}.tif`, { A: files.高程! }, calc.replace(/A/g, 'A.astype(numpy.float64)'));
      const cmp = compareBands(band.data, ref.data);
      expect(cmp.nodataMismatch, method).toEqual([]);
      expect(cmp.maxDiff, method).toBe(0);
      expect(r.counts.reduce((x, y) => x + y, 0) + r.outside).toBe(demValid);
      expect(r.counts.reduce((x, y) => x + y, 0)).toBe(cmp.compared);
      if (method === 'manual') expect(r.outside).toBeGreaterThan(1000);
    }
  });

  it('aligns inputs on different grids onto the analysis grid as gdalwarp does (nearest for classes, bilinear for values)', async () => {
    // the DEM (25 m) and a 30 m rating raster on another origin, overlaid on a 50 m grid over an explicit extent
    const grid = { srid: 4528, x0: 40_434_010, y0: 3_457_020, dx: 40, dy: 40, width: 250, height: 180 };
    const ratings = writeTiff(join(f.dir, 'offset.tif'), grid, classField(250, 180, 9), 'Byte');
    const rid = (await f.client.runJob('layers.importRaster', { path: ratings, name: '偏移评分' })).result.layer.id;
    const dem = await f.client.api.rasters.info({ layerId: ids.高程! });
    const e = dem.geoTransform;
    const extent: [number, number, number, number] = [e[0]! + 2000, e[3]! - 12_000, e[0]! + 15_000, e[3]! - 2000];
    const { band } = await ours('analysis.weightedOverlay', {
      inputs: [{ layer: ids.高程, weight: 1 }, { layer: rid, weight: 100 }],
      grid: { cellSize: 50, extent },
      outputName: '对齐叠加',
    });
    // the same grid by hand: origin on multiples of 50 m, bilinear DEM, nearest ratings
    const x0 = Math.floor(extent[0] / 50) * 50;
    const y1 = Math.ceil(extent[3] / 50) * 50;
    const x1 = x0 + Math.ceil((extent[2] - x0) / 50) * 50;
    const y0 = y1 - Math.ceil((y1 - extent[1]) / 50) * 50;
    const warp = (src: string, out: string, r: string): string => {
      const file = join(f.dir, out);
      peer('gdalwarp', ['-q', '-overwrite', '-te', `${x0}`, `${y0}`, `${x1}`, `${y1}`, '-tr', '50', '50', '-r', r, '-ot', 'Float32', '-dstnodata', '-9999', src, file]);
      return file;
    };
    const ref = gdalCalc('aligned.tif', { A: warp(files.高程!, 'dem50.tif', 'bilinear'), B: warp(ratings, 'rat50.tif', 'near') }, 'A + 100.0*B');
    expect([band.width, band.height]).toEqual([ref.width, ref.height]);
    const cmp = compareBands(band.data, ref.data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(1000);
    expect(cmp.maxDiff).toBeLessThanOrEqual(1e-3);
  });
});
