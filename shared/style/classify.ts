/**
 * Class breaks for graduated styles and for classifying continuous rasters. Breaks are returned as
 * n + 1 ascending values [min, b1, …, max]; class i holds values in (breaks[i], breaks[i+1]] and the
 * first class also its lower bound — the convention of QGIS, ArcGIS and mapclassify, so a value on
 * a break falls in the same class as in those tools, and Jenks breaks are the class maxima they print.
 */
export type ClassMethod = 'equal' | 'quantile' | 'jenks' | 'manual';

/** Most values the Jenks optimisation looks at; larger inputs are sampled evenly (it is O(k·n²)). */
export const JENKS_MAX_VALUES = 3000;

/** Values the Jenks sample is drawn from at most: past this the input is thinned by a fixed stride before sorting. */
const JENKS_PRESAMPLE = 1_000_000;

/** The finite values, sorted ascending (typed-array sort: numeric, and fast on raster-sized inputs). */
function finiteSorted(values: ArrayLike<number>, stride = 1): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i += stride) if (Number.isFinite(values[i]!)) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i += stride) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out.sort();
}

export function equalIntervalBreaks(min: number, max: number, n: number): number[] {
  const out = [min];
  for (let i = 1; i < n; i++) out.push(min + ((max - min) * i) / n);
  out.push(max);
  return out;
}

/** Quantile breaks (type 7, linear interpolation between order statistics, as R and numpy default). */
export function quantileBreaks(sorted: ArrayLike<number>, n: number): number[] {
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
 * deviation), as in Jenks (1977) and the usual GIS implementations. The breaks are the class
 * maxima (checked against mapclassify's FisherJenks worked example in test/unit/classify.test.ts).
 */
export function jenksBreaks(sorted: ArrayLike<number>, n: number): number[] {
  const data = sorted.length > JENKS_MAX_VALUES ? sampleEvenly(sorted, JENKS_MAX_VALUES) : Array.from(sorted);
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
  const sampled = data.length < sorted.length;
  const breaks = new Array<number>(k + 1);
  let end = m - 1;
  for (let j = k; j >= 2; j--) {
    const start = lower[end]![j]!;
    // the maximum of class j − 1; from a sample, the largest value of all below class j's first
    breaks[j - 1] = sampled ? largestBelow(sorted, data[start]!) : data[start - 1]!;
    end = start - 1;
  }
  // the extremes of the full data (a sample may miss them)
  breaks[0] = sorted[0]!;
  breaks[k] = sorted[sorted.length - 1]!;
  // equal values split into classes of their own (fewer distinct values than classes): merge them
  return breaks.filter((b, i) => i === 0 || b > breaks[i - 1]!);
}

/** The largest value of an ascending array that is below `limit` (the first value when none is). */
function largestBelow(sorted: ArrayLike<number>, limit: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid]! < limit) lo = mid;
    else hi = mid - 1;
  }
  return sorted[lo]!;
}

function sampleEvenly(sorted: ArrayLike<number>, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(sorted[Math.round((i * (sorted.length - 1)) / (count - 1))]!);
  return out;
}

/**
 * Breaks for n classes by a method. Manual breaks are taken as given (sorted, deduplicated);
 * the others need at least one finite value and give fewer classes when there are fewer distinct
 * values. Equal intervals need only the range; quantiles sort every value; Jenks looks at an even
 * sample of the sorted values (of a strided subset past a million values — raster-sized inputs).
 */
export function classBreaks(values: ArrayLike<number>, method: ClassMethod, n: number, manual: readonly number[] = []): number[] {
  if (method === 'manual') return [...new Set(manual)].sort((a, b) => a - b);
  if (method === 'equal') {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (min === Infinity) return [];
    return min === max ? [min, max] : equalIntervalBreaks(min, max, n);
  }
  const sorted = finiteSorted(values, method === 'jenks' ? Math.max(1, Math.floor(values.length / JENKS_PRESAMPLE)) : 1);
  if (sorted.length === 0) return [];
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (min === max) return [min, max];
  if (method === 'jenks') return jenksBreaks(sorted, n);
  // many equal values make repeated quantiles: merge those classes
  const raw = quantileBreaks(sorted, n);
  return raw.filter((b, i) => i === 0 || b > raw[i - 1]!);
}

/** The class (0-based) of a value for ascending breaks — (b[i], b[i+1]], the first class also b[0] — or -1 outside them / for NaN. */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!(value >= breaks[0]!) || !(value <= breaks[breaks.length - 1]!)) return -1;
  // the first break above or at the value closes its class
  let lo = 0;
  let hi = breaks.length - 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= breaks[mid + 1]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
