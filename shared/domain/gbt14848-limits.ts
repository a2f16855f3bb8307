import { classOfValue, GBT14848_LIMITS as TABLE, indicatorKey, limitsIndex, type IndicatorLimits } from './gbt14848';

/**
 * The one-sided (upper-limit) rows of GB/T 14848-2017 Table 1 in mg/L, keyed by the standard's name,
 * for the monitoring chart: a view of shared/domain/gbt14848.ts (the editable table and classing
 * rules of the water-quality analysis), so there is one transcription of the standard. pH is
 * two-sided and has no single class III line, so it is left out here.
 */
const MG_PER_UNIT = (unit: string): number => (/^[μµu]g\/l$/i.test(unit) ? 0.001 : 1);

const ONE_SIDED = TABLE.filter((r) => !r.lower);

export const GBT14848_LIMITS: Readonly<Record<string, readonly [number, number, number, number]>> = Object.fromEntries(
  ONE_SIDED.map((r) => [r.indicator, r.upper.map((v) => v * MG_PER_UNIT(r.unit)) as unknown as readonly [number, number, number, number]]),
);

const INDEX = limitsIndex(ONE_SIDED);

/** The table key of an analyte as labs write it (aliases, "（以N计）", ASCII brackets), or null. */
export function gbt14848Key(analyte: string): string | null {
  const folded = indicatorKey(analyte);
  const row = INDEX.get(folded) ?? INDEX.get(folded.replace(/\(以[^)]*计\)$/, ''));
  return row ? row.indicator : null;
}

export function gbt14848Limits(analyte: string): readonly [number, number, number, number] | null {
  const key = gbt14848Key(analyte);
  return key ? GBT14848_LIMITS[key]! : null;
}

/**
 * Single-indicator class 1–5 against mg/L limits (the best class whose limit holds the value, 从优不从劣);
 * a non-detect is class I when its detection limit meets class I, otherwise (or with no limit
 * given) indeterminate (null).
 */
export function gbt14848Class(limits: readonly [number, number, number, number], value: number | null, detectionLimit: number | null = null): number | null {
  const row: IndicatorLimits = { indicator: '', unit: 'mg/L', upper: [...limits] as [number, number, number, number] };
  if (value === null) {
    if (detectionLimit === null) return null;
    return classOfValue(row, detectionLimit) === 1 ? 1 : null;
  }
  return classOfValue(row, value);
}
