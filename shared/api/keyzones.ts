import { z } from 'zod';
import { KeyZoneProfileSchema, PROTECTION_TYPES, DRASTIC_FACTORS } from '../domain/keyzone-profile';
import { EmptySchema, FilePathSchema, JobStartedSchema } from './common';
import { LayerInfoSchema } from './layers';
import { method } from './method';

/**
 * The key-zone delineation workflow (地下水污染防治重点区划定, docs/domain.md §2): a configuration
 * naming the project's layers, a method profile (shared/domain/keyzone-profile) holding every
 * number, and steps that each write result layers, tables and a gwz_runs provenance row.
 */

export const KEYZONE_STEPS = ['area', 'protection', 'value', 'vulnerability', 'load', 'control', 'zones'] as const;
export const KeyZoneStepSchema = z.enum(KEYZONE_STEPS);
export type KeyZoneStep = z.infer<typeof KeyZoneStepSchema>;

/** Steps each step reads the results of. */
export const STEP_NEEDS: Record<KeyZoneStep, readonly KeyZoneStep[]> = {
  area: [],
  protection: ['area'],
  value: ['area'],
  vulnerability: ['area'],
  load: ['area'],
  control: ['protection', 'value', 'vulnerability', 'load'],
  zones: ['protection', 'control'],
};

/** A layer by id or, in config files, by name. */
export const LayerRefSchema = z.union([z.number().int().positive(), z.string().min(1)]);
export type LayerRef = z.infer<typeof LayerRefSchema>;

const AttributeRatingSchema = z.object({ category: z.union([z.string(), z.number()]), value: z.number() }).strict();

/**
 * Where a factor or indicator comes from. Numbers (raster cells, interpolated points, slope, a
 * numeric field without a table) are rated by the profile's ranges; a polygon attribute with a
 * table is rated by the table; a constant is the rating itself.
 */
export const FactorSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('raster'), layer: LayerRefSchema }).strict(),
  z.object({ kind: z.literal('polygon'), layer: LayerRefSchema, field: z.string().min(1), table: z.array(AttributeRatingSchema).optional() }).strict(),
  z
    .object({
      kind: z.literal('boreholes'),
      value: z.enum(['depth_to_water', 'level']).default('depth_to_water'),
      statistic: z.enum(['mean', 'latest']).default('mean'),
      power: z.number().positive().default(2),
    })
    .strict(),
  z.object({ kind: z.literal('points'), layer: LayerRefSchema, field: z.string().min(1), power: z.number().positive().default(2) }).strict(),
  z.object({ kind: z.literal('slope'), dem: LayerRefSchema }).strict(),
  /**
   * The project's monitoring data classed by GB/T 14848 (analysis.waterQualityClass: a well's class
   * is its worst indicator), spread to the grid from the nearest well (Thiessen) or by IDW.
   */
  z
    .object({
      kind: z.literal('wellQuality'),
      basis: z.enum(['latest', 'worst', 'mean']).default('latest'),
      method: z.enum(['nearest', 'idw']).default('nearest'),
    })
    .strict(),
  z.object({ kind: z.literal('constant'), value: z.number() }).strict(),
]);
export type FactorSource = z.infer<typeof FactorSourceSchema>;

export const ProtectionInputSchema = z
  .object({
    layer: LayerRefSchema,
    /** Every feature is of this type… */
    type: z.enum(PROTECTION_TYPES).optional(),
    /** …or the type comes from this field, its values mapped by `map` (or equal to a type name). */
    typeField: z.string().optional(),
    map: z.record(z.string(), z.enum(PROTECTION_TYPES)).optional(),
  })
  .strict();

export const KeyZoneConfigSchema = z
  .object({
    profileId: z.string().default('keyzone-2023'),
    area: z
      .object({
        studyArea: LayerRefSchema,
        adminUnits: LayerRefSchema,
        adminNameField: z.string().min(1),
        adminCodeField: z.string().optional(),
        cellSize: z.number().positive().max(10_000).optional(),
      })
      .strict(),
    protection: z
      .object({
        layers: z.array(ProtectionInputSchema).default([]),
        /** Source wells without delineated zones: circles of the profile's radii. */
        wells: z.array(z.object({ layer: LayerRefSchema, nameField: z.string().optional() }).strict()).default([]),
      })
      .strict()
      .default({ layers: [], wells: [] }),
    value: z
      .object({
        /** Single-well yield (m³/d, rated by the profile) or, with a table, the abundance class 1…3 directly. */
        abundance: FactorSourceSchema,
        /** GB/T 14848 class 1…5; the profile's default class when absent. */
        quality: FactorSourceSchema.optional(),
      })
      .strict(),
    vulnerability: z.object({ factors: z.record(z.enum(DRASTIC_FACTORS), FactorSourceSchema) }).strict(),
    load: z
      .object({
        sources: z.array(z.object({ layer: LayerRefSchema, typeField: z.string().min(1), scaleField: z.string().optional() }).strict()).min(1),
      })
      .strict(),
    notes: z.partialRecord(KeyZoneStepSchema, z.string().max(10_000)).default({}),
  })
  .strict();
export type KeyZoneConfig = z.infer<typeof KeyZoneConfigSchema>;
export type KeyZoneConfigInput = z.input<typeof KeyZoneConfigSchema>;

