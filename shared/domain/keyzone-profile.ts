import { z } from 'zod';

/**
 * The method profile of the key-zone workflow (地下水污染防治重点区划定): every rating table, weight,
 * class break, combination rule and source-scoring table, as data. The engine reads numbers only
 * from a profile, never from code, so a technician can check, copy, edit and export them, and the
 * profile used is stored with every run.
 *
 * Each table carries the status tag of docs/domain.md: C confirmed, S standard (from the named
 * original), U unconfirmed (shown as 待核实 with its source note), D our design choice.
 */
export const ValueStatusSchema = z.enum(['C', 'S', 'U', 'D']);
export type ValueStatus = z.infer<typeof ValueStatusSchema>;

/** Where a table's numbers come from, and how sure we are of them. */
export const SourceNoteSchema = z
  .object({
    status: ValueStatusSchema,
    note_zh: z.string(),
    note_en: z.string(),
  })
  .strict();
export type SourceNote = z.infer<typeof SourceNoteSchema>;

/** [from, to) → rating; null bounds are open; the range with the highest upper bound is also closed there. */
export const RatingRangeSchema = z
  .object({
    from: z.number().nullable(),
    to: z.number().nullable(),
    rating: z.number(),
  })
  .strict();
export type RatingRange = z.infer<typeof RatingRangeSchema>;

