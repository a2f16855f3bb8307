import { z } from 'zod';
import { ExtentSchema, JobStartedSchema } from './common';
import { method } from './method';

/**
 * Attribute data of layers: rows page by page (sorted, filtered by a shared/expr expression that runs
 * inside SQLite), field statistics, the field calculator with undo/redo, identify at a point,
 * selection by attribute, and the borehole log / monitoring series read from the gw_* tables.
 */

export const CellValueSchema = z.union([z.string(), z.number(), z.null()]);
export type CellValue = z.infer<typeof CellValueSchema>;

export const FieldKindSchema = z.enum(['integer', 'real', 'text', 'blob', 'other']);
export type FieldKind = z.infer<typeof FieldKindSchema>;

export const FieldInfoSchema = z.object({
  name: z.string(),
  /** The declared SQLite type, as written (e.g. "INTEGER", "REAL", "TEXT", "VARCHAR(20)"). */
  type: z.string(),
  kind: FieldKindSchema,
});
export type FieldInfo = z.infer<typeof FieldInfoSchema>;

export const SortSchema = z.object({ field: z.string().min(1), descending: z.boolean().default(false) });

/** An attribute filter in the workbench's expression language (shared/expr), e.g. `"面积" > 5 and adcode in (361002)`. */
const FilterSchema = z.string().max(4000).optional();

export const FeaturePageSchema = z.object({
  layerId: z.number().int(),
  fields: z.array(FieldInfoSchema),
  /** Rows matching the filter (all rows without one). */
  total: z.number().int(),
  offset: z.number().int(),
  /** Feature ids of the rows, in order; `rows[i]` holds the values of `fields` for `fids[i]`. */
  fids: z.array(z.number().int()),
  rows: z.array(z.array(CellValueSchema)),
  /** Milliseconds the engine spent (ordering + page). */
  millis: z.number(),
});
export type FeaturePage = z.infer<typeof FeaturePageSchema>;

export const HistogramSchema = z.object({
  /** Bin edges, counts.length + 1 of them; the last bin includes its upper edge. */
  edges: z.array(z.number()),
  counts: z.array(z.number().int()),
});
export type Histogram = z.infer<typeof HistogramSchema>;

export const FieldStatsSchema = z.object({
  field: z.string(),
  kind: FieldKindSchema,
  /** Rows considered (matching the filter). */
  count: z.number().int(),
  nulls: z.number().int(),
  distinct: z.number().int(),
  /** Numeric statistics over the non-null numeric values; null for text fields or no values. */
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  /** Population standard deviation. */
  std: z.number().nullable(),
  sum: z.number().nullable(),
  histogram: HistogramSchema.nullable(),
  /** Most frequent values (all kinds), most frequent first. */
  top: z.array(z.object({ value: CellValueSchema, count: z.number().int() })),
});
export type FieldStats = z.infer<typeof FieldStatsSchema>;

export const NewFieldTypeSchema = z.enum(['integer', 'real', 'text']);
export type NewFieldType = z.infer<typeof NewFieldTypeSchema>;

export const CalcResultSchema = z.object({
  editId: z.number().int(),
  layerId: z.number().int(),
  field: z.string(),
  /** The field did not exist and was added. */
  added: z.boolean(),
  rowsUpdated: z.number().int(),
  seconds: z.number(),
});
export type CalcResult = z.infer<typeof CalcResultSchema>;

export const AttributeEditSchema = z.object({
  editId: z.number().int(),
  layerId: z.number().int(),
  field: z.string(),
  action: z.enum(['add-field', 'update']),
  expression: z.string().nullable(),
  filter: z.string().nullable(),
  rows: z.number().int(),
  createdAt: z.string(),
  undone: z.boolean(),
});
export type AttributeEdit = z.infer<typeof AttributeEditSchema>;

export const IdentifiedFeatureSchema = z.object({
  fid: z.number().int(),
  /** Attribute values by field name. */
  properties: z.record(z.string(), CellValueSchema),
  /** Distance from the point in map units (0 inside a polygon). */
  distance: z.number(),
});

