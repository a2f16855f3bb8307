import { describe, expect, it } from 'vitest';
import type { Grid } from '../../electron/engine/analysis/core/grid';
import { cellBreaks, classifyRaster } from '../../electron/engine/analysis/raster/classify';
import { reclassifyRaster } from '../../electron/engine/analysis/raster/reclassify';

// Cells are Float32; rule bounds are written as decimals (float64). A cell holding a bound as written
// (4.6 → 4.599999904…, 0.1 → 0.100000001…) must land on the side of that bound the rule gives it.
const grid = (n: number): Grid => ({ srid: 4548, x0: 0, y0: 0, dx: 1, dy: 1, width: n, height: 1 });
const raster = (values: number[]) => ({ grid: grid(values.length), data: Float32Array.from(values) });

describe('reclassify by ranges at Float32 bounds', () => {
  it('a cell equal to a lower bound (4.6, stored just below 4.6) takes the range that starts there', () => {
    const out = reclassifyRaster(raster([4.6, 4.59, 4.61, 2]), {
      ranges: [
        { from: null, to: 4.6, value: 1 },
        { from: 4.6, to: null, value: 2 },
      ],
    });
    expect(Array.from(out.data)).toEqual([2, 1, 2, 1]);
    expect(out.unmatched).toBe(0);
  });

  it('a cell equal to the closed top bound (0.1, stored just above 0.1) matches the last range', () => {
    const out = reclassifyRaster(raster([0, 0.05, 0.1, 0.2]), {
      ranges: [
        { from: 0, to: 0.05, value: 1 },
        { from: 0.05, to: 0.1, value: 2 },
      ],
    });
    expect(Array.from(out.data)).toEqual([1, 2, 2, Number.NaN]);
    expect(out.unmatched).toBe(1);
  });

  it('an exclusive upper bound excludes the cell equal to it (0.3, stored just above 0.3)', () => {
    const out = reclassifyRaster(raster([0.3, 0.7]), {
      ranges: [
        { from: 0, to: 0.3, value: 1 },
        { from: 0.3, to: 0.7, value: 2 },
        { from: 0.7, to: 1, value: 3 },
      ],
    });
    expect(Array.from(out.data)).toEqual([2, 3]);
  });
});

describe('classify with manual breaks at Float32 bounds', () => {
  it('a cell equal to a break belongs to the class the break closes: (b0, b1] (0.1 stored just above 0.1)', () => {
    const out = classifyRaster(raster([0, 0.1, 0.10001, 4.6, 4.7]), cellBreaks([0, 0.1, 4.6, 5]));
    expect(Array.from(out.data)).toEqual([1, 1, 2, 2, 3]);
    expect(out.counts).toEqual([2, 2, 1]);
    expect(out.outside).toBe(0);
  });
});
