import type { hydrologyOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';

/** Implementations of shared/api/analysis-ops/hydrology.ts, one per method. */
export const hydrologyImpls: { [M in keyof typeof hydrologyOperations]: OperationImpl<M> } = {
};
