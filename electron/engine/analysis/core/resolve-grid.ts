import { GwzError, type AnalysisGrid, type Extent } from '../../../../shared/api';
import { layerInfo } from '../../project/layers';
import { gridForExtent, type Grid } from './grid';
import type { OperationContext } from './run-analysis';

/** About this many cells along the longer side when no cell size is given. */
const DEFAULT_CELLS = 500;

/** 1, 2, 2.5 or 5 × 10ⁿ at or below `v`: a cell size a map reader takes for deliberate. */
export function niceCellSize(v: number): number {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  const m = v / p;
  return (m >= 5 ? 5 : m >= 2.5 ? 2.5 : m >= 2 ? 2 : 1) * p;
}

/**
 * The analysis grid of an operation that makes a raster from other data (interpolation): the
 * request's extent, else the extent of the layer it names, else `fallback` (e.g. the sample points'
 * bounding box); the request's cell size, else a round size giving about 500 cells along the longer
 * side. In the project CRS, origin snapped to the cell size (gridForExtent).
 */
export function resolveAnalysisGrid(ctx: OperationContext, req: AnalysisGrid, fallback: Extent | null): Grid {
  let extent: Extent | null = req.extent ?? null;
  if (!extent && req.extentLayerId !== undefined) {
    const row = ctx.layer(req.extentLayerId);
    extent = layerInfo(ctx.db, row).extent;
    if (!extent) {
      throw new GwzError('BAD_INPUT', `图层「${row.name}」没有范围（为空或不是空间图层）。`, `Layer "${row.name}" has no extent (it is empty or not spatial).`, {
        layerId: row.id,
      });
    }
  }
  extent ??= fallback;
  if (!extent) throw new GwzError('BAD_REQUEST', '请给出分析范围。', 'Give the analysis extent.');
  let [minx, miny, maxx, maxy] = extent;
  const span = Math.max(maxx - minx, maxy - miny);
  const cellSize = req.cellSize ?? (span > 0 ? niceCellSize(span / DEFAULT_CELLS) : 1);
  // points on one line (or one point) still get a grid: at least one cell across
  if (maxx - minx < cellSize) [minx, maxx] = [(minx + maxx) / 2 - cellSize / 2, (minx + maxx) / 2 + cellSize / 2];
  if (maxy - miny < cellSize) [miny, maxy] = [(miny + maxy) / 2 - cellSize / 2, (miny + maxy) / 2 + cellSize / 2];
  return gridForExtent([minx, miny, maxx, maxy], cellSize, ctx.project.crs.srid);
}
