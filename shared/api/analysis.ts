import { z } from 'zod';
import { JobStartedSchema } from './common';
import { method } from './method';
import { interpolationOperations } from './analysis-ops/interpolation';
import { hydrologyOperations } from './analysis-ops/hydrology';
import { rasterOperations } from './analysis-ops/raster';
import { vectorOperations } from './analysis-ops/vector';
import { waterQualityOperations } from './analysis-ops/water-quality';

export * from './analysis-base';
export { interpolationOperations, hydrologyOperations, rasterOperations, vectorOperations, waterQualityOperations };

export const RunRecordSchema = z.object({
  id: z.number().int(),
  operation: z.string(),
  params: z.unknown(),
  inputs: z.unknown(),
  outputs: z.unknown(),
  engineVersion: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/**
 * The operations; one entry per `analysis.<op>` method, each group in its own file under
 * analysis-ops/ (their implementations mirror it in electron/engine/analysis/<group>/).
 */
export const analysisOperations = {
  ...rasterOperations,
  ...interpolationOperations,
  ...hydrologyOperations,
  ...vectorOperations,
  ...waterQualityOperations,
} as const;

export type AnalysisMethodName = keyof typeof analysisOperations;

export const analysisMethods = {
  ...analysisOperations,
  'analysis.runs': method({
    summary_zh: '运行记录（溯源：参数、输入图层及其校验和、软件版本）',
    summary_en: 'Run history (provenance: parameters, input layers with checksums, engine version)',
    request: z.object({ limit: z.number().int().positive().max(10000).optional(), operation: z.string().optional() }).strict(),
    response: z.object({ runs: z.array(RunRecordSchema) }),
  }),
  'analysis.rerun': method({
    summary_zh: '用相同参数重新运行',
    summary_en: 'Run again with the same parameters',
    request: z.object({ runId: z.number().int() }).strict(),
    response: JobStartedSchema.extend({ operation: z.string() }),
  }),
} as const;

export function isAnalysisOperation(name: string): name is AnalysisMethodName {
  return Object.prototype.hasOwnProperty.call(analysisOperations, name);
}

