import type { OperationImpl } from '../core/run-analysis';
import { emptyRaster, type RasterArray } from '../core/raster-array';
import type { Progress } from '../core/progress';
import { meanMinMax } from '../core/stats';
import { forEachHornGradient } from './terrain';

export interface SlopeParams {
  units: 'percent' | 'degrees';
  /** Ratio of vertical to horizontal units. */
  zFactor: number;
}

/** Slope by Horn's method (gdaldem's default) in percent or degrees; edge cells and cells next to nodata are nodata. */
export function slopeRaster(dem: RasterArray, params: SlopeParams, progress?: Progress): RasterArray {
  const out = emptyRaster(dem.grid);
  const zf = params.zFactor;
  const degrees = params.units === 'degrees';
  const toDeg = 180 / Math.PI;
  forEachHornGradient(
    dem,
    (i, dzdx, dzdy) => {
      const rise = zf * Math.sqrt(dzdx * dzdx + dzdy * dzdy);
      out.data[i] = degrees ? Math.atan(rise) * toDeg : 100 * rise;
    },
    progress,
    { zh: '正在计算坡度', en: 'Computing slope' },
  );
  return out;
}

export const slope: OperationImpl<'analysis.slope'> = async (req, ctx) => {
  const dem = await ctx.readRaster(req.dem);
  const out = slopeRaster(dem, req, ctx.job);
  const degrees = req.units === 'degrees';
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${ctx.layer(req.dem).name}_坡度${degrees ? '(°)' : '(%)'}`, raster: out, type: 'Float32' }],
    extra: meanMinMax(out.data),
  };
};
