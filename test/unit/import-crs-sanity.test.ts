import { describe, expect, it } from 'vitest';
import { crsIssues } from '../../electron/engine/io/vector/crs-sanity';
import { findCrs } from '../../shared/crs';

const facts = (code: string) => {
  const c = findCrs(code)!;
  return { geographic: c.geographic, proj4: c.proj4, bounds: c.bounds };
};

describe('coordinates that cannot be in the CRS', () => {
  // A site near 抚州 (116.3°E, 28°N): CGCS2000 3° GK CM 117E is EPSG:4548, zone 39 prefixed is EPSG:4527.
  const cm: [number, number, number, number] = [430_000, 3_090_000, 470_000, 3_120_000];
  const prefixed: [number, number, number, number] = [39_430_000, 3_090_000, 39_470_000, 3_120_000];

  it('zone-prefixed eastings in a CM CRS → the prefixed EPSG of the same datum', () => {
    expect(crsIssues(prefixed, facts('EPSG:4548'), null)).toMatchObject([{ kind: 'zone-prefix-unexpected', suggestedCrs: 'EPSG:4527' }]);
    // Xian 1980 3° CM 117E is EPSG:2384, its zone 39 prefixed twin EPSG:2363
    expect(crsIssues(prefixed, facts('EPSG:2384'), null)[0]).toMatchObject({ suggestedCrs: 'EPSG:2363' });
  });

  it('eastings without prefix in a prefixed CRS → the CM EPSG', () => {
    expect(crsIssues(cm, facts('EPSG:4527'), null)).toMatchObject([{ kind: 'zone-prefix-missing', suggestedCrs: 'EPSG:4548' }]);
  });

  it('northing and easting swapped → swapAxes', () => {
    expect(crsIssues([3_090_000, 430_000, 3_120_000, 470_000], facts('EPSG:4548'), null)).toMatchObject([{ kind: 'axes-swapped', swapAxes: true }]);
    expect(crsIssues([27, 116, 28.5, 117], facts('EPSG:4490'), [27, 116, 28.5, 117])[0]).toMatchObject({ kind: 'axes-swapped' });
  });

  it('degrees in a projected CRS → a geographic CRS', () => {
    expect(crsIssues([116, 27, 117, 28], facts('EPSG:4548'), null)).toMatchObject([{ kind: 'degrees-in-projected', suggestedCrs: 'EPSG:4490' }]);
  });

  it('consistent data raise nothing; data clearly outside the area of use are flagged', () => {
    expect(crsIssues(cm, facts('EPSG:4548'), [116.2, 27.9, 116.7, 28.2])).toEqual([]);
    expect(crsIssues(cm, facts('EPSG:4548'), [100, 27.9, 101, 28.2])).toMatchObject([{ kind: 'outside-area' }]);
    expect(crsIssues([116, 27, 117, 28], facts('EPSG:4490'), [116, 27, 117, 28])).toEqual([]);
  });
});