export const IdentifyLayerResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('vector'),
    layerId: z.number().int(),
    layerName: z.string(),
    features: z.array(IdentifiedFeatureSchema),
    /** More features were within the tolerance than `limit`. */
    truncated: z.boolean(),
  }),
  z.object({
    kind: z.literal('raster'),
    layerId: z.number().int(),
    layerName: z.string(),
    /** 0-based cell column and row. */
    cell: z.tuple([z.number().int(), z.number().int()]),
    /** One per band; null for nodata. */
    values: z.array(z.number().nullable()),
  }),
]);
export type IdentifyLayerResult = z.infer<typeof IdentifyLayerResultSchema>;

export const LithologyIntervalSchema = z.object({
  top: z.number(),
  bottom: z.number(),
  /** shared/domain/lithology code. */
  code: z.string(),
  /** As written in the source log. */
  lithology: z.string(),
  name_zh: z.string(),
  name_en: z.string(),
  description: z.string().nullable(),
});

export const BoreholeLogSchema = z.object({
  holeId: z.string(),
  name: z.string().nullable(),
  x: z.number(),
  y: z.number(),
  elevation: z.number().nullable(),
  depth: z.number().nullable(),
  aquifer: z.string().nullable(),
  intervals: z.array(LithologyIntervalSchema),
  levels: z.array(z.object({ date: z.string(), depthToWater: z.number().nullable(), level: z.number().nullable() })),
  tests: z.array(
    z.object({
      date: z.string().nullable(),
      testType: z.string().nullable(),
      k: z.number().nullable(),
      specificYield: z.number().nullable(),
      effectivePorosity: z.number().nullable(),
      wellYield: z.number().nullable(),
    }),
  ),
  /** Analytes with water-quality samples at this site. */
  analytes: z.array(z.string()),
});
export type BoreholeLog = z.infer<typeof BoreholeLogSchema>;

export const QualityPointSchema = z.object({
  date: z.string(),
  /** mg/L; null when not detected. */
  value: z.number().nullable(),
  qualifier: z.enum(['<', 'ND']).nullable(),
  detectionLimit: z.number().nullable(),
  sourceValue: z.string(),
  /** GB/T 14848 class (1–5) of this value; null when the analyte has no limits or the class is indeterminate. */
  gbClass: z.number().int().min(1).max(5).nullable(),
});

export const QualitySeriesSchema = z.object({
  analyte: z.string(),
  unit: z.string(),
  points: z.array(QualityPointSchema),
  /** GB/T 14848-2017 upper limits of classes I–IV (mg/L), when the analyte is in the table. */
  limits: z.array(z.number()).length(4).nullable(),
  /** The class III limit drawn on the chart. */
  classIII: z.number().nullable(),
  exceedances: z.number().int(),
});
export type QualitySeries = z.infer<typeof QualitySeriesSchema>;

const LayerRef = { layerId: z.number().int() };

