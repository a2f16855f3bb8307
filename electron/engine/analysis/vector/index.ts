import type { vectorOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';

/** Implementations of shared/api/analysis-ops/vector.ts, one per method. */
export const vectorImpls: { [M in keyof typeof vectorOperations]: OperationImpl<M> } = {
};
