import { describe, expect, it } from 'vitest';
import {
  captureWidth,
  captureWidthAtWell,
  dividingStreamline,
  downgradientReach,
  isochrone,
  ringArea,
  stagnationDistance,
  thicknessTimesGradient,
  toLocal,
  toMap,
  traceBackward,
  travelTimeDowngradient,
  travelTimeUpgradient,
  upgradientReach,
  type Aquifer,
} from '../../shared/domain/recharge/capture-zone';
import { empiricalRadii, EMPIRICAL_TABLE, isThousandTonTenThousandPeople, parseAquiferLabel, travelTimeRadius } from '../../shared/domain/recharge/hj338';
import { circleRing, elongatedRing } from '../../shared/domain/recharge/shapes';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** (Q, K, b, i, n) cases from a small village well to a strong alluvial well. */
const CASES: { Q: number; a: Aquifer }[] = [
  { Q: 1000, a: { K: 10, b: 20, i: 0.002, n: 0.2 } },
  { Q: 1200, a: { K: 15, b: 15, i: 0.002, n: 0.25 } },
  { Q: 300, a: { K: 2, b: 30, i: 0.01, n: 0.1 } },
  { Q: 5000, a: { K: 60, b: 25, i: 0.0008, n: 0.3 } },
];

describe('HJ 338 travel-time formula R = α·K·I·T/n', () => {
  it('reproduces hand-computed radii', () => {
    // 1.5 × 15 m/d × 0.002 × 100 d / 0.25 = 18 m; ×10 for 1000 d
    expect(travelTimeRadius({ alpha: 1.5, K: 15, I: 0.002, T: 100, n: 0.25 })).toBeCloseTo(18, 10);
    expect(travelTimeRadius({ alpha: 1.5, K: 15, I: 0.002, T: 1000, n: 0.25 })).toBeCloseTo(180, 10);
    // 1.5 × 0.8 × 0.005 × 100 / 0.03 = 20 m
    expect(travelTimeRadius({ alpha: 1.5, K: 0.8, I: 0.005, T: 100, n: 0.03 })).toBeCloseTo(20, 10);
    // α = 1 gives the plain seepage distance v·T = K·I·T/n: 40 × 0.001 × 365 / 0.2 = 73 m
    expect(travelTimeRadius({ alpha: 1, K: 40, I: 0.001, T: 365, n: 0.2 })).toBeCloseTo(73, 10);
  });

  it('empirical radii come from the editable table, range end as chosen', () => {
    expect(EMPIRICAL_TABLE.status).toBe('U');
    expect(empiricalRadii(EMPIRICAL_TABLE.value, 'medium_sand', 'max')).toEqual({ level1: 100, level2: 1000 });
    expect(empiricalRadii(EMPIRICAL_TABLE.value, 'gravel', 'min')).toEqual({ level1: 200, level2: 2000 });
    expect(empiricalRadii(EMPIRICAL_TABLE.value, 'fine_sand', 'mid')).toEqual({ level1: 40, level2: 400 });
    const edited = [{ medium: 'fine_sand' as const, level1: [35, 45] as [number, number], level2: [350, 450] as [number, number] }];
    expect(empiricalRadii(edited, 'fine_sand', 'max')).toEqual({ level1: 45, level2: 450 });
    expect(empiricalRadii(edited, 'gravel', 'max')).toBeNull();
  });

  it('千吨万人 and aquifer labels', () => {
    expect(isThousandTonTenThousandPeople(1200, 11500)).toBe(true);
    expect(isThousandTonTenThousandPeople(800, 10200)).toBe(true);
    expect(isThousandTonTenThousandPeople(800, 9000)).toBe(false);
    expect(parseAquiferLabel('孔隙潜水')).toEqual({ type: 'porous', confined: false });
    expect(parseAquiferLabel('红层裂隙水')).toEqual({ type: 'fissure', confined: false });
    expect(parseAquiferLabel('岩溶承压水')).toEqual({ type: 'karst', confined: true });
    expect(parseAquiferLabel('')).toBeNull();
  });
});

