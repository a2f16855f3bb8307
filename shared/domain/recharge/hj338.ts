/**
 * HJ 338-2018 groundwater-source protection zones: the travel-time radius R = α·K·I·T/n and the
 * empirical radius table for small and medium phreatic porous sources (docs/domain.md §3). The
 * table, α and the travel times are tagged [U] there — recalled from HJ/T 338-2007 and practice, not
 * read in the 2018 text — so they ship as an editable profile whose entries carry a status and are
 * shown as 待核实 until someone checks them against the PDF. Nothing here is hard-coded truth.
 */

/** [C] confirmed in a source, [S] standard published fact, [U] unconfirmed, [D] our design choice. */
export type ValueStatus = 'C' | 'S' | 'U' | 'D';

export interface Sourced<T> {
  value: T;
  status: ValueStatus;
  note_zh: string;
  note_en: string;
}

/** Aquifer media of the empirical table (介质类型). */
export const AQUIFER_MEDIA = ['fine_sand', 'medium_sand', 'coarse_sand', 'gravel', 'cobble'] as const;
export type AquiferMedium = (typeof AQUIFER_MEDIA)[number];

export const MEDIUM_LABELS: Record<AquiferMedium, { zh: string; en: string }> = {
  fine_sand: { zh: '细砂', en: 'Fine sand' },
  medium_sand: { zh: '中砂', en: 'Medium sand' },
  coarse_sand: { zh: '粗砂', en: 'Coarse sand' },
  gravel: { zh: '砾石', en: 'Gravel' },
  cobble: { zh: '卵石', en: 'Cobble / pebble' },
};

/** One row of the empirical table: 一级 and 二级 radius ranges, m. */
export interface EmpiricalRow {
  medium: AquiferMedium;
  level1: [number, number];
  level2: [number, number];
}

const UNVERIFIED_TABLE = {
  status: 'U' as const,
  note_zh: '据 HJ/T 338-2007 及实践回忆，未与 HJ 338-2018 原文核对（domain.md §3.3），待核实',
  note_en: 'Recalled from HJ/T 338-2007 and practice, not checked against HJ 338-2018 (domain.md §3.3); to be verified',
};

export const EMPIRICAL_TABLE: Sourced<EmpiricalRow[]> = {
  ...UNVERIFIED_TABLE,
  value: [
    { medium: 'fine_sand', level1: [30, 50], level2: [300, 500] },
    { medium: 'medium_sand', level1: [50, 100], level2: [500, 1000] },
    { medium: 'coarse_sand', level1: [100, 200], level2: [1000, 2000] },
    { medium: 'gravel', level1: [200, 500], level2: [2000, 5000] },
    { medium: 'cobble', level1: [500, 1000], level2: [5000, 10000] },
  ],
};

/** Which end of a table range to take: the upper end is the protective choice. */
export type RangePick = 'min' | 'mid' | 'max';

export function pickInRange([lo, hi]: readonly [number, number], pick: RangePick): number {
  return pick === 'min' ? lo : pick === 'max' ? hi : (lo + hi) / 2;
}

/** The 一级 and 二级 radii of a medium from the (possibly user-edited) table. */
export function empiricalRadii(table: readonly EmpiricalRow[], medium: AquiferMedium, pick: RangePick): { level1: number; level2: number } | null {
  const row = table.find((r) => r.medium === medium);
  if (!row) return null;
  return { level1: pickInRange(row.level1, pick), level2: pickInRange(row.level2, pick) };
}

export interface TravelTimeParams {
  /** Variation (safety) coefficient α ≥ 1. */
  alpha: number;
  /** Hydraulic conductivity, m/d. */
  K: number;
  /** Hydraulic gradient, m/m. */
  I: number;
  /** Travel time, d. */
  T: number;
  /** Effective porosity. */
  n: number;
}

/** HJ 338's travel-time radius R = α·K·I·T/n (m): how far water travels in T days at the seepage velocity, with margin α. */
export function travelTimeRadius({ alpha, K, I, T, n }: TravelTimeParams): number {
  return (alpha * K * I * T) / n;
}

