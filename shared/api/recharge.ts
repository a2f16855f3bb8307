import { z } from 'zod';
import { AQUIFER_MEDIA, AQUIFER_TYPES, HJ338_DEFAULTS } from '../domain/recharge/hj338';
import { AnalysisResultSchema } from './analysis-base';
import { JobStartedSchema } from './common';
import { method } from './method';
import { label, layerParam } from './params';

/**
 * Protection zones and recharge areas of groundwater drinking-water sources (补给区划分;
 * docs/domain.md §3, §4, §7): one request describes the sources and the methods to run, the engine
 * writes one layer per method (zone_level level1 / level2 / recharge) and a comparison table with
 * one gwz_runs provenance row, and `recharge.combine` writes the chosen result (一级/二级/准保护区)
 * with the rationale for the report. Implementation: electron/engine/workflows/recharge/.
 */

const XY = z.tuple([z.number(), z.number()]);
const positive = (zh: string, en: string, unit?: string) => label(z.number().positive(), { label_zh: zh, label_en: en, ...(unit ? { unit } : {}) });

export const AquiferTypeSchema = z.enum(AQUIFER_TYPES);
export const AquiferMediumSchema = z.enum(AQUIFER_MEDIA);

/** One well of a well field, in the project CRS. */
export const FieldWellSchema = z.object({ x: z.number(), y: z.number(), Q: z.number().positive() }).strict();

/** A source of the inventory (well, well field or spring) with its aquifer parameters. */
export const RechargeSourceSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** Location in the project CRS. */
    x: z.number(),
    y: z.number(),
    /** Pumping rate, m³/d (a well field: the sum of its wells unless `wells` says otherwise). */
    Q: positive('取水量', 'Pumping rate', 'm³/d'),
    population: z.number().int().nonnegative().nullable().default(null),
    aquiferType: AquiferTypeSchema,
    confined: z.boolean().default(false),
    /** Aquifer medium for the empirical table. */
    medium: AquiferMediumSchema.optional(),
    K: positive('渗透系数 K', 'Hydraulic conductivity K', 'm/d'),
    b: positive('含水层厚度 b', 'Aquifer thickness b', 'm'),
    n: z.number().gt(0).lt(1),
    I: positive('水力坡度 I', 'Hydraulic gradient I'),
    /** Where the groundwater flows to, degrees clockwise from grid north; null = unknown. */
    azimuth: z.number().min(0).max(360).nullable().default(null),
    /** Unconfined form of the capture zone (Grubb 1993): heads h1 > h2 above the base, L apart. */
    unconfinedHeads: z.object({ h1: z.number().positive(), h2: z.number().positive(), L: z.number().positive() }).strict().optional(),
    /** A well field: its wells (the source point is then only the label position). */
    wells: z.array(FieldWellSchema).min(1).max(200).optional(),
    /** Where each parameter came from (borehole, pumping test, report page…), by parameter name. */
    provenance: z.record(z.string(), z.string()).default({}),
  })
  .strict();
export type RechargeSource = z.infer<typeof RechargeSourceSchema>;
export type RechargeSourceInput = z.input<typeof RechargeSourceSchema>;

export const RECHARGE_METHODS = ['empirical', 'formula', 'analytical', 'dem', 'boundary'] as const;
export type RechargeMethod = (typeof RECHARGE_METHODS)[number];
export const RechargeMethodSchema = z.enum(RECHARGE_METHODS);

export const METHOD_LABELS: Record<RechargeMethod, { zh: string; en: string }> = {
  empirical: { zh: '经验值法', en: 'Empirical radius' },
  formula: { zh: '经验公式法', en: 'Travel-time formula' },
  analytical: { zh: '解析法', en: 'Analytical capture zone' },
  dem: { zh: '汇水区法', en: 'DEM catchment' },
  boundary: { zh: '水文地质边界法', en: 'Hydrogeological boundary' },
};

export const EmpiricalRowSchema = z
  .object({ medium: AquiferMediumSchema, level1: z.tuple([z.number().positive(), z.number().positive()]), level2: z.tuple([z.number().positive(), z.number().positive()]) })
  .strict();

/** The method profile: HJ 338 values (待核实 where domain.md says [U]) and our suggestions, all editable. */
export const RechargeParametersSchema = z
  .object({
    alpha: z.number().min(1).max(10).default(HJ338_DEFAULTS.alpha.value),
    level1Days: z.number().positive().default(HJ338_DEFAULTS.level1Days.value),
    level2Days: z.number().positive().default(HJ338_DEFAULTS.level2Days.value),
    rechargeDays: z.number().positive().default(HJ338_DEFAULTS.rechargeDays.value),
    empiricalTable: z.array(EmpiricalRowSchema).min(1).default(HJ338_DEFAULTS.empiricalTable.value.map((r) => ({ ...r }))),
    rangePick: z.enum(['min', 'mid', 'max']).default(HJ338_DEFAULTS.rangePick.value),
    /** Formula zones: circles, or upgradient-elongated where the source has a flow direction. */
    formulaShape: z.enum(['circle', 'elongated']).default('elongated'),
    downgradientRatio: z.number().positive().max(1).default(HJ338_DEFAULTS.downgradientRatio.value),
    crossRatio: z.number().positive().max(2).default(HJ338_DEFAULTS.crossRatio.value),
    /** Analytical isochrones: trace step as a fraction of the upgradient reach (smaller = finer). */
    traceStepFraction: z.number().positive().max(0.1).default(1 / 400),
  })
  .strict();
