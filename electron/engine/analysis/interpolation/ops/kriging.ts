import { jobStep } from '../../core/cooperate';
import { resolveAnalysisGrid } from '../../core/resolve-grid';
import type { OperationImpl } from '../../core/run-analysis';
import { meanMinMax } from '../../core/stats';
import { crossValidation } from '../cross-validation';
import { krigingGrid, krigingLeaveOneOut } from '../kriging';
import { mergeCoincident, samplesExtent } from '../samples';
import { crossValidationTable } from './outputs';
import { readSamples, type SampleRequest } from './samples';
import { variogramOf, type VariogramRequest } from './variogram';
import type { OperationContext } from '../../core/run-analysis';

/** Sample points for kriging: coincident points merged (a kriging system cannot hold both). */
export function krigingSamples(ctx: OperationContext, req: SampleRequest, minCount: number, what_zh: string, what_en: string) {
  const raw = readSamples(ctx, req, minCount, what_zh, what_en);
  const [minx, miny, maxx, maxy] = samplesExtent(raw);
  const { samples, merged } = mergeCoincident(raw, 1e-6 * Math.max(maxx - minx, maxy - miny, 1));
  if (merged > 0) {
    ctx.warn(`${merged} 个采样点与其他点位置重合，已按均值合并。`, `${merged} sample points coincide with others and were merged (mean value).`);
  }
  return { ...raw, ...samples };
}

/** Ordinary kriging onto the analysis grid with a fitted (or given) variogram, its variance, and leave-one-out cross-validation. */
export const kriging: OperationImpl<'analysis.kriging'> = async (req, ctx) => {
  ctx.job.progress(0, '正在读取采样点', 'Reading the sample points');
  const samples = krigingSamples(ctx, req, 3, '克里金插值', 'kriging');
  ctx.job.progress(3, '正在拟合变差函数', 'Fitting the variogram');
  const variogram = variogramOf(ctx, samples, req as VariogramRequest);
  const model = { model: variogram.fit.model, nugget: variogram.fit.nugget, partialSill: variogram.fit.partialSill, range: variogram.fit.range };
  const nb = { radius: req.radius, maxPoints: req.maxPoints, minPoints: Math.min(req.minPoints, req.maxPoints) };
  const grid = resolveAnalysisGrid(ctx, req, samplesExtent(samples));
  const { estimate, variance } = await krigingGrid(samples, model, nb, grid, jobStep(ctx.job, 5, 80, '正在进行克里金插值', 'Kriging'));
  ctx.job.progress(80, '正在交叉验证', 'Cross-validating');
  let cv = null;
  if (req.crossValidate) {
    const loo = krigingLeaveOneOut(samples, model, nb);
    cv = crossValidation(samples, loo.predicted, loo.variance);
  }
  const name = req.outputName ?? `${samples.quantity}_克里金`;
  const stats = meanMinMax(estimate);
  return {
    outputs: [
      { kind: 'raster', name, raster: { grid, data: estimate }, type: 'Float32' },
      ...(req.variance ? [{ kind: 'raster' as const, name: `${name}_克里金方差`, raster: { grid, data: variance }, type: 'Float32' as const }] : []),
      ...(cv ? [crossValidationTable(`${name}_交叉验证`, cv)] : []),
    ],
    extra: { points: samples.x.length, sampleSource: samples.source, ...stats, crossValidation: cv, variogram },
  };
};
