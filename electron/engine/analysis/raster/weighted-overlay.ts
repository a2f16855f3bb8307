import { GwzError } from '../../../../shared/api';
import { readAligned, resolveAnalysisGrid } from '../core/analysis-grid';
import { rowTicker, type Progress } from '../core/progress';
import { emptyRaster, smallestStoredType, type RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';
import { meanMinMax } from '../core/stats';

/**
 * Σ wᵢ·rᵢ over rasters on one grid (divided by Σ wᵢ when `normalize`): a cell is nodata when any
 * input is. A dedicated loop rather than the expression evaluator: it reads each input once per
 * cell with no intermediate buffers (measured in test/bench/analysis-raster.bench.ts).
 */
export function weightedSum(rasters: readonly RasterArray[], weights: readonly number[], normalize = false, progress?: Progress): RasterArray {
  if (rasters.length === 0 || rasters.length !== weights.length) throw new Error('weightedSum needs one weight per raster');
  const out = emptyRaster(rasters[0]!.grid, 0);
  const total = weights.reduce((a, b) => a + b, 0);
  if (normalize && total === 0) {
    throw new GwzError('BAD_REQUEST', '权重之和为 0，不能求加权平均。', 'The weights add up to 0; there is no weighted mean.', { weights });
  }
  const acc = out.data;
  const n = acc.length;
  // one pass per input over the whole grid in strips, so every array is streamed once
  const STRIP = 1 << 16;
  const tick = rowTicker(progress, n, { zh: '正在加权叠加', en: 'Overlaying' }, [40, 80], 1 << 20);
  const sum = new Float64Array(STRIP);
  for (let s = 0; s < n; s += STRIP) {
    tick(s);
    const m = Math.min(STRIP, n - s);
    sum.fill(0, 0, m);
    for (let k = 0; k < rasters.length; k++) {
      const d = rasters[k]!.data;
      const w = weights[k]!;
      for (let i = 0; i < m; i++) sum[i]! += w * d[s + i]!;
    }
    const scale = normalize ? 1 / total : 1;
    for (let i = 0; i < m; i++) acc[s + i] = sum[i]! * scale;
  }
  return out;
}

export const weightedOverlay: OperationImpl<'analysis.weightedOverlay'> = async (req, ctx) => {
  const ids = req.inputs.map((i) => i.layer);
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: ids });
  const rasters: RasterArray[] = [];
  for (const [k, id] of ids.entries()) {
    ctx.job.throwIfCancelled();
    ctx.job.progress((40 * k) / ids.length, `正在读取「${ctx.layer(id).name}」`, `Reading "${ctx.layer(id).name}"`);
    rasters.push(await readAligned(ctx, id, grid));
  }
  const weights = req.inputs.map((i) => i.weight);
  const out = weightedSum(rasters, weights, req.normalize, ctx.job);
  rasters.length = 0;
  let nodataCells = 0;
  for (let i = 0; i < out.data.length; i++) if (out.data[i] !== out.data[i]) nodataCells++;
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? '加权叠加', raster: out, type: smallestStoredType(out.data) }],
    extra: { ...meanMinMax(out.data), weightTotal: weights.reduce((a, b) => a + b, 0), nodataCells },
  };
};
