import type { OperationImpl } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { gdal } from '../../../gdal';
import { flowAccumulation } from '../accumulation';
import { placeOutlets } from '../outlets';
import { requestedOutlets } from './outlets-input';
import { routeDem } from './route-dem';

/** Columns of an outlet point layer written by the hydrology operations. */
export const OUTLET_COLUMNS = [
  { name: 'outlet_id', sqlType: 'INTEGER' as const },
  { name: 'name', sqlType: 'TEXT' as const },
  { name: 'given_x', sqlType: 'REAL' as const },
  { name: 'given_y', sqlType: 'REAL' as const },
  { name: 'snap_m', sqlType: 'REAL' as const },
  { name: 'acc_cells', sqlType: 'INTEGER' as const },
];

/** Outlets moved onto the stream, as a point layer, with how far each moved. */
export const snapOutlets: OperationImpl<'analysis.snapOutlets'> = async (req, ctx) => {
  const outlets = requestedOutlets(ctx, req);
  const { name, grid, dir } = await routeDem(ctx, req.dem, 0, 75);
  const acc = await flowAccumulation(dir, grid.width, grid.height, jobStep(ctx.job, 75, 85, '正在计算汇流累积量', 'Accumulating flow'));
  const placed = placeOutlets(outlets, grid, acc, dir, req.snapRadius);
  return {
    outputs: [
      {
        kind: 'vector',
        name: req.outputName ?? `${name}_出口点`,
        geometryType: 'MULTIPOINT',
        columns: OUTLET_COLUMNS,
        rows: placed.map((p) => ({
          values: [p.id, p.name, p.x, p.y, p.snapDistance, p.accumulation],
          wkb: new gdal.Point(p.snappedX, p.snappedY).toWKB(),
        })),
      },
    ],
    extra: {
      outlets: placed.map((p) => ({
        id: p.id,
        name: p.name,
        x: p.x,
        y: p.y,
        snappedX: p.snappedX,
        snappedY: p.snappedY,
        snapDistance: p.snapDistance,
        accumulation: p.accumulation,
      })),
    },
  };
};
