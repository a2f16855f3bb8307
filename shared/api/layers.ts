import { z } from 'zod';
import { CrsCodeSchema, EmptySchema, ExtentSchema, FilePathSchema, JobStartedSchema } from './common';
import { method } from './method';
import { CLASS_METHODS, LayerStyleSchema } from '../style/model';
import { LayerTilesSchema } from './tiles';

export const LayerKindSchema = z.enum(['vector', 'raster', 'table']);

/** An attribute column of a layer table (geometry and fid excluded); `numeric` for INTEGER/REAL columns. */
export const LayerFieldSchema = z.object({ name: z.string(), type: z.string(), numeric: z.boolean() });
export type LayerField = z.infer<typeof LayerFieldSchema>;

/** What the map needs of a raster to style it: band 1 range, nodata, data type. */
export const LayerRasterSummarySchema = z.object({
  bands: z.number().int(),
  dataType: z.string(),
  nodata: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

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
  /** How the layer is drawn: its stored style (shared/style), or the default for its kind and geometry. */
  style: LayerStyleSchema,
  /** False while the layer has no stored style (it is drawn in the default). */
  styled: z.boolean(),
  fields: z.array(LayerFieldSchema),
  raster: LayerRasterSummarySchema.nullable(),
  /** Vector layers with features: where the map reads them as vector tiles (big layers do). */
  tiles: LayerTilesSchema.nullable().optional(),
});
export type LayerInfo = z.infer<typeof LayerInfoSchema>;

export const WebOffsetSchema = z.enum(['gcj02', 'bd09']);
export type WebOffset = z.infer<typeof WebOffsetSchema>;

/** A reason the coordinates cannot be in the (declared or chosen) CRS, with the fix when one is known. */
export const CrsIssueSchema = z.object({
  kind: z.enum([
    'degrees-in-projected',
    'metres-in-geographic',
    'zone-prefix-unexpected',
    'zone-prefix-missing',
    'axes-swapped',
    'outside-area',
    'web-offset-likely',
  ]),
  message_zh: z.string(),
  message_en: z.string(),
  /** A CRS code that would fit the coordinates. */
  suggestedCrs: z.string().optional(),
  swapAxes: z.boolean().optional(),
  webOffset: WebOffsetSchema.optional(),
});
export type CrsIssue = z.infer<typeof CrsIssueSchema>;

export const EncodingInfoSchema = z.object({
  /** GDAL's name, e.g. "CP936", "UTF-8", "CP1252". */
  detected: z.string(),
  source: z.enum(['cpg', 'ldid', 'detected', 'utf8-default', 'user']),
  candidates: z.array(z.string()),
});
export type EncodingInfo = z.infer<typeof EncodingInfoSchema>;

