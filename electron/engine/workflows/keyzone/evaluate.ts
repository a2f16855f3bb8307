import { combineClasses, type KeyZoneProfile, type RatingRange } from '../../../../shared/domain/keyzone-profile';
import { emptyRaster, type RasterArray } from '../../analysis/core/raster-array';
import { reclassifyRaster } from '../../analysis/raster/reclassify';

/**
 * The per-cell arithmetic of the key-zone evaluations, on rasters of one grid. Plain functions so
 * the golden tests can check them on hand-made 5 × 5 grids; the steps (steps.ts) feed them layers.
 */

/**
 * Ratings of a numeric raster by range rules (nodata stays nodata; unmatched values become nodata
 * and are counted): analysis.reclassify's ranges, which compare bounds in the cells' Float32 (a
 * depth stored as 4.6 falls in the class that starts at 4.6). Ranges that hold no value
 * (from ≥ to) never match; reclassify refuses them, so they are left out.
 */
export function rateRaster(src: RasterArray, ranges: readonly RatingRange[]): { raster: RasterArray; unmatched: number } {
  const rules = ranges.filter((r) => (r.from ?? -Infinity) < (r.to ?? Infinity)).map((r) => ({ from: r.from, to: r.to, value: r.rating }));
  const out = reclassifyRaster(src, { ranges: rules });
  return { raster: { grid: out.grid, data: out.data }, unmatched: out.unmatched };
}

/** Cells outside the study area become nodata (in place). */
export function applyMask(r: RasterArray, inside: Uint8Array): RasterArray {
  for (let i = 0; i < inside.length; i++) if (!inside[i]) r.data[i] = Number.NaN;
  return r;
}

/**
 * Functional value class per cell: matrix[abundance − 1][quality − 1]; nodata where either input
 * is nodata or outside the matrix.
 */
export function valueClasses(abundance: RasterArray, quality: RasterArray, matrix: readonly (readonly number[])[]): RasterArray {
  const out = emptyRaster(abundance.grid);
  for (let i = 0; i < out.data.length; i++) {
    const a = abundance.data[i]!;
    const q = quality.data[i]!;
    if (a !== a || q !== q) continue;
    const v = matrix[Math.round(a) - 1]?.[Math.round(q) - 1];
    if (v !== undefined) out.data[i] = v;
  }
  return out;
}

export interface Sensitivity {
  factor: string;
  /** w / Σw, percent. */
  theoreticalWeight: number;
  /** Mean over cells of rᵢwᵢ / V, percent (single-parameter sensitivity). */
  effectiveWeight: { mean: number; min: number; max: number; sd: number };
  /** Mean over cells of |V/N − V′/(N − 1)| / V, percent, V′ the index without the factor (map removal). */
  mapRemoval: { mean: number; min: number; max: number; sd: number };
}

function summary(sum: number, sum2: number, min: number, max: number, n: number) {
  if (n === 0) return { mean: Number.NaN, min: Number.NaN, max: Number.NaN, sd: Number.NaN };
  const mean = sum / n;
  return { mean, min, max, sd: Math.sqrt(Math.max(0, sum2 / n - mean * mean)) };
}

/**
 * Sensitivity of the DRASTIC index to each factor, as the 2014 guide's appendix D asks (map-removal
 * and single-parameter sensitivity, Lodwick et al. 1990; Napolitano & Fabbri 1996). Cells where
 * the index is nodata or 0 are left out.
 */
export function sensitivity(names: readonly string[], ratings: readonly RasterArray[], weights: readonly number[], index: RasterArray): Sensitivity[] {
  const n = names.length;
  const total = weights.reduce((a, b) => a + b, 0);
  return names.map((factor, k) => {
    let es = 0, es2 = 0, emin = Infinity, emax = -Infinity;
    let ms = 0, ms2 = 0, mmin = Infinity, mmax = -Infinity;
    let cells = 0;
    const r = ratings[k]!.data;
    const w = weights[k]!;
    for (let i = 0; i < index.data.length; i++) {
      const v = index.data[i]!;
      if (!(v > 0)) continue;
      const part = r[i]! * w;
      const eff = (100 * part) / v;
      const without = v - part;
      const removal = n > 1 ? (100 * Math.abs(v / n - without / (n - 1))) / v : 0;
      es += eff;
      es2 += eff * eff;
      if (eff < emin) emin = eff;
      if (eff > emax) emax = eff;
      ms += removal;
      ms2 += removal * removal;
      if (removal < mmin) mmin = removal;
      if (removal > mmax) mmax = removal;
      cells++;
    }
    return {
      factor,
      theoreticalWeight: total > 0 ? (100 * w) / total : Number.NaN,
      effectiveWeight: summary(es, es2, emin, emax, cells),
      mapRemoval: summary(ms, ms2, mmin, mmax, cells),
    };
  });
}

/**
 * Load classes: cells without load (0) are class 1; cells with a load take the class of their
 * value by the breaks (codes 1…n, upper-inclusive as classify.ts).
 */
export function loadClasses(load: RasterArray, breaks: readonly number[]): RasterArray {
  const out = emptyRaster(load.grid);
  const nb = breaks.length;
  for (let i = 0; i < load.data.length; i++) {
    const v = load.data[i]!;
    if (v !== v) continue;
    if (v <= 0 || nb < 2) {
      out.data[i] = 1;
      continue;
    }
    let c = 0;
    while (c < nb - 2 && v > breaks[c + 1]!) c++;
    out.data[i] = c + 1;
  }
  return out;
}

/** Zone code per cell (shared/domain ZONE) by the profile's combination rule; nodata outside the study area or where a class is missing. */
export function combineRasters(
  rule: KeyZoneProfile['combination'],
  value: RasterArray,
  vulnerability: RasterArray,
  load: RasterArray,
  protection: Uint8Array,
  inside: Uint8Array,
): RasterArray {
  const out = emptyRaster(value.grid);
  for (let i = 0; i < out.data.length; i++) {
    if (!inside[i]) continue;
    const isProtection = protection[i] === 1;
    const v = value.data[i]!;
    const u = vulnerability.data[i]!;
    const l = load.data[i]!;
    if (!isProtection && (v !== v || u !== u || l !== l)) continue;
    out.data[i] = combineClasses(rule, { value: v, vulnerability: u, load: l, protection: isProtection });
  }
  return out;
}

/** Cells per value (nodata left out), ascending. */
export function classCounts(r: RasterArray): Map<number, number> {
  const m = new Map<number, number>();
  for (const v of r.data) if (v === v) m.set(v, (m.get(v) ?? 0) + 1);
  return new Map([...m.entries()].sort((a, b) => a[0] - b[0]));
}

/** Positive finite values of a raster (the cells a load classification is computed over). */
export function positiveValues(r: RasterArray): Float32Array {
  let n = 0;
  for (const v of r.data) if (v > 0) n++;
  const out = new Float32Array(n);
  let k = 0;
  for (const v of r.data) if (v > 0) out[k++] = v;
  return out;
}
