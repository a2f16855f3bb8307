import { describe, expect, it } from 'vitest';
import { KeyZoneProfileSchema, combineClasses, profileNotes, rateByRanges, ZONE, DRASTIC_FACTORS } from '../../shared/domain/keyzone-profile';
import { BUILTIN_PROFILES, PROFILE_2023, PROFILE_DRASTIC, PROFILE_DRASTIC_PESTICIDE } from '../../shared/domain/keyzone-profiles';
import type { Grid } from '../../electron/engine/analysis/core/grid';
import type { RasterArray } from '../../electron/engine/analysis/core/raster-array';
import { classifyRaster } from '../../electron/engine/analysis/raster/classify';
import { weightedSum } from '../../electron/engine/analysis/raster/weighted-overlay';
import { combineRasters, loadClasses, rateRaster, sensitivity, valueClasses } from '../../electron/engine/workflows/keyzone/evaluate';
import { validateProfile } from '../../electron/engine/workflows/keyzone/profiles-store';

const GRID: Grid = { srid: 4548, x0: 0, y0: 500, dx: 100, dy: 100, width: 5, height: 5 };
const r5 = (values: number[]): RasterArray => ({ grid: GRID, data: Float32Array.from(values) });

/**
 * A 5 × 5 case: raw depth (m), recharge (mm/a), slope (%) and conductivity (m/d) rated by the
 * profile's ranges, categorical A, S, I given as ratings. Row 0 walks the D classes' edges.
 */
const DEPTH = [0.5, 1.5, 4.6, 9.1, 35, 2, 6, 12, 18, 25, 1, 3, 8, 14, 20, 0, 4, 9, 15, 30.5, 1.49, 4.59, 9.09, 15.19, 22.89];
const RECHARGE = Array.from({ length: 25 }, (_, i) => [30, 60, 120, 200, 300][i % 5]!);
const SLOPE = Array.from({ length: 25 }, (_, i) => [1, 3, 8, 15, 25][Math.floor(i / 5)]!);
const K = Array.from({ length: 25 }, (_, i) => [2, 8, 20, 35, 60, 90][i % 6]!);
const A = Array.from({ length: 25 }, (_, i) => [8, 6, 4, 10, 3][i % 5]!);
const S = Array.from({ length: 25 }, () => 6);
const I = Array.from({ length: 25 }, (_, i) => [8, 6, 4, 10, 3][(i + 2) % 5]!);

function ratings(p = PROFILE_DRASTIC): RasterArray[] {
  const f = p.vulnerability.factors;
  return [
    rateRaster(r5(DEPTH), f.D!.ranges).raster,
    rateRaster(r5(RECHARGE), f.R!.ranges).raster,
    r5(A),
    r5(S),
    rateRaster(r5(SLOPE), f.T!.ranges).raster,
    r5(I),
    rateRaster(r5(K), f.C!.ranges).raster,
  ];
}

describe('DRASTIC ratings (Aller 1987, metric)', () => {
  it('rates depth with half-open classes and a closed last class', () => {
    const d = rateRaster(r5(DEPTH), PROFILE_DRASTIC.vulnerability.factors.D!.ranges).raster.data;
    // 0.5→10, 1.5→9 (lower bound inclusive), 4.6→7, 9.1→5, 35→1
    expect([...d.slice(0, 5)]).toEqual([10, 9, 7, 5, 1]);
    // just below each edge keeps the upper class: 1.49→10, 4.59→9, 9.09→7, 15.19→5, 22.89→3
    expect([...d.slice(20, 25)]).toEqual([10, 9, 7, 5, 3]);
    expect(rateByRanges(30.5, PROFILE_DRASTIC.vulnerability.factors.D!.ranges)).toBe(1);
    expect(rateByRanges(-1, PROFILE_DRASTIC.vulnerability.factors.D!.ranges)).toBeNull();
  });

  it('rates recharge, slope and conductivity by their tables', () => {
    const [, R, , , T, , C] = ratings();
    expect([...R!.data.slice(0, 5)]).toEqual([1, 3, 6, 8, 9]);
    expect([R!.data[0], T!.data[0], T!.data[5], T!.data[10], T!.data[15], T!.data[20]]).toEqual([1, 10, 9, 5, 3, 1]);
    expect([...C!.data.slice(0, 6)]).toEqual([1, 2, 4, 6, 8, 10]);
  });
});

