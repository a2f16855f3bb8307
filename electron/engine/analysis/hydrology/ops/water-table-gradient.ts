import type { OperationImpl } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { assertProjected } from '../../core/projected';
import { meanMinMax } from '../../core/stats';
import { flowAzimuth, gradientRasters } from '../gradient';

/** Hydraulic gradient (m/m) and flow azimuth (° from grid north) rasters from a head surface. */
export const waterTableGradient: OperationImpl<'analysis.waterTableGradient'> = async (req, ctx) => {
  const row = ctx.layer(req.head);
  ctx.job.progress(0, '正在读取水位面', 'Reading the head surface');
  const head = await ctx.readRaster(req.head);
  assertProjected(head.grid.srid, `水位面「${row.name}」`, `The head surface "${row.name}"`);
  const { gradient, azimuth } = await gradientRasters(head, jobStep(ctx.job, 10, 85, '正在计算水力坡度', 'Computing the hydraulic gradient'));
  // the mean flow direction is that of the mean gradient vector, not the mean of angles
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < gradient.length; i++) {
    const g = gradient[i]!;
    const az = azimuth[i]!;
    if (Number.isNaN(g) || Number.isNaN(az)) continue;
    const rad = (az * Math.PI) / 180;
    sx += g * Math.sin(rad);
    sy += g * Math.cos(rad);
  }
  const stats = meanMinMax(gradient);
  const base = req.outputName ?? row.name;
  return {
    outputs: [
      { kind: 'raster', name: `${base}_水力坡度`, raster: { grid: head.grid, data: gradient }, type: 'Float32' },
      { kind: 'raster', name: `${base}_地下水流向(°)`, raster: { grid: head.grid, data: azimuth }, type: 'Float32' },
    ],
    extra: {
      meanGradient: stats.mean,
      maxGradient: stats.max,
      meanAzimuth: sx === 0 && sy === 0 ? null : flowAzimuth(-sx, -sy),
    },
  };
};
