import type { OperationImpl } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { flowAccumulation } from '../accumulation';
import { delineateCatchments } from '../delineate';
import { requestedOutlets } from './outlets-input';
import { routeDem } from './route-dem';

const CATCHMENT_STYLE = JSON.stringify({
  kind: 'vector',
  type: 'single',
  symbol: { fill: '#6baed6', fillOpacity: 0.25, stroke: { color: '#08519c', width: 1.2 } },
  title: { zh: '汇水区', en: 'Catchment' },
  opacity: 1,
});

/**
 * The upslope area of each outlet, one polygon each (nested outlets give nested polygons: each is
 * the whole area draining through its outlet).
 */
export const catchment: OperationImpl<'analysis.catchment'> = async (req, ctx) => {
  const outlets = requestedOutlets(ctx, req);
  const { name, grid, dem, dir } = await routeDem(ctx, req.dem, 0, 60);
  const acc = await flowAccumulation(dir, grid.width, grid.height, jobStep(ctx.job, 60, 68, '正在计算汇流累积量', 'Accumulating flow'));
  const found = await delineateCatchments({ grid, data: dem }, outlets, {
    ...jobStep(ctx.job, 68, 88, '正在圈定汇水区', 'Tracing catchments'),
    ...(req.snapRadius !== undefined ? { snapRadius: req.snapRadius } : {}),
    routed: { dir, acc },
  });
  return {
    outputs: [
      {
        kind: 'vector',
        name: req.outputName ?? `${name}_汇水区`,
        geometryType: 'MULTIPOLYGON',
        columns: [
          { name: 'outlet_id', sqlType: 'INTEGER' },
          { name: 'name', sqlType: 'TEXT' },
          { name: 'outlet_x', sqlType: 'REAL' },
          { name: 'outlet_y', sqlType: 'REAL' },
          { name: 'snap_m', sqlType: 'REAL' },
          { name: 'cells', sqlType: 'INTEGER' },
          { name: 'area_km2', sqlType: 'REAL' },
        ],
        rows: found.map((c) => ({ values: [c.id, c.name, c.snappedX, c.snappedY, c.snapDistance, c.cells, c.areaKm2], wkb: c.wkb })),
        style: CATCHMENT_STYLE,
      },
    ],
    extra: {
      catchments: found.map((c) => ({
        id: c.id,
        name: c.name,
        x: c.x,
        y: c.y,
        snappedX: c.snappedX,
        snappedY: c.snappedY,
        snapDistance: c.snapDistance,
        accumulation: c.accumulation,
        cells: c.cells,
        areaKm2: c.areaKm2,
      })),
    },
  };
};