describe('golden DRASTIC index on a 5 × 5 grid, for every shipped profile', () => {
  // cell 0: D 0.5→10, R 30→1, A 8, S 6, T 1→10, I 4, C 2→1
  // cell 12 (row 2, col 2): D 8→7, R 120→6, A 4, S 6, T 8→5, I 8 ((12+2)%5=4 → 3)… see below
  const cells = [
    { i: 0, r: { D: 10, R: 1, A: 8, S: 6, T: 10, I: 4, C: 1 } },
    { i: 12, r: { D: 7, R: 6, A: 4, S: 6, T: 5, I: 3, C: 1 } },
    { i: 24, r: { D: 3, R: 9, A: 3, S: 6, T: 1, I: 6, C: 1 } },
  ];
  it('the inputs of the hand computation are the rated rasters', () => {
    const rs = ratings();
    for (const c of cells) expect(DRASTIC_FACTORS.map((_, k) => rs[k]!.data[c.i])).toEqual(DRASTIC_FACTORS.map((f) => c.r[f]));
  });

  // Hand-computed: generic weights 5,4,3,2,1,5,3; pesticide 5,4,3,5,3,4,2.
  // cell 0  generic: 50+4+24+12+10+20+3 = 123; pesticide: 50+4+24+30+30+16+2 = 156
  // cell 12 generic: 35+24+12+12+5+15+3 = 106; pesticide: 35+24+12+30+15+12+2 = 130
  // cell 24 generic: 15+36+9+12+1+30+3 = 106; pesticide: 15+36+9+30+3+24+2 = 119
  const expected: Record<string, number[]> = {
    'keyzone-2023': [123, 106, 106],
    'keyzone-2019': [123, 106, 106],
    'keyzone-2014': [123, 106, 106],
    'drastic-generic': [123, 106, 106],
    'drastic-pesticide': [156, 130, 119],
  };
  for (const p of BUILTIN_PROFILES) {
    it(`${p.id}: Σ rᵢ·wᵢ equals the hand-computed index`, () => {
      const weights = DRASTIC_FACTORS.map((f) => p.vulnerability.factors[f]!.weight);
      const index = weightedSum(ratings(p), weights);
      expect(cells.map((c) => index.data[c.i])).toEqual(expected[p.id]);
    });
  }

  it('classes the index by the profile breaks (0–64–105–146–187–230, upper-inclusive)', () => {
    const p = PROFILE_DRASTIC;
    const c = classifyRaster(r5([0, 64, 64.5, 105, 106, 146, 147, 187, 188, 230, ...Array(15).fill(Number.NaN)]), p.vulnerability.classes.breaks!);
    expect([...c.data.slice(0, 10)]).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    const pest = weightedSum(ratings(PROFILE_DRASTIC_PESTICIDE), DRASTIC_FACTORS.map((f) => PROFILE_DRASTIC_PESTICIDE.vulnerability.factors[f]!.weight));
    expect(classifyRaster(pest, p.vulnerability.classes.breaks!).data[0]).toBe(4); // 156 in (146, 187]
  });
});

describe('sensitivity analysis', () => {
  it('effective weights add up to 100 % on every cell, and removal variations are non-negative', () => {
    const rs = ratings();
    const w = DRASTIC_FACTORS.map((f) => PROFILE_DRASTIC.vulnerability.factors[f]!.weight);
    const s = sensitivity(DRASTIC_FACTORS, rs, w, weightedSum(rs, w));
    expect(s.reduce((a, x) => a + x.effectiveWeight.mean, 0)).toBeCloseTo(100, 4);
    expect(s.reduce((a, x) => a + x.theoreticalWeight, 0)).toBeCloseTo(100, 9);
    for (const x of s) expect(x.mapRemoval.min).toBeGreaterThanOrEqual(0);
    // a factor rated 6 everywhere (S) has effective weight 2·6/V: at cell 0 that is 12/123
    const single = sensitivity(['S'], [rs[3]!], [2], r5(Array(25).fill(123)));
    expect(single[0]!.effectiveWeight.mean).toBeCloseTo((100 * 12) / 123, 6);
  });
});

