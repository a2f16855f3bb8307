/**
 * GB/T 14848-2017 《地下水质量标准》 Table 1 (routine indicators) as editable defaults, and the
 * classing rules of its §6 (docs/domain.md §6). Limits are the upper bounds of classes I–IV
 * ("≤"); above the class IV limit is class V. pH is two-sided: lower bounds too.
 */

export type QualityClass = 1 | 2 | 3 | 4 | 5;

export const CLASS_LABELS: Record<QualityClass, { zh: string; en: string }> = {
  1: { zh: 'Ⅰ类', en: 'I' },
  2: { zh: 'Ⅱ类', en: 'II' },
  3: { zh: 'Ⅲ类', en: 'III' },
  4: { zh: 'Ⅳ类', en: 'IV' },
  5: { zh: 'Ⅴ类', en: 'V' },
};

export interface IndicatorLimits {
  /** The standard's name. */
  indicator: string;
  /** Other names laboratories write (matched after folding case, spaces and brackets). */
  aliases?: string[];
  /** The unit the limits are in: mg/L unless noted; stored concentrations are mg/L, so μg/L limits are scaled. */
  unit: string;
  /** Upper limits of classes I–IV (value ≤ limit). A class-I limit of 0 means "not detected" (不得检出). */
  upper: [number, number, number, number];
  /** Lower limits of classes I–IV (value ≥ limit): pH only. */
  lower?: [number, number, number, number];
  /** A default not yet checked against the printed standard: shown as 待核实. */
  unverified?: boolean;
}

/**
 * Table 1 of GB/T 14848-2017 as docs/domain.md §6 transcribes it (confirmed there against the
 * published JSON of the standard). Editable: an analysis may override any row or add indicators.
 */
