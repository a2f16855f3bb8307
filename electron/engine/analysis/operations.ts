import type { AnalysisMethodName } from '../../../shared/api';
import type { OperationImpl } from './core/run-analysis';
import { hydrologyImpls } from './hydrology';
import { interpolationImpls } from './interpolation';
import { rasterImpls } from './raster';
import { vectorImpls } from './vector';
import { waterQualityImpls } from './water-quality';

/** The implementation of every `analysis.<op>` method of the contract (the type insists on all of them). */
export const OPERATIONS: { [M in AnalysisMethodName]: OperationImpl<M> } = {
  ...rasterImpls,
  ...interpolationImpls,
  ...hydrologyImpls,
  ...vectorImpls,
  ...waterQualityImpls,
};
