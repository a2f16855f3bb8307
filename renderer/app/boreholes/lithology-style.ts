/**
 * Colours and fill patterns of the strip log by standard lithology code (shared/domain/lithology),
 * after the usual conventions of Chinese borehole logs (GB/T 958 hatching in spirit: dots for sand,
 * circles for gravel, dashes for clay, bricks for limestone, crosses for granite).
 */
export type PatternKind = 'none' | 'dots' | 'fineDots' | 'circles' | 'dashes' | 'silt' | 'bricks' | 'crosses' | 'hatch' | 'fill';

export interface LithologyStyle {
  color: string;
  pattern: PatternKind;
}

export const LITHOLOGY_STYLES: Readonly<Record<string, LithologyStyle>> = {
  FILL: { color: '#c9b89a', pattern: 'fill' },
  SOIL: { color: '#b5a27a', pattern: 'none' },
  CLAY: { color: '#a9c3a0', pattern: 'dashes' },
  SICL: { color: '#c7d6a6', pattern: 'dashes' },
  SACL: { color: '#d9d6a0', pattern: 'dashes' },
  SILT: { color: '#e6dfa8', pattern: 'silt' },
  FSND: { color: '#f6e7a1', pattern: 'fineDots' },
  MSND: { color: '#f3d98a', pattern: 'dots' },
  CSND: { color: '#efcb78', pattern: 'dots' },
  SAND: { color: '#f3dc8f', pattern: 'dots' },
  GRVL: { color: '#e3b873', pattern: 'circles' },
  CLST: { color: '#c99a84', pattern: 'dashes' },
  SLSN: { color: '#d9a88a', pattern: 'silt' },
  SDSN: { color: '#e2b48c', pattern: 'dots' },
  CGLM: { color: '#d7a070', pattern: 'circles' },
  SHLE: { color: '#9aa3a8', pattern: 'dashes' },
  SLTE: { color: '#8f9aa6', pattern: 'hatch' },
  LMST: { color: '#9ec3da', pattern: 'bricks' },
  KRST: { color: '#c4d8e6', pattern: 'circles' },
  GRNT: { color: '#e8a9a9', pattern: 'crosses' },
  QRTZ: { color: '#eec9d9', pattern: 'crosses' },
  BDRK: { color: '#b7a3b8', pattern: 'hatch' },
};

export const UNKNOWN_STYLE: LithologyStyle = { color: '#dddddd', pattern: 'none' };

export function lithologyStyle(code: string): LithologyStyle {
  return LITHOLOGY_STYLES[code] ?? UNKNOWN_STYLE;
}

/** Strata weathered to soil are drawn lighter: the qualifier (全/强风化) is kept in the source name. */
export function weatheringOpacity(name: string): number {
  if (name.startsWith('全风化')) return 0.55;
  if (name.startsWith('强风化')) return 0.75;
  return 1;
}
