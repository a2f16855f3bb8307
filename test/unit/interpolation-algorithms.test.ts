import { describe, expect, it } from 'vitest';
import { niceCellSize } from '../../electron/engine/analysis/core/resolve-grid';
import { Idw } from '../../electron/engine/analysis/interpolation/idw';
import { PointIndex } from '../../electron/engine/analysis/interpolation/neighbours';
import { mergeCoincident } from '../../electron/engine/analysis/interpolation/samples';
import { fitVariogram, gamma, shape } from '../../electron/engine/analysis/interpolation/variogram';

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) | 0) >>> 0) / 4294967296;
}

describe('nearest-neighbour index', () => {
  it('finds the same k nearest as a brute-force search, for queries inside and far outside the points', () => {
    const r = rng(9);
    const n = 500;
    const x = Float64Array.from({ length: n }, () => 1000 + r() * 5000);
    const y = Float64Array.from({ length: n }, () => 2000 + r() * 3000);
    const index = new PointIndex(x, y);
    const idx = new Int32Array(16);
    const d2 = new Float64Array(16);
    for (let q = 0; q < 300; q++) {
      const qx = -5000 + r() * 20_000;
      const qy = -5000 + r() * 15_000;
      const radius = q % 3 === 0 ? 400 : Infinity;
      const exclude = q % 5 === 0 ? q : -1;
      const got = index.nearest(qx, qy, 16, radius * radius, exclude, idx, d2);
      const brute = Array.from({ length: n }, (_, i) => i)
        .filter((i) => i !== exclude)
        .map((i) => ({ i, d: (x[i]! - qx) ** 2 + (y[i]! - qy) ** 2 }))
        .filter((e) => e.d <= radius * radius)
        .sort((a, b) => a.d - b.d || a.i - b.i)
        .slice(0, 16);
      expect(got).toBe(brute.length);
      expect(Array.from(idx.subarray(0, got))).toEqual(brute.map((e) => e.i));
      const inside = new Int32Array(n);
      const within = index.within(qx, qy, 500 * 500, exclude, inside, new Float64Array(n));
      const bruteWithin = Array.from({ length: n }, (_, i) => i).filter((i) => i !== exclude && (x[i]! - qx) ** 2 + (y[i]! - qy) ** 2 <= 500 * 500);
      expect(Array.from(inside.subarray(0, within)).sort((a, b) => a - b)).toEqual(bruteWithin);
    }
  });

  it('lists every point within a radius', () => {
    const x = Float64Array.from([0, 1, 2, 3, 10]);
    const y = Float64Array.from([0, 0, 0, 0, 0]);
    const index = new PointIndex(x, y);
    const idx = new Int32Array(5);
    const n = index.within(1.2, 0, 1.5 * 1.5, 1, idx, new Float64Array(5));
    expect(Array.from(idx.subarray(0, n)).sort()).toEqual([0, 2]);
  });
});

describe('IDW evaluator', () => {
  it('returns the value of a point at the node, and gdal_grid’s weights elsewhere', () => {
    const s = { fid: Int32Array.from([1, 2]), x: Float64Array.from([0, 10]), y: Float64Array.from([0, 0]), z: Float64Array.from([1, 3]), skipped: 0 };
    const all = new Idw(s, { power: 2, smoothing: 0, radius: 0, maxPoints: 0, minPoints: 0 });
    expect(all.at(0, 0)).toBe(1);
    // at x = 2.5: weights 1/6.25 and 1/56.25
    expect(all.at(2.5, 0)).toBeCloseTo((1 / 6.25 + 3 / 56.25) / (1 / 6.25 + 1 / 56.25), 12);
    const near = new Idw(s, { power: 2, smoothing: 0, radius: 5, maxPoints: 1, minPoints: 1 });
    expect(near.at(2.5, 0)).toBe(1);
    expect(Number.isNaN(near.at(20, 20))).toBe(true);
    const leaveOut = new Idw(s, { power: 2, smoothing: 0, radius: 0, maxPoints: 0, minPoints: 0 });
    expect(leaveOut.at(0, 0, 0)).toBe(3);
  });
});

describe('variogram models and fitting', () => {
  it('reach the sill at the effective range (spherical) or 95% of it (exponential, Gaussian)', () => {
    expect(shape('spherical', 1)).toBe(1);
    expect(shape('spherical', 0.5)).toBeCloseTo(0.6875, 12);
    expect(shape('exponential', 1)).toBeCloseTo(0.95, 2);
    expect(shape('gaussian', 1)).toBeCloseTo(0.95, 2);
    expect(gamma({ model: 'spherical', nugget: 1, partialSill: 2, range: 100 }, 0)).toBe(0);
    expect(gamma({ model: 'spherical', nugget: 1, partialSill: 2, range: 100 }, 1e-9)).toBeCloseTo(1, 6);
  });

  for (const model of ['spherical', 'exponential', 'gaussian'] as const) {
    it(`recovers ${model} parameters from an exact variogram, and keeps the parameters the user fixed`, () => {
      const truth = { model, nugget: 0.4, partialSill: 1.6, range: 800 };
      const bins = Array.from({ length: 15 }, (_, i) => ({ distance: 50 + i * 70, semivariance: gamma(truth, 50 + i * 70), pairs: 100 + i }));
      const fit = fitVariogram(bins, model, {}, 1100);
      expect(fit.nugget).toBeCloseTo(0.4, 4);
      expect(fit.partialSill).toBeCloseTo(1.6, 4);
      expect(fit.range).toBeCloseTo(800, 0);
      expect(fit.sse).toBeLessThan(1e-10);
      const fixed = fitVariogram(bins, model, { nugget: 0.2, range: 700 }, 1100);
      expect(fixed).toMatchObject({ nugget: 0.2, range: 700, fitted: { nugget: false, sill: true, range: false } });
      const sillFixed = fitVariogram(bins, model, { sill: 2 }, 1100);
      expect(sillFixed.sill).toBeCloseTo(2, 12);
      expect(sillFixed.nugget).toBeCloseTo(0.4, 3);
    });
  }

  it('refuses too few lags for the free parameters, and a nugget above the sill', () => {
    const bins = [{ distance: 10, semivariance: 1, pairs: 3 }];
    expect(() => fitVariogram(bins, 'spherical', {}, 100)).toThrow(/non-empty lags/);
    expect(() => fitVariogram(bins, 'spherical', { nugget: 3, sill: 2 }, 100)).toThrow(/exceeds the sill/);
  });
});

describe('samples', () => {
  it('merges coincident points into their mean', () => {
    const s = { fid: Int32Array.from([1, 2, 3]), x: Float64Array.from([5, 5, 9]), y: Float64Array.from([1, 1, 1]), z: Float64Array.from([2, 4, 7]), skipped: 0 };
    const { samples, merged } = mergeCoincident(s, 1e-6);
    expect(merged).toBe(1);
    expect(Array.from(samples.fid)).toEqual([1, 3]);
    expect(Array.from(samples.z)).toEqual([3, 7]);
  });

  it('round cell sizes', () => {
    expect(niceCellSize(23.7)).toBe(20);
    expect(niceCellSize(3.1)).toBe(2.5);
    expect(niceCellSize(0.07)).toBeCloseTo(0.05, 12);
    expect(niceCellSize(600)).toBe(500);
  });
});
