import type { OperationImpl } from '../core/run-analysis';
import { emptyRaster, type RasterArray } from '../core/raster-array';
import type { Progress } from '../core/progress';
import { forEachHornGradient } from './terrain';

/** What a flat cell (no gradient) gets: nodata as gdaldem, 0 as `gdaldem -zero_for_flat`, −1 as ArcGIS. */
export type FlatAspect = 'nodata' | 'zero' | 'minus-one';

const FLAT_VALUE: Record<FlatAspect, number> = { nodata: Number.NaN, zero: 0, 'minus-one': -1 };

/**
 * Aspect — the azimuth the slope faces, degrees clockwise from north in [0, 360) — from Horn's
 * gradients, with gdaldem's formula. Unlike gdaldem the gradients are divided by the cell sizes, so
 * the azimuth is also right on grids whose cells are not square (on square cells the two agree).
 */
export function aspectRaster(dem: RasterArray, flat: FlatAspect, progress?: Progress, counts?: { flat: number }): RasterArray {
  const out = emptyRaster(dem.grid);
  const flatValue = FLAT_VALUE[flat];
  const toDeg = 180 / Math.PI;
  forEachHornGradient(
    dem,
    (i, dzdx, dzdy) => {
      if (dzdx === 0 && dzdy === 0) {
        out.data[i] = flatValue;
        if (counts) counts.flat++;
        return;
      }
      // mathematical angle of the downhill direction (east = 0, counter-clockwise), then azimuth
      const a = Math.atan2(dzdy, -dzdx) * toDeg;
      let az = a > 90 ? 450 - a : 90 - a;
      if (az >= 360) az -= 360;
      out.data[i] = az;
    },
    progress,
    { zh: '正在计算坡向', en: 'Computing aspect' },
  );
  return out;
}

/** Cells per compass sector (N, NE, … NW; flat and nodata not counted). */
function sectorCounts(data: Float32Array): number[] {
  const counts = new Array<number>(8).fill(0);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!(v >= 0)) continue;
    counts[Math.floor(((v + 22.5) % 360) / 45)]!++;
  }
  return counts;
}

export const aspect: OperationImpl<'analysis.aspect'> = async (req, ctx) => {
  const dem = await ctx.readRaster(req.dem);
  const counts = { flat: 0 };
  const out = aspectRaster(dem, req.flat, ctx.job, counts);
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${ctx.layer(req.dem).name}_坡向`, raster: out, type: 'Float32' }],
    extra: { sectors: sectorCounts(out.data), flatCells: counts.flat },
  };
};
