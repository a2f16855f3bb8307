import { z } from 'zod';
import { AnalysisGridSchema, AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, vectorLayerParam } from '../params';

/**
 * Interpolation (IDW, kriging) of point data: electron/engine/analysis/interpolation/.
 *
 * The values come from one of three places: a numeric field of any point layer; the borehole water
 * levels (gw_levels: depth to water or head, per hole the latest reading or the mean, optionally in a
 * date range) at the collars of 钻孔与监测井; or a water-quality analyte (gw_quality) at the same
 * collars. The result lies on an analysis grid (cell size and extent as for every analysis; by
 * default the points' extent and about 500 cells along its longer side).
 */

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-mm-dd');

export const SampleSourceShape = {
  points: vectorLayerParam('采样点图层', 'Sample points layer', ['POINT'], {
    help_zh: '任一点图层；取钻孔水位或水质时选“钻孔与监测井”',
    help_en: 'Any point layer; for borehole levels or water quality choose the borehole collars (钻孔与监测井)',
  }),
  field: label(z.string().min(1).optional(), {
    label_zh: '数值字段',
    label_en: 'Value field',
    field: { of: 'points', types: ['number'] },
    help_zh: '与“钻孔水位”“水质指标”三选一',
    help_en: 'One of: a value field, a borehole water level, a water-quality analyte',
  }),
  boreholeValue: label(z.enum(['depth_to_water', 'level']).optional(), {
    label_zh: '钻孔水位（depth_to_water 埋深 / level 水位标高）',
    label_en: 'Borehole water level (depth_to_water / level = head)',
    help_zh: '取自钻孔水位表，按钻孔编号与井口表连接',
    help_en: 'From the borehole level table, joined to the collars by hole id',
  }),
  analyte: label(z.string().min(1).optional(), {
    label_zh: '水质指标（如 NO3、Fe、NH4）',
    label_en: 'Water-quality analyte (e.g. NO3, Fe, NH4)',
    help_zh: '取自水质表，mg/L，按监测点编号与井口表连接',
    help_en: 'From the water-quality table, mg/L, joined to the collars by site id',
  }),
  statistic: label(z.enum(['latest', 'mean']).default('latest'), {
    label_zh: '每孔取值（latest 最新一次 / mean 平均）',
    label_en: 'Per hole (latest reading / mean)',
  }),
  dateFrom: label(IsoDateSchema.optional(), { label_zh: '起始日期 (yyyy-mm-dd)', label_en: 'From date (yyyy-mm-dd)' }),
  dateTo: label(IsoDateSchema.optional(), { label_zh: '截止日期 (yyyy-mm-dd)', label_en: 'To date (yyyy-mm-dd)' }),
  nonDetect: label(z.enum(['half-limit', 'limit', 'zero', 'omit']).default('half-limit'), {
    label_zh: '未检出值（half-limit 取检出限一半 / limit 检出限 / zero 零 / omit 舍去）',
    label_en: 'Non-detects (half the detection limit / the limit / zero / leave out)',
  }),
};

const crossValidate = label(z.boolean().default(true), {
  label_zh: '留一法交叉验证',
  label_en: 'Leave-one-out cross-validation',
  help_zh: '逐点剔除后用其余点预测，给出 ME、MAE、RMSE 与实测—预测散点',
  help_en: 'Predicts each point from the others: ME, MAE, RMSE and the observed/predicted pairs',
});

const radius = label(z.number().min(0).default(0), {
  label_zh: '搜索半径（0 不限）',
  label_en: 'Search radius (0 = unlimited)',
  unit: 'm',
});

const minPoints = label(z.number().int().min(0).max(10_000).default(0), {
  label_zh: '最少点数（不足则为无数据）',
  label_en: 'Minimum points (fewer gives nodata)',
});

export const CrossValidationPairSchema = z.object({
  fid: z.number().int(),
  x: z.number(),
  y: z.number(),
  observed: z.number(),
  predicted: z.number(),
  /** Kriging variance of the prediction (kriging only). */
  variance: z.number().optional(),
});

export const CrossValidationSchema = z.object({
  /** Points that could be predicted from the others. */
  n: z.number().int(),
  /** Mean error (predicted − observed). */
  me: z.number(),
  mae: z.number(),
  rmse: z.number(),
  /** Kriging only: mean of squared errors over kriging variances (≈ 1 when the variogram fits). */
  msdr: z.number().optional(),
  pairs: z.array(CrossValidationPairSchema),
});
export type CrossValidation = z.infer<typeof CrossValidationSchema>;

/**
 * Where the values came from. The borehole tables are not layers, so the run's provenance keeps the
 * number of readings used and their checksum here (empty for a layer field: the layer's own checksum
 * is among the run's inputs).
 */