describe('capture zone closed forms', () => {
  it('matches the check values of domain.md §7', () => {
    const a = CASES[0]!.a;
    expect(stagnationDistance(1000, a)).toBeCloseTo(397.887, 2);
    expect(captureWidth(1000, a) / 2).toBeCloseTo(1250, 9);
    expect(captureWidthAtWell(1000, a) / 2).toBeCloseTo(625, 9);
  });

  it('unconfined (Grubb): b·i becomes (h1² − h2²)/(2L)', () => {
    const a: Aquifer = { K: 12, b: 18, n: 0.2, i: 0, unconfined: { h1: 20, h2: 16, L: 1000 } };
    expect(thicknessTimesGradient(a)).toBeCloseTo(0.072, 12);
    // x_s = Q·L / (π K (h1² − h2²)), width = 2Q·L / (K (h1² − h2²))
    expect(stagnationDistance(1500, a)).toBeCloseTo((1500 * 1000) / (Math.PI * 12 * (400 - 256)), 9);
    expect(captureWidth(1500, a)).toBeCloseTo((2 * 1500 * 1000) / (12 * (400 - 256)), 9);
  });

  it('the dividing streamline has the stagnation point, the well-line width and the far width', () => {
    for (const { Q, a } of CASES) {
      const xs = stagnationDistance(Q, a);
      const line = dividingStreamline(Q, a, -200 * xs, 2000);
      expect(line[0]![0]).toBeCloseTo(xs, 9);
      // crossing x = 0 at y = Q/(4 b K i)
      const k = line.findIndex(([x]) => x < 0);
      const [x0, y0] = line[k - 1]!;
      const [x1, y1] = line[k]!;
      const yAt0 = y0 + ((y1 - y0) * (0 - x0)) / (x1 - x0);
      expect(rel(yAt0, captureWidthAtWell(Q, a) / 2)).toBeLessThan(1e-3);
      expect(line[line.length - 1]![0]).toBeCloseTo(-200 * xs, 6);
      // far upgradient it nears the asymptote Q/(2 b K i) and stays on y = ymax·θ/π
      const [xe, ye] = line[line.length - 1]!;
      const ymax = captureWidth(Q, a) / 2;
      expect(rel(ye, (ymax * Math.atan2(ye, xe)) / Math.PI)).toBeLessThan(1e-9);
      expect(ye).toBeLessThan(ymax);
      expect(ye).toBeGreaterThan(0.99 * ymax);
    }
  });
});

