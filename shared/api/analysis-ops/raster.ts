import { z } from 'zod';
import { AnalysisGridSchema, AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, rasterLayerParam, vectorLayerParam } from '../params';

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

const StatsSchema = { min: z.number().nullable(), max: z.number().nullable(), mean: z.number().nullable() };

/** The analysis grid, optional: the first raster input's own grid when absent. */
const GridParam = label(AnalysisGridSchema.optional(), {
  label_zh: '分析格网（范围、像元大小）',
  label_en: 'Analysis grid (extent, cell size)',
  help_zh: '不填则用第一个栅格输入的格网；可取研究区图层的范围',
  help_en: 'Defaults to the first raster input’s grid; the extent may come from a study-area layer',
});

/** A value range [from, to) → new value; null bounds are open. The range with the highest upper bound also takes that bound. */
export const RangeRuleSchema = z
  .object({
    from: label(z.number().nullable(), { label_zh: '下限（含，空为 −∞）', label_en: 'From (inclusive; empty = −∞)' }),
    to: label(z.number().nullable(), { label_zh: '上限（不含，空为 +∞）', label_en: 'To (exclusive; empty = +∞)' }),
    value: label(z.number(), { label_zh: '新值', label_en: 'New value' }),
  })
  .strict();
export type RangeRule = z.infer<typeof RangeRuleSchema>;

/** A class code → new value. */
export const CategoryRuleSchema = z
  .object({
    category: label(z.number(), { label_zh: '原值', label_en: 'Value' }),
    value: label(z.number(), { label_zh: '新值', label_en: 'New value' }),
  })
  .strict();
export type CategoryRule = z.infer<typeof CategoryRuleSchema>;

/** An attribute value (text or number) → rating: the rating tables of rasterize. */
export const AttributeRuleSchema = z
  .object({
    category: label(z.union([z.string(), z.number()]), { label_zh: '属性值', label_en: 'Attribute value' }),
    value: label(z.number(), { label_zh: '评分', label_en: 'Rating' }),
  })
  .strict();
export type AttributeRule = z.infer<typeof AttributeRuleSchema>;

const ALL_TOUCHED = label(z.boolean().default(false), {
  label_zh: '包含面边界触及的像元',
  label_en: 'Include every cell the polygons touch',
  help_zh: '默认只取中心落在面内的像元（与 gdal_rasterize 相同）',
  help_en: 'By default a cell belongs to a polygon when its centre is inside (as gdal_rasterize)',
});

const OUTPUT_TYPES = ['auto', 'Float32', 'Int32', 'Int16', 'Byte'] as const;