export type RechargeParameters = z.infer<typeof RechargeParametersSchema>;

/** A polygon drawn on the map or typed in: one outer ring, project CRS. */
export const DrawnPolygonSchema = z.array(XY).min(3).max(100_000);

export const BoundarySegmentTypeSchema = z.enum(['divide', 'river', 'contact', 'impermeable', 'other']);

export const RechargeRequestSchema = z
  .object({
    /** The source inventory: given in full (the wizard's table; `recharge.readSources` fills it from a layer). */
    sources: z.array(RechargeSourceSchema).min(1).max(500),
    /** The point layer the sources came from (recorded in provenance with its checksum). */
    sourceLayerId: layerParam(['vector'], { label_zh: '水源地图层', label_en: 'Source layer' }, ['POINT']).optional(),
    methods: z.array(RechargeMethodSchema).min(1),
    parameters: RechargeParametersSchema.default(RechargeParametersSchema.parse({})),
    dem: z
      .object({
        demLayerId: layerParam(['raster'], { label_zh: '高程 (DEM)', label_en: 'Elevation (DEM)' }),
        snapRadius: z.number().min(0).max(100_000).optional(),
      })
      .strict()
      .optional(),
    /** Head surface (e.g. kriged water levels): fills I and azimuth of sources that lack a flow direction. */
    headLayerId: layerParam(['raster'], { label_zh: '地下水位面', label_en: 'Head surface' }).optional(),
    /** The hydrogeological-boundary method's area: a drawn polygon, or the feature of a polygon layer containing each source. */
    boundary: z
      .object({
        polygon: DrawnPolygonSchema.optional(),
        layerId: layerParam(['vector'], { label_zh: '边界面图层', label_en: 'Boundary polygon layer' }, ['POLYGON']).optional(),
        /** What the boundary follows (分水岭, 河流, 地质界线, 隔水边界), for the report. */
        segmentTypes: z.array(BoundarySegmentTypeSchema).default([]),
        reason: z.string().max(4000).default(''),
      })
      .strict()
      .optional(),
    /** Clip every zone to this hydrogeological unit: a drawn polygon, or the feature of a polygon layer containing each source. */
    clip: z
      .object({
        polygon: DrawnPolygonSchema.optional(),
        layerId: layerParam(['vector'], { label_zh: '水文地质单元图层', label_en: 'Hydrogeological unit layer' }, ['POLYGON']).optional(),
      })
      .strict()
      .optional(),
    /** Pollution sources / land uses to screen against the zones (point or polygon layers). */
    screenLayerIds: z.array(layerParam(['vector'], { label_zh: '污染源图层', label_en: 'Pollution source layer' })).max(20).default([]),
    /** Prefix of the result layer names. */
    outputPrefix: z.string().trim().min(1).max(60).default('补给区划分'),
    notes: z.string().max(20_000).default(''),
  })
  .strict();
export type RechargeRequest = z.infer<typeof RechargeRequestSchema>;
export type RechargeRequestInput = z.input<typeof RechargeRequestSchema>;

export const ZONE_LEVELS = ['level1', 'level2', 'quasi', 'recharge'] as const;
export const ZoneLevelSchema = z.enum(ZONE_LEVELS);
export type ZoneLevel = z.infer<typeof ZoneLevelSchema>;

export const ZoneSummarySchema = z.object({
  source: z.string(),
  method: RechargeMethodSchema,
  level: ZoneLevelSchema,
  areaKm2: z.number(),
  /** Circle radius (empirical, formula), m. */
  radiusM: z.number().nullable(),
  /** Travel time of an isochrone, d. */
  days: z.number().nullable(),
  /** Reach along the flow line, m (analytical, elongated formula). */
  upgradientM: z.number().nullable(),
  downgradientM: z.number().nullable(),
  /** Whether the zone was cut by the hydrogeological unit. */
  clipped: z.boolean(),
  note: z.string(),
});
export type ZoneSummary = z.infer<typeof ZoneSummarySchema>;

export const CaptureSummarySchema = z.object({
  source: z.string(),
  wells: z.number().int(),
  /** Seepage velocity of the regional flow, m/d. */
  velocity: z.number(),
  stagnationM: z.number(),
  captureWidthM: z.number(),
  widthAtWellM: z.number(),
  isochrones: z.array(z.object({ days: z.number(), upgradientM: z.number(), downgradientM: z.number(), areaKm2: z.number() })),
});
export type CaptureSummary = z.infer<typeof CaptureSummarySchema>;

export const ScreenHitSchema = z.object({
  source: z.string(),
  method: z.string(),
  level: ZoneLevelSchema,
  layer: z.string(),
  fid: z.number().int(),
  name: z.string().nullable(),
  type: z.string().nullable(),
  distanceM: z.number(),
});
export type ScreenHit = z.infer<typeof ScreenHitSchema>;

