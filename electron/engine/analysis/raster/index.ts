import type { rasterOperations } from '../../../../shared/api';
import type { OperationImpl } from '../core/run-analysis';
import { aspect } from './aspect';
import { rasterCalculator } from './calculator';
import { classify } from './classify';
import { clip } from './clip';
import { distance, influence } from './influence';
import { rasterize } from './rasterize';
import { reclassify } from './reclassify';
import { slope } from './slope';
import { weightedOverlay } from './weighted-overlay';
import { zonalStatisticsOp } from './zonal-statistics';

/** Implementations of shared/api/analysis-ops/raster.ts, one per method. */
export const rasterImpls: { [M in keyof typeof rasterOperations]: OperationImpl<M> } = {
  'analysis.slope': slope,
  'analysis.aspect': aspect,
  'analysis.reclassify': reclassify,
  'analysis.weightedOverlay': weightedOverlay,
  'analysis.rasterCalculator': rasterCalculator,
  'analysis.classify': classify,
  'analysis.rasterize': rasterize,
  'analysis.clip': clip,
  'analysis.zonalStatistics': zonalStatisticsOp,
  'analysis.distance': distance,
  'analysis.influence': influence,
};
