import { z } from 'zod';
import { ExtentSchema, JobStartedSchema } from './common';
import { LayerInfoSchema } from './layers';
import type { MethodSpec } from './method';
import { label, layerParam } from './params';

/**
 * Analysis operations. Each is its own contract method `analysis.<op>` (a job): its request schema
 * carries bilingual labels and layer metadata (shared/api/params) so the processing panel builds its
 * form, and `gwz run <op>` its options, from the schema alone. Every run writes its result layers and
 * one gwz_runs row (operation, parameters, input layers with checksums, engine version) in one
 * transaction, and answers with AnalysisResult (plus what the operation adds).
 */

/** Where an operation belongs in the processing panel and in `gwz run --help`. */
export const ANALYSIS_CATEGORIES = ['raster', 'interpolation', 'hydrology', 'vector', 'water-quality'] as const;
export type AnalysisCategory = (typeof ANALYSIS_CATEGORIES)[number];

export interface AnalysisSpec<Req extends z.ZodType, Result extends z.ZodType> extends MethodSpec<Req, typeof JobStartedSchema, Result> {
  category: AnalysisCategory;
}

/** An analysis method: a job whose result extends AnalysisResultSchema. */
export function analysisMethod<Req extends z.ZodType, Result extends z.ZodType>(
  spec: Omit<AnalysisSpec<Req, Result>, 'response' | 'job'>,
): AnalysisSpec<Req, Result> {
  return { ...spec, job: true, response: JobStartedSchema };
}

export const AnalysisResultSchema = z.object({
  /** The gwz_runs row of this run. */
  runId: z.number().int(),
  /** Layers the run wrote, in the order the operation produced them. */
  layers: z.array(LayerInfoSchema),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
  seconds: z.number(),
});
export type AnalysisResult = z.infer<typeof AnalysisResultSchema>;

/**
 * The grid every raster input of a multi-input operation is aligned to. Absent fields come from the
 * first raster input (its extent, cell size and origin), so single-input operations keep their grid.
 */
export const AnalysisGridSchema = z
  .object({
    cellSize: label(z.number().positive().optional(), { label_zh: '像元大小', label_en: 'Cell size', unit: 'm' }),
    extent: label(ExtentSchema.optional(), { label_zh: '范围 (minx,miny,maxx,maxy)', label_en: 'Extent (minx,miny,maxx,maxy)' }),
    /** Take the extent from this layer (e.g. the study area). */
    extentLayerId: layerParam(['raster', 'vector'], { label_zh: '范围取自图层', label_en: 'Extent from layer' }).optional(),
  })
  .strict();
export type AnalysisGrid = z.infer<typeof AnalysisGridSchema>;

