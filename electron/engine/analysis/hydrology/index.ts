import type { hydrologyOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { catchment } from './ops/catchment';
import { fillDepressions } from './ops/fill-depressions';
import { flowAccumulation } from './ops/flow-accumulation';
import { flowDirection } from './ops/flow-direction';
import { snapOutlets } from './ops/snap-outlets';
import { streams } from './ops/streams';
import { waterTableGradient } from './ops/water-table-gradient';

/** Implementations of shared/api/analysis-ops/hydrology.ts, one per method. */
export const hydrologyImpls: { [M in keyof typeof hydrologyOperations]: OperationImpl<M> } = {
  'analysis.fillDepressions': fillDepressions,
  'analysis.flowDirection': flowDirection,
  'analysis.flowAccumulation': flowAccumulation,
  'analysis.snapOutlets': snapOutlets,
  'analysis.catchment': catchment,
  'analysis.streams': streams,
  'analysis.waterTableGradient': waterTableGradient,
};
