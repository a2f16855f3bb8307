/** Scattered samples as columns (typed arrays), in the order the source gave them. */
export interface Samples {
  fid: Int32Array;
  x: Float64Array;
  y: Float64Array;
  z: Float64Array;
  /** Points of the source left out for having no value. */
  skipped: number;
}

/** Bounding box of the samples. */
export function samplesExtent(s: Pick<Samples, 'x' | 'y'>): [number, number, number, number] {
  let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity;
  for (let i = 0; i < s.x.length; i++) {
    const x = s.x[i]!, y = s.y[i]!;
    if (x < minx) minx = x;
    if (x > maxx) maxx = x;
    if (y < miny) miny = y;
    if (y > maxy) maxy = y;
  }
  return [minx, miny, maxx, maxy];
}

/**
 * Samples at the same place (closer than `tolerance`) merged into one with their mean value — kriging
 * cannot solve with two equations for one location. Keeps the first fid of each group.
 */
export function mergeCoincident(s: Samples, tolerance: number): { samples: Samples; merged: number } {
  const n = s.x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => s.x[a]! - s.x[b]! || s.y[a]! - s.y[b]! || a - b);
  const group = new Int32Array(n).fill(-1);
  for (let a = 0; a < n; a++) {
    const i = order[a]!;
    if (group[i] !== -1) continue;
    group[i] = i;
    for (let b = a + 1; b < n; b++) {
      const j = order[b]!;
      if (s.x[j]! - s.x[i]! > tolerance) break;
      if (group[j] === -1 && Math.hypot(s.x[j]! - s.x[i]!, s.y[j]! - s.y[i]!) <= tolerance) group[j] = i;
    }
  }
  const sums = new Map<number, { z: number; n: number }>();
  for (let i = 0; i < n; i++) {
    const g = group[i]!;
    const e = sums.get(g);
    if (e) {
      e.z += s.z[i]!;
      e.n++;
    } else sums.set(g, { z: s.z[i]!, n: 1 });
  }
  const keep = [...sums.keys()].sort((a, b) => a - b);
  return {
    samples: {
      fid: Int32Array.from(keep, (i) => s.fid[i]!),
      x: Float64Array.from(keep, (i) => s.x[i]!),
      y: Float64Array.from(keep, (i) => s.y[i]!),
      z: Float64Array.from(keep, (i) => sums.get(i)!.z / sums.get(i)!.n),
      skipped: s.skipped,
    },
    merged: n - keep.length,
  };
}
