import type { AttributeRule } from '../../../../shared/api/analysis-ops/raster';
import { resolveAnalysisGrid } from '../core/analysis-grid';
import type { Grid } from '../core/grid';
import { emptyRaster, smallestStoredType, type RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';
import { meanMinMax } from '../core/stats';
import { denseById, fieldValues, rasterizeFeatureIds, requireField } from '../core/vector-raster';
import { GwzError } from '../../../../shared/api';

/** Cells of a grid carrying per-feature values: each cell takes the value of the feature id burnt there (NaN for none). */
export function rasterFromFeatureIds(grid: Grid, ids: Int32Array, valueById: Float64Array): RasterArray {
  const out = emptyRaster(grid);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    if (id > 0 && id < valueById.length) out.data[i] = valueById[id]!;
  }
  return out;
}

/**
 * Per-feature ratings from a field: its numbers as they are, or (with a table) each value looked up
 * — text compared as text, numbers as numbers. Null values and values the table lacks are left out.
 */
export function featureRatings(values: Map<number, unknown>, table?: readonly AttributeRule[]): { ratings: Map<number, number>; skipped: number; unmatched: (string | number)[] } {
  const ratings = new Map<number, number>();
  const unmatched = new Set<string | number>();
  let skipped = 0;
  const lookup = table ? new Map(table.map((r) => [typeof r.category === 'number' ? `n:${r.category}` : `s:${r.category}`, r.value])) : null;
  for (const [fid, raw] of values) {
    if (raw === null || raw === undefined) {
      skipped++;
      continue;
    }
    let v: number | undefined;
    if (lookup) {
      const asNumber = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : null;
      v = lookup.get(`s:${String(raw)}`) ?? (asNumber !== null ? lookup.get(`n:${asNumber}`) : undefined);
      if (v === undefined) unmatched.add(typeof raw === 'number' ? raw : String(raw));
    } else {
      const n = typeof raw === 'number' ? raw : Number(raw);
      v = Number.isFinite(n) ? n : undefined;
    }
    if (v === undefined) skipped++;
    else ratings.set(fid, v);
  }
  return { ratings, skipped, unmatched: [...unmatched] };
}

export const rasterize: OperationImpl<'analysis.rasterize'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: [], vectors: [{ id: req.layer, geometry: ['POLYGON'] }] });
  const layer = ctx.layer(req.layer);
  const field = requireField(ctx, layer, req.field);
  const { ratings, skipped, unmatched } = featureRatings(fieldValues(ctx, layer, field), req.mode === 'table' ? req.table : undefined);
  if (req.mode === 'field' && ratings.size === 0) {
    throw new GwzError('BAD_INPUT', `字段「${field}」没有数值，请改用评分表方式。`, `Field "${field}" holds no numbers; use a rating table instead.`, { field });
  }
  if (unmatched.length > 0) {
    ctx.warn(`评分表中没有这些值，相应的面未转换：${unmatched.slice(0, 10).join('、')}`, `The rating table lacks these values; their polygons were left out: ${unmatched.slice(0, 10).join(', ')}`);
  }
  ctx.job.progress(10, '正在转换为栅格', 'Rasterizing');
  const ids = await rasterizeFeatureIds(ctx, layer, grid, { allTouched: req.allTouched, only: new Set(ratings.keys()) });
  ctx.job.throwIfCancelled();
  const out = rasterFromFeatureIds(grid, ids, denseById(ratings));
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${layer.name}_${field}_栅格`, raster: out, type: smallestStoredType(out.data) }],
    extra: { ...meanMinMax(out.data), features: ratings.size, skipped, unmatchedValues: unmatched.slice(0, 50) },
  };
};
