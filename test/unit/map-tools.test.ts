import { describe, expect, it } from 'vitest';
import { formatArea, formatLength, measurePlanar, ringArea } from '../../shared/geo/measure';
import { ExtentHistory } from '../../renderer/map/extent-history';
import { formatScale, parseScale, resolutionForScale, scaleDenominator, toDms } from '../../renderer/map/format';

describe('planar measure (shared by the map tool and geometry.measure)', () => {
  it('measures a 3-4-5 triangle: perimeter 12, area 6, segments in order', () => {
    const m = measurePlanar({ type: 'Polygon', coordinates: [[[0, 0], [3, 0], [3, 4]]] });
    expect(m.area).toBe(6);
    expect(m.length).toBe(12);
    expect(m.segments).toEqual([3, 4, 5]);
  });
  it('keeps precision at Gauss–Krüger northings (a 1 m square at 3 100 000 m is 1 m²)', () => {
    expect(ringArea([[39500000, 3100000], [39500001, 3100000], [39500001, 3100001], [39500000, 3100001]])).toBe(1);
  });
  it('formats m / km and m² / 公顷 / km²', () => {
    expect(formatLength(856.34)).toBe('856.3 m');
    expect(formatLength(12457)).toBe('12.457 km');
    expect(formatArea(5000, 'zh-CN')).toBe('5,000.0 m²');
    expect(formatArea(250_000, 'zh-CN')).toBe('25.00 公顷');
    expect(formatArea(250_000, 'en')).toBe('25.00 ha');
    expect(formatArea(2_500_000, 'zh-CN')).toBe('2.500 km² (250.0 公顷)');
  });
});

describe('typed scale', () => {
  it('reads 1:25000, 1:25 000, 1:25,000, full-width and bare numbers', () => {
    for (const text of ['1:25000', '1:25 000', '1:25,000', '１：２５０００', '25000', ' 25 000 ']) expect(parseScale(text)).toBe(25000);
    for (const text of ['', 'abc', '1:', '1:0', '-5', '2:5000']) expect(parseScale(text)).toBeNull();
  });
  it('round-trips with the resolution and writes 1:50,000 in English', () => {
    expect(scaleDenominator(resolutionForScale(25000, 1), 1)).toBeCloseTo(25000, 6);
    expect(formatScale(50000, 'en')).toBe('1:50,000');
  });
  it('writes DMS with carried seconds', () => {
    expect(toDms(27.95)).toBe('27°57′00.0″');
    expect(toDms(116.999999)).toBe('117°00′00.0″');
  });
});

describe('extent history', () => {
  const at = (x: number, r = 10) => ({ center: [x, 0] as const, resolution: r });
  it('goes back and forward, and a new move drops the forward branch', () => {
    const h = new ExtentHistory();
    h.record(at(0));
    h.record(at(100));
    h.record(at(200));
    expect(h.back()).toEqual(at(100));
    h.record(at(100)); // the move the history made is not recorded again
    expect(h.back()).toEqual(at(0));
    h.record(at(0));
    expect(h.canBack()).toBe(false);
    expect(h.forward()).toEqual(at(100));
    h.record(at(100));
    h.record(at(500));
    expect(h.canForward()).toBe(false);
    expect(h.back()).toEqual(at(100));
  });
  it('ignores sub-pixel differences', () => {
    const h = new ExtentHistory();
    h.record(at(0));
    h.record(at(2));
    expect(h.canBack()).toBe(false);
  });
});
