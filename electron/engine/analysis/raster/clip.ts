import { readAligned, requireRaster, resolveAnalysisGrid } from '../core/analysis-grid';
import { rasterInfo } from '../../io/raster/raster-store';
import { layerGrid, storedTypeFor, type RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';
import { meanMinMax } from '../core/stats';
import { rasterizeFeatureIds } from '../core/vector-raster';

/** Cells where the mask is 0 become nodata (in place). */
export function maskRaster(raster: RasterArray, mask: Int32Array): RasterArray {
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) raster.data[i] = Number.NaN;
  return raster;
}

export const clip: OperationImpl<'analysis.clip'> = async (req, ctx) => {
  requireRaster(ctx, req.raster);
  const own = layerGrid(ctx.db, req.raster);
  // cropping keeps the raster's own cells: its lattice and cell size over the study area's extent
  const grid = resolveAnalysisGrid(ctx, req.crop ? { extentLayerId: req.boundary, cellSize: own.dx } : undefined, {
    rasters: [req.raster],
    vectors: [{ id: req.boundary, geometry: ['POLYGON'] }],
  });
  const raster = await readAligned(ctx, req.raster, grid);
  ctx.job.progress(50, '正在裁剪', 'Clipping');
  const mask = await rasterizeFeatureIds(ctx, ctx.layer(req.boundary), grid, { allTouched: req.allTouched });
  const out = maskRaster(raster, mask);
  let inside = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) inside++;
  const info = ctx.layer(req.raster);
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${info.name}_裁剪`, raster: out, type: storedTypeFor(rasterInfo(ctx.db, req.raster).dataType) }],
    extra: { ...meanMinMax(out.data), cellsInside: inside },
  };
};
