import { z } from 'zod';
import { AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, rasterLayerParam } from '../params';

export const SlopeResultSchema = AnalysisResultSchema.extend({
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
});

/** Raster operations (electron/engine/analysis/raster/). */
export const rasterOperations = {
  'analysis.slope': analysisMethod({
    category: 'raster',
    summary_zh: '坡度（由 DEM 计算，Horn 方法，与 gdaldem 相同）',
    summary_en: 'Slope from a DEM (Horn method, as gdaldem)',
    request: z
      .object({
        dem: rasterLayerParam('高程 (DEM)', 'Elevation (DEM)'),
        units: label(z.enum(['percent', 'degrees']).default('percent'), { label_zh: '单位', label_en: 'Units' }),
        /** Ratio of vertical to horizontal units (e.g. 111120 for a DEM in degrees with heights in metres). */
        zFactor: label(z.number().positive().default(1), { label_zh: 'Z 因子', label_en: 'Z factor' }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: SlopeResultSchema,
  }),
} as const;
