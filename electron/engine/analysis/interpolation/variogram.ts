import { GwzError } from '../../../../shared/api';
import type { VariogramModel } from '../../../../shared/api/analysis-ops/interpolation';
import type { Samples } from './samples';

export type ModelName = VariogramModel['model'];

/** A variogram model: γ(h) = nugget + partialSill · shape(h / range) for h > 0, γ(0) = 0. */
export interface Model {
  model: ModelName;
  nugget: number;
  partialSill: number;
  /** Effective range: where γ reaches the sill (spherical) or 95% of it (exponential, Gaussian). */
  range: number;
}

/** The model's shape, 0 at 0 rising to 1, with the effective range as 1. */
export function shape(model: ModelName, t: number): number {
  switch (model) {
    case 'spherical':
      return t >= 1 ? 1 : 1.5 * t - 0.5 * t * t * t;
    case 'exponential':
      return 1 - Math.exp(-3 * t);
    case 'gaussian':
      return 1 - Math.exp(-3 * t * t);
    default:
      throw new Error(`unknown variogram model ${String(model)}`);
  }
}

export function gamma(m: Model, h: number): number {
  return h <= 0 ? 0 : m.nugget + m.partialSill * shape(m.model, h / m.range);
}

export interface Bin {
  distance: number;
  semivariance: number;
  pairs: number;
}

/**
 * The experimental (Matheron) variogram: half the mean squared difference of the pairs in each of
 * `lags` equal distance classes up to maxLag (default: a third of the samples' bounding-box
 * diagonal, as gstat), each class at the mean separation of its pairs. Empty classes are left out.
 */
export function experimentalVariogram(s: Samples, lags: number, maxLag?: number): { bins: Bin[]; maxLag: number } {
  const n = s.x.length;
  let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
  for (let i = 0; i < n; i++) {
    minx = Math.min(minx, s.x[i]!);
    maxx = Math.max(maxx, s.x[i]!);
    miny = Math.min(miny, s.y[i]!);
    maxy = Math.max(maxy, s.y[i]!);
  }
  const cutoff = maxLag ?? Math.hypot(maxx - minx, maxy - miny) / 3;
  const width = cutoff / lags;
  const sumD = new Float64Array(lags);
  const sumG = new Float64Array(lags);
  const count = new Float64Array(lags);
  for (let i = 0; i < n; i++) {
    const xi = s.x[i]!, yi = s.y[i]!, zi = s.z[i]!;
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(s.x[j]! - xi, s.y[j]! - yi);
      if (d > cutoff || d === 0) continue;
      const b = Math.min(lags - 1, Math.floor(d / width));
      const dz = s.z[j]! - zi;
      sumD[b]! += d;
      sumG[b]! += 0.5 * dz * dz;
      count[b]!++;
    }
  }
  const bins: Bin[] = [];
  for (let b = 0; b < lags; b++) {
    if (count[b]! > 0) bins.push({ distance: sumD[b]! / count[b]!, semivariance: sumG[b]! / count[b]!, pairs: count[b]! });
  }
  return { bins, maxLag: cutoff };
}

export interface Fixed {
  nugget?: number | undefined;
  /** Total sill (nugget + partial sill). */
  sill?: number | undefined;
  range?: number | undefined;
}

/**
 * Weighted least-squares fit of a model to the experimental variogram, weights N_j / h_j² (gstat's
 * default, fit.method 7): close lags with many pairs count most. For a given range the model is
 * linear in nugget and partial sill, which are solved exactly under nugget ≥ 0, partial sill ≥ 0 (and
 * whatever the user fixed); the range is searched on a logarithmic grid and refined by golden-section.
 */