/** Colour ramps a class raster can be styled with (shared/style/ramps). */
const RAMP_NAMES = ['risk', 'ylorrd', 'reds', 'blues', 'greens', 'viridis', 'terrain', 'greys'] as const;

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
  'analysis.reclassify': analysisMethod({
    category: 'raster',
    summary_zh: '重分类（按区间或按类别赋新值，未匹配的像元为无数据并计数）',
    summary_en: 'Reclassify (value ranges or categories to new values; unmatched cells become nodata and are counted)',
    request: z
      .object({
        raster: rasterLayerParam('输入栅格', 'Input raster'),
        mode: label(z.enum(['ranges', 'categories']), {
          label_zh: '方式',
          label_en: 'Mode',
          help_zh: 'ranges：按区间 [下限, 上限)；categories：按类别（原值相等）',
          help_en: 'ranges: value ranges [from, to); categories: exact class values',
        }),
        ranges: label(z.array(RangeRuleSchema).min(1).max(1000).optional(), { label_zh: '区间表', label_en: 'Range table' }),
        categories: label(z.array(CategoryRuleSchema).min(1).max(10000).optional(), { label_zh: '类别表', label_en: 'Category table' }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict()
      .refine((r) => (r.mode === 'ranges' ? r.ranges !== undefined : r.categories !== undefined), {
        message: 'mode "ranges" needs ranges, mode "categories" needs categories',
        path: ['mode'],
      }),
    result: AnalysisResultSchema.extend({
      ...StatsSchema,
      /** Cells with a value that no rule matched (written as nodata). */
      unmatched: z.number().int(),
      /** Cells per new value. */
      counts: z.array(z.object({ value: z.number(), cells: z.number().int() })),
    }),
  }),
  'analysis.weightedOverlay': analysisMethod({
    category: 'raster',
    summary_zh: '加权叠加（N 个栅格按权重求和，可除以权重之和；如 DRASTIC 指数）',
    summary_en: 'Weighted overlay (weighted sum of N rasters, optionally divided by the weight total; e.g. the DRASTIC index)',
    request: z
      .object({
        inputs: label(
          z
            .array(
              z
                .object({
                  layer: rasterLayerParam('栅格', 'Raster'),
                  weight: label(z.number().finite(), { label_zh: '权重', label_en: 'Weight' }),
                })
                .strict(),
            )
            .min(1)
            .max(32),
          { label_zh: '输入栅格与权重', label_en: 'Input rasters and weights' },
        ),
        normalize: label(z.boolean().default(false), { label_zh: '除以权重之和（加权平均）', label_en: 'Divide by the weight total (weighted mean)' }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...StatsSchema, weightTotal: z.number(), nodataCells: z.number().int() }),
  }),
  'analysis.classify': analysisMethod({
    category: 'raster',
    summary_zh: '分级（连续值栅格按等间距、分位数、自然断点 Jenks 或手动断点分为 N 级，级别代码 1…N）',
    summary_en: 'Classify a continuous raster into N classes (equal interval, quantile, Jenks natural breaks or manual breaks; codes 1…N)',
    request: z
      .object({
        raster: rasterLayerParam('输入栅格', 'Input raster'),
        method: label(z.enum(['jenks', 'equal', 'quantile', 'manual']).default('jenks'), {
          label_zh: '分级方法',
          label_en: 'Method',
          help_zh: 'jenks：自然断点；equal：等间距；quantile：分位数（等数量）；manual：手动断点',
          help_en: 'jenks: natural breaks; equal: equal interval; quantile: equal counts; manual: breaks given',
        }),
        classes: label(z.number().int().min(2).max(32).default(5), { label_zh: '级数', label_en: 'Classes' }),
        breaks: label(z.array(z.number().finite()).min(2).max(33).optional(), {
          label_zh: '手动断点（含最小、最大值，如 0,64,105,146,187,230）',
          label_en: 'Manual breaks (with the minimum and maximum, e.g. 0,64,105,146,187,230)',
        }),
        ramp: label(z.enum(RAMP_NAMES).default('risk'), { label_zh: '色带', label_en: 'Colour ramp' }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict()
      .refine((r) => r.method !== 'manual' || r.breaks !== undefined, { message: 'method "manual" needs breaks', path: ['breaks'] }),
    result: AnalysisResultSchema.extend({
      /** n + 1 ascending breaks; class i (code i + 1) holds (breaks[i], breaks[i+1]], the first also breaks[0]. */
      breaks: z.array(z.number()),
      /** Cells per class, code 1 first. */
      counts: z.array(z.number().int()),
      /** Cells with a value outside the breaks (manual breaks), written as nodata. */
      outside: z.number().int(),
    }),
  }),
  'analysis.rasterize': analysisMethod({
    category: 'raster',
    summary_zh: '面转栅格（按字段值或按评分表，如含水层介质 → DRASTIC 评分）',
    summary_en: 'Rasterize a polygon layer (by a field’s values or by a rating table, e.g. aquifer media → DRASTIC rating)',
    request: z
      .object({
        layer: vectorLayerParam('面图层', 'Polygon layer', ['POLYGON']),
        mode: label(z.enum(['field', 'table']).default('field'), {
          label_zh: '取值方式',
          label_en: 'Values from',
          help_zh: 'field：字段的数值；table：字段值查评分表',
          help_en: 'field: the field’s numbers; table: the field’s values looked up in a rating table',
        }),
        field: label(z.string().min(1), { label_zh: '字段', label_en: 'Field', field: { of: 'layer' } }),
        table: label(z.array(AttributeRuleSchema).min(1).max(10000).optional(), { label_zh: '评分表', label_en: 'Rating table' }),
        allTouched: ALL_TOUCHED,
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict()
      .refine((r) => r.mode !== 'table' || r.table !== undefined, { message: 'mode "table" needs a table', path: ['table'] }),
    result: AnalysisResultSchema.extend({
      ...StatsSchema,
      /** Features whose value was burnt. */
      features: z.number().int(),
      /** Features left out: a null value, or (table mode) a value the table does not list. */
      skipped: z.number().int(),
      /** The values the table did not list (first 50). */
      unmatchedValues: z.array(z.union([z.string(), z.number()])),
    }),
  }),
  'analysis.clip': analysisMethod({
    category: 'raster',
    summary_zh: '按研究区裁剪栅格（面外像元为无数据，可缩至研究区范围）',
    summary_en: 'Clip a raster to the study area (cells outside the polygons become nodata; optionally cropped to their extent)',
    request: z
      .object({
        raster: rasterLayerParam('输入栅格', 'Input raster'),
        boundary: vectorLayerParam('研究区（面）', 'Study area (polygons)', ['POLYGON']),
        crop: label(z.boolean().default(true), { label_zh: '缩至研究区范围', label_en: 'Crop to the study area’s extent' }),
        allTouched: ALL_TOUCHED,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...StatsSchema, cellsInside: z.number().int() }),
  }),
  'analysis.zonalStatistics': analysisMethod({
    category: 'raster',
    summary_zh: '分区统计（按面统计栅格：像元数、最小、最大、平均、面积；可按类别统计面积）',
    summary_en: 'Zonal statistics of a raster by polygons (count, min, max, mean, area; optionally area per class)',
    request: z
      .object({
        raster: rasterLayerParam('统计的栅格', 'Raster to summarise'),
        zones: vectorLayerParam('分区（面）', 'Zones (polygons)', ['POLYGON']),
        zoneField: label(z.string().min(1).optional(), { label_zh: '分区名称字段', label_en: 'Zone name field', field: { of: 'zones' } }),
        perClass: label(z.boolean().default(false), {
          label_zh: '按类别统计面积',
          label_en: 'Area per class',
          help_zh: '栅格为类别（如分级结果）时，统计每个分区中各类别的面积',
          help_en: 'For a class raster (e.g. a classification), the area of each class in each zone',
        }),
        allTouched: ALL_TOUCHED,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      zones: z.array(
        z.object({
          zoneId: z.number().int(),
          zone: z.union([z.string(), z.number(), z.null()]),
          count: z.number().int(),
          min: z.number().nullable(),
          max: z.number().nullable(),
          mean: z.number().nullable(),
          sum: z.number(),
          area: z.number(),
          nodataCells: z.number().int(),
        }),
      ),
      classes: z.array(
        z.object({ zoneId: z.number().int(), zone: z.union([z.string(), z.number(), z.null()]), value: z.number(), count: z.number().int(), area: z.number(), share: z.number() }),
      ),
    }),
  }),
  'analysis.distance': analysisMethod({
    category: 'raster',
    summary_zh: '距离（每个像元中心到最近点源的欧氏距离，精确计算）',
    summary_en: 'Distance (exact Euclidean distance from each cell centre to the nearest point source)',
    request: z
      .object({
        sources: vectorLayerParam('点源', 'Point sources', ['POINT']),
        maxDistance: label(z.number().positive().optional(), {
          label_zh: '最大距离（超出为无数据）',
          label_en: 'Maximum distance (nodata beyond)',
          unit: 'm',
        }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...StatsSchema, sources: z.number().int() }),
  }),
  'analysis.influence': analysisMethod({
    category: 'raster',
    summary_zh: '点源影响（按距离衰减：线性、指数或半径内阶跃，各源叠加；如污染源荷载）',
    summary_en: 'Influence of point sources decaying with distance (linear, exponential, or a step at a radius; summed over sources; e.g. pollution-source load)',
    request: z
      .object({
        sources: vectorLayerParam('点源', 'Point sources', ['POINT']),
        kernel: label(z.enum(['linear', 'exponential', 'step']).default('linear'), {
          label_zh: '衰减方式',
          label_en: 'Decay',
          help_zh: 'linear：w·(1 − d/R)；exponential：w·e^(−d/λ)；step：半径内为 w；超出半径 R 为 0',
          help_en: 'linear: w·(1 − d/R); exponential: w·e^(−d/λ); step: w within the radius; 0 beyond the radius R',
        }),
        radius: label(z.number().positive(), { label_zh: '影响半径 R', label_en: 'Influence radius R', unit: 'm' }),
        radiusField: label(z.string().min(1).optional(), { label_zh: '半径字段（逐源半径，覆盖 R）', label_en: 'Radius field (per source, overrides R)', field: { of: 'sources', types: ['number'] }, unit: 'm' }),
        decayDistance: label(z.number().positive().optional(), {
          label_zh: '衰减距离 λ（指数方式；默认 R/3）',
          label_en: 'Decay distance λ (exponential; default R/3)',
          unit: 'm',
        }),
        weightField: label(z.string().min(1).optional(), { label_zh: '权重字段（如荷载 P = T·L·Q；默认 1）', label_en: 'Weight field (e.g. load P = T·L·Q; default 1)', field: { of: 'sources', types: ['number'] } }),
        combine: label(z.enum(['sum', 'max']).default('sum'), { label_zh: '多源合成', label_en: 'Combining sources', help_zh: 'sum：求和；max：取最大', help_en: 'sum: add; max: the largest' }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...StatsSchema, sources: z.number().int(), skipped: z.number().int() }),
  }),
  'analysis.rasterCalculator': analysisMethod({
    category: 'raster',
    summary_zh: '栅格计算器（以图层名为变量的表达式，如 "高程" > 100 and 坡度 < 5）',
    summary_en: 'Raster calculator (an expression over layer names, e.g. "高程" > 100 and 坡度 < 5)',
    request: z
      .object({
        expression: label(z.string().trim().min(1).max(4000), {
          label_zh: '表达式',
          label_en: 'Expression',
          help_zh: '变量为栅格图层名，含空格或符号时加双引号；可用 + - * / % ^、比较、and/or/not、in、is null、if()、coalesce()、min()、max()、sqrt() 等',
          help_en: 'Variables are raster layer names, double-quoted when they hold spaces or symbols; + - * / % ^, comparisons, and/or/not, in, is null, if(), coalesce(), min(), max(), sqrt()…',
        }),
        outputType: label(z.enum(OUTPUT_TYPES).default('auto'), {
          label_zh: '结果数据类型',
          label_en: 'Result data type',
          help_zh: 'auto：整数结果存为最小的整型，否则 Float32',
          help_en: 'auto: whole-number results in the smallest integer type, else Float32',
        }),
        grid: GridParam,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      ...StatsSchema,
      /** Which layer each name of the expression read. */
      inputsByName: z.array(z.object({ name: z.string(), layerId: z.number().int() })),
      nodataCells: z.number().int(),
    }),
  }),
} as const;
