import type { interpolationOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { idw } from './ops/idw';
import { kriging } from './ops/kriging';
import { variogram } from './ops/variogram';

/** Implementations of shared/api/analysis-ops/interpolation.ts, one per method. */
export const interpolationImpls: { [M in keyof typeof interpolationOperations]: OperationImpl<M> } = {
  'analysis.idw': idw,
  'analysis.kriging': kriging,
  'analysis.variogram': variogram,
};
