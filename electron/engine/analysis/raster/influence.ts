import { GwzError } from '../../../../shared/api';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { resolveAnalysisGrid } from '../core/analysis-grid';
import type { Grid } from '../core/grid';
import { rowTicker, type Progress } from '../core/progress';
import { emptyRaster, type RasterArray } from '../core/raster-array';
import type { OperationContext, OperationImpl } from '../core/run-analysis';
import { meanMinMax } from '../core/stats';
import { requireField } from '../core/vector-raster';

export interface PointSource {
  x: number;
  y: number;
  /** Multiplies the kernel (a source's load); 1 by default. */
  weight: number;
  /** Metres. */
  radius: number;
}

/**
 * The exact Euclidean distance from every cell centre to the nearest point, by the lower envelope
 * of parabolas (Felzenszwalb & Huttenlocher 2012) per row: O(rows · (points + columns)), exact for
 * points anywhere (not snapped to cells). Cells farther than `maxDistance` are nodata.
 */
export function distanceToPoints(grid: Grid, points: readonly { x: number; y: number }[], maxDistance = Infinity, progress?: Progress): RasterArray {
  const out = emptyRaster(grid);
  const n = points.length;
  if (n === 0) return out;
  const { width: w, height: h, dx, dy } = grid;
  // coordinates relative to the grid's corner keep the squares small and exact enough
  const order = points.map((p, i) => i).sort((a, b) => points[a]!.x - points[b]!.x);
  const px = Float64Array.from(order, (i) => points[i]!.x - grid.x0);
  const py = Float64Array.from(order, (i) => grid.y0 - points[i]!.y);
  const p = new Float64Array(n);
  const f = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  const max2 = maxDistance * maxDistance;
  const tick = rowTicker(progress, h, { zh: '正在计算距离', en: 'Computing distances' }, [10, 85], 64);
  for (let r = 0; r < h; r++) {
    tick(r);
    const yc = (r + 0.5) * dy;
    // the row's parabolas (x − pₛ)² + fₛ, one per distinct x (the nearest in y wins a tie)
    let m = 0;
    for (let i = 0; i < n; i++) {
      const fy = (yc - py[i]!) * (yc - py[i]!);
      if (m > 0 && p[m - 1] === px[i]) {
        if (fy < f[m - 1]!) f[m - 1] = fy;
        continue;
      }
      p[m] = px[i]!;
      f[m] = fy;
      m++;
    }
    let k = 0;
    v[0] = 0;
    z[0] = -Infinity;
    z[1] = Infinity;
    for (let q = 1; q < m; q++) {
      // drop the parabolas q hides (z[0] = −∞ stops the loop)
      let s = 0;
      for (;;) {
        const t = v[k]!;
        s = (f[q]! + p[q]! * p[q]! - (f[t]! + p[t]! * p[t]!)) / (2 * (p[q]! - p[t]!));
        if (s > z[k]!) break;
        k--;
      }
      k++;
      v[k] = q;
      z[k] = s;
      z[k + 1] = Infinity;
    }
    k = 0;
    const row = r * w;
    for (let c = 0; c < w; c++) {
      const xc = (c + 0.5) * dx;
      while (z[k + 1]! < xc) k++;
      const t = v[k]!;
      const d2 = (xc - p[t]!) * (xc - p[t]!) + f[t]!;
      out.data[row + c] = d2 <= max2 ? Math.sqrt(d2) : Number.NaN;
    }
  }
  return out;
}

export type Kernel = 'linear' | 'exponential' | 'step';

/**
 * Σ (or max) over sources of weight · k(d) with d the distance from the source to the cell centre:
 * linear k = 1 − d/R, exponential k = e^(−d/λ) (λ = `decayDistance`, else R/3), step k = 1, all 0
 * beyond the radius R. Each source touches only the cells within its radius.
 */