export const GBT14848_LIMITS: readonly IndicatorLimits[] = [
  { indicator: 'pH', aliases: ['pH值', 'PH'], unit: '无量纲', upper: [8.5, 8.5, 8.5, 9.0], lower: [6.5, 6.5, 6.5, 5.5] },
  { indicator: '色', aliases: ['色度'], unit: '铂钴色度单位', upper: [5, 5, 15, 25] },
  { indicator: '浑浊度', aliases: ['浊度'], unit: 'NTU', upper: [3, 3, 3, 10] },
  { indicator: '总硬度', aliases: ['总硬度（以CaCO3计）', '总硬度(以CaCO₃计)', 'TH', 'hardness'], unit: 'mg/L', upper: [150, 300, 450, 650] },
  { indicator: '溶解性总固体', aliases: ['TDS', '矿化度'], unit: 'mg/L', upper: [300, 500, 1000, 2000] },
  { indicator: '硫酸盐', aliases: ['SO4', 'SO42-', 'SO4²⁻', 'sulfate'], unit: 'mg/L', upper: [50, 150, 250, 350] },
  { indicator: '氯化物', aliases: ['Cl', 'Cl-', 'Cl⁻', 'chloride'], unit: 'mg/L', upper: [50, 150, 250, 350] },
  { indicator: '铁', aliases: ['Fe', '总铁'], unit: 'mg/L', upper: [0.1, 0.2, 0.3, 2.0] },
  { indicator: '锰', aliases: ['Mn'], unit: 'mg/L', upper: [0.05, 0.05, 0.1, 1.5] },
  { indicator: '铜', aliases: ['Cu'], unit: 'mg/L', upper: [0.01, 0.05, 1.0, 1.5] },
  { indicator: '锌', aliases: ['Zn'], unit: 'mg/L', upper: [0.05, 0.5, 1.0, 5.0] },
  { indicator: '铝', aliases: ['Al'], unit: 'mg/L', upper: [0.01, 0.05, 0.2, 0.5] },
  { indicator: '挥发性酚类', aliases: ['挥发酚', '挥发性酚类（以苯酚计）', 'phenols'], unit: 'mg/L', upper: [0.001, 0.001, 0.002, 0.01] },
  { indicator: '阴离子表面活性剂', aliases: ['LAS', '阴离子合成洗涤剂'], unit: 'mg/L', upper: [0, 0.1, 0.3, 0.3] },
  { indicator: '耗氧量', aliases: ['耗氧量（CODMn法，以O2计）', 'CODMn', 'COD_Mn', '高锰酸盐指数'], unit: 'mg/L', upper: [1.0, 2.0, 3.0, 10.0] },
  { indicator: '氨氮', aliases: ['氨氮（以N计）', 'NH3-N', 'NH4-N', '氨氮(以N计)'], unit: 'mg/L', upper: [0.02, 0.1, 0.5, 1.5] },
  { indicator: '硫化物', aliases: ['S2-'], unit: 'mg/L', upper: [0.005, 0.01, 0.02, 0.1] },
  { indicator: '钠', aliases: ['Na'], unit: 'mg/L', upper: [100, 150, 200, 400] },
  { indicator: '总大肠菌群', aliases: ['总大肠菌数'], unit: 'MPN/100mL', upper: [3.0, 3.0, 3.0, 100] },
  { indicator: '菌落总数', aliases: ['细菌总数'], unit: 'CFU/mL', upper: [100, 100, 100, 1000] },
  { indicator: '亚硝酸盐', aliases: ['亚硝酸盐（以N计）', '亚硝酸盐氮', 'NO2-N'], unit: 'mg/L', upper: [0.01, 0.1, 1.0, 4.8] },
  { indicator: '硝酸盐', aliases: ['硝酸盐（以N计）', '硝酸盐氮', 'NO3-N'], unit: 'mg/L', upper: [2.0, 5.0, 20.0, 30.0] },
  { indicator: '氰化物', aliases: ['CN'], unit: 'mg/L', upper: [0.001, 0.01, 0.05, 0.1] },
  { indicator: '氟化物', aliases: ['F', 'F-', 'F⁻', 'fluoride'], unit: 'mg/L', upper: [1.0, 1.0, 1.0, 2.0] },
  { indicator: '碘化物', aliases: ['I-'], unit: 'mg/L', upper: [0.04, 0.04, 0.08, 0.5] },
  { indicator: '汞', aliases: ['Hg'], unit: 'mg/L', upper: [0.0001, 0.0001, 0.001, 0.002] },
  { indicator: '砷', aliases: ['As'], unit: 'mg/L', upper: [0.001, 0.001, 0.01, 0.05] },
  { indicator: '硒', aliases: ['Se'], unit: 'mg/L', upper: [0.01, 0.01, 0.01, 0.1] },
  { indicator: '镉', aliases: ['Cd'], unit: 'mg/L', upper: [0.0001, 0.001, 0.005, 0.01] },
  { indicator: '铬（六价）', aliases: ['六价铬', 'Cr6+', 'Cr(VI)', '铬(六价)'], unit: 'mg/L', upper: [0.005, 0.01, 0.05, 0.1] },
  { indicator: '铅', aliases: ['Pb'], unit: 'mg/L', upper: [0.005, 0.005, 0.01, 0.1] },
  { indicator: '三氯甲烷', aliases: ['氯仿', 'chloroform'], unit: 'μg/L', upper: [0.5, 6, 60, 300] },
  { indicator: '四氯化碳', aliases: ['carbon tetrachloride'], unit: 'μg/L', upper: [0.5, 0.5, 2.0, 50.0] },
  { indicator: '苯', aliases: ['benzene'], unit: 'μg/L', upper: [0.5, 1.0, 10.0, 120] },
  // radioactivity: above the class III limit is class IV; the standard has no class V line
  { indicator: '总α放射性', aliases: ['总α', '总a放射性'], unit: 'Bq/L', upper: [0.1, 0.1, 0.5, Infinity] },
  { indicator: '总β放射性', aliases: ['总β', '总b放射性'], unit: 'Bq/L', upper: [0.1, 1.0, 1.0, Infinity] },
  { indicator: '甲苯', aliases: ['toluene'], unit: 'μg/L', upper: [0.5, 140, 700, 1400] },
];

/** Names folded for matching: case, spaces, full-width brackets and superscripts. */
export function indicatorKey(name: string): string {
  return name
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')');
}

/** Name → limits, with every alias. */
export function limitsIndex(table: readonly IndicatorLimits[]): Map<string, IndicatorLimits> {
  const out = new Map<string, IndicatorLimits>();
  for (const row of table) for (const n of [row.indicator, ...(row.aliases ?? [])]) out.set(indicatorKey(n), row);
  return out;
}

