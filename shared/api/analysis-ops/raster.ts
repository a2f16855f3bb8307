import { z } from 'zod';
import { AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, rasterLayerParam } from '../params';

export const SlopeResultSchema = AnalysisResultSchema.extend({
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
});

export const AspectResultSchema = AnalysisResultSchema.extend({
  /** Cells facing N, NE, E, SE, S, SW, W, NW (sectors of 45° centred on each direction). */
  sectors: z.array(z.number().int()).length(8),
  /** Cells without a gradient (flat). */
  flatCells: z.number().int(),
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
  'analysis.aspect': analysisMethod({
    category: 'raster',
    summary_zh: '坡向（由 DEM 计算，Horn 方法，正北起顺时针 0–360°，与 gdaldem 相同）',
    summary_en: 'Aspect from a DEM (Horn method, degrees clockwise from north, as gdaldem)',
    request: z
      .object({
        dem: rasterLayerParam('高程 (DEM)', 'Elevation (DEM)'),
        flat: label(z.enum(['nodata', 'zero', 'minus-one']).default('nodata'), {
          label_zh: '平坦像元取值',
          label_en: 'Value of flat cells',
          help_zh: 'nodata：无数据（gdaldem 默认）；zero：0（gdaldem -zero_for_flat）；minus-one：−1（ArcGIS）',
          help_en: 'nodata: no data (gdaldem default); zero: 0 (gdaldem -zero_for_flat); minus-one: −1 (ArcGIS)',
        }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AspectResultSchema,
  }),
} as const;
