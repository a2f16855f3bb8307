import type { OperationImpl } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { emptyRaster } from '../../core/raster-array';
import { flowAccumulation as accumulate } from '../accumulation';
import { D8_NONE } from '../d8';
import { routeDem } from './route-dem';

/** Flow accumulation in cells (the cell itself included) or in km² of contributing area. */
export const flowAccumulation: OperationImpl<'analysis.flowAccumulation'> = async (req, ctx) => {
  const { name, grid, dir } = await routeDem(ctx, req.dem, 0, 75);
  const acc = await accumulate(dir, grid.width, grid.height, jobStep(ctx.job, 75, 85, '正在计算汇流累积量', 'Accumulating flow'));
  const scale = req.units === 'km2' ? (grid.dx * grid.dy) / 1e6 : 1;
  const out = emptyRaster(grid);
  let max = 0;
  for (let i = 0; i < acc.length; i++) {
    if (dir[i] === D8_NONE) continue;
    const v = acc[i]! * scale;
    out.data[i] = v;
    if (v > max) max = v;
  }
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${name}_汇流累积量${req.units === 'km2' ? '(km²)' : ''}`, raster: out, type: 'Float32' }],
    extra: { max },
  };
};
