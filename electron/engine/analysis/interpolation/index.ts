import type { interpolationOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';

/** Implementations of shared/api/analysis-ops/interpolation.ts, one per method. */
export const interpolationImpls: { [M in keyof typeof interpolationOperations]: OperationImpl<M> } = {
};
