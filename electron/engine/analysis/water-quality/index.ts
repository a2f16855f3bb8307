import type { waterQualityOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { waterQualityClass } from './classify-op';
import { waterQualityTrend } from './trend-op';

/** Implementations of shared/api/analysis-ops/water-quality.ts, one per method. */
export const waterQualityImpls: { [M in keyof typeof waterQualityOperations]: OperationImpl<M> } = {
  'analysis.waterQualityClass': waterQualityClass,
  'analysis.waterQualityTrend': waterQualityTrend,
};
