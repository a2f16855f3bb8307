import type { OperationContext, OperationImpl } from '../../core/run-analysis';
import type { Samples } from '../samples';
import { experimentalVariogram, fitVariogram, gamma, type ModelName } from '../variogram';
import { krigingSamples } from './kriging';

export interface VariogramRequest {
  model: ModelName;
  nugget?: number | undefined;
  sill?: number | undefined;
  range?: number | undefined;
  lags: number;
  maxLag?: number | undefined;
}

/** The experimental variogram of the samples and the model fitted to it (parameters the user gave are kept). */
export function variogramOf(ctx: OperationContext, s: Samples, req: VariogramRequest) {
  const { bins, maxLag } = experimentalVariogram(s, req.lags, req.maxLag);
  const fit = fitVariogram(bins, req.model, { nugget: req.nugget, sill: req.sill, range: req.range }, maxLag);
  if (fit.partialSill <= 0) {
    ctx.warn(
      '拟合的偏基台值为 0（纯块金效应）：数据在此尺度上没有空间相关性，克里金结果接近均值。',
      'The fitted partial sill is 0 (pure nugget): the data show no spatial correlation at this scale, so kriging gives about the mean.',
    );
  }
  return { bins, fit, maxLag };
}

/** The experimental variogram and fitted model as a table layer (lag, distance, semivariance, pairs, model). */
export const variogram: OperationImpl<'analysis.variogram'> = async (req, ctx) => {
  ctx.job.progress(0, '正在读取采样点', 'Reading the sample points');
  const samples = krigingSamples(ctx, req, 3, '变差函数', 'a variogram');
  ctx.job.progress(20, '正在计算实验变差函数', 'Computing the experimental variogram');
  const v = variogramOf(ctx, samples, req);
  const model = { model: v.fit.model, nugget: v.fit.nugget, partialSill: v.fit.partialSill, range: v.fit.range };
  return {
    outputs: [
      {
        kind: 'table',
        name: req.outputName ?? `${samples.quantity}_变差函数`,
        columns: [
          { name: 'lag', sqlType: 'INTEGER' },
          { name: 'distance', sqlType: 'REAL' },
          { name: 'semivariance', sqlType: 'REAL' },
          { name: 'pairs', sqlType: 'INTEGER' },
          { name: 'model', sqlType: 'REAL' },
        ],
        rows: v.bins.map((b, i) => [i + 1, b.distance, b.semivariance, b.pairs, gamma(model, b.distance)]),
      },
    ],
    extra: { points: samples.x.length, sampleSource: samples.source, variogram: v },
  };
};
