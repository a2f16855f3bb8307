import type { OperationImpl } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { fillDepressions as fill } from '../flow-routing';
import { readDem } from './route-dem';

/** The filled DEM, and how much was filled. */
export const fillDepressions: OperationImpl<'analysis.fillDepressions'> = async (req, ctx) => {
  const { name, grid, data } = await readDem(ctx, req.dem, 0, 10);
  const filled = await fill(data, grid.width, grid.height, jobStep(ctx.job, 10, 85, '正在填洼', 'Filling depressions'));
  let cellsRaised = 0;
  let maxDepth = 0;
  let depthSum = 0;
  for (let i = 0; i < data.length; i++) {
    const d = filled[i]! - data[i]!;
    if (d > 0) {
      cellsRaised++;
      depthSum += d;
      if (d > maxDepth) maxDepth = d;
    }
  }
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${name}_填洼`, raster: { grid, data: filled }, type: 'Float32' }],
    extra: { cellsRaised, maxDepth, volume: depthSum * grid.dx * grid.dy },
  };
};
