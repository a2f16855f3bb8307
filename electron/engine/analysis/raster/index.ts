import type { rasterOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { aspect } from './aspect';
import { slope } from './slope';

/** Implementations of shared/api/analysis-ops/raster.ts, one per method. */
export const rasterImpls: { [M in keyof typeof rasterOperations]: OperationImpl<M> } = {
  'analysis.slope': slope,
  'analysis.aspect': aspect,
};