describe('backward particle tracking against the closed forms', () => {
  it('isochrone reach on both axes matches t(L) to 0.1% for several (Q, K, b, i, n) and T', () => {
    for (const { Q, a } of CASES) {
      for (const T of [100, 1000, 3650]) {
        const up = upgradientReach(T, Q, a);
        const down = downgradientReach(T, Q, a);
        // the inverse is exact: t(reach) = T
        expect(rel(travelTimeUpgradient(up, Q, a), T)).toBeLessThan(1e-9);
        expect(rel(travelTimeDowngradient(down, Q, a), T)).toBeLessThan(1e-9);
        const ring = isochrone([{ x: 0, y: 0, Q }], 0, T, a, { step: up / 400 });
        const minX = Math.min(...ring.map(([x]) => x));
        const maxX = Math.max(...ring.map(([x]) => x));
        expect(rel(-minX, up)).toBeLessThan(1e-3);
        expect(rel(maxX, down)).toBeLessThan(1e-3);
        expect(maxX).toBeLessThan(stagnationDistance(Q, a));
      }
    }
  });

  it('isochrone area equals the pumped volume over the pore volume, Q·T/(n·b), to 0.1%', () => {
    // Exact for steady flow: the water pumped in T days is the water inside the T-day isochrone.
    for (const { Q, a } of CASES) {
      for (const T of [100, 1000]) {
        const ring = isochrone([{ x: 0, y: 0, Q }], 0, T, a);
        expect(rel(ringArea(ring), (Q * T) / (a.n * a.b))).toBeLessThan(1e-3);
      }
    }
  });

  it('converges as the step shrinks (RK4: the error falls ≥ 8× per halving) to the closed form', () => {
    const { Q, a } = CASES[2]!;
    const T = 1000;
    const r0 = 0.5;
    const t0 = (Math.PI * r0 * r0 * a.n * a.b) / Q;
    const from: [number, number] = [-r0, 0.3];
    const ref = traceBackward(...from, T - t0, [{ x: 0, y: 0, Q }], a, { step: 0.25, turn: 0.0005 }).end;
    const errors = [80, 40, 20, 10, 5].map((step) => {
      const { end } = traceBackward(...from, T - t0, [{ x: 0, y: 0, Q }], a, { step, turn: step / 500 });
      return Math.hypot(end[0] - ref[0], end[1] - ref[1]);
    });
    for (let k = 1; k < errors.length; k++) expect(errors[k]!).toBeLessThan(errors[k - 1]! / 8);
    // and the converged trace lands where the closed-form travel time says (on the axis)
    const onAxis = traceBackward(-r0, 0, T - t0, [{ x: 0, y: 0, Q }], a, { step: 5, turn: 0.01 }).end;
    expect(rel(-onAxis[0], upgradientReach(T, Q, a))).toBeLessThan(1e-6);
  });

  it('a particle released beside the stagnation point follows the dividing streamline', () => {
    for (const { Q, a } of CASES.slice(0, 2)) {
      const xs = stagnationDistance(Q, a);
      const { path } = traceBackward(xs, 1e-6 * xs, 1e6, [{ x: 0, y: 0, Q }], a, { step: xs / 200 });
      const closed = dividingStreamline(Q, a, -50 * xs, 4000);
      // compare y at a few x stations
      const yOn = (pts: [number, number][], x: number) => {
        for (let k = 1; k < pts.length; k++) {
          const [xa, ya] = pts[k - 1]!;
          const [xb, yb] = pts[k]!;
          if ((xa - x) * (xb - x) <= 0 && xa !== xb) return ya + ((yb - ya) * (x - xa)) / (xb - xa);
        }
        return Number.NaN;
      };
      for (const x of [0.5 * xs, 0, -xs, -5 * xs, -20 * xs]) {
        expect(rel(yOn(path, x), yOn(closed, x))).toBeLessThan(1e-3);
      }
      expect(rel(yOn(path, 0), captureWidthAtWell(Q, a) / 2)).toBeLessThan(1e-3);
    }
  });

  it('superposition: a second far-away well changes nothing, a neighbour shares the capture', () => {
    const { Q, a } = CASES[0]!;
    const alone = ringArea(isochrone([{ x: 0, y: 0, Q }], 0, 1000, a));
    const far = ringArea(isochrone([{ x: 0, y: 0, Q }, { x: 0, y: 1e6, Q }], 0, 1000, a));
    expect(rel(far, alone)).toBeLessThan(1e-3);
    // two wells 100 m apart across the flow: each still captures Q·T/(n b) (volume balance per well)
    const pair = [{ x: 0, y: -50, Q }, { x: 0, y: 50, Q }];
    const one = ringArea(isochrone(pair, 0, 1000, a));
    expect(rel(one, (Q * 1000) / (a.n * a.b))).toBeLessThan(2e-3);
  });
});

describe('shapes and local frames', () => {
  it('toMap / toLocal round-trip; azimuth 90° puts downgradient to the east', () => {
    const place = toMap(1000, 2000, 90);
    expect(place([10, 0])[0]).toBeCloseTo(1010, 9);
    expect(place([10, 0])[1]).toBeCloseTo(2000, 9);
    const back = toLocal(1000, 2000, 37);
    const p = toMap(1000, 2000, 37)([123, -45]);
    expect(back(p)[0]).toBeCloseTo(123, 9);
    expect(back(p)[1]).toBeCloseTo(-45, 9);
  });

  it('circle and elongated rings have the expected areas', () => {
    const n = 4096;
    expect(rel(ringArea(circleRing(0, 0, 100, n)), Math.PI * 100 * 100)).toBeLessThan(1e-5);
    // two half-ellipses: π/2·half·(up + down)
    expect(rel(ringArea(elongatedRing(0, 0, 45, 300, 150, 200, n)), (Math.PI / 2) * 200 * 450)).toBeLessThan(1e-5);
  });
});