/** The default method profile of the recharge workflow; every value editable in the wizard and the CLI config. */
export const HJ338_DEFAULTS = {
  alpha: {
    value: 1.5,
    status: 'U',
    note_zh: 'α≥1，实践中常取 1.5（150%），HJ 338-2018 原文待核实',
    note_en: 'α ≥ 1, commonly 1.5 (150 %) in practice; HJ 338-2018 text to be verified',
  } satisfies Sourced<number>,
  level1Days: {
    value: 100,
    status: 'U',
    note_zh: '一级保护区 100 d 迁移时间（第三方程序通用取值），待核实',
    note_en: 'Level 1: 100-day travel time (used by third-party programs); to be verified',
  } satisfies Sourced<number>,
  level2Days: {
    value: 1000,
    status: 'U',
    note_zh: '二级保护区 1000 d 迁移时间，待核实',
    note_en: 'Level 2: 1000-day travel time; to be verified',
  } satisfies Sourced<number>,
  rechargeDays: {
    value: 3650,
    status: 'D',
    note_zh: '解析法补给区取 10 年等时线（软件建议值，非规范规定）',
    note_en: 'Analytical recharge area: the 10-year isochrone (a software suggestion, not a rule)',
  } satisfies Sourced<number>,
  empiricalTable: EMPIRICAL_TABLE,
  rangePick: {
    value: 'max' as RangePick,
    status: 'D',
    note_zh: '经验值取区间上限（偏保守）',
    note_en: 'Take the upper end of the table range (protective)',
  } satisfies Sourced<RangePick>,
  /** Upgradient-elongated formula zones: downgradient and cross-flow extents as fractions of R. */
  downgradientRatio: {
    value: 0.5,
    status: 'D',
    note_zh: '已知流向时，下游方向长度取 R 的比例（软件建议值）',
    note_en: 'With a known flow direction, the downgradient extent as a fraction of R (a software suggestion)',
  } satisfies Sourced<number>,
  crossRatio: {
    value: 1,
    status: 'D',
    note_zh: '已知流向时，垂直流向半宽取 R 的比例（软件建议值）',
    note_en: 'With a known flow direction, the cross-flow half-width as a fraction of R (a software suggestion)',
  } satisfies Sourced<number>,
} as const;

/** Large sources (大型) take ≥ 5万 m³/d [C via domain.md §0 #10]; they call for a numerical model. */
export const LARGE_SOURCE_M3_PER_DAY = 50_000;

export type SourceScale = 'small_medium' | 'large';

export function sourceScale(q: number): SourceScale {
  return q >= LARGE_SOURCE_M3_PER_DAY ? 'large' : 'small_medium';
}

/** 千吨万人: a source serving ≥ 1000 m³/d or ≥ 10 000 people (team glossary, docs/ux.md). */
export function isThousandTonTenThousandPeople(q: number | null, population: number | null): boolean {
  return (q ?? 0) >= 1000 || (population ?? 0) >= 10_000;
}

/** Aquifer types of the source inventory (孔隙/裂隙/岩溶). */
export const AQUIFER_TYPES = ['porous', 'fissure', 'karst'] as const;
export type AquiferType = (typeof AQUIFER_TYPES)[number];

export const AQUIFER_TYPE_LABELS: Record<AquiferType, { zh: string; en: string }> = {
  porous: { zh: '孔隙水', en: 'Porous' },
  fissure: { zh: '裂隙水', en: 'Fissure' },
  karst: { zh: '岩溶水', en: 'Karst' },
};

/**
 * Starting values of the aquifer parameters by type, for sources whose tests are not entered yet.
 * Textbook orders of magnitude, not measurements: every one is 待核实 and meant to be replaced by
 * the pumping-test value (the wizard and the CLI keep which borehole/test each value came from).
 */
export const AQUIFER_DEFAULTS: Record<AquiferType, { medium: AquiferMedium; K: number; b: number; n: number; I: number; note_zh: string; note_en: string }> = {
  porous: { medium: 'medium_sand', K: 15, b: 15, n: 0.25, I: 0.002, note_zh: '中砂含水层典型值，待核实', note_en: 'Typical of a medium-sand aquifer; to be verified' },
  fissure: { medium: 'fine_sand', K: 0.8, b: 30, n: 0.03, I: 0.005, note_zh: '红层/风化裂隙典型值，待核实', note_en: 'Typical of red-bed / weathered fissures; to be verified' },
  karst: { medium: 'gravel', K: 5, b: 50, n: 0.02, I: 0.003, note_zh: '岩溶裂隙典型值，待核实', note_en: 'Typical of karst fissures; to be verified' },
};

/** The aquifer type and confinement a free-text label (含水层: “孔隙潜水”, “红层裂隙水”…) names. */
export function parseAquiferLabel(text: string | null | undefined): { type: AquiferType; confined: boolean } | null {
  if (!text) return null;
  const t = text.trim();
  const confined = /承压/.test(t) || /confined/i.test(t) && !/unconfined/i.test(t);
  if (/岩溶|karst/i.test(t)) return { type: 'karst', confined };
  if (/裂隙|fissure|fracture/i.test(t)) return { type: 'fissure', confined };
  if (/孔隙|松散|porous|alluvi/i.test(t)) return { type: 'porous', confined };
  return null;
}
