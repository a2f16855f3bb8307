import { describe, expect, it } from 'vitest';
import { classBreaks, classOf, JENKS_MAX_VALUES } from '../../shared/style';

// The worked example published with PySAL's mapclassify (README, "FisherJenks", and the same data
// in riatelab/statsbreaks' tests): employment density of the 58 California counties.
const CALEMP = [
  329.92, 0.42, 5.9, 14.03, 2.78, 1.34, 181.27, 1.65, 10.03, 16.7, 1.32, 3.99, 3.16, 0.22, 8.7, 6.56, 3.27, 0.33, 370.5, 4.51, 75.29, 0.99, 2.74, 8.68,
  0.14, 0.92, 12.63, 28.7, 12.02, 722.85, 36.68, 0.74, 29.82, 192.05, 3.38, 11.15, 110.74, 4111.45, 49.47, 10.33, 317.11, 20.47, 264.93, 66.26, 5.39,
  0.13, 0.61, 50.65, 40.48, 36.67, 13.09, 1.81, 0.2, 7.6, 2.51, 57.26, 24.32, 6.97,
];

const counts = (values: number[], breaks: number[]): number[] => {
  const out = new Array<number>(breaks.length - 1).fill(0);
  for (const v of values) out[classOf(v, breaks)]!++;
  return out;
};

describe('class breaks against the published mapclassify example (calemp, k = 5)', () => {
  it('Jenks: bins 75.29, 192.05, 370.50, 722.85, 4111.45 with 49, 3, 4, 1, 1 counties', () => {
    expect(CALEMP.reduce((a, b) => a + b, 0) / CALEMP.length).toBeCloseTo(125.92810344827588, 10);
    const breaks = classBreaks(CALEMP, 'jenks', 5);
    expect(breaks).toEqual([0.13, 75.29, 192.05, 370.5, 722.85, 4111.45]);
    expect(counts(CALEMP, breaks)).toEqual([49, 3, 4, 1, 1]);
  });

  it('equal interval: bins 822.394 … 4111.45 with 57, 0, 0, 0, 1', () => {
    const breaks = classBreaks(CALEMP, 'equal', 5);
    expect(breaks.slice(1).map((b) => Number(b.toFixed(3)))).toEqual([822.394, 1644.658, 2466.922, 3289.186, 4111.45]);
    expect(counts(CALEMP, breaks)).toEqual([57, 0, 0, 0, 1]);
  });

  it('quantile: 1.46, 5.80, 13.28, 54.62 (statsbreaks, rounded to 2 decimals)', () => {
    const breaks = classBreaks(CALEMP, 'quantile', 5);
    expect(breaks.map((b) => Number(b.toFixed(2)))).toEqual([0.13, 1.46, 5.8, 13.28, 54.62, 4111.45]);
  });
});

describe('classification rules', () => {
  it('puts a value on a break in the lower class, the minimum in the first (as QGIS and ArcGIS)', () => {
    const breaks = [1, 4, 7, 10];
    expect([1, 2, 4, 4.5, 7, 8, 10].map((v) => classOf(v, breaks))).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(classOf(0.5, breaks)).toBe(-1);
    expect(classOf(10.5, breaks)).toBe(-1);
    expect(classOf(Number.NaN, breaks)).toBe(-1);
  });

  it('gives fewer classes than asked when there are fewer distinct values', () => {
    const values = [1, 1, 1, 2, 2, 3, 3, 3];
    expect(classBreaks(values, 'jenks', 5)).toEqual([1, 2, 3]);
    expect(counts(values, classBreaks(values, 'jenks', 5))).toEqual([5, 3]);
    expect(classBreaks([5, 5, 5], 'quantile', 4)).toEqual([5, 5]);
    expect(classBreaks([Number.NaN], 'equal', 4)).toEqual([]);
    expect(classBreaks([3, 1, 2, 2], 'manual', 0, [2, 1, 3, 2])).toEqual([1, 2, 3]);
  });

  it('Jenks on a large input (a raster) samples it and still finds well-separated groups exactly', () => {
    // four clusters of 100 000 values each around 10, 50, 200, 1000
    const centres = [10, 50, 200, 1000];
    const values = new Float32Array(400_000);
    for (let i = 0; i < values.length; i++) values[i] = centres[i % 4]! + ((i * 7919) % 1000) / 1000;
    expect(values.length).toBeGreaterThan(JENKS_MAX_VALUES);
    const breaks = classBreaks(values, 'jenks', 4);
    expect(breaks).toHaveLength(5);
    expect(counts(Array.from(values), breaks)).toEqual([100_000, 100_000, 100_000, 100_000]);
  });
});
