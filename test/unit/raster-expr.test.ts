import { describe, expect, it } from 'vitest';
import { compileRasterExpression } from '../../electron/engine/analysis/core/raster-expr';
import { evaluate, parseExpression, type Value } from '../../shared/expr';

/** Cells of two inputs covering the awkward values: nodata, zero, negatives, fractions. */
const A = [Number.NaN, 0, 1, -2, 2.5, 7, 100, -0.5, 3, 3];
const B = [1, Number.NaN, 0, 4, 2.5, -3, 0.25, 8, 3, Number.NaN];

function raster(src: string, a = A, b = B): number[] {
  const c = compileRasterExpression(parseExpression(src));
  const inputs = c.names.map((n) => Float32Array.from(n === 'a' ? a : n === '高程' ? a : b));
  const out = new Float32Array(a.length);
  c.evaluate(inputs, out);
  return [...out];
}

/** The row evaluator on the same cells (NaN in, null out ↔ NaN). */
function rows(src: string): number[] {
  const e = parseExpression(src);
  return A.map((_, i) => {
    const val = (x: number): Value => (Number.isNaN(x) ? null : x);
    const v = evaluate(e, (n) => (n === 'a' || n === '高程' ? val(A[i]!) : val(B[i]!)));
    if (v === null) return Number.NaN;
    return Math.fround(typeof v === 'boolean' ? (v ? 1 : 0) : (v as number));
  });
}

describe('raster expression evaluator', () => {
  const cases = [
    'a + b * 2 - 1',
    'a / b',
    'a % b',
    '(a - b) ^ 2',
    '-a + 3',
    'a > b',
    'a >= 3 and b < 5',
    'a > 2 or b > 2',
    'not (a > 2)',
    'a is null',
    'b is not null',
    'a in (3, 7, 100)',
    'a not in (3, 7)',
    'if(a > 2, a, b)',
    'coalesce(a, b, -1)',
    'min(a, b, 5)',
    'max(a, b)',
    'sqrt(a)',
    'ln(a) + log10(b)',
    'abs(a) + floor(b) + ceil(a)',
    'round(a / 3, 2)',
    'pow(a, 2) + atan2(a, b)',
    'exp(a) * 0 + sin(a) + cos(b) + tan(a) + atan(b)',
    'a = 3 and b = 3',
    'a != b',
    '高程 * 2',
    'null + a',
    'true + a',
  ];
  for (const src of cases) {
    it(`agrees with the row evaluator on ${src}`, () => {
      expect(raster(src)).toEqual(rows(src));
    });
  }

  it('keeps three-valued logic: false and nodata is false, true or nodata is true', () => {
    expect(raster('a > 1000 and b > 0')).toEqual(rows('a > 1000 and b > 0'));
    expect(raster('a > 1000 and b > 0')[1]).toBe(0);
    expect(raster('a > 1000 and b > 0')[0]).toBeNaN();
    expect(raster('a < 1000 or b > 0')[1]).toBe(1);
  });

  it('turns infinities into nodata and refuses text', () => {
    expect(raster('a / 0 + 1')[2]).toBeNaN();
    expect(raster('exp(a)', [1000, 1], [0, 0])).toEqual([Number.NaN, Math.fround(Math.E)]);
    expect(() => compileRasterExpression(parseExpression("a + 'x'"))).toThrow(/Text values/);
  });

  it('evaluates many blocks (longer than one 4096-cell block) in order', () => {
    const n = 10_000;
    const a = Array.from({ length: n }, (_, i) => i);
    const b = Array.from({ length: n }, (_, i) => n - i);
    const out = raster('a * 2 + b', a, b);
    expect(out.every((v, i) => v === i + n)).toBe(true);
  });

  it('names every input once, in order of first use, with its position in the source', () => {
    const e = parseExpression('"坡度 %" * 2 + 高程 - "坡度 %"');
    expect(compileRasterExpression(e).names).toEqual(['坡度 %', '高程']);
    expect(e).toMatchObject({ type: 'binary', left: { right: { type: 'name', name: '高程', pos: 13 } }, right: { type: 'name', name: '坡度 %', pos: 18 } });
  });
});
