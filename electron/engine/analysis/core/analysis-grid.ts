import { GwzError, type AnalysisGrid, type Extent, type Resampling } from '../../../../shared/api';
import { rasterInfo } from '../../io/raster/raster-store';
import { layerInfo, type LayerRow } from '../../project/layers';
import { gridExtent, gridForExtent, type Grid } from './grid';
import { layerGrid, type RasterArray } from './raster-array';
import type { OperationContext } from './run-analysis';

type Geometry = 'POINT' | 'LINESTRING' | 'POLYGON';

/** The layer, checked to be a raster in the project CRS (BAD_INPUT otherwise). */
export function requireRaster(ctx: OperationContext, layerId: number): LayerRow {
  const row = ctx.layer(layerId);
  if (row.kind !== 'raster') {
    throw new GwzError('BAD_INPUT', `图层「${row.name}」不是栅格图层。`, `Layer "${row.name}" is not a raster layer.`, { layerId, kind: row.kind });
  }
  requireProjectCrs(ctx, row);
  return row;
}

/** The layer, checked to be a vector layer (of one of `geometry`, when given) in the project CRS. */
export function requireVector(ctx: OperationContext, layerId: number, geometry?: Geometry[]): LayerRow {
  const row = ctx.layer(layerId);
  if (row.kind !== 'vector') {
    throw new GwzError('BAD_INPUT', `图层「${row.name}」不是矢量图层。`, `Layer "${row.name}" is not a vector layer.`, { layerId, kind: row.kind });
  }
  if (geometry && !geometry.some((g) => (row.geometry_type ?? '').toUpperCase().includes(g))) {
    const zh: Record<Geometry, string> = { POINT: '点', LINESTRING: '线', POLYGON: '面' };
    throw new GwzError(
      'BAD_INPUT',
      `图层「${row.name}」是${row.geometry_type ?? '未知'}图层，这里需要${geometry.map((g) => zh[g]).join('或')}图层。`,
      `Layer "${row.name}" is a ${row.geometry_type ?? 'unknown'} layer; a ${geometry.join(' or ').toLowerCase()} layer is needed here.`,
      { layerId, geometryType: row.geometry_type, expected: geometry },
    );
  }
  requireProjectCrs(ctx, row);
  return row;
}

function requireProjectCrs(ctx: OperationContext, row: LayerRow): void {
  const srid = ctx.project.crs.srid;
  const layerSrid = row.kind === 'raster' ? rasterInfo(ctx.db, row.id).srid : row.srid;
  if (layerSrid !== srid) {
    throw new GwzError(
      'BAD_INPUT',
      `图层「${row.name}」的坐标系（EPSG:${layerSrid ?? '?'}）与工程坐标系（EPSG:${srid}）不同，请先重投影到工程坐标系再分析。`,
      `Layer "${row.name}" is in EPSG:${layerSrid ?? '?'}, not the project CRS EPSG:${srid}; reproject it to the project CRS first.`,
      { layerId: row.id, srid: layerSrid, projectSrid: srid },
    );
  }
}

function layerExtent(ctx: OperationContext, row: LayerRow): Extent {
  const extent = layerInfo(ctx.db, row).extent;
  if (!extent) throw new GwzError('BAD_INPUT', `图层「${row.name}」没有范围（没有要素）。`, `Layer "${row.name}" has no extent (no features).`, { layerId: row.id });
  return extent;
}

function intersects(a: Extent, b: Extent): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/**
 * The analysis grid of an operation — the one place it is decided. Every input is checked (kind,
 * project CRS); then:
 * - nothing asked: the first raster input's own grid, unchanged (no resampling of that input);
 * - otherwise the extent is `extent`, else the extent of `extentLayerId` (a study-area polygon or a
 *   raster), else the first raster's, else the first vector input's; the cell size is `cellSize`,
 *   else the first raster's; the origin is snapped to the cell size — on the first raster's own
 *   lattice when the cell sizes agree, so its cells are not shifted by a fraction.
 * A raster input that does not overlap the grid at all is refused (its cells would all be nodata).
 */
