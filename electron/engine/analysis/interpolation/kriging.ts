import { checkpoints, type Cooperation } from '../core/cooperate';
import type { Grid } from '../core/grid';
import { PointIndex } from './neighbours';
import type { Samples } from './samples';
import { gamma, type Model } from './variogram';

export interface KrigingNeighbourhood {
  /** 0 = no limit. */
  radius: number;
  maxPoints: number;
  minPoints: number;
}

/**
 * Ordinary kriging with a local neighbourhood (the maxPoints nearest within the radius), in the
 * semivariogram form [Γ 1; 1ᵀ 0] [λ; μ] = [γ₀; 1]: estimate Σλᵢzᵢ, kriging variance Σλᵢγ₀ᵢ + μ. The
 * system is factorised once per neighbour set (LU with partial pivoting) and reused while the grid
 * walk keeps the same neighbours, which along a row is most of the time.
 */
export class OrdinaryKriging {
  private readonly index: PointIndex;
  private readonly idx: Int32Array;
  private readonly d2: Float64Array;
  private readonly set: Int32Array;
  private cached: Int32Array;
  private cachedN = -1;
  private lu: Float64Array;
  private piv: Int32Array;
  private readonly rhs: Float64Array;
  private readonly g0: Float64Array;
  /** Result of the last at(). */
  value = Number.NaN;
  variance = Number.NaN;

  constructor(
    private readonly s: Samples,
    private readonly model: Model,
    private readonly nb: KrigingNeighbourhood,
  ) {
    this.index = new PointIndex(s.x, s.y);
    const k = nb.maxPoints;
    this.idx = new Int32Array(k);
    this.d2 = new Float64Array(k);
    this.set = new Int32Array(k);
    this.cached = new Int32Array(k);
    this.lu = new Float64Array((k + 1) * (k + 1));
    this.piv = new Int32Array(k + 1);
    this.rhs = new Float64Array(k + 1);
    this.g0 = new Float64Array(k);
  }

  /** Kriges (qx, qy) with `exclude` left out; the estimate and variance land in value/variance (NaN when too few neighbours). */
  at(qx: number, qy: number, exclude = -1): void {
    const { s, nb } = this;
    const maxD2 = nb.radius > 0 ? nb.radius * nb.radius : Infinity;
    const m = this.index.nearest(qx, qy, nb.maxPoints, maxD2, exclude, this.idx, this.d2);
    if (m < nb.minPoints || m === 0) {
      this.value = this.variance = Number.NaN;
      return;
    }
    // the neighbour set in point order, so an unchanged set is recognised and its factorisation reused
    const set = this.set;
    for (let a = 0; a < m; a++) {
      const v = this.idx[a]!;
      let j = a;
      while (j > 0 && set[j - 1]! > v) {
        set[j] = set[j - 1]!;
        j--;
      }
      set[j] = v;
    }
    let same = m === this.cachedN;
    for (let a = 0; same && a < m; a++) same = set[a] === this.cached[a];
    if (!same && !this.factorise(m)) {
      this.value = this.variance = Number.NaN;
      return;
    }
    const rhs = this.rhs;
    for (let a = 0; a < m; a++) {
      const i = set[a]!;
      rhs[a] = gamma(this.model, Math.hypot(s.x[i]! - qx, s.y[i]! - qy));
    }
    rhs[m] = 1;
    const g0 = this.g0;
    g0.set(rhs.subarray(0, m));
    this.solve(m + 1);
    let value = 0;
    let variance = rhs[m]!;
    for (let a = 0; a < m; a++) {
      value += rhs[a]! * s.z[set[a]!]!;
      variance += rhs[a]! * g0[a]!;
    }
    this.value = value;
    this.variance = Math.max(0, variance);
  }