describe('combination rule of the 2023 profile, every class pair', () => {
  const rule = PROFILE_2023.combination;
  // rows: value class 1…3; columns: vulnerability class 1…5 → zone without protection, for load low (1) and high (3)
  const G = ZONE.general, C1 = ZONE.control1, C2 = ZONE.control2;
  const loadLow = [
    [G, G, G, G, G],
    [G, G, G, G, G],
    [G, G, G, C2, C2],
  ];
  const loadHigh = [
    [G, G, G, G, G],
    [G, G, G, G, G],
    [G, G, G, C1, C1],
  ];
  it('value × vulnerability × load, outside protection areas', () => {
    for (let v = 1; v <= 3; v++) {
      for (let u = 1; u <= 5; u++) {
        expect(combineClasses(rule, { value: v, vulnerability: u, load: 1, protection: false })).toBe(loadLow[v - 1]![u - 1]);
        expect(combineClasses(rule, { value: v, vulnerability: u, load: 2, protection: false })).toBe(loadLow[v - 1]![u - 1]);
        expect(combineClasses(rule, { value: v, vulnerability: u, load: 3, protection: false })).toBe(loadHigh[v - 1]![u - 1]);
      }
    }
  });
  it('protection-type areas win over every class', () => {
    for (let v = 1; v <= 3; v++) for (let u = 1; u <= 5; u++) for (let l = 1; l <= 3; l++) expect(combineClasses(rule, { value: v, vulnerability: u, load: l, protection: true })).toBe(ZONE.protection);
  });
  it('on rasters: nodata outside the study area, protection even where a class is missing', () => {
    const value = r5(Array(25).fill(3));
    const vul = r5([5, 4, 3, Number.NaN, ...Array(21).fill(5)]);
    const load = r5([3, 1, 3, 3, ...Array(21).fill(1)]);
    const protection = new Uint8Array(25);
    protection[3] = 1;
    const inside = new Uint8Array(25).fill(1);
    inside[24] = 0;
    const z = combineRasters(rule, value, vul, load, protection, inside).data;
    expect([z[0], z[1], z[2], z[3], z[4]]).toEqual([C1, C2, G, ZONE.protection, C2]);
    expect(Number.isNaN(z[24]!)).toBe(true);
  });
});

describe('functional value and load classes', () => {
  it('reads the value matrix (abundance row × quality column)', () => {
    const a = r5([1, 2, 3, 2, 3, ...Array(20).fill(Number.NaN)]);
    const q = r5([1, 3, 4, 5, 2, ...Array(20).fill(3)]);
    const v = valueClasses(a, q, PROFILE_2023.value.matrix).data;
    expect([...v.slice(0, 5)]).toEqual([2, 3, 2, 1, 3]);
    expect(Number.isNaN(v[5]!)).toBe(true);
  });
  it('classes the load: no load is low, the rest by upper-inclusive breaks', () => {
    const l = loadClasses(r5([0, 1, 10, 10.5, 40, ...Array(20).fill(0)]), [1, 10, 20, 40]).data;
    expect([...l.slice(0, 5)]).toEqual([1, 1, 1, 2, 3]);
  });
});

describe('shipped profiles', () => {
  it('parse, validate and badge their unconfirmed tables', () => {
    expect(BUILTIN_PROFILES.map((p) => p.id)).toEqual(['keyzone-2023', 'keyzone-2019', 'keyzone-2014', 'drastic-generic', 'drastic-pesticide']);
    for (const p of BUILTIN_PROFILES) {
      expect(KeyZoneProfileSchema.parse(JSON.parse(JSON.stringify(p)))).toEqual(p);
      validateProfile(p);
      const notes = profileNotes(p);
      expect(notes.some((n) => n.note.status === 'U')).toBe(true);
      for (const n of notes) expect(n.note.note_zh.length).toBeGreaterThan(4);
    }
    // the combination rule, the value matrix and the source scores are unconfirmed in every profile
    for (const p of BUILTIN_PROFILES) expect([p.combination.source.status, p.value.source.status, p.load.source.status]).toEqual(['U', 'U', 'U']);
  });
  it('refuses a profile whose matrix has the wrong shape', () => {
    const bad = { ...PROFILE_2023, id: 'bad', value: { ...PROFILE_2023.value, matrix: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] } };
    expect(() => validateProfile(bad)).toThrow(/5 列|5 columns/);
  });
});