export const ImportVectorResultSchema = z.object({
  layer: LayerInfoSchema,
  featuresRead: z.number().int(),
  featuresWritten: z.number().int(),
  skippedNullGeometry: z.number().int(),
  /** Invalid geometries made valid with ST_MakeValid (multipart kept). */
  repaired: z.number().int(),
  /** Encoding the attributes were decoded with (shapefiles); null for self-describing formats. */
  encoding: z.string().nullable(),
  /** Source CRS as "EPSG:n" when it has one, else its name. */
  srcCrs: z.string(),
  webOffset: WebOffsetSchema.nullable(),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ImportVectorResult = z.infer<typeof ImportVectorResultSchema>;

export const PreviewFieldSchema = z.object({ name: z.string(), type: z.string() });

export const PreviewLayerSchema = z.object({
  name: z.string(),
  geometryType: z.string(),
  featureCount: z.number().int(),
  /** "EPSG:n" when the source CRS matches an EPSG code, else null. */
  crs: z.string().nullable(),
  crsName: z.string().nullable(),
  wkt: z.string().optional(),
  /** In the source's coordinates; null for an empty layer. */
  extent: ExtentSchema.nullable(),
  fields: z.array(PreviewFieldSchema),
});
export type PreviewLayer = z.infer<typeof PreviewLayerSchema>;

export const PreviewSourceResultSchema = z.object({
  kind: z.enum(['vector', 'raster', 'unknown']),
  driver: z.string(),
  layers: z.array(PreviewLayerSchema),
  /** The layer the rows, encoding and CRS issues describe. */
  layer: z.string().nullable(),
  /** Shapefiles only; null for formats that declare their encoding (GeoJSON, GeoPackage…). */
  encoding: EncodingInfoSchema.nullable(),
  /** First rows' attributes, decoded, keyed by field name. */
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  crsIssues: z.array(CrsIssueSchema),
  /** Rasters: size in cells. */
  size: z.tuple([z.number().int(), z.number().int()]).optional(),
});
export type PreviewSourceResult = z.infer<typeof PreviewSourceResultSchema>;

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
      /** Text encoding of a shapefile's DBF, e.g. "GBK", "UTF-8"; default: .cpg, LDID, then detection. */
      encoding: z.string().optional(),
      /** CRS of a source that declares none. */
      srcCrs: CrsCodeSchema.optional(),
      /** Lon/lat copied from a Chinese web map: corrected to WGS84 before reprojection. */
      webOffset: WebOffsetSchema.optional(),
      /** Exchange X and Y of every coordinate (northing/easting or lat/lon written the wrong way round). */
      swapAxes: z.boolean().optional(),
      /** Import even when the coordinates lie clearly outside the source CRS's area of use. */
      force: z.boolean().optional(),
      /** A shapefile without its .shx (rebuilt from the .shp) or .dbf (geometries only): mend a copy and import. */
      repairShapefile: z.boolean().optional(),
      /** Point tables (CSV/XLSX): the columns holding X/easting/longitude and Y/northing/latitude. */
      xField: z.string().optional(),
      yField: z.string().optional(),
      /** Import the attributes only, as a table layer (sources without geometry, e.g. a DBF or a CSV without coordinates). */
      asTable: z.boolean().optional(),
    }),
    response: JobStartedSchema,
    result: ImportVectorResultSchema,
  }),
  'layers.previewSource': method({
    summary_zh: '预览数据源（图层、字段、编码、前几行、坐标系问题）',
    summary_en: 'Preview a data source (layers, fields, encoding, first rows, CRS issues)',
    request: z.object({
      path: FilePathSchema,
      encoding: z.string().optional(),
      sourceLayer: z.string().optional(),
      /** CRS the user means to give a source that declares none: checked against the coordinates. */
      srcCrs: CrsCodeSchema.optional(),
      swapAxes: z.boolean().optional(),
      repairShapefile: z.boolean().optional(),
    }),
    response: PreviewSourceResultSchema,
  }),
  'layers.update': method({
    summary_zh: '修改图层：名称、显示、透明度、分组、样式（保存在工程文件中）',
    summary_en: 'Change a layer: name, visibility, opacity, group, style (kept in the project file)',
    request: z
      .object({
        layerId: z.number().int(),
        name: z.string().trim().min(1).max(100).optional(),
        visible: z.boolean().optional(),
        /** 0–1, kept in the style; a layer without a stored style gets its default with this opacity. */
        opacity: z.number().min(0).max(1).optional(),
        /** null takes the layer out of its group. */
        groupName: z.string().trim().min(1).max(100).nullable().optional(),
        /** null forgets the stored style (the default applies again). */
        style: LayerStyleSchema.nullable().optional(),
      })
      .strict(),
    response: z.object({ layer: LayerInfoSchema }),
  }),
  'layers.reorder': method({
    summary_zh: '调整图层顺序（自上而下）',
    summary_en: 'Reorder layers (top first)',
    request: z.object({
      /** Every layer id of the project, the top (drawn last) first. */
      layerIds: z.array(z.number().int()).min(1),
    }),
    response: z.object({ layers: z.array(LayerInfoSchema) }),
  }),
  'layers.remove': method({
    summary_zh: '从工程中删除图层及其数据',
    summary_en: 'Remove a layer and its data from the project',
    request: z.object({ layerId: z.number().int() }),
    response: z.object({ removed: z.object({ id: z.number().int(), name: z.string() }) }),
  }),
  'layers.classify': method({
    summary_zh: '按数值字段分级（等间距、分位数、自然断点、手动），返回分级样式',
    summary_en: 'Classify a numeric field (equal interval, quantile, natural breaks, manual) into a graduated style',
    request: z.object({
      layerId: z.number().int(),
      field: z.string().min(1),
      method: z.enum(CLASS_METHODS),
      classes: z.number().int().min(1).max(64).default(5),
      ramp: z.string().default('ylorrd'),
      /** The inner and outer breaks for method "manual", ascending. */
      breaks: z.array(z.number()).max(65).optional(),
    }),
    response: z.object({ style: LayerStyleSchema, breaks: z.array(z.number()), valueCount: z.number().int() }),
  }),
  'layers.categories': method({
    summary_zh: '字段的唯一值（按要素数排序），返回分类样式',
    summary_en: 'Unique values of a field (most frequent first) as a categorized style',
    request: z.object({
      layerId: z.number().int(),
      field: z.string().min(1),
      palette: z.string().default('set3'),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    response: z.object({
      style: LayerStyleSchema,
      values: z.array(z.object({ value: z.union([z.string(), z.number(), z.null()]), count: z.number().int() })),
      /** Distinct values beyond `limit`, left out of the style. */
      more: z.number().int(),
    }),
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
