import { GwzError } from '../../../../../shared/api';
import { jobStep } from '../../core/cooperate';
import type { Grid } from '../../core/grid';
import { assertProjected } from '../../core/projected';
import type { OperationContext } from '../../core/run-analysis';
import { flowDirections } from '../flow-routing';

export interface RoutedDem {
  name: string;
  grid: Grid;
  dem: Float32Array;
  filled: Float32Array;
  /** D8 directions, 0–7 (d8.ts), D8_OUTLET, D8_NONE for nodata. */
  dir: Uint8Array;
}

/** A hydrology operation's DEM on its own grid, checked: projected, with data. */
export async function readDem(ctx: OperationContext, layerId: number, from: number, to: number): Promise<{ name: string; grid: Grid; data: Float32Array }> {
  const row = ctx.layer(layerId);
  ctx.job.progress(from, '正在读取 DEM', 'Reading the DEM');
  const { grid, data } = await ctx.readRaster(layerId);
  assertProjected(grid.srid, `DEM「${row.name}」`, `The DEM "${row.name}"`);
  let cells = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isNaN(data[i]!)) cells++;
  if (cells === 0) {
    throw new GwzError('BAD_INPUT', `DEM「${row.name}」全部是无数据像元。`, `The DEM "${row.name}" has no data cells.`, { layerId });
  }
  ctx.job.progress(to, '正在读取 DEM', 'Reading the DEM');
  return { name: row.name, grid, data };
}

/** Reads a DEM and routes flow over it (depression filling, then D8), reporting progress in [from, to]. */
export async function routeDem(ctx: OperationContext, layerId: number, from: number, to: number): Promise<RoutedDem> {
  const { name, grid, data } = await readDem(ctx, layerId, from, from + 0.1 * (to - from));
  const step = jobStep(ctx.job, from + 0.1 * (to - from), to, '正在填洼并计算 D8 流向', 'Filling depressions and computing D8 directions');
  const { filled, dir } = await flowDirections(data, grid.width, grid.height, grid, step);
  return { name, grid, dem: data, filled, dir };
}