export const StepStatusSchema = z.enum(['not-started', 'ready', 'done', 'stale']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

const TableRowSchema = z.array(z.union([z.string(), z.number(), z.null()]));

/** A small table a step shows and the report prints. */
export const StepTableSchema = z.object({
  title_zh: z.string(),
  title_en: z.string(),
  columns: z.array(z.string()),
  rows: z.array(TableRowSchema),
});
export type StepTable = z.infer<typeof StepTableSchema>;

export const StepStateSchema = z.object({
  step: KeyZoneStepSchema,
  status: StepStatusSchema,
  /** What is missing or wrong before it can run (Chinese / English). */
  problems: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
  runId: z.number().int().nullable(),
  finishedAt: z.string().nullable(),
  seconds: z.number().nullable(),
  /** Output layers by role (e.g. index, classes). */
  layers: z.record(z.string(), z.number().int()),
  tables: z.array(StepTableSchema),
});
export type StepState = z.infer<typeof StepStateSchema>;

export const KeyZoneStateSchema = z.object({
  workflowId: z.number().int().nullable(),
  config: KeyZoneConfigSchema.nullable(),
  profile: KeyZoneProfileSchema,
  steps: z.array(StepStateSchema),
});
export type KeyZoneState = z.infer<typeof KeyZoneStateSchema>;

export const ProfileEntrySchema = z.object({ profile: KeyZoneProfileSchema, builtin: z.boolean(), updatedAt: z.string().nullable() });
export type ProfileEntry = z.infer<typeof ProfileEntrySchema>;

export const ExplainLineSchema = z.object({ topic: z.string(), text_zh: z.string(), text_en: z.string() });
export type ExplainLine = z.infer<typeof ExplainLineSchema>;

export const KeyZoneRunResultSchema = z.object({
  steps: z.array(z.object({ step: KeyZoneStepSchema, runId: z.number().int(), seconds: z.number(), layers: z.array(LayerInfoSchema), tables: z.array(StepTableSchema) })),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
  seconds: z.number(),
});
export type KeyZoneRunResult = z.infer<typeof KeyZoneRunResultSchema>;

export const keyzoneMethods = {
  'keyzones.profiles': method({
    summary_zh: '重点区划定方法配置列表（内置与工程中的副本）',
    summary_en: 'Key-zone method profiles (built in and the project’s copies)',
    request: EmptySchema,
    response: z.object({ profiles: z.array(ProfileEntrySchema) }),
  }),
  'keyzones.saveProfile': method({
    summary_zh: '保存方法配置（内置配置不可覆盖，请另存为新编号）',
    summary_en: 'Save a method profile (built-in ones cannot be overwritten; save under a new id)',
    request: z.object({ profile: KeyZoneProfileSchema }).strict(),
    response: ProfileEntrySchema,
  }),
  'keyzones.deleteProfile': method({
    summary_zh: '删除工程中的方法配置',
    summary_en: 'Delete a project method profile',
    request: z.object({ id: z.string().min(1) }).strict(),
    response: z.object({ deleted: z.boolean() }),
  }),
  'keyzones.importProfile': method({
    summary_zh: '由 JSON 文件导入方法配置',
    summary_en: 'Import a method profile from a JSON file',
    request: z.object({ path: FilePathSchema }).strict(),
    response: ProfileEntrySchema,
  }),
  'keyzones.exportProfile': method({
    summary_zh: '将方法配置导出为 JSON 文件',
    summary_en: 'Export a method profile as a JSON file',
    request: z.object({ id: z.string().min(1), path: FilePathSchema }).strict(),
    response: z.object({ path: z.string() }),
  }),
  'keyzones.state': method({
    summary_zh: '重点区划定工作流状态（配置、各步骤状态与结果）',
    summary_en: 'Key-zone workflow state (configuration, step status and results)',
    request: EmptySchema,
    response: KeyZoneStateSchema,
  }),
  'keyzones.suggestConfig': method({
    summary_zh: '按工程图层建议工作流配置（图层、字段与评分对应）',
    summary_en: 'Suggest a workflow configuration from the project’s layers (layers, fields, rating tables)',
    request: EmptySchema,
    response: z.object({ config: KeyZoneConfigSchema, notes: z.array(z.object({ message_zh: z.string(), message_en: z.string() })) }),
  }),
  'keyzones.setConfig': method({
    summary_zh: '保存工作流配置（改动的步骤及其后续步骤标为需重新运行）',
    summary_en: 'Save the workflow configuration (changed steps and the steps after them become stale)',
    request: z.object({ config: KeyZoneConfigSchema }).strict(),
    response: KeyZoneStateSchema,
  }),
  'keyzones.run': method({
    summary_zh: '运行重点区划定步骤（指定步骤，或全部未完成的步骤）',
    summary_en: 'Run key-zone steps (the ones named, or every step not done)',
    job: true,
    request: z
      .object({
        steps: z.array(KeyZoneStepSchema).min(1).optional(),
        /** Every step that is not done (stale or never run), in order. */
        remaining: z.boolean().default(false),
        /** Run with this configuration (saved first). */
        config: KeyZoneConfigSchema.optional(),
      })
      .strict(),
    response: JobStartedSchema,
    result: KeyZoneRunResultSchema,
  }),
  'keyzones.layerFields': method({
    summary_zh: '图层的字段及某字段的取值（用于评分表）',
    summary_en: 'A layer’s fields and the values of one field (for rating tables)',
    request: z.object({ layer: LayerRefSchema, field: z.string().optional() }).strict(),
    response: z.object({ fields: z.array(z.object({ name: z.string(), type: z.string() })), values: z.array(z.union([z.string(), z.number()])) }),
  }),
  'keyzones.explain': method({
    summary_zh: '解释某点的结果：各因子取值、评分、权重、指数、分级与所属分区的依据',
    summary_en: 'Explain the result at a point: each factor’s value, rating and weight, the index, the classes and why it is in its zone',
    request: z.object({ x: z.number(), y: z.number() }).strict(),
    response: z.object({ inside: z.boolean(), zone: z.string().nullable(), lines: z.array(ExplainLineSchema) }),
  }),
} as const;