export const featureMethods = {
  'features.fields': method({
    summary_zh: '图层字段列表',
    summary_en: 'Fields of a layer',
    request: z.object(LayerRef),
    response: z.object({ layerId: z.number().int(), fields: z.array(FieldInfoSchema), count: z.number().int() }),
  }),
  'features.list': method({
    summary_zh: '属性表分页读取（排序、表达式筛选）',
    summary_en: 'Read attribute rows page by page (sorted, filtered by an expression)',
    request: z.object({
      ...LayerRef,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(0).max(5000).default(200),
      sort: SortSchema.optional(),
      filter: FilterSchema,
      /** Only these fields (default all but the geometry). */
      fields: z.array(z.string()).optional(),
    }),
    response: FeaturePageSchema,
  }),
  'features.get': method({
    summary_zh: '按要素编号读取属性（可含几何 GeoJSON）',
    summary_en: 'Read features by id (attributes, optionally GeoJSON geometry)',
    request: z.object({ ...LayerRef, fids: z.array(z.number().int()).max(5000), geometry: z.boolean().default(false) }),
    response: z.object({
      features: z.array(z.object({ fid: z.number().int(), properties: z.record(z.string(), CellValueSchema), geometry: z.string().nullable() })),
    }),
  }),
  'features.stats': method({
    summary_zh: '字段统计与直方图',
    summary_en: 'Field statistics and histogram',
    request: z.object({ ...LayerRef, field: z.string().min(1), filter: FilterSchema, bins: z.number().int().min(1).max(200).default(20) }),
    response: FieldStatsSchema,
  }),
  'features.select': method({
    summary_zh: '按属性选择要素（返回要素编号与范围）',
    summary_en: 'Select features by attribute (ids and extent)',
    request: z.object({ ...LayerRef, filter: z.string().min(1).max(4000), limit: z.number().int().min(1).max(1_000_000).default(200_000) }),
    response: z.object({ fids: z.array(z.number().int()), count: z.number().int(), extent: ExtentSchema.nullable() }),
  }),
  'features.extent': method({
    summary_zh: '要素的范围（缩放至所选）',
    summary_en: 'Extent of features (zoom to selection)',
    request: z.object({ ...LayerRef, fids: z.array(z.number().int()).max(200_000) }),
    response: z.object({ extent: ExtentSchema.nullable() }),
  }),
  'features.calc': method({
    summary_zh: '字段计算器：用表达式新建或更新字段（事务内，可撤销）',
    summary_en: 'Field calculator: add or update a field from an expression (one transaction, undoable)',
    job: true,
    request: z.object({
      ...LayerRef,
      field: z.string().min(1).max(63),
      expression: z.string().min(1).max(4000),
      /** Only the rows matching this filter are updated. */
      filter: FilterSchema,
      /** Type of a new field; default real for numbers, text otherwise. Ignored for an existing field. */
      type: NewFieldTypeSchema.optional(),
    }),
    response: JobStartedSchema,
    result: CalcResultSchema,
  }),
  'features.setValue': method({
    summary_zh: '修改一个要素的属性值（类型检查，可撤销）',
    summary_en: 'Change one attribute value (type-checked, undoable)',
    request: z.object({ ...LayerRef, fid: z.number().int(), field: z.string().min(1), value: CellValueSchema }),
    response: z.object({ editId: z.number().int(), value: CellValueSchema }),
  }),
  'features.undo': method({
    summary_zh: '撤销最近一次属性修改',
    summary_en: 'Undo the latest attribute edit',
    request: z.object({ layerId: z.number().int().optional() }),
    response: z.object({ edit: AttributeEditSchema.nullable() }),
  }),
  'features.redo': method({
    summary_zh: '重做最近撤销的属性修改',
    summary_en: 'Redo the latest undone attribute edit',
    request: z.object({ layerId: z.number().int().optional() }),
    response: z.object({ edit: AttributeEditSchema.nullable() }),
  }),
  'features.history': method({
    summary_zh: '属性修改记录',
    summary_en: 'Attribute edit history',
    request: z.object({ layerId: z.number().int().optional(), limit: z.number().int().min(1).max(1000).default(50) }),
    response: z.object({ edits: z.array(AttributeEditSchema) }),
  }),
  'features.identify': method({
    summary_zh: '识别：某点处各图层的要素属性与栅格值',
    summary_en: 'Identify: features and raster values of layers at a point',
    request: z.object({
      /** Point in the project CRS. */
      x: z.number(),
      y: z.number(),
      /** Search radius in map units for points and lines (a few pixels at the current scale). */
      tolerance: z.number().min(0).default(0),
      /** Layers to look in (the visible ones); default all vector and raster layers. */
      layerIds: z.array(z.number().int()).optional(),
      /** Features per layer. */
      limit: z.number().int().min(1).max(500).default(20),
    }),
    response: z.object({ results: z.array(IdentifyLayerResultSchema) }),
  }),
  'features.boreholeLog': method({
    summary_zh: '钻孔柱状图数据（岩性分层、水位、试验）',
    summary_en: 'Borehole log data (lithology intervals, water levels, tests)',
    request: z.object({ holeId: z.string().min(1) }),
    response: BoreholeLogSchema,
  }),
  'features.quality': method({
    summary_zh: '监测井水质时间序列（按 GB/T 14848 分类，标出超Ⅲ类）',
    summary_en: 'Monitoring-well water-quality series (GB/T 14848 classes, class III exceedances)',
    request: z.object({ site: z.string().min(1), analytes: z.array(z.string()).optional() }),
    response: z.object({ site: z.string(), series: z.array(QualitySeriesSchema) }),
  }),
} as const;
