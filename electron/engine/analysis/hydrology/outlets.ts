import { GwzError } from '../../../../shared/api';
import type { Grid } from '../core/grid';
import { cellAt, cellCentre, snapOutlet, type Cell } from './catchment';
import { D8_NONE } from './d8';

/** An outlet as given: 1-based id, optional name, coordinates in the grid's CRS. */
export interface Outlet {
  id: number;
  name: string | null;
  x: number;
  y: number;
}

export interface PlacedOutlet extends Outlet {
  cell: Cell;
  snappedX: number;
  snappedY: number;
  snapDistance: number;
  /** Flow accumulation (cells) at the snapped cell. */
  accumulation: number;
}

/**
 * Places each outlet on the DEM: snapped to the highest accumulation within the radius (2 cells by
 * default). An outlet outside the DEM, or on nodata, is refused with its id and coordinates, before
 * anything is written.
 */
export function placeOutlets(outlets: Outlet[], grid: Grid, acc: Int32Array, dir: Uint8Array, snapRadius: number | undefined): PlacedOutlet[] {
  const radius = snapRadius ?? 2 * Math.max(grid.dx, grid.dy);
  return outlets.map((o) => {
    const at = cellAt(grid, o.x, o.y);
    if (!at || dir[at.row * grid.width + at.col] === D8_NONE) {
      throw new GwzError(
        'BAD_INPUT',
        `出口点 ${o.id}${o.name ? `（${o.name}）` : ''} (${o.x}, ${o.y}) ${at ? '落在 DEM 的无数据区' : '不在 DEM 范围内'}。`,
        `Outlet ${o.id}${o.name ? ` (${o.name})` : ''} at (${o.x}, ${o.y}) is ${at ? 'on a nodata cell of the DEM' : 'outside the DEM'}.`,
        { outlet: o, demExtent: [grid.x0, grid.y0 - grid.height * grid.dy, grid.x0 + grid.width * grid.dx, grid.y0] },
      );
    }
    const cell = snapOutlet(acc, grid, o.x, o.y, radius)!;
    const c = cellCentre(grid, cell);
    return {
      ...o,
      cell,
      snappedX: c.x,
      snappedY: c.y,
      snapDistance: Math.hypot(c.x - o.x, c.y - o.y),
      accumulation: acc[cell.row * grid.width + cell.col]!,
    };
  });
}
