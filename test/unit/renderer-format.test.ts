import { describe, expect, it } from 'vitest';
import { formatLonLat, formatScale, formatXY, groupDigits, scaleDenominator } from '../../renderer/map/format';
import { splitToken } from '../../renderer/api/token';

const plain = (s: string) => s.replace(/\u202f/g, ' ');
const hemispheres = { north: 'N', south: 'S', east: 'E', west: 'W' };

describe('status bar formats', () => {
  it('groups digits by three with a narrow no-break space', () => {
    expect(groupDigits(3093065.674, 2)).toBe('3\u202f093\u202f065.67');
    expect(plain(groupDigits(439437.016, 2))).toBe('439 437.02');
    expect(plain(groupDigits(-1234567, 0))).toBe('-1 234 567');
    expect(groupDigits(999.999, 2)).toBe('1000.00'.replace('1000', '1\u202f000'));
    expect(groupDigits(12, 0)).toBe('12');
  });

  it('writes Gauss–Krüger X (northing) then Y (easting) as surveyors do; geographic lon/lat with 6 decimals', () => {
    expect(plain(formatXY(439437.016, 3093065.674, false))).toBe('X 3 093 065.67  Y 439 437.02');
    expect(plain(formatXY(39437018.63, 3093065.67, false))).toBe('X 3 093 065.67  Y 39 437 018.63');
    expect(plain(formatXY(116.36, 27.95, true))).toBe('λ 116.360000  φ 27.950000');
  });

  it('writes latitude first with hemisphere letters', () => {
    expect(formatLonLat(116.36, 27.95, hemispheres, 2)).toBe('27.95°N 116.36°E');
    expect(formatLonLat(-70.5, -33.25, hemispheres, 2)).toBe('33.25°S 70.50°W');
    expect(formatLonLat(116.361234, 27.95, hemispheres)).toBe('27.95000°N 116.36123°E');
  });

  it('computes the scale from resolution with the 0.28 mm standard pixel, rounded to 3 digits', () => {
    expect(scaleDenominator(14, 1)).toBeCloseTo(50_000, 6);
    expect(plain(formatScale(scaleDenominator(14, 1)))).toBe('1:50 000');
    expect(plain(formatScale(48_732.4))).toBe('1:48 700');
    expect(formatScale(512.4)).toBe('1:512');
    expect(formatScale(0)).toBe('—');
    expect(formatScale(Number.NaN)).toBe('—');
  });
});

describe('session token from the page URL', () => {
  it('takes ?token= out and keeps the rest of the URL', () => {
    expect(splitToken('http://127.0.0.1:4321/?token=abc_-1&x=1#map')).toEqual({
      token: 'abc_-1',
      cleanUrl: 'http://127.0.0.1:4321/?x=1#map',
    });
    expect(splitToken('http://127.0.0.1:4321/?token=abc')).toEqual({ token: 'abc', cleanUrl: 'http://127.0.0.1:4321/' });
  });

  it('answers null when there is no token or it is empty', () => {
    expect(splitToken('http://127.0.0.1:4321/').token).toBeNull();
    expect(splitToken('http://127.0.0.1:4321/?token=').token).toBeNull();
  });
});
