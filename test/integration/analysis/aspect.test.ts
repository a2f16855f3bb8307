import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testData } from '../../support/data';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';
import { compareBands, grass, hasTool, peer, readBand, storedRaster, writeTiff } from './support';

const ZTS = testData('dem/zts_dem_25m.tif');

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

async function projectWith(file: string, crs: string): Promise<{ path: string; demId: number; demFile: string }> {
  const path = join(f.dir, 'aspect.gwz');
  await f.client.api.project.create({ path, crs });
  const { result } = await f.client.runJob('layers.importRaster', { path: file, name: '高程' });
  return { path, demId: result.layer.id, demFile: storedRaster(path, result.layer.id, f.dir) };
}

/** Angles compared on the circle: 359.9999° and 0° are 0.0001° apart. */
const angleDiff = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 360;
  return Math.min(d, 360 - d);
};

/**
 * gdaldem 3.6's aspect, evaluated as it does it: the window sums in single precision (its 3×3
 * buffers are float), then atan2 in double, the azimuth turn in float.
 */
function gdaldemAspectFloat32(z: Float64Array, w: number, h: number): Float64Array {
  const f = Math.fround;
  const out = new Float64Array(w * h).fill(Number.NaN);
  for (let r = 1; r < h - 1; r++) {
    for (let c = 1; c < w - 1; c++) {
      const win = [-1, 0, 1].flatMap((dr) => [-1, 0, 1].map((dc) => z[(r + dr) * w + c + dc]!));
      if (win.some(Number.isNaN)) continue;
      const [a, b, cc, d, , ff, g, hh, i] = win as number[];
      const dx = f(f(f(f(cc! + ff!) + ff!) + i!) - f(f(f(a! + d!) + d!) + g!));
      const dy = f(f(f(f(g! + hh!) + hh!) + i!) - f(f(f(a! + b!) + b!) + cc!));
      if (dx === 0 && dy === 0) continue;
      const asp = f((Math.atan2(dy, -dx) * 180) / Math.PI);
      let az = asp > 90 ? f(450 - asp) : f(90 - asp);
      if (az === 360) az = 0;
      out[r * w + c] = az;
    }
  }
  return out;
}

