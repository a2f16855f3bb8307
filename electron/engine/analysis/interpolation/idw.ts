import { checkpoints, type Cooperation } from '../core/cooperate';
import type { Grid } from '../core/grid';
import { PointIndex } from './neighbours';
import type { Samples } from './samples';

/**
 * IDW parameters with gdal_grid's meanings: weights 1 / (d² + smoothing²)^(power/2); a point closer
 * than 1e-13 (in that smoothed squared distance) to the node gives its value outright; `radius` 0 =
 * no limit; `maxPoints` 0 = every point (gdal_grid -a invdist), otherwise the nearest maxPoints
 * (gdal_grid -a invdistnn, whose max_points picks the nearest — invdist's max_points takes the first
 * points in file order instead, so we do not follow it there); fewer than `minPoints` gives nodata.
 */
export interface IdwParams {
  power: number;
  smoothing: number;
  radius: number;
  maxPoints: number;
  minPoints: number;
}

/** A reusable IDW evaluator over one set of samples. */
export class Idw {
  private readonly index: PointIndex | null;
  private readonly idx: Int32Array;
  private readonly d2: Float64Array;
  private readonly s2: number;
  private readonly half: number;

  constructor(
    private readonly s: Samples,
    private readonly p: IdwParams,
  ) {
    const n = s.x.length;
    const needIndex = p.maxPoints > 0 || p.radius > 0;
    this.index = needIndex ? new PointIndex(s.x, s.y) : null;
    this.idx = new Int32Array(p.maxPoints > 0 ? p.maxPoints : n);
    this.d2 = new Float64Array(this.idx.length);
    this.s2 = p.smoothing * p.smoothing;
    this.half = p.power / 2;
  }

  /** The interpolated value at (qx, qy), the sample `exclude` left out (cross-validation); NaN for nodata. */
  at(qx: number, qy: number, exclude = -1): number {
    const { s, p, s2, half } = this;
    const z = s.z;
    if (!this.index) {
      // every point (gdal_grid invdist without a search ellipse)
      const x = s.x;
      const y = s.y;
      let num = 0;
      let den = 0;
      let n = 0;
      const square = half === 1;
      for (let i = 0; i < x.length; i++) {
        if (i === exclude) continue;
        const dx = x[i]! - qx;
        const dy = y[i]! - qy;
        const r2 = dx * dx + dy * dy + s2;
        if (r2 < 1e-13) return z[i]!;
        const w = square ? 1 / r2 : 1 / Math.pow(r2, half);
        num += w * z[i]!;
        den += w;
        n++;
      }
      return n < p.minPoints || den === 0 ? Number.NaN : num / den;
    }
    const maxD2 = p.radius > 0 ? p.radius * p.radius : Infinity;
    const count =
      p.maxPoints > 0
        ? this.index.nearest(qx, qy, p.maxPoints, maxD2, exclude, this.idx, this.d2)
        : this.index.within(qx, qy, maxD2, exclude, this.idx, this.d2);
    if (count < p.minPoints || count === 0) return Number.NaN;
    let num = 0;
    let den = 0;
    let singular = -1;
    for (let j = 0; j < count; j++) {
      const r2 = this.d2[j]! + s2;
      const i = this.idx[j]!;
      if (r2 < 1e-13) {
        if (singular < 0 || i < singular) singular = i;
        continue;
      }
      const w = half === 1 ? 1 / r2 : 1 / Math.pow(r2, half);
      num += w * z[i]!;
      den += w;
    }
    if (singular >= 0) return z[singular]!;
    return den === 0 ? Number.NaN : num / den;
  }
}

/** IDW at every cell centre of the grid (NaN where there are too few points). */
export async function idwGrid(s: Samples, grid: Grid, p: IdwParams, opts: Cooperation = {}): Promise<Float32Array> {
  const idw = new Idw(s, p);
  const out = new Float32Array(grid.width * grid.height);
  const tick = checkpoints(opts);
  for (let r = 0; r < grid.height; r++) {
    const y = grid.y0 - (r + 0.5) * grid.dy;
    const row = r * grid.width;
    for (let c = 0; c < grid.width; c++) out[row + c] = idw.at(grid.x0 + (c + 0.5) * grid.dx, y);
    const t = tick(r / grid.height);
    if (t) await t;
  }
  return out;
}

/** Leave-one-out predictions: each sample from the others (NaN where too few remain). */
export function idwLeaveOneOut(s: Samples, p: IdwParams): Float64Array {
  const idw = new Idw(s, p);
  return Float64Array.from(s.x, (x, i) => idw.at(x, s.y[i]!, i));
}
