import { z } from 'zod';
import { CrsCodeSchema, EmptySchema, ExtentSchema, FilePathSchema, JobStartedSchema } from './common';
import { method } from './method';

export const LayerKindSchema = z.enum(['vector', 'raster', 'table']);
export const LayerInfoSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: LayerKindSchema,
  tableName: z.string(),
  geometryType: z.string().nullable(),
  srid: z.number().int().nullable(),
  featureCount: z.number().int(),
  extent: ExtentSchema.nullable(),
  groupName: z.string().nullable(),
  sortOrder: z.number().int(),
  visible: z.boolean(),
  origin: z.enum(['import', 'analysis', 'edit']),
  source: z.string().nullable(),
  createdAt: z.string(),
  /** Path (relative to the host's data root) where the map reads this layer's features. */
  dataUrl: z.string(),
});
export type LayerInfo = z.infer<typeof LayerInfoSchema>;

export const ImportVectorResultSchema = z.object({
  layer: LayerInfoSchema,
  featuresRead: z.number().int(),
  featuresWritten: z.number().int(),
  skippedNullGeometry: z.number().int(),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ImportVectorResult = z.infer<typeof ImportVectorResultSchema>;

export const ChecksumResultSchema = z.object({
  layers: z.array(
    z.object({ id: z.number().int(), name: z.string(), featureCount: z.number().int(), sha256: z.string() }),
  ),
});
export type ChecksumResult = z.infer<typeof ChecksumResultSchema>;

export const layerMethods = {
  'layers.list': method({
    summary_zh: '列出图层',
    summary_en: 'List layers',
    request: EmptySchema,
    response: z.object({ layers: z.array(LayerInfoSchema) }),
  }),
  'layers.importVector': method({
    summary_zh: '导入矢量数据',
    summary_en: 'Import vector data',
    job: true,
    request: z.object({
      path: FilePathSchema,
      name: z.string().min(1).max(100).optional(),
      /** Layer inside a multi-layer source (GeoPackage, DXF, KML…); default the first. */
      sourceLayer: z.string().optional(),
      /** Text encoding of a shapefile's DBF, e.g. "GBK", "UTF-8"; default GDAL's reading of .cpg/LDID. */
      encoding: z.string().optional(),
      /** CRS of a source that declares none. */
      srcCrs: CrsCodeSchema.optional(),
    }),
    response: JobStartedSchema,
    result: ImportVectorResultSchema,
  }),
  'layers.checksum': method({
    summary_zh: '计算图层校验和',
    summary_en: 'Compute layer checksums',
    job: true,
    request: z.object({ layerIds: z.array(z.number().int()).optional() }),
    response: JobStartedSchema,
    result: ChecksumResultSchema,
  }),
} as const;
