import { describe, expect, it } from 'vitest';
import { Random } from '../../electron/engine/demo/random';
import { DEMO_EXTENT, MAIN_RIVER, distanceToPolyline } from '../../electron/engine/demo/region';
import { elevation } from '../../electron/engine/demo/terrain';

describe('demo terrain and randomness', () => {
  it('repeats the same sequence for the same seed and a different one otherwise', () => {
    const a = new Random(7);
    const b = new Random(7);
    const c = new Random(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('has a low basin in the north, mountains in the east, and valleys below their banks', () => {
    const { minX, minY, maxX, maxY } = DEMO_EXTENT;
    const basin = elevation(440_000, 3_120_000);
    const east = elevation(maxX - 5_000, (minY + maxY) / 2);
    expect(basin).toBeGreaterThan(20);
    expect(basin).toBeLessThan(200);
    expect(east).toBeGreaterThan(600);
    // On the main river versus 12 km off it, at the same northing.
    const [rx, ry] = MAIN_RIVER[3]!;
    expect(distanceToPolyline(rx, ry, MAIN_RIVER)).toBe(0);
    expect(elevation(rx, ry)).toBeLessThan(elevation(rx + 12_000, ry));
    expect(elevation(minX + 1000, minY + 1000)).toBe(elevation(minX + 1000, minY + 1000));
  });
});
