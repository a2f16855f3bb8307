/**
 * Nearest-neighbour search over scattered points: a uniform bucket grid (about two points per
 * bucket) searched ring by ring outward from the query until the k-th nearest found is closer than
 * any bucket not yet visited. For the 1–64 neighbours interpolation asks for this is far quicker than
 * a tree, and it allocates nothing per query.
 */
export class PointIndex {
  private readonly minx: number;
  private readonly miny: number;
  private readonly size: number;
  private readonly nx: number;
  private readonly ny: number;
  /** Bucket b holds points order[start[b]] … order[start[b + 1] − 1]. */
  private readonly start: Int32Array;
  private readonly order: Int32Array;

  constructor(
    private readonly x: Float64Array,
    private readonly y: Float64Array,
  ) {
    const n = x.length;
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
    for (let i = 0; i < n; i++) {
      minx = Math.min(minx, x[i]!);
      maxx = Math.max(maxx, x[i]!);
      miny = Math.min(miny, y[i]!);
      maxy = Math.max(maxy, y[i]!);
    }
    const w = Math.max(maxx - minx, 1e-9);
    const h = Math.max(maxy - miny, 1e-9);
    const size = Math.max(Math.sqrt((w * h) / Math.max(1, n / 2)), w / 4096, h / 4096, 1e-9);
    this.minx = minx;
    this.miny = miny;
    this.size = size;
    this.nx = Math.max(1, Math.ceil(w / size));
    this.ny = Math.max(1, Math.ceil(h / size));
    const buckets = this.nx * this.ny;
    const counts = new Int32Array(buckets + 1);
    const bucketOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const b = this.bucket(x[i]!, y[i]!);
      bucketOf[i] = b;
      counts[b + 1]!++;
    }
    for (let b = 0; b < buckets; b++) counts[b + 1]! += counts[b]!;
    this.start = counts.slice();
    this.order = new Int32Array(n);
    const fill = counts.slice(0, buckets);
    for (let i = 0; i < n; i++) this.order[fill[bucketOf[i]!]!++] = i;
  }

  private bucket(x: number, y: number): number {
    const bx = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minx) / this.size)));
    const by = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.miny) / this.size)));
    return by * this.nx + bx;
  }

  /**
   * The (at most) k points nearest to (qx, qy) within squared distance maxD2 (Infinity: any), the
   * point `exclude` left out, nearest first (ties in point order), into idx/d2. Returns how many.
   */
  nearest(qx: number, qy: number, k: number, maxD2: number, exclude: number, idx: Int32Array, d2: Float64Array): number {
    let found = 0;
    const { x, y, order, start, nx, ny, size, minx, miny } = this;
    const fx = (qx - minx) / size;
    const fy = (qy - miny) / size;
    const bx = Math.floor(fx);
    const by = Math.floor(fy);
    // a query off the bucket grid starts at the first ring that reaches it
    const first = Math.max(0, -bx, bx - (nx - 1), -by, by - (ny - 1));
    for (let ring = first; ; ring++) {
      const x0 = bx - ring, x1 = bx + ring, y0 = by - ring, y1 = by + ring;
      for (let gy = Math.max(0, y0); gy <= Math.min(ny - 1, y1); gy++) {
        const edgeRow = gy === y0 || gy === y1;
        for (let gx = Math.max(0, x0); gx <= Math.min(nx - 1, x1); gx++) {
          if (!edgeRow && gx !== x0 && gx !== x1) continue;
          const b = gy * nx + gx;
          for (let p = start[b]!; p < start[b + 1]!; p++) {
            const i = order[p]!;
            if (i === exclude) continue;
            const dx = x[i]! - qx;
            const dy = y[i]! - qy;
            const dd = dx * dx + dy * dy;
            if (dd > maxD2) continue;
            if (found === k && !(dd < d2[k - 1]! || (dd === d2[k - 1] && i < idx[k - 1]!))) continue;
            // insertion into the sorted list (k is small)
            let j = found < k ? found++ : k - 1;
            while (j > 0 && (d2[j - 1]! > dd || (d2[j - 1] === dd && idx[j - 1]! > i))) {
              d2[j] = d2[j - 1]!;
              idx[j] = idx[j - 1]!;
              j--;
            }
            d2[j] = dd;
            idx[j] = i;
          }
        }
      }
      // every point not yet seen lies outside the visited square of buckets
      const covered = x0 <= 0 && y0 <= 0 && x1 >= nx - 1 && y1 >= ny - 1;
      if (covered) break;
      const gap = Math.min(fx - x0, x1 + 1 - fx, fy - y0, y1 + 1 - fy) * size;
      if (gap > 0) {
        const gap2 = gap * gap;
        if (gap2 > maxD2) break;
        if (found === k && gap2 >= d2[k - 1]!) break;
      }
    }
    return found;
  }

  /** Every point within squared distance maxD2 of (qx, qy) except `exclude`, in bucket order, into idx/d2. Returns how many. */
  within(qx: number, qy: number, maxD2: number, exclude: number, idx: Int32Array, d2: Float64Array): number {
    const { x, y, order, start, nx, ny, size, minx, miny } = this;
    const r = Math.sqrt(maxD2);
    const gx0 = Math.max(0, Math.floor((qx - r - minx) / size));
    const gx1 = Math.min(nx - 1, Math.floor((qx + r - minx) / size));
    const gy0 = Math.max(0, Math.floor((qy - r - miny) / size));
    const gy1 = Math.min(ny - 1, Math.floor((qy + r - miny) / size));
    let found = 0;
    for (let gy = gy0; gy <= gy1; gy++) {
      for (let gx = gx0; gx <= gx1; gx++) {
        const b = gy * nx + gx;
        for (let p = start[b]!; p < start[b + 1]!; p++) {
          const i = order[p]!;
          if (i === exclude) continue;
          const dx = x[i]! - qx;
          const dy = y[i]! - qy;
          const dd = dx * dx + dy * dy;
          if (dd <= maxD2) {
            idx[found] = i;
            d2[found++] = dd;
          }
        }
      }
    }
    return found;
  }
}