export function fitVariogram(bins: Bin[], model: ModelName, fixed: Fixed, maxLag: number): VariogramModel {
  if (fixed.nugget !== undefined && fixed.sill !== undefined && fixed.nugget > fixed.sill) {
    throw new GwzError('BAD_REQUEST', `块金值 ${fixed.nugget} 大于基台值 ${fixed.sill}。`, `The nugget ${fixed.nugget} exceeds the sill ${fixed.sill}.`, fixed);
  }
  const free = (fixed.nugget === undefined ? 1 : 0) + (fixed.sill === undefined ? 1 : 0) + (fixed.range === undefined ? 1 : 0);
  if (bins.length < Math.max(free, 1)) {
    throw new GwzError(
      'BAD_INPUT',
      `实验变差函数只有 ${bins.length} 个非空的滞后距分组，不足以拟合 ${free} 个参数；请增加采样点、增大最大滞后距或给定模型参数。`,
      `The experimental variogram has only ${bins.length} non-empty lags, too few to fit ${free} parameters; add points, raise the maximum lag or give the model parameters.`,
      { bins: bins.length, free },
    );
  }
  const w = bins.map((b) => b.pairs / (b.distance * b.distance));
  const g = bins.map((b) => b.semivariance);
  const linear = (range: number): { nugget: number; partialSill: number; sse: number } => {
    const f = bins.map((b) => shape(model, b.distance / range));
    let nugget: number;
    let partialSill: number;
    if (fixed.nugget !== undefined && fixed.sill !== undefined) {
      nugget = fixed.nugget;
      partialSill = fixed.sill - fixed.nugget;
    } else if (fixed.nugget !== undefined) {
      nugget = fixed.nugget;
      partialSill = Math.max(0, ratio(f, (i) => g[i]! - nugget, (i) => f[i]!));
    } else if (fixed.sill !== undefined) {
      const sill = fixed.sill;
      // γ − S·f = c0·(1 − f)
      nugget = Math.min(sill, Math.max(0, ratio(f, (i) => g[i]! - sill * f[i]!, (i) => 1 - f[i]!)));
      partialSill = sill - nugget;
    } else {
      ({ nugget, partialSill } = bothLinear(f));
    }
    let sse = 0;
    for (let i = 0; i < bins.length; i++) sse += w[i]! * (g[i]! - nugget - partialSill * f[i]!) ** 2;
    return { nugget, partialSill, sse };
  };
  /** Σ w a b / Σ w b², the least-squares coefficient of b for a. */
  const ratio = (f: number[], a: (i: number) => number, b: (i: number) => number): number => {
    let num = 0;
    let den = 0;
    for (let i = 0; i < f.length; i++) {
      num += w[i]! * a(i) * b(i);
      den += w[i]! * b(i) * b(i);
    }
    return den > 0 ? num / den : 0;
  };
  const bothLinear = (f: number[]): { nugget: number; partialSill: number } => {
    let sw = 0, sf = 0, sff = 0, sg = 0, sfg = 0;
    for (let i = 0; i < f.length; i++) {
      sw += w[i]!;
      sf += w[i]! * f[i]!;
      sff += w[i]! * f[i]! * f[i]!;
      sg += w[i]! * g[i]!;
      sfg += w[i]! * f[i]! * g[i]!;
    }
    const det = sw * sff - sf * sf;
    let nugget = det !== 0 ? (sff * sg - sf * sfg) / det : 0;
    let partialSill = det !== 0 ? (sw * sfg - sf * sg) / det : 0;
    if (nugget < 0 || det === 0) {
      nugget = 0;
      partialSill = sff > 0 ? sfg / sff : 0;
    }
    if (partialSill < 0) {
      partialSill = 0;
      nugget = sw > 0 ? sg / sw : 0;
    }
    return { nugget, partialSill };
  };

  let range: number;
  if (fixed.range !== undefined) {
    range = fixed.range;
  } else {
    const lo = Math.max(bins[0]!.distance / 4, maxLag / 1000);
    const hi = 3 * maxLag;
    const steps = 120;
    let best = lo;
    let bestSse = Infinity;
    let bestI = 0;
    const at = (i: number): number => lo * Math.pow(hi / lo, i / steps);
    for (let i = 0; i <= steps; i++) {
      const sse = linear(at(i)).sse;
      if (sse < bestSse) {
        bestSse = sse;
        best = at(i);
        bestI = i;
      }
    }
    // golden-section search between the neighbours of the best grid point
    let a = at(Math.max(0, bestI - 1));
    let b = at(Math.min(steps, bestI + 1));
    const phi = (Math.sqrt(5) - 1) / 2;
    let c = b - phi * (b - a);
    let d = a + phi * (b - a);
    let fc = linear(c).sse;
    let fd = linear(d).sse;
    for (let k = 0; k < 60; k++) {
      if (fc < fd) {
        b = d;
        d = c;
        fd = fc;
        c = b - phi * (b - a);
        fc = linear(c).sse;
      } else {
        a = c;
        c = d;
        fc = fd;
        d = a + phi * (b - a);
        fd = linear(d).sse;
      }
    }
    const mid = (a + b) / 2;
    range = linear(mid).sse <= bestSse ? mid : best;
  }
  const { nugget, partialSill, sse } = linear(range);
  return {
    model,
    nugget,
    sill: nugget + partialSill,
    partialSill,
    range,
    fitted: { nugget: fixed.nugget === undefined, sill: fixed.sill === undefined, range: fixed.range === undefined },
    sse,
  };
}
