import type { vectorOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { areaByUnit } from './area-by-unit';
import { buffer, dissolve } from './buffer-dissolve';
import { clipVector, difference, intersection } from './overlay';
import { polygonize } from './polygonize-classes';
import { simplify } from './simplify';

/** Implementations of shared/api/analysis-ops/vector.ts, one per method. */
export const vectorImpls: { [M in keyof typeof vectorOperations]: OperationImpl<M> } = {
  'analysis.buffer': buffer,
  'analysis.dissolve': dissolve,
  'analysis.intersection': intersection,
  'analysis.difference': difference,
  'analysis.clipVector': clipVector,
  'analysis.areaByUnit': areaByUnit,
  'analysis.simplify': simplify,
  'analysis.polygonize': polygonize,
};