describe.runIf(hasTool('gdaldem') && hasTool('grass'))('analysis.aspect against GRASS r.slope.aspect and gdaldem aspect', () => {
  it('matches GRASS r.slope.aspect (double precision) on every interior cell of the real DEM zts_dem_25m within 1e-3°', async () => {
    const { path, demId, demFile } = await projectWith(ZTS, 'EPSG:4528');
    const { result } = await f.client.runJob('analysis.aspect', { dem: demId });
    const ours = readBand(storedRaster(path, result.layers[0]!.id, f.dir));
    const grassFile = join(f.dir, 'grass-aspect.tif');
    grass(
      4528,
      `r.in.gdal -o input=${demFile} output=dem --q
g.region raster=dem
r.slope.aspect -n elevation=dem aspect=asp precision=DCELL --q
r.out.gdal -c input=asp output=${grassFile} type=Float64 --q -f`,
    );
    const ref = readBand(grassFile);
    // r.slope.aspect -n writes −9999 for flat cells
    for (let i = 0; i < ref.data.length; i++) if (ref.data[i] === -9999) ref.data[i] = Number.NaN;
    expect([ours.width, ours.height]).toEqual([ref.width, ref.height]);
    const cmp = compareBands(ours.data, ref.data, angleDiff);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.compared).toBeGreaterThan(90_000);
    expect(cmp.maxDiff).toBeLessThanOrEqual(1e-3);
    expect(result.sectors.reduce((a, b) => a + b, 0)).toBe(cmp.compared);
  });

  it('matches gdaldem aspect within 1e-3° wherever gdaldem’s single-precision sums do not move it, and those cells are exactly its rounding', async () => {
    const { path, demId, demFile } = await projectWith(ZTS, 'EPSG:4528');
    const { result } = await f.client.runJob('analysis.aspect', { dem: demId });
    const ours = readBand(storedRaster(path, result.layers[0]!.id, f.dir));
    const peerFile = join(f.dir, 'gdaldem-aspect.tif');
    peer('gdaldem', ['aspect', demFile, peerFile, '-q']);
    const ref = readBand(peerFile);
    const dem = readBand(demFile);
    // our reading of gdaldem is right: its float32 evaluation reproduces it cell for cell
    const emulated = gdaldemAspectFloat32(dem.data, dem.width, dem.height);
    const emu = compareBands(emulated, ref.data, angleDiff);
    expect(emu.nodataMismatch).toEqual([]);
    expect(emu.maxDiff).toBeLessThanOrEqual(1e-4);
    // …so where we differ by more than 1e-3 it is that rounding (flat in exact arithmetic, or a small gradient)
    let within = 0;
    let rounding = 0;
    for (let i = 0; i < ref.data.length; i++) {
      const a = ours.data[i]!;
      const b = ref.data[i]!;
      if (Number.isNaN(a) && Number.isNaN(b)) continue;
      if (!Number.isNaN(a) && !Number.isNaN(b) && angleDiff(a, b) <= 1e-3) within++;
      else rounding++;
    }
    console.log(`aspect vs gdaldem: ${within} cells within 1e-3°, ${rounding} moved by gdaldem's float32 sums`);
    expect(within).toBeGreaterThan(95_000);
    expect(rounding).toBeLessThan(0.005 * within);
  });

  it('follows both flat-cell conventions on a DEM with a plateau (nodata as gdaldem, 0 as -zero_for_flat)', async () => {
    // a cone cut flat at the top, in whole metres (so gdaldem's float32 sums are exact)
    const grid = { srid: 4528, x0: 40_500_000, y0: 3_450_000, dx: 10, dy: 10, width: 120, height: 100 };
    const z = new Float32Array(grid.width * grid.height);
    for (let r = 0; r < grid.height; r++) {
      for (let c = 0; c < grid.width; c++) z[r * grid.width + c] = Math.round(Math.min(400, 500 - Math.hypot(c - 60.3, r - 49.7) * 7));
    }
    const { path, demId, demFile } = await projectWith(writeTiff(join(f.dir, 'cone.tif'), grid, z), 'EPSG:4528');
    for (const flat of ['nodata', 'zero'] as const) {
      const { result } = await f.client.runJob('analysis.aspect', { dem: demId, flat, outputName: `坡向-${flat}` });
      const ours = readBand(storedRaster(path, result.layers[0]!.id, f.dir));
      const peerFile = join(f.dir, `cone-${flat}.tif`);
      peer('gdaldem', ['aspect', demFile, peerFile, '-q', ...(flat === 'zero' ? ['-zero_for_flat'] : [])]);
      const ref = readBand(peerFile);
      expect(result.flatCells).toBeGreaterThan(100);
      if (flat === 'nodata') {
        const cmp = compareBands(ours.data, ref.data, angleDiff);
        expect(cmp.nodataMismatch).toEqual([]);
        expect(cmp.maxDiff).toBeLessThanOrEqual(1e-3);
      } else {
        // gdaldem -zero_for_flat writes 0 on the edge too (it drops nodata); compare where we have values
        let zeros = 0;
        let maxDiff = 0;
        for (let i = 0; i < ref.data.length; i++) {
          if (Number.isNaN(ours.data[i]!)) continue;
          if (ours.data[i] === 0) zeros++;
          maxDiff = Math.max(maxDiff, angleDiff(ours.data[i]!, ref.data[i]!));
        }
        expect(zeros).toBeGreaterThanOrEqual(result.flatCells);
        expect(maxDiff).toBeLessThanOrEqual(1e-3);
      }
    }
    // ArcGIS's convention: −1 on exactly the flat cells
    const { result } = await f.client.runJob('analysis.aspect', { dem: demId, flat: 'minus-one', outputName: '坡向-arcgis' });
    const arc = readBand(storedRaster(path, result.layers[0]!.id, f.dir));
    expect(arc.data.filter((v) => v === -1).length).toBe(result.flatCells);
  });
});
