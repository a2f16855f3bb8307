import type { OperationImpl } from '../core/run-analysis';
import { emptyRaster } from '../core/raster-array';
import { meanMinMax } from '../core/stats';

/**
 * Slope by Horn's (1981) 3×3 finite differences — gdaldem's default — in percent or degrees. Cells on
 * the grid's edge, and cells with a nodata neighbour, are nodata (NaN propagates), as gdaldem does
 * without -compute_edges.
 */
export const slope: OperationImpl<'analysis.slope'> = async (req, ctx) => {
  const dem = await ctx.readRaster(req.dem);
  const { grid, data: z } = dem;
  const { width: w, height: h } = grid;
  const out = emptyRaster(grid);
  const sx = 8 * grid.dx;
  const sy = 8 * grid.dy;
  const zf = req.zFactor;
  const degrees = req.units === 'degrees';
  const toDeg = 180 / Math.PI;
  for (let r = 1; r < h - 1; r++) {
    if (r % 256 === 0) {
      ctx.job.throwIfCancelled();
      ctx.job.progress((80 * r) / h, '正在计算坡度', 'Computing slope');
    }
    const up = (r - 1) * w;
    const mid = r * w;
    const dn = (r + 1) * w;
    for (let c = 1; c < w - 1; c++) {
      const a = z[up + c - 1]!, b = z[up + c]!, cc = z[up + c + 1]!;
      const d = z[mid + c - 1]!, f = z[mid + c + 1]!;
      const g = z[dn + c - 1]!, hh = z[dn + c]!, i = z[dn + c + 1]!;
      const dzdx = (cc + 2 * f + i - (a + 2 * d + g)) / sx;
      const dzdy = (g + 2 * hh + i - (a + 2 * b + cc)) / sy;
      const rise = zf * Math.sqrt(dzdx * dzdx + dzdy * dzdy);
      out.data[mid + c] = degrees ? Math.atan(rise) * toDeg : 100 * rise;
    }
  }
  const demName = ctx.layer(req.dem).name;
  const stats = meanMinMax(out.data);
  return {
    outputs: [
      {
        kind: 'raster',
        name: req.outputName ?? `${demName}_坡度${degrees ? '(°)' : '(%)'}`,
        raster: out,
        type: 'Float32',
      },
    ],
    extra: stats,
  };
};
