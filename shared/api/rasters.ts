import { z } from 'zod';
import { CrsCodeSchema, FilePathSchema, JobStartedSchema } from './common';
import { LayerInfoSchema } from './layers';
import { method } from './method';

export const ResamplingSchema = z.enum(['nearest', 'bilinear', 'cubic', 'cubicspline', 'lanczos', 'average', 'mode']);
export type Resampling = z.infer<typeof ResamplingSchema>;

export const RasterStatsSchema = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  /** Cells that are not nodata. */
  validCount: z.number().int(),
});
export type RasterStats = z.infer<typeof RasterStatsSchema>;

export const RasterHistogramSchema = z.object({
  min: z.number(),
  max: z.number(),
  counts: z.array(z.number().int()),
});
export type RasterHistogram = z.infer<typeof RasterHistogramSchema>;

export const RasterInfoSchema = z.object({
  layerId: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  bands: z.number().int(),
  /** GDAL data type name, e.g. "Float32". */
  dataType: z.string(),
  nodata: z.number().nullable(),
  /** GDAL geotransform [originX, pixelWidth, rotX, originY, rotY, pixelHeight] in the project CRS. */
  geoTransform: z.array(z.number()).length(6),
  cellSize: z.tuple([z.number(), z.number()]),
  srid: z.number().int(),
  resampling: ResamplingSchema.nullable(),
  stats: RasterStatsSchema,
  histogram: RasterHistogramSchema.nullable(),
  /** Size of the stored Cloud-Optimized GeoTIFF. */
  bytes: z.number().int(),
  sha256: z.string(),
});
export type RasterInfo = z.infer<typeof RasterInfoSchema>;

export const ImportRasterResultSchema = z.object({
  layer: LayerInfoSchema,
  raster: RasterInfoSchema,
  reprojected: z.boolean(),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ImportRasterResult = z.infer<typeof ImportRasterResultSchema>;

export const rasterMethods = {
  'layers.importRaster': method({
    summary_zh: '导入栅格数据',
    summary_en: 'Import raster data',
    job: true,
    request: z.object({
      path: FilePathSchema,
      name: z.string().min(1).max(100).optional(),
      /** CRS of a source that declares none (e.g. an ASCII grid without .prj). */
      srcCrs: CrsCodeSchema.optional(),
      /** Overrides the choice by data type (nearest for integers/classes, bilinear for floats). */
      resampling: ResamplingSchema.optional(),
      /** 1-based band to import; default all bands. */
      band: z.number().int().min(1).optional(),
    }),
    response: JobStartedSchema,
    result: ImportRasterResultSchema,
  }),
  'rasters.info': method({
    summary_zh: '栅格图层信息（大小、像元、无数据值、统计、直方图）',
    summary_en: 'Raster layer information (size, cell, nodata, statistics, histogram)',
    request: z.object({ layerId: z.number().int() }),
    response: RasterInfoSchema,
  }),
} as const;
