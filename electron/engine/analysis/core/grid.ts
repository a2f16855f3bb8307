import { GwzError, type Extent } from '../../../../shared/api';

/**
 * A north-up raster grid in the project CRS: top-left corner (x0, y0), positive cell sizes dx, dy,
 * width × height cells. Row r, column c covers [x0 + c·dx, x0 + (c+1)·dx] × [y0 − (r+1)·dy, y0 − r·dy].
 */
export interface Grid {
  srid: number;
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
}

/** GDAL geotransform of a north-up grid. */
export function geoTransformOf(g: Grid): number[] {
  return [g.x0, g.dx, 0, g.y0, 0, -g.dy];
}

export function gridFromGeoTransform(gt: number[], width: number, height: number, srid: number): Grid {
  if (gt[2] !== 0 || gt[4] !== 0 || !(gt[1]! > 0) || !(gt[5]! < 0)) {
    throw new GwzError('BAD_INPUT', '栅格不是正北方向的规则格网（有旋转），无法分析。', 'The raster is not a north-up grid (it is rotated); it cannot be analysed.', {
      geoTransform: gt,
    });
  }
  return { srid, x0: gt[0]!, y0: gt[3]!, dx: gt[1]!, dy: -gt[5]!, width, height };
}

export function gridExtent(g: Grid): Extent {
  return [g.x0, g.y0 - g.height * g.dy, g.x0 + g.width * g.dx, g.y0];
}

/** Grids that address the same cells (tolerance: a millionth of a cell). */
export function sameGrid(a: Grid, b: Grid): boolean {
  const eps = 1e-6 * Math.min(a.dx, a.dy);
  return (
    a.srid === b.srid &&
    a.width === b.width &&
    a.height === b.height &&
    Math.abs(a.x0 - b.x0) <= eps &&
    Math.abs(a.y0 - b.y0) <= eps &&
    Math.abs(a.dx - b.dx) <= eps &&
    Math.abs(a.dy - b.dy) <= eps
  );
}

/** Most cells an analysis grid may have: 20 000 × 20 000 (1.6 GB as Float32) is past what the engine should hold. */
export const MAX_GRID_CELLS = 400_000_000;

/**
 * A square-celled grid covering `extent`, its origin snapped to a multiple of the cell size (so
 * grids of the same cell size line up whatever extent they were made for) — counted from `anchor`
 * when given (a raster's own origin, so the grid shares that raster's lattice).
 */
export function gridForExtent(extent: Extent, cellSize: number, srid: number, anchor: { x: number; y: number } = { x: 0, y: 0 }): Grid {
  if (!(cellSize > 0)) throw new GwzError('BAD_REQUEST', '像元大小必须大于 0。', 'The cell size must be greater than 0.', { cellSize });
  const [minx, miny, maxx, maxy] = extent;
  if (!(maxx > minx && maxy > miny)) {
    throw new GwzError('BAD_INPUT', '分析范围为空。', 'The analysis extent is empty.', { extent });
  }
  // the 1e-9 cell tolerance keeps an extent that already lies on the lattice from growing a cell
  const x0 = anchor.x + Math.floor((minx - anchor.x) / cellSize + 1e-9) * cellSize;
  const y0 = anchor.y + Math.ceil((maxy - anchor.y) / cellSize - 1e-9) * cellSize;
  const width = Math.max(1, Math.ceil((maxx - x0) / cellSize - 1e-9));
  const height = Math.max(1, Math.ceil((y0 - miny) / cellSize - 1e-9));
  if (width * height > MAX_GRID_CELLS) {
    throw new GwzError(
      'BAD_INPUT',
      `分析格网过大（${width} × ${height} 个像元），请增大像元大小或缩小范围。`,
      `The analysis grid is too large (${width} × ${height} cells); use a larger cell size or a smaller extent.`,
      { width, height, cellSize },
    );
  }
  return { srid, x0, y0, dx: cellSize, dy: cellSize, width, height };
}
