import { GwzError } from '../../../../../shared/api';
import { jobStep } from '../../core/cooperate';
import { resolveAnalysisGrid } from '../../core/resolve-grid';
import type { OperationImpl } from '../../core/run-analysis';
import { meanMinMax } from '../../core/stats';
import { crossValidation } from '../cross-validation';
import { idwGrid, idwLeaveOneOut } from '../idw';
import { samplesExtent } from '../samples';
import { crossValidationTable } from './outputs';
import { readSamples } from './samples';

/** IDW of point values onto the analysis grid, with leave-one-out cross-validation. */
export const idw: OperationImpl<'analysis.idw'> = async (req, ctx) => {
  if (req.maxPoints > 0 && req.minPoints > req.maxPoints) {
    throw new GwzError('BAD_REQUEST', `最少点数 ${req.minPoints} 大于最多点数 ${req.maxPoints}。`, `Minimum points ${req.minPoints} exceeds maximum points ${req.maxPoints}.`, {
      minPoints: req.minPoints,
      maxPoints: req.maxPoints,
    });
  }
  ctx.job.progress(0, '正在读取采样点', 'Reading the sample points');
  const samples = readSamples(ctx, req, Math.max(1, req.minPoints), 'IDW 插值', 'IDW');
  const grid = resolveAnalysisGrid(ctx, req, samplesExtent(samples));
  const params = { power: req.power, smoothing: req.smoothing, radius: req.radius, maxPoints: req.maxPoints, minPoints: req.minPoints };
  const data = await idwGrid(samples, grid, params, jobStep(ctx.job, 5, 80, '正在进行 IDW 插值', 'Interpolating (IDW)'));
  ctx.job.progress(80, '正在交叉验证', 'Cross-validating');
  const cv = req.crossValidate ? crossValidation(samples, idwLeaveOneOut(samples, params)) : null;
  const name = req.outputName ?? `${samples.quantity}_IDW`;
  const stats = meanMinMax(data);
  return {
    outputs: [
      { kind: 'raster', name, raster: { grid, data }, type: 'Float32' },
      ...(cv ? [crossValidationTable(`${name}_交叉验证`, cv)] : []),
    ],
    extra: { points: samples.x.length, sampleSource: samples.source, ...stats, crossValidation: cv },
  };
};
