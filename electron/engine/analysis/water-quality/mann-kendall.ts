/**
 * Mann–Kendall trend test with Sen's slope (Mann 1945, Kendall 1975; Sen 1968; Gilbert 1987
 * ch. 16): S = Σ_{i<j} sign(x_j − x_i) over time order, its variance corrected for tied values,
 * Z with the continuity correction, two-sided p from the normal approximation — the statistics of
 * R's Kendall::MannKendall and of cor.test(method = "kendall", exact = FALSE, continuity = TRUE).
 */

export interface MannKendall {
  n: number;
  s: number;
  varS: number;
  z: number;
  /** Two-sided. */
  p: number;
  /** Kendall's τ-b (ties in the values accounted for; times are distinct). */
  tau: number;
  /** Sen's slope: median of the pairwise slopes, in value units per unit of `t`. */
  senSlope: number | null;
  /** Median of x − slope·t (Conover's intercept), so the line passes the data's centre. */
  senIntercept: number | null;
}

/** Fewer points than this give no test (the normal approximation means nothing at n < 4). */
export const MIN_SAMPLES = 4;

/**
 * The test of the series (t ascending, distinct; x the values at those times). Null when n < 4.
 */
export function mannKendall(t: ArrayLike<number>, x: ArrayLike<number>): MannKendall | null {
  const n = x.length;
  if (n < MIN_SAMPLES) return null;
  let s = 0;
  const slopes: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = x[j]! - x[i]!;
      s += d > 0 ? 1 : d < 0 ? -1 : 0;
      const dt = t[j]! - t[i]!;
      if (dt !== 0) slopes.push(d / dt);
    }
  }
  // tie groups of equal values: Σ t(t−1)(2t+5) for the variance, Σ t(t−1)/2 for τ-b
  const sorted = Array.from(x).sort((a, b) => a - b);
  let tieVar = 0;
  let tiePairs = 0;
  for (let i = 0; i < n; ) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    const g = j - i;
    if (g > 1) {
      tieVar += g * (g - 1) * (2 * g + 5);
      tiePairs += (g * (g - 1)) / 2;
    }
    i = j;
  }
  const varS = (n * (n - 1) * (2 * n + 5) - tieVar) / 18;
  const z = varS > 0 ? (s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0) : 0;
  const p = varS > 0 ? Math.min(1, 2 * normalCdf(-Math.abs(z))) : 1;
  const pairs = (n * (n - 1)) / 2;
  const denom = Math.sqrt((pairs - tiePairs) * pairs);
  const senSlope = slopes.length ? median(slopes) : null;
  let senIntercept: number | null = null;
  if (senSlope !== null) {
    const r: number[] = [];
    for (let i = 0; i < n; i++) r.push(x[i]! - senSlope * t[i]!);
    senIntercept = median(r);
  }
  return { n, s, varS, z, p, tau: denom > 0 ? s / denom : 0, senSlope, senIntercept };
}

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/**
 * Standard normal CDF to double precision (Hart 1968 as given by West 2005, "Better
 * approximations to cumulative normal functions"): p-values stay accurate far in the tail.
 */
export function normalCdf(x: number): number {
  const a = Math.abs(x);
  let c: number;
  if (a > 37) {
    c = 0;
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let num = 3.52624965998911e-2 * a + 0.700383064443688;
      num = num * a + 6.37396220353165;
      num = num * a + 33.912866078383;
      num = num * a + 112.079291497871;
      num = num * a + 221.213596169931;
      num = num * a + 220.206867912376;
      let den = 8.83883476483184e-2 * a + 1.75566716318264;
      den = den * a + 16.064177579207;
      den = den * a + 86.7807322029461;
      den = den * a + 296.564248779674;
      den = den * a + 637.333633378831;
      den = den * a + 793.826512519948;
      den = den * a + 440.413735824752;
      c = (e * num) / den;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

export type TrendDirection = 'increasing' | 'decreasing' | 'none' | 'insufficient';

/** The verdict at significance `alpha` (two-sided). */
export function trendOf(mk: MannKendall | null, alpha: number): TrendDirection {
  if (!mk) return 'insufficient';
  if (mk.p >= alpha || mk.s === 0) return 'none';
  return mk.s > 0 ? 'increasing' : 'decreasing';
}