export const RechargeResultSchema = AnalysisResultSchema.extend({
  zones: z.array(ZoneSummarySchema),
  capture: z.array(CaptureSummarySchema),
  screening: z.array(ScreenHitSchema),
  /** Filled in from the head surface, per source. */
  sampledFlow: z.array(z.object({ source: z.string(), I: z.number(), azimuth: z.number() })),
});
export type RechargeResult = z.infer<typeof RechargeResultSchema>;

export const CombineChoiceSchema = z
  .object({
    source: z.string(),
    level1: RechargeMethodSchema,
    level2: RechargeMethodSchema,
    /** The recharge area (= 准保护区 outside 一级/二级): one method or the union of several. */
    recharge: z.array(RechargeMethodSchema).min(1),
  })
  .strict();

export const CombineRequestSchema = z
  .object({
    /** The delineation run whose method layers to combine; the latest when absent. */
    runId: z.number().int().optional(),
    choices: z.array(CombineChoiceSchema).min(1),
    rationale: z.string().trim().min(1, '请填写综合确定的理由 / give the rationale').max(20_000),
    outputName: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type CombineRequest = z.infer<typeof CombineRequestSchema>;

export const CombineResultSchema = AnalysisResultSchema.extend({
  zones: z.array(z.object({ source: z.string(), level: ZoneLevelSchema, method: z.string(), areaKm2: z.number() })),
  screening: z.array(ScreenHitSchema),
});

export const RechargeSourceDraftSchema = RechargeSourceSchema.extend({
  /** The feature it came from. */
  fid: z.number().int(),
  /** Parameters still at the type defaults (待核实) rather than measured. */
  defaulted: z.array(z.string()),
  thousandTon: z.boolean(),
  scale: z.enum(['small_medium', 'large']),
});
export type RechargeSourceDraft = z.infer<typeof RechargeSourceDraftSchema>;

export const RechargeStateSchema = z.object({
  request: z.unknown(),
  runId: z.number().int().nullable(),
  combineRunId: z.number().int().nullable(),
  rationale: z.string().nullable(),
  updatedAt: z.string(),
});
export type RechargeState = z.infer<typeof RechargeStateSchema>;

const SourcedNumber = z.object({ value: z.number(), status: z.enum(['C', 'S', 'U', 'D']), note_zh: z.string(), note_en: z.string() });

export const rechargeMethods = {
  'recharge.defaults': method({
    summary_zh: '补给区划分的方法配置缺省值（HJ 338 经验值表、α、迁移时间；待核实项带说明）',
    summary_en: 'Default method profile of the recharge workflow (HJ 338 radius table, α, travel times; unverified values annotated)',
    request: z.object({}).strict(),
    response: z.object({
      parameters: RechargeParametersSchema,
      notes: z.record(z.string(), SourcedNumber.omit({ value: true })),
      aquiferDefaults: z.record(z.string(), z.object({ medium: AquiferMediumSchema, K: z.number(), b: z.number(), n: z.number(), I: z.number(), note_zh: z.string(), note_en: z.string() })),
    }),
  }),
  'recharge.readSources': method({
    summary_zh: '从点图层读取水源清单（名称、取水量、服务人口、含水层类型；缺少的参数按类型填缺省值并标注）',
    summary_en: 'Read the source inventory from a point layer (name, rate, population, aquifer type; missing parameters get type defaults, flagged)',
    request: z
      .object({
        layerId: z.number().int().positive(),
        nameField: z.string().optional(),
        qField: z.string().optional(),
        populationField: z.string().optional(),
        aquiferField: z.string().optional(),
      })
      .strict(),
    response: z.object({
      sources: z.array(RechargeSourceDraftSchema),
      fields: z.object({ name: z.string().nullable(), q: z.string().nullable(), population: z.string().nullable(), aquifer: z.string().nullable() }),
    }),
  }),
  'recharge.delineate': method({
    summary_zh: '划定水源保护区与补给区（经验值、经验公式、解析捕获区、DEM 汇水区、水文地质边界），各方法一个图层并列比较',
    summary_en: 'Delineate source protection zones and recharge areas (empirical, formula, analytical capture zone, DEM catchment, boundary), one layer per method for comparison',
    request: RechargeRequestSchema,
    response: JobStartedSchema,
    job: true,
    result: RechargeResultSchema,
  }),
  'recharge.combine': method({
    summary_zh: '综合确定一级/二级/准保护区（逐水源选择方法，理由写入报告）',
    summary_en: 'Combine the final level 1 / level 2 / quasi zones (a method chosen per source, rationale kept for the report)',
    request: CombineRequestSchema,
    response: JobStartedSchema,
    job: true,
    result: CombineResultSchema,
  }),
  'recharge.workflow': method({
    summary_zh: '补给区划分工作流的保存状态（上次的请求、运行编号、理由）',
    summary_en: 'Saved state of the recharge workflow (last request, run ids, rationale)',
    request: z.object({}).strict(),
    response: z.object({ state: RechargeStateSchema.nullable() }),
  }),
} as const;
