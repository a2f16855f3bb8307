import { GwzError } from '../../../../shared/api';
import type { CategoryRule, RangeRule } from '../../../../shared/api/analysis-ops/raster';
import { readAligned, resolveAnalysisGrid } from '../core/analysis-grid';
import { rowTicker, type Progress } from '../core/progress';
import { emptyRaster, smallestStoredType, type RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';
import { meanMinMax } from '../core/stats';

export type ReclassRules = { ranges: readonly RangeRule[] } | { categories: readonly CategoryRule[] };

/**
 * New values by rules. Ranges match from ≤ v < to (null bounds open; the first listed range that
 * matches wins), and the range with the highest upper bound also matches at that bound — the
 * half-open convention of rating tables such as DRASTIC's, whose last class is closed.
 * Bounds are compared as Float32 (the cells' type), so a cell equal to a bound as written is on the
 * side the rule puts it. Categories match exactly. Nodata stays nodata; a value no rule matches becomes nodata and is
 * counted in `unmatched`.
 */
export function reclassifyRaster(src: RasterArray, rules: ReclassRules, progress?: Progress): RasterArray & { unmatched: number } {
  const out = emptyRaster(src.grid);
  const { data } = src;
  const n = data.length;
  let unmatched = 0;
  const tick = rowTicker(progress, n, { zh: '正在重分类', en: 'Reclassifying' }, [10, 80], 1 << 18);
  if ('ranges' in rules) {
    const k = rules.ranges.length;
    const lo = new Float64Array(k);
    const hi = new Float64Array(k);
    const val = new Float64Array(k);
    let top = -Infinity;
    rules.ranges.forEach((r, i) => {
      if (!((r.from ?? -Infinity) < (r.to ?? Infinity))) {
        throw new GwzError('BAD_REQUEST', `第 ${i + 1} 个区间的下限不小于上限（${r.from} – ${r.to}）。`, `Range ${i + 1} has from ≥ to (${r.from} – ${r.to}).`, { range: i });
      }
      // Bounds in Float32, the precision the cells are held in: a value written as 4.6 is
      // 4.599999904… in a cell, and must match the range that starts at 4.6 as the rule says,
      // not the one below it (compared in float64 against 4.6 it would be below).
      lo[i] = r.from === null ? -Infinity : Math.fround(r.from);
      hi[i] = r.to === null ? Infinity : Math.fround(r.to);
      val[i] = r.value;
      if (hi[i]! > top) top = hi[i]!;
    });
    for (let i = 0; i < n; i++) {
      tick(i);
      const v = data[i]!;
      if (v !== v) continue;
      let hit = -1;
      for (let j = 0; j < k; j++) {
        if (v >= lo[j]! && (v < hi[j]! || (v === top && hi[j] === top))) {
          hit = j;
          break;
        }
      }
      if (hit < 0) unmatched++;
      else out.data[i] = val[hit]!;
    }
  } else {
    const map = new Map<number, number>();
    for (const c of rules.categories) if (!map.has(Math.fround(c.category))) map.set(Math.fround(c.category), c.value);
    for (let i = 0; i < n; i++) {
      tick(i);
      const v = data[i]!;
      if (v !== v) continue;
      const to = map.get(v);
      if (to === undefined) unmatched++;
      else out.data[i] = to;
    }
  }
  return Object.assign(out, { unmatched });
}

/** Cells per distinct value (for class rasters: a handful of values). */
export function valueCounts(data: Float32Array, limit = 1000): { value: number; cells: number }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > limit) return [];
  }
  return [...counts].map(([value, cells]) => ({ value, cells })).sort((a, b) => a.value - b.value);
}

export const reclassify: OperationImpl<'analysis.reclassify'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: [req.raster] });
  // ranges split continuous values (bilinear when resampled); categories are codes (nearest)
  const src = await readAligned(ctx, req.raster, grid, req.mode === 'categories' ? 'nearest' : undefined);
  ctx.job.progress(10, '正在重分类', 'Reclassifying');
  const rules: ReclassRules = req.mode === 'ranges' ? { ranges: req.ranges! } : { categories: req.categories! };
  const out = reclassifyRaster(src, rules, ctx.job);
  if (out.unmatched > 0) {
    ctx.warn(`${out.unmatched} 个像元的值不在重分类表中，已设为无数据。`, `${out.unmatched} cells have values the table does not cover; they are nodata.`);
  }
  const raster: RasterArray = { grid: out.grid, data: out.data };
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${ctx.layer(req.raster).name}_重分类`, raster, type: smallestStoredType(out.data) }],
    extra: { ...meanMinMax(out.data), unmatched: out.unmatched, counts: valueCounts(out.data) },
  };
};
