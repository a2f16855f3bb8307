/**
 * Unit conversions for borehole and monitoring data. Concentrations are stored in mg/L; mmol/L is
 * only convertible for analytes whose molar mass is defined here (for N-species, "以N计" means the
 * mass of nitrogen, hence 14.007).
 */
export const MOLAR_MASS_G_PER_MOL: Readonly<Record<string, number>> = {
  钙: 40.078,
  镁: 24.305,
  钠: 22.99,
  钾: 39.098,
  铁: 55.845,
  锰: 54.938,
  氯化物: 35.453,
  硫酸盐: 96.06,
  重碳酸盐: 61.017,
  碳酸盐: 60.009,
  氟化物: 18.998,
  '硝酸盐（以N计）': 14.007,
  '亚硝酸盐（以N计）': 14.007,
  '氨氮（以N计）': 14.007,
  氨氮: 14.007,
  硝酸盐: 62.004,
  亚硝酸盐: 46.006,
};

/** Analyte names normalised for the molar-mass lookup: ASCII parentheses and spaces folded. */
function analyteKey(analyte: string): string {
  return analyte.trim().replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

export type ConcentrationUnit = 'mg/L' | 'μg/L' | 'mmol/L';

/** "mg/l", "MG/L", "毫克/升" → "mg/L"; "ug/L", "µg/L", "微克/升" → "μg/L"; null when unknown. */
export function normaliseConcentrationUnit(unit: string): ConcentrationUnit | null {
  const u = unit.trim().toLowerCase().replace(/\s+/g, '').replace('µ', 'μ');
  if (['mg/l', '毫克/升', 'mg/dm3', 'ppm'].includes(u)) return 'mg/L';
  if (['μg/l', 'ug/l', '微克/升', 'ppb'].includes(u)) return 'μg/L';
  if (['mmol/l', '毫摩尔/升'].includes(u)) return 'mmol/L';
  return null;
}

export type Conversion = { ok: true; mgPerL: number } | { ok: false; reason: 'unit' | 'molar-mass' };

/** A concentration in mg/L, or why it cannot be converted. */
export function toMgPerL(value: number, unit: string, analyte: string): Conversion {
  const u = normaliseConcentrationUnit(unit);
  if (u === 'mg/L') return { ok: true, mgPerL: value };
  if (u === 'μg/L') return { ok: true, mgPerL: value / 1000 };
  if (u === 'mmol/L') {
    const m = MOLAR_MASS_G_PER_MOL[analyteKey(analyte)];
    return m === undefined ? { ok: false, reason: 'molar-mass' } : { ok: true, mgPerL: value * m };
  }
  return { ok: false, reason: 'unit' };
}

/** Hydraulic conductivity in m/d from m/d, cm/s or m/s; null when the unit is unknown. */
export function toMetresPerDay(value: number, unit: string): number | null {
  const u = unit.trim().toLowerCase().replace(/\s+/g, '');
  if (u === '' || u === 'm/d' || u === '米/天') return value;
  if (u === 'cm/s') return value * 864;
  if (u === 'm/s') return value * 86_400;
  return null;
}
