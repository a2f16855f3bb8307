/**
 * GB/T 14848-2017 《地下水质量标准》 Table 1 upper limits of classes I–IV for the routine indicators a
 * monitoring chart meets most (mg/L; organics converted from µg/L). Class V is "above the IV limit".
 * Source: docs/domain.md §6 [C]. pH is two-sided and is not in this table (no single class III line).
 */
export const GBT14848_LIMITS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  总硬度: [150, 300, 450, 650],
  溶解性总固体: [300, 500, 1000, 2000],
  硫酸盐: [50, 150, 250, 350],
  氯化物: [50, 150, 250, 350],
  铁: [0.1, 0.2, 0.3, 2.0],
  锰: [0.05, 0.05, 0.1, 1.5],
  铜: [0.01, 0.05, 1.0, 1.5],
  锌: [0.05, 0.5, 1.0, 5.0],
  铝: [0.01, 0.05, 0.2, 0.5],
  挥发性酚类: [0.001, 0.001, 0.002, 0.01],
  耗氧量: [1.0, 2.0, 3.0, 10.0],
  氨氮: [0.02, 0.1, 0.5, 1.5],
  硫化物: [0.005, 0.01, 0.02, 0.1],
  钠: [100, 150, 200, 400],
  亚硝酸盐: [0.01, 0.1, 1.0, 4.8],
  硝酸盐: [2.0, 5.0, 20.0, 30.0],
  氰化物: [0.001, 0.01, 0.05, 0.1],
  氟化物: [1.0, 1.0, 1.0, 2.0],
  碘化物: [0.04, 0.04, 0.08, 0.5],
  汞: [0.0001, 0.0001, 0.001, 0.002],
  砷: [0.001, 0.001, 0.01, 0.05],
  硒: [0.01, 0.01, 0.01, 0.1],
  镉: [0.0001, 0.001, 0.005, 0.01],
  '铬（六价）': [0.005, 0.01, 0.05, 0.1],
  铅: [0.005, 0.005, 0.01, 0.1],
  三氯甲烷: [0.0005, 0.006, 0.06, 0.3],
  四氯化碳: [0.0005, 0.0005, 0.002, 0.05],
  苯: [0.0005, 0.001, 0.01, 0.12],
  甲苯: [0.0005, 0.14, 0.7, 1.4],
};

const ALIASES: Readonly<Record<string, string>> = {
  TDS: '溶解性总固体',
  COD: '耗氧量',
  CODMn: '耗氧量',
  高锰酸盐指数: '耗氧量',
  六价铬: '铬（六价）',
  挥发酚: '挥发性酚类',
};

/**
 * The table key of an analyte as labs write it: ASCII brackets folded, "（以N计）" / "（以O₂计）"-style
 * qualifiers dropped (nitrogen species are stored as N, which is what the limits are in).
 */
export function gbt14848Key(analyte: string): string | null {
  const folded = analyte.trim().replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
  if (folded in GBT14848_LIMITS) return folded;
  const bare = folded.replace(/（以[^）]*计）$/, '').replace(/（[^）]*）$/, (m) => (m === '（六价）' ? m : ''));
  if (bare in GBT14848_LIMITS) return bare;
  const alias = ALIASES[bare] ?? ALIASES[folded];
  return alias ?? null;
}

export function gbt14848Limits(analyte: string): readonly [number, number, number, number] | null {
  const key = gbt14848Key(analyte);
  return key ? GBT14848_LIMITS[key]! : null;
}

/** Comparison at the standard's precision: 0.30000000000000004 is "≤ 0.3". */
const atMost = (value: number, limit: number): boolean => value <= limit * (1 + 1e-9);

/**
 * Single-indicator class 1–5: the first (best) class whose limit holds the value, so equal limits give
 * the better class (从优不从劣). A non-detect is class I when its detection limit is at most the class I
 * limit, otherwise indeterminate (null) — never read "0.01L" as 0.01.
 */
export function gbt14848Class(
  limits: readonly [number, number, number, number],
  value: number | null,
  detectionLimit: number | null = null,
): number | null {
  if (value === null) {
    if (detectionLimit === null) return null;
    return atMost(detectionLimit, limits[0]) ? 1 : null;
  }
  for (let i = 0; i < 4; i++) if (atMost(value, limits[i]!)) return i + 1;
  return 5;
}
