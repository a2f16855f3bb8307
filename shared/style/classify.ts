/**
 * Class breaks for graduated styles and for classifying continuous rasters. Breaks are returned as
 * n + 1 ascending values [min, b1, …, max]; class i holds values in [breaks[i], breaks[i+1]) and the
 * last class also its upper bound.
 */
export type ClassMethod = 'equal' | 'quantile' | 'jenks' | 'manual';

/** Most values the Jenks optimisation looks at; larger inputs are sampled evenly (it is O(k·n²)). */
export const JENKS_MAX_VALUES = 3000;

function finiteSorted(values: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out.push(v);
  }
  return out.sort((a, b) => a - b);
}

export function equalIntervalBreaks(min: number, max: number, n: number): number[] {
  const out = [min];
  for (let i = 1; i < n; i++) out.push(min + ((max - min) * i) / n);
  out.push(max);
  return out;
}

/** Quantile breaks (type 7, linear interpolation between order statistics, as R and numpy default). */
export function quantileBreaks(sorted: readonly number[], n: number): number[] {
  const q = (p: number): number => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(q(i / n));
  return out;
}

/**
 * Jenks natural breaks by Fisher's exact dynamic programme (minimum total within-class squared
 * deviation), as in Jenks (1977) and the usual GIS implementations.
 */
export function jenksBreaks(sorted: readonly number[], n: number): number[] {
  const data = sorted.length > JENKS_MAX_VALUES ? sampleEvenly(sorted, JENKS_MAX_VALUES) : sorted;
  const m = data.length;
  if (m === 0) return [];
  const k = Math.min(n, m);
  // lower[i][j]: first index of the last class in the best split of data[0..i] into j classes
  const lower: Int32Array[] = [];
  const cost: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    lower.push(new Int32Array(k + 1));
    cost.push(new Float64Array(k + 1).fill(Infinity));
  }
  for (let i = 0; i < m; i++) {
    let s1 = 0;
    let s2 = 0;
    let w = 0;
    for (let l = i; l >= 0; l--) {
      const v = data[l]!;
      s1 += v;
      s2 += v * v;
      w++;
      const variance = s2 - (s1 * s1) / w;
      if (l === 0) {
        cost[i]![1] = variance;
        lower[i]![1] = 0;
      } else {
        for (let j = 2; j <= k; j++) {
          const c = variance + cost[l - 1]![j - 1]!;
          if (c < cost[i]![j]!) {
            cost[i]![j] = c;
            lower[i]![j] = l;
          }
        }
      }
    }
  }
  const breaks = new Array<number>(k + 1);
  breaks[k] = data[m - 1]!;
  breaks[0] = data[0]!;
  let end = m - 1;
  for (let j = k; j >= 2; j--) {
    const start = lower[end]![j]!;
    breaks[j - 1] = data[start]!;
    end = start - 1;
  }
  // a sample may miss the extremes of the full data
  breaks[0] = sorted[0]!;
  breaks[k] = sorted[sorted.length - 1]!;
  return breaks;
}

function sampleEvenly(sorted: readonly number[], count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(sorted[Math.round((i * (sorted.length - 1)) / (count - 1))]!);
  return out;
}

/**
 * Breaks for n classes by a method. Manual breaks are taken as given (sorted, deduplicated);
 * the others need at least one finite value and give fewer classes when there are fewer distinct values.
 */
export function classBreaks(values: ArrayLike<number>, method: ClassMethod, n: number, manual: readonly number[] = []): number[] {
  if (method === 'manual') return [...new Set(manual)].sort((a, b) => a - b);
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return [min, max];
  if (method === 'equal') return equalIntervalBreaks(min, max, n);
  if (method === 'jenks') return jenksBreaks(sorted, n);
  // many equal values make repeated quantiles: merge those classes
  const raw = quantileBreaks(sorted, n);
  return raw.filter((b, i) => i === 0 || b > raw[i - 1]!);
}

/** The class (0-based) of a value for ascending breaks, or -1 outside them / for NaN. */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!(value >= breaks[0]!) || !(value <= breaks[breaks.length - 1]!)) return -1;
  let lo = 0;
  let hi = breaks.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (value >= breaks[mid]!) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
