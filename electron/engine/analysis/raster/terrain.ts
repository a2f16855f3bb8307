import type { RasterArray } from '../core/raster-array';
import { rowTicker, type Progress } from '../core/progress';

/**
 * Horn's (1981) 3×3 finite differences — gdaldem's default — for every interior cell:
 * dz/dx (east positive) and dz/dy (south positive, i.e. along the rows), in z units per ground
 * unit. Cells on the grid's edge are not visited; a nodata neighbour makes the gradients NaN, so
 * results derived from them are nodata (as gdaldem without -compute_edges).
 */
export function forEachHornGradient(
  dem: RasterArray,
  visit: (index: number, dzdx: number, dzdy: number) => void,
  progress?: Progress,
  message = { zh: '正在计算地形', en: 'Computing terrain' },
): void {
  const { grid, data: z } = dem;
  const { width: w, height: h } = grid;
  const sx = 8 * grid.dx;
  const sy = 8 * grid.dy;
  const tick = rowTicker(progress, h, message);
  for (let r = 1; r < h - 1; r++) {
    tick(r);
    const up = (r - 1) * w;
    const mid = r * w;
    const dn = (r + 1) * w;
    for (let c = 1; c < w - 1; c++) {
      const a = z[up + c - 1]!, b = z[up + c]!, cc = z[up + c + 1]!;
      const d = z[mid + c - 1]!, f = z[mid + c + 1]!;
      const g = z[dn + c - 1]!, hh = z[dn + c]!, i = z[dn + c + 1]!;
      visit(mid + c, (cc + 2 * f + i - (a + 2 * d + g)) / sx, (g + 2 * hh + i - (a + 2 * b + cc)) / sy);
    }
  }
}