export function resolveAnalysisGrid(
  ctx: OperationContext,
  spec: AnalysisGrid | undefined,
  inputs: { rasters: number[]; vectors?: { id: number; geometry?: Geometry[] }[] },
): Grid {
  const rasters = inputs.rasters.map((id) => requireRaster(ctx, id));
  const vectors = (inputs.vectors ?? []).map((v) => requireVector(ctx, v.id, v.geometry));
  const srid = ctx.project.crs.srid;
  const base = rasters[0] ? layerGrid(ctx.db, rasters[0].id) : undefined;

  let grid: Grid;
  if (base && spec?.cellSize === undefined && spec?.extent === undefined && spec?.extentLayerId === undefined) {
    grid = base;
  } else {
    const cellSize = spec?.cellSize ?? base?.dx;
    if (cellSize === undefined) {
      throw new GwzError('BAD_REQUEST', '没有栅格输入时需要给出像元大小（grid.cellSize）。', 'Without a raster input the cell size (grid.cellSize) is needed.', {
        field: 'grid.cellSize',
      });
    }
    let extent: Extent | undefined = spec?.extent;
    if (!extent && spec?.extentLayerId !== undefined) {
      const row = ctx.layer(spec.extentLayerId);
      if (row.kind === 'table') {
        throw new GwzError('BAD_INPUT', `图层「${row.name}」是表格，不能作为分析范围。`, `Layer "${row.name}" is a table; it cannot give the analysis extent.`, { layerId: row.id });
      }
      requireProjectCrs(ctx, row);
      extent = layerExtent(ctx, row);
    }
    extent ??= base ? gridExtent(base) : vectors[0] ? layerExtent(ctx, vectors[0]) : undefined;
    if (!extent) throw new GwzError('BAD_REQUEST', '需要给出分析范围。', 'An analysis extent is needed.', { field: 'grid.extent' });
    const onBaseLattice = base && Math.abs(base.dx - cellSize) <= 1e-9 * cellSize && Math.abs(base.dy - cellSize) <= 1e-9 * cellSize;
    grid = gridForExtent(extent, cellSize, srid, onBaseLattice ? { x: base.x0, y: base.y0 } : undefined);
  }

  const ext = gridExtent(grid);
  for (const row of vectors) {
    if (!intersects(ext, layerExtent(ctx, row))) {
      throw new GwzError(
        'BAD_INPUT',
        `图层「${row.name}」与分析范围不相交，结果将全部为无数据。请检查分析范围或输入图层。`,
        `Layer "${row.name}" does not overlap the analysis extent; the result would be all nodata. Check the extent or the inputs.`,
        { layerId: row.id, gridExtent: ext },
      );
    }
  }
  for (const row of rasters) {
    if (!intersects(ext, gridExtent(layerGrid(ctx.db, row.id)))) {
      throw new GwzError(
        'BAD_INPUT',
        `栅格「${row.name}」与分析范围不相交，结果将全部为无数据。请检查分析范围或输入图层。`,
        `Raster "${row.name}" does not overlap the analysis extent; the result would be all nodata. Check the extent or the inputs.`,
        { layerId: row.id, gridExtent: ext },
      );
    }
  }
  return grid;
}

const INTEGER_TYPES = new Set(['Byte', 'Int8', 'UInt16', 'Int16', 'UInt32', 'Int32', 'UInt64', 'Int64']);

/** How a layer is resampled onto another grid: nearest for class codes (integer data), bilinear for continuous values. */
export function resamplingFor(ctx: OperationContext, layerId: number): Resampling {
  return INTEGER_TYPES.has(rasterInfo(ctx.db, layerId).dataType) ? 'nearest' : 'bilinear';
}

/** A raster input on the analysis grid, resampled by its kind unless told otherwise. */
export function readAligned(ctx: OperationContext, layerId: number, grid: Grid, resampling?: Resampling): Promise<RasterArray> {
  return ctx.readRaster(layerId, grid, resampling ?? resamplingFor(ctx, layerId));
}