  /** LU-factorises the system of the current set; false when it is singular. */
  private factorise(m: number): boolean {
    const n = m + 1;
    const a = this.lu;
    const { s, set, model } = this;
    for (let i = 0; i < m; i++) {
      const pi = set[i]!;
      a[i * n + i] = 0;
      for (let j = i + 1; j < m; j++) {
        const pj = set[j]!;
        const g = gamma(model, Math.hypot(s.x[pi]! - s.x[pj]!, s.y[pi]! - s.y[pj]!));
        a[i * n + j] = g;
        a[j * n + i] = g;
      }
      a[i * n + m] = 1;
      a[m * n + i] = 1;
    }
    a[m * n + m] = 0;
    const piv = this.piv;
    const scale = Math.max(model.nugget + model.partialSill, 1e-300);
    for (let k = 0; k < n; k++) {
      let p = k;
      let best = Math.abs(a[k * n + k]!);
      for (let i = k + 1; i < n; i++) {
        const v = Math.abs(a[i * n + k]!);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      if (best < 1e-12 * scale) {
        this.cachedN = -1;
        return false;
      }
      piv[k] = p;
      if (p !== k) {
        for (let j = 0; j < n; j++) {
          const t = a[k * n + j]!;
          a[k * n + j] = a[p * n + j]!;
          a[p * n + j] = t;
        }
      }
      const d = a[k * n + k]!;
      for (let i = k + 1; i < n; i++) {
        const f = (a[i * n + k]! /= d);
        if (f === 0) continue;
        for (let j = k + 1; j < n; j++) a[i * n + j]! -= f * a[k * n + j]!;
      }
    }
    this.cached.set(set.subarray(0, m));
    this.cachedN = m;
    return true;
  }

  /** Solves the factorised system for rhs in place. */
  private solve(n: number): void {
    const a = this.lu;
    const b = this.rhs;
    const piv = this.piv;
    // the row swaps of the factorisation moved whole rows (multipliers too): apply them all first
    for (let k = 0; k < n; k++) {
      const p = piv[k]!;
      if (p !== k) {
        const t = b[k]!;
        b[k] = b[p]!;
        b[p] = t;
      }
    }
    for (let k = 0; k < n; k++) for (let i = k + 1; i < n; i++) b[i]! -= a[i * n + k]! * b[k]!;
    for (let k = n - 1; k >= 0; k--) {
      let v = b[k]!;
      for (let j = k + 1; j < n; j++) v -= a[k * n + j]! * b[j]!;
      b[k] = v / a[k * n + k]!;
    }
  }
}

/** Kriging estimate and variance at every cell centre of the grid. */
export async function krigingGrid(
  s: Samples,
  model: Model,
  nb: KrigingNeighbourhood,
  grid: Grid,
  opts: Cooperation = {},
): Promise<{ estimate: Float32Array; variance: Float32Array }> {
  const k = new OrdinaryKriging(s, model, nb);
  const estimate = new Float32Array(grid.width * grid.height);
  const variance = new Float32Array(grid.width * grid.height);
  const tick = checkpoints(opts);
  for (let r = 0; r < grid.height; r++) {
    const y = grid.y0 - (r + 0.5) * grid.dy;
    const row = r * grid.width;
    for (let c = 0; c < grid.width; c++) {
      k.at(grid.x0 + (c + 0.5) * grid.dx, y);
      estimate[row + c] = k.value;
      variance[row + c] = k.variance;
    }
    const t = tick(r / grid.height);
    if (t) await t;
  }
  return { estimate, variance };
}

/** Leave-one-out kriging of every sample from the others. */
export function krigingLeaveOneOut(s: Samples, model: Model, nb: KrigingNeighbourhood): { predicted: Float64Array; variance: Float64Array } {
  const k = new OrdinaryKriging(s, model, nb);
  const predicted = new Float64Array(s.x.length);
  const variance = new Float64Array(s.x.length);
  for (let i = 0; i < s.x.length; i++) {
    k.at(s.x[i]!, s.y[i]!, i);
    predicted[i] = k.value;
    variance[i] = k.variance;
  }
  return { predicted, variance };
}
