import { z } from 'zod';
import { AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, vectorLayerParam } from '../params';

/**
 * Water quality (electron/engine/analysis/water-quality/): GB/T 14848-2017 classes of the samples in
 * the project's water-quality table (gw_quality) and Mann–Kendall trends of its series. Results are
 * tables plus point layers at the monitoring wells (gw_collars).
 */

const sites = vectorLayerParam('监测井（钻孔与监测井图层）', 'Monitoring wells (the borehole collar layer)', ['POINT'], {
  help_zh: '水质表按点位编号与此图层连接，结果点图层位于这些井上',
  help_en: 'The water-quality table joins these wells by site id; result points sit on them',
});

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be yyyy-mm-dd');
const dateFrom = label(IsoDateSchema.optional(), { label_zh: '起始日期（含）', label_en: 'From date (inclusive)' });
const dateTo = label(IsoDateSchema.optional(), { label_zh: '截止日期（含）', label_en: 'To date (inclusive)' });

/** One row of the class-limit table (replaces the default row of the same indicator, or adds one). */
export const IndicatorLimitsSchema = z
  .object({
    indicator: label(z.string().trim().min(1), { label_zh: '指标', label_en: 'Indicator' }),
    aliases: label(z.array(z.string().min(1)).max(50).optional(), { label_zh: '别名', label_en: 'Aliases' }),
    unit: label(z.string().min(1).default('mg/L'), { label_zh: '限值单位', label_en: 'Unit of the limits' }),
    upper: label(z.tuple([z.number(), z.number(), z.number(), z.number()]), { label_zh: 'Ⅰ–Ⅳ类上限（≤）', label_en: 'Upper limits of classes I–IV (≤)' }),
    lower: label(z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(), { label_zh: 'Ⅰ–Ⅳ类下限（≥，仅 pH 类）', label_en: 'Lower limits of classes I–IV (≥; pH-like only)' }),
    unverified: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.upper.every((v, i) => i === 0 || v >= r.upper[i - 1]!), { message: 'upper limits must not decrease from class I to IV', path: ['upper'] });

const limits = label(z.array(IndicatorLimitsSchema).max(500).optional(), {
  label_zh: '限值表修改（不填用 GB/T 14848-2017 表 1 默认值）',
  label_en: 'Limit table changes (GB/T 14848-2017 Table 1 defaults when empty)',
  help_zh: '每行覆盖同名指标的默认限值或新增指标；默认值可在结果的“限值表”中查看',
  help_en: 'Each row replaces the default limits of that indicator or adds one; the defaults are listed in the result’s limit table',
});

const ClassCode = z.number().int().min(1).max(5);

export const waterQualityOperations = {
  'analysis.waterQualityClass': analysisMethod({
    category: 'water-quality',
    summary_zh: '地下水质量评价（GB/T 14848-2017：逐样逐指标分类，单指标最差类别定井类别，列出超Ⅲ类指标与超标倍数）',
    summary_en: 'Groundwater quality classes (GB/T 14848-2017: each sample and indicator, well class = worst indicator, indicators above class III with their exceedance)',
    request: z
      .object({
        sites,
        basis: label(z.enum(['latest', 'worst', 'mean']).default('latest'), {
          label_zh: '井的评价依据',
          label_en: 'What a well’s class is based on',
          help_zh: 'latest：最近一次采样；worst：时段内各次采样中最差；mean：各指标时段均值',
          help_en: 'latest: the latest sampling; worst: the worst sampling in the period; mean: each indicator’s mean over the period',
        }),
        dateFrom,
        dateTo,
        limits,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      samples: z.number().int(),
      measurements: z.number().int(),
      /** Wells per class (I…V), and wells with no classifiable indicator. */
      wellsByClass: z.array(z.number().int()).length(5),
      unclassified: z.number().int(),
      wells: z.array(
        z.object({
          site: z.string(),
          class: ClassCode.nullable(),
          /** The indicators that set the class (the worst ones). */
          worst: z.array(z.string()),
          /** Indicators worse than class III, with the exceedance multiple (C/C_III − 1). */
          exceeded: z.array(z.object({ indicator: z.string(), value: z.number(), limit: z.number(), multiple: z.number() })),
          indeterminate: z.array(z.string()),
          date: z.string().nullable(),
        }),
      ),
      /** Analytes of the table the limit table does not list (left out). */
      unknownIndicators: z.array(z.string()),
      /** Hash of the quality rows used (they are a table, not a layer). */
      sourceSha256: z.string(),
    }),
  }),
  'analysis.waterQualityTrend': analysisMethod({
    category: 'water-quality',
    summary_zh: '水质趋势（每井每指标 Mann–Kendall 检验与 Sen 斜率；少于 4 次不判趋势）',
    summary_en: 'Water-quality trends (Mann–Kendall test and Sen’s slope per well and indicator; no verdict below 4 samplings)',
    request: z
      .object({
        sites,
        analytes: label(z.array(z.string().min(1)).max(200).optional(), { label_zh: '指标（不填为全部）', label_en: 'Indicators (all when empty)' }),
        alpha: label(z.number().gt(0).lt(0.5).default(0.05), { label_zh: '显著性水平 α（双侧）', label_en: 'Significance level α (two-sided)' }),
        nonDetect: label(z.enum(['half-limit', 'limit', 'zero']).default('half-limit'), {
          label_zh: '未检出取值',
          label_en: 'Value of non-detects',
          help_zh: 'half-limit：检出限的一半；limit：检出限；zero：0（同一序列内未检出彼此相等，按并列处理）',
          help_en: 'half-limit: half the detection limit; limit: the limit; zero: 0 (non-detects of a series tie with each other)',
        }),
        dateFrom,
        dateTo,
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      series: z.array(
        z.object({
          site: z.string(),
          indicator: z.string(),
          n: z.number().int(),
          s: z.number().int().nullable(),
          varS: z.number().nullable(),
          z: z.number().nullable(),
          p: z.number().nullable(),
          tau: z.number().nullable(),
          /** Per year. */
          senSlope: z.number().nullable(),
          trend: z.enum(['increasing', 'decreasing', 'none', 'insufficient']),
          from: z.string(),
          to: z.string(),
        }),
      ),
      increasing: z.number().int(),
      decreasing: z.number().int(),
      sourceSha256: z.string(),
    }),
  }),
} as const;