/** A named medium / class with its typical rating and allowed range (DRASTIC's A and I accept any integer in the range). */
export const RatingCategorySchema = z
  .object({
    key: z.string().min(1),
    label_zh: z.string(),
    label_en: z.string(),
    rating: z.number(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict();
export type RatingCategory = z.infer<typeof RatingCategorySchema>;

export const DRASTIC_FACTORS = ['D', 'R', 'A', 'S', 'T', 'I', 'C'] as const;
export type DrasticFactor = (typeof DRASTIC_FACTORS)[number];

export const FactorSpecSchema = z
  .object({
    name_zh: z.string(),
    name_en: z.string(),
    /** Unit of the raw value the ranges apply to (m, mm/a, %, m/d); empty for categorical factors. */
    unit: z.string(),
    weight: z.number().nonnegative(),
    /** Numeric value → rating (D, R, T, C). */
    ranges: z.array(RatingRangeSchema).default([]),
    /** Media → rating (A, S, I); a polygon attribute maps to one of these. */
    categories: z.array(RatingCategorySchema).default([]),
    source: SourceNoteSchema,
  })
  .strict();
export type FactorSpec = z.infer<typeof FactorSpecSchema>;

export const CLASS_METHODS = ['jenks', 'equal', 'quantile', 'manual'] as const;

export const ClassSpecSchema = z
  .object({
    method: z.enum(CLASS_METHODS),
    /** Class count (ignored for manual breaks, which give it). */
    count: z.number().int().min(2).max(9),
    /** n + 1 ascending breaks, with the minimum and maximum (manual). */
    breaks: z.array(z.number()).optional(),
    /** Names of the classes, lowest first (code 1 = first). */
    labels_zh: z.array(z.string()),
    labels_en: z.array(z.string()),
    source: SourceNoteSchema,
  })
  .strict()
  .refine((c) => c.method !== 'manual' || (c.breaks !== undefined && c.breaks.length >= 2), { message: 'manual classes need breaks', path: ['breaks'] })
  .refine((c) => c.labels_zh.length === (c.method === 'manual' ? c.breaks!.length - 1 : c.count), { message: 'one label per class', path: ['labels_zh'] });
export type ClassSpec = z.infer<typeof ClassSpecSchema>;

/** Protection-type members, most restrictive first: where two overlap, the first listed wins. */
export const PROTECTION_TYPES = ['一级保护区', '二级保护区', '准保护区', '补给区', '矿泉水保护区', '名泉保护区', '其他保护区'] as const;
export type ProtectionType = (typeof PROTECTION_TYPES)[number];

export const SourceTypeSpecSchema = z
  .object({
    type: z.string().min(1),
    /** Other names an inventory may use for this type. */
    aliases: z.array(z.string()).default([]),
    toxicity: z.number().nonnegative(),
    likelihood: z.number().nonnegative(),
    quantity: z.number().nonnegative(),
    radius_m: z.number().positive(),
  })
  .strict();
export type SourceTypeSpec = z.infer<typeof SourceTypeSpecSchema>;

export const KeyZoneProfileSchema = z
  .object({
    id: z.string().min(1).max(80),
    kind: z.literal('keyzone'),
    name_zh: z.string().min(1),
    name_en: z.string().min(1),
    version: z.string().min(1),
    basis_zh: z.string(),
    basis_en: z.string(),
    /** Names of the result classes in this scheme (2023: 保护类区域 / 一级管控区 / 二级管控区 / 一般区). */
    zoneNames: z
      .object({
        protection_zh: z.string(),
        protection_en: z.string(),
        control1_zh: z.string(),
        control1_en: z.string(),
        control2_zh: z.string(),
        control2_en: z.string(),
        general_zh: z.string(),
        general_en: z.string(),
        key_zh: z.string(),
        key_en: z.string(),
        source: SourceNoteSchema,
      })
      .strict(),
    protection: z
      .object({
        /** Radii around source wells when no delineated zone exists (HJ 338 empirical values), metres. */
        wellRadius: z.object({ primary: z.number().positive(), secondary: z.number().positive(), quasi: z.number().positive().nullable() }).strict(),
        source: SourceNoteSchema,
      })
      .strict(),
    value: z
      .object({
        /** Single-well yield (m³/d) → abundance class 1 弱 … 3 强. */
        abundance: z.object({ ranges: z.array(RatingRangeSchema).min(1), labels_zh: z.array(z.string()), labels_en: z.array(z.string()), source: SourceNoteSchema }).strict(),
        /** GB/T 14848 class (1…5) used when no quality data is given. */
        defaultQualityClass: z.number().int().min(1).max(5),
        /** matrix[abundance class − 1][quality class − 1] → value class (1…n). */
        matrix: z.array(z.array(z.number().int().min(1))).min(1),
        labels_zh: z.array(z.string()),
        labels_en: z.array(z.string()),
        source: SourceNoteSchema,
      })
      .strict(),
    vulnerability: z
      .object({
        method_zh: z.string(),
        factors: z.record(z.enum(DRASTIC_FACTORS), FactorSpecSchema),
        classes: ClassSpecSchema,
      })
      .strict(),
    load: z
      .object({
        sourceTypes: z.array(SourceTypeSpecSchema).min(1),
        /** Scale words of an inventory → the Q score (replaces the type's default quantity). */
        scaleQuantity: z.record(z.string(), z.number().nonnegative()).default({}),
        kernel: z.enum(['linear', 'exponential', 'step']),
        /** Cells with no source in reach take class 1; the rest are classed by this spec. */
        classes: ClassSpecSchema,
        source: SourceNoteSchema,
      })
      .strict(),
    combination: z
      .object({
        /** Class codes that count as "high". */
        valueHigh: z.array(z.number().int()).min(1),
        vulnerabilityHigh: z.array(z.number().int()).min(1),
        loadHigh: z.array(z.number().int()).min(1),
        source: SourceNoteSchema,
      })
      .strict(),
    /** Minimum mapping unit of control-type polygons, km². */
    minAreaKm2: z.number().nonnegative(),
    /**
     * Smoothing of the control-type outlines, in cells: the staircase of the evaluation grid is
     * simplified with this tolerance (0 keeps the cell edges). Level 2 is cut from level 1 after
     * smoothing, so the shared boundary stays one line.
     */
    smoothCells: z.number().min(0).max(3).default(0.5),
    /** Default evaluation cell size in metres when the area does not suggest one. */
    cellSize: z.number().positive(),
  })
  .strict();
export type KeyZoneProfile = z.infer<typeof KeyZoneProfileSchema>;
export type KeyZoneProfileInput = z.input<typeof KeyZoneProfileSchema>;

/** Every table of a profile with its note, for the 待核实 badges and the report appendix. */
export function profileNotes(p: KeyZoneProfile): { table_zh: string; table_en: string; note: SourceNote }[] {
  const out = [
    { table_zh: '分区名称', table_en: 'Zone names', note: p.zoneNames.source },
    { table_zh: '水源保护区经验半径', table_en: 'Empirical source-zone radii', note: p.protection.source },
    { table_zh: '富水性分级', table_en: 'Water abundance classes', note: p.value.abundance.source },
    { table_zh: '功能价值矩阵', table_en: 'Functional value matrix', note: p.value.source },
    ...DRASTIC_FACTORS.map((f) => ({ table_zh: `${f} ${p.vulnerability.factors[f]!.name_zh}`, table_en: `${f} ${p.vulnerability.factors[f]!.name_en}`, note: p.vulnerability.factors[f]!.source })),
    { table_zh: '脆弱性分级', table_en: 'Vulnerability classes', note: p.vulnerability.classes.source },
    { table_zh: '污染源评分', table_en: 'Source scoring', note: p.load.source },
    { table_zh: '荷载分级', table_en: 'Load classes', note: p.load.classes.source },
    { table_zh: '叠加规则', table_en: 'Combination rule', note: p.combination.source },
  ];
  return out;
}

/** Rating of a numeric value by ranges: the first range with from ≤ v < to; the top range also takes its upper bound. */
export function rateByRanges(v: number, ranges: readonly RatingRange[]): number | null {
  if (!Number.isFinite(v)) return null;
  let top = -Infinity;
  for (const r of ranges) top = Math.max(top, r.to ?? Infinity);
  for (const r of ranges) {
    const lo = r.from ?? -Infinity;
    const hi = r.to ?? Infinity;
    if (v >= lo && (v < hi || (hi === top && v === hi))) return r.rating;
  }
  return null;
}

/** Zone codes of the combination: 0 general, 1 protection-type, 2 control level 1, 3 control level 2. */
export const ZONE = { general: 0, protection: 1, control1: 2, control2: 3 } as const;
export type ZoneCode = (typeof ZONE)[keyof typeof ZONE];

/**
 * The combination rule of the 2023 guide as the 丽水 draft quotes it (docs/domain.md §2.3):
 * control = value high ∩ vulnerability high − protection; level 1 where the load is high.
 */
export function combineClasses(
  c: KeyZoneProfile['combination'],
  cell: { value: number; vulnerability: number; load: number; protection: boolean },
): ZoneCode {
  if (cell.protection) return ZONE.protection;
  if (!c.valueHigh.includes(cell.value) || !c.vulnerabilityHigh.includes(cell.vulnerability)) return ZONE.general;
  return c.loadHigh.includes(cell.load) ? ZONE.control1 : ZONE.control2;
}