/** The defaults with `overrides` replacing rows of the same indicator and adding new ones. */
export function mergeLimits(overrides: readonly IndicatorLimits[] = []): IndicatorLimits[] {
  const byName = new Map(GBT14848_LIMITS.map((r) => [indicatorKey(r.indicator), r]));
  for (const o of overrides) {
    const key = indicatorKey(o.indicator);
    const base = byName.get(key);
    // a changed row keeps the names laboratories use for it unless it lists its own
    byName.set(key, o.aliases?.length || !base ? o : { ...o, aliases: base.aliases ?? [] });
  }
  return [...byName.values()];
}

/** mg/L per unit of a limit table row (stored concentrations are mg/L). */
function toStoredUnit(unit: string): number {
  const u = unit.replace('µ', 'μ').toLowerCase();
  return u === 'μg/l' || u === 'ug/l' ? 0.001 : 1;
}

/**
 * Comparison at a relative 1e-9: a stored value and a limit written with the same decimals are the
 * same double, but unit scaling (μg/L → mg/L, mmol/L) may leave them an ulp apart — and a value
 * exactly at the limit meets it.
 */
const le = (v: number, limit: number): boolean => v <= limit + 1e-9 * Math.abs(limit);
const ge = (v: number, limit: number): boolean => v >= limit - 1e-9 * Math.abs(limit);

/** The best class whose limits a measured value (in stored units) meets (从优不从劣). */
export function classOfValue(row: IndicatorLimits, value: number): QualityClass {
  const k = toStoredUnit(row.unit);
  for (let c = 0; c < 4; c++) {
    const upper = row.upper[c]! * k;
    // "not detected" class I: a detected value never meets it
    if (c === 0 && row.upper[0] === 0 && !row.lower) {
      if (value <= 0) return 1;
      continue;
    }
    if (le(value, upper) && (!row.lower || ge(value, row.lower[c]! * k))) return (c + 1) as QualityClass;
  }
  return 5;
}

/** A measurement as stored: a value, or a non-detect with its detection limit. */
export interface Measurement {
  value: number | null;
  qualifier: '<' | 'ND' | null;
  detectionLimit: number | null;
}

export type Classing =
  | { kind: 'class'; cls: QualityClass; note: string | null }
  /** Not detected at a limit above the class-I limit: the class is somewhere in 1…atMost. */
  | { kind: 'indeterminate'; atMost: QualityClass; note: string };

/**
 * One measurement's class. A non-detect ("ND", "<DL") is class I when its detection limit meets
 * class I, or when there is no limit given, or when class I means "not detected"; with a limit above
 * class I it is indeterminate (never the limit read as a value: "0.01L" is not 0.01).
 */
export function classify(row: IndicatorLimits, m: Measurement): Classing {
  if (m.qualifier === null && m.value !== null) return { kind: 'class', cls: classOfValue(row, m.value), note: null };
  if (row.upper[0] === 0 && !row.lower) return { kind: 'class', cls: 1, note: '未检出' };
  const dl = m.detectionLimit ?? (m.qualifier === '<' ? m.value : null);
  if (dl === null) return { kind: 'class', cls: 1, note: '未检出（未给检出限）' };
  const atMost = classOfValue(row, dl);
  if (atMost === 1) return { kind: 'class', cls: 1, note: `未检出（检出限 ${dl}）` };
  return { kind: 'indeterminate', atMost, note: `未检出，但检出限 ${dl} 高于Ⅰ类限值，类别不确定（不劣于${CLASS_LABELS[atMost].zh}）` };
}

/** The class III limit in stored units (the exceedance reference), or null for pH (two-sided). */
export function classIIILimit(row: IndicatorLimits): number {
  return row.upper[2]! * toStoredUnit(row.unit);
}

/**
 * How many times the class III limit a value is (超标倍数 = C/C_III − 1 as reported in Chinese
 * practice), for values worse than class III; pH reports the distance outside 6.5–8.5 instead.
 */
export function exceedance(row: IndicatorLimits, value: number): number {
  if (row.lower) {
    const lo = row.lower[2]! * toStoredUnit(row.unit);
    const hi = classIIILimit(row);
    return value < lo ? lo - value : value > hi ? value - hi : 0;
  }
  const lim = classIIILimit(row);
  return lim > 0 ? value / lim - 1 : 0;
}