export const SampleSourceSchema = z.object({
  kind: z.enum(['field', 'levels', 'quality']),
  rows: z.number().int(),
  sha256: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

const InterpolationResultSchema = AnalysisResultSchema.extend({
  /** Sample points used (after merging coincident ones for kriging). */
  points: z.number().int(),
  sampleSource: SampleSourceSchema,
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  crossValidation: CrossValidationSchema.nullable(),
});

export const VARIOGRAM_MODELS = ['spherical', 'exponential', 'gaussian'] as const;

const VariogramShape = {
  model: label(z.enum(VARIOGRAM_MODELS).default('spherical'), {
    label_zh: '变差函数模型（spherical 球状 / exponential 指数 / gaussian 高斯）',
    label_en: 'Variogram model (spherical / exponential / gaussian)',
  }),
  nugget: label(z.number().min(0).optional(), {
    label_zh: '块金值 C0（缺省则拟合）',
    label_en: 'Nugget C0 (fitted when absent)',
  }),
  sill: label(z.number().positive().optional(), {
    label_zh: '基台值 C0+C（缺省则拟合）',
    label_en: 'Sill C0+C (fitted when absent)',
  }),
  range: label(z.number().positive().optional(), {
    label_zh: '变程（有效变程，缺省则拟合）',
    label_en: 'Range (effective range, fitted when absent)',
    unit: 'm',
    help_zh: '指数、高斯模型取达到基台值 95% 的距离',
    help_en: 'For exponential and Gaussian models, the distance at which 95% of the sill is reached',
  }),
  lags: label(z.number().int().min(3).max(100).default(15), { label_zh: '滞后距分组数', label_en: 'Number of lags' }),
  maxLag: label(z.number().positive().optional(), {
    label_zh: '最大滞后距（缺省为点范围对角线的 1/3，同 gstat）',
    label_en: 'Maximum lag (a third of the points’ bounding-box diagonal when absent, as gstat)',
    unit: 'm',
  }),
};

export const VariogramBinSchema = z.object({
  /** Mean separation of the pairs in the bin. */
  distance: z.number(),
  semivariance: z.number(),
  pairs: z.number().int(),
});

export const VariogramModelSchema = z.object({
  model: z.enum(VARIOGRAM_MODELS),
  nugget: z.number(),
  /** Total sill (nugget + partial sill). */
  sill: z.number(),
  partialSill: z.number(),
  range: z.number(),
  /** Which parameters were fitted (the others were given). */
  fitted: z.object({ nugget: z.boolean(), sill: z.boolean(), range: z.boolean() }),
  /** Weighted sum of squares of the fit (weights N/h², as gstat's default). */
  sse: z.number(),
});
export type VariogramModel = z.infer<typeof VariogramModelSchema>;

export const VariogramSchema = z.object({ bins: z.array(VariogramBinSchema), fit: VariogramModelSchema, maxLag: z.number() });

export const interpolationOperations = {
  'analysis.idw': analysisMethod({
    category: 'interpolation',
    summary_zh: '反距离权重插值 (IDW，参数含义同 gdal_grid)',
    summary_en: 'Inverse distance weighting (IDW; parameters as gdal_grid)',
    request: z
      .object({
        ...SampleSourceShape,
        ...AnalysisGridSchema.shape,
        power: label(z.number().positive().max(20).default(2), { label_zh: '幂指数', label_en: 'Power' }),
        smoothing: label(z.number().min(0).default(0), {
          label_zh: '平滑参数',
          label_en: 'Smoothing',
          unit: 'm',
          help_zh: '距离按 √(d² + s²) 计算',
          help_en: 'Distances become √(d² + s²)',
        }),
        radius,
        maxPoints: label(z.number().int().min(0).max(10_000).default(12), {
          label_zh: '最多点数（最近的 N 个；0 用全部点）',
          label_en: 'Maximum points (the N nearest; 0 = all points)',
        }),
        minPoints,
        crossValidate,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: InterpolationResultSchema,
  }),
  'analysis.kriging': analysisMethod({
    category: 'interpolation',
    summary_zh: '普通克里金插值（实验变差函数拟合，输出克里金方差）',
    summary_en: 'Ordinary kriging (fitted variogram; writes the kriging variance)',
    request: z
      .object({
        ...SampleSourceShape,
        ...AnalysisGridSchema.shape,
        ...VariogramShape,
        radius,
        maxPoints: label(z.number().int().min(2).max(64).default(12), {
          label_zh: '最多点数（最近的 N 个）',
          label_en: 'Maximum points (the N nearest)',
        }),
        minPoints: label(z.number().int().min(1).max(64).default(3), {
          label_zh: '最少点数（不足则为无数据）',
          label_en: 'Minimum points (fewer gives nodata)',
        }),
        variance: label(z.boolean().default(true), { label_zh: '输出克里金方差栅格', label_en: 'Write the kriging variance raster' }),
        crossValidate,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: InterpolationResultSchema.extend({ variogram: VariogramSchema }),
  }),
  'analysis.variogram': analysisMethod({
    category: 'interpolation',
    summary_zh: '实验变差函数与模型拟合（写为表格）',
    summary_en: 'Experimental variogram and fitted model (written as a table)',
    request: z
      .object({ ...SampleSourceShape, ...VariogramShape, outputName: OutputNameSchema })
      .strict(),
    result: AnalysisResultSchema.extend({ points: z.number().int(), sampleSource: SampleSourceSchema, variogram: VariogramSchema }),
  }),
} as const;