export function influenceFromPoints(
  grid: Grid,
  sources: readonly PointSource[],
  params: { kernel: Kernel; combine: 'sum' | 'max'; decayDistance?: number },
  progress?: Progress,
): RasterArray {
  const out = emptyRaster(grid, 0);
  const { width: w, height: h, dx, dy } = grid;
  const tick = rowTicker(progress, sources.length, { zh: '正在计算影响', en: 'Computing influence' }, [10, 85], 16);
  const sum = params.combine === 'sum';
  for (let s = 0; s < sources.length; s++) {
    tick(s);
    const src = sources[s]!;
    const R = src.radius;
    const lambda = params.decayDistance ?? R / 3;
    const sx = src.x - grid.x0;
    const sy = grid.y0 - src.y;
    const c0 = Math.max(0, Math.floor((sx - R) / dx - 0.5));
    const c1 = Math.min(w - 1, Math.ceil((sx + R) / dx - 0.5));
    const r0 = Math.max(0, Math.floor((sy - R) / dy - 0.5));
    const r1 = Math.min(h - 1, Math.ceil((sy + R) / dy - 0.5));
    for (let r = r0; r <= r1; r++) {
      const ddy = (r + 0.5) * dy - sy;
      const row = r * w;
      for (let c = c0; c <= c1; c++) {
        const ddx = (c + 0.5) * dx - sx;
        const d = Math.sqrt(ddx * ddx + ddy * ddy);
        if (d > R) continue;
        const k = params.kernel === 'linear' ? 1 - d / R : params.kernel === 'exponential' ? Math.exp(-d / lambda) : 1;
        const v = src.weight * k;
        const i = row + c;
        if (sum) out.data[i]! += v;
        else if (v > out.data[i]!) out.data[i] = v;
      }
    }
  }
  return out;
}

/** The points of a point layer (every part of a multipoint), with the chosen fields' values. */
export function readPointSources(ctx: OperationContext, layer: LayerRow, fields: { weight?: string; radius?: string }): { fid: number; x: number; y: number; weight: unknown; radius: unknown }[] {
  const g = quoteIdent(GEOMETRY_COLUMN);
  const t = quoteIdent(layer.table_name);
  const wf = fields.weight ? quoteIdent(requireField(ctx, layer, fields.weight)) : 'NULL';
  const rf = fields.radius ? quoteIdent(requireField(ctx, layer, fields.radius)) : 'NULL';
  return ctx.db
    .prepare(
      `WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < (SELECT COALESCE(MAX(NumGeometries(${g})), 1) FROM ${t}))
       SELECT s.${quoteIdent(FID_COLUMN)} AS fid, ST_X(GeometryN(s.${g}, n.k)) AS x, ST_Y(GeometryN(s.${g}, n.k)) AS y, ${wf} AS weight, ${rf} AS radius
       FROM ${t} s JOIN n ON n.k <= NumGeometries(s.${g})
       WHERE s.${g} IS NOT NULL ORDER BY fid, n.k`,
    )
    .all() as { fid: number; x: number; y: number; weight: unknown; radius: unknown }[];
}

function noSources(layer: LayerRow): GwzError {
  return new GwzError('BAD_INPUT', `图层「${layer.name}」没有可用的点。`, `Layer "${layer.name}" has no usable points.`, { layerId: layer.id });
}

export const distance: OperationImpl<'analysis.distance'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: [], vectors: [{ id: req.sources, geometry: ['POINT'] }] });
  const layer = ctx.layer(req.sources);
  const points = readPointSources(ctx, layer, {});
  if (points.length === 0) throw noSources(layer);
  const out = distanceToPoints(grid, points, req.maxDistance, ctx.job);
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${layer.name}_距离`, raster: out, type: 'Float32' }],
    extra: { ...meanMinMax(out.data), sources: points.length },
  };
};

const asNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

export const influence: OperationImpl<'analysis.influence'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: [], vectors: [{ id: req.sources, geometry: ['POINT'] }] });
  const layer = ctx.layer(req.sources);
  const rows = readPointSources(ctx, layer, { weight: req.weightField, radius: req.radiusField });
  let skipped = 0;
  const sources: PointSource[] = [];
  for (const r of rows) {
    const weight = req.weightField ? asNumber(r.weight) : 1;
    const radius = req.radiusField ? (asNumber(r.radius) ?? req.radius) : req.radius;
    if (weight === null || !(radius > 0)) {
      skipped++;
      continue;
    }
    sources.push({ x: r.x, y: r.y, weight, radius });
  }
  if (sources.length === 0) throw noSources(layer);
  if (skipped > 0) ctx.warn(`${skipped} 个点没有有效的权重或半径，未计入。`, `${skipped} points have no valid weight or radius; they were left out.`);
  const out = influenceFromPoints(grid, sources, { kernel: req.kernel, combine: req.combine, ...(req.decayDistance ? { decayDistance: req.decayDistance } : {}) }, ctx.job);
  const kernelZh = { linear: '线性', exponential: '指数', step: '阶跃' }[req.kernel];
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${layer.name}_影响(${kernelZh})`, raster: out, type: 'Float32' }],
    extra: { ...meanMinMax(out.data), sources: sources.length, skipped },
  };
};
