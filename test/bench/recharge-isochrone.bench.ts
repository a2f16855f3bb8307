import { bench, describe } from 'vitest';
import { isochrone, stagnationDistance, upgradientReach, type Aquifer } from '../../shared/domain/recharge/capture-zone';

// Backward particle tracking: one isochrone of one well (the wizard's default step, 1/400 of the
// reach), and a 6-well field (6 isochrones in the superposed field), for 100 d / 1000 d / 10 a.
// Run: npx vitest bench --run --project bench test/bench/recharge-isochrone.bench.ts
const a: Aquifer = { K: 15, b: 15, n: 0.25, i: 0.002 };
const Q = 1200;
const field = Array.from({ length: 6 }, (_, k) => ({ x: 150 * (k % 3), y: 200 * Math.floor(k / 3), Q: 400 }));

describe('isochrone by backward RK4 tracking', () => {
  for (const T of [100, 1000, 3650]) {
    const step = upgradientReach(T, Q, a) / 400;
    bench(`one well, T = ${T} d (x_s ${stagnationDistance(Q, a).toFixed(0)} m)`, () => {
      isochrone([{ x: 0, y: 0, Q }], 0, T, a, { step });
    });
    bench(`6-well field, T = ${T} d`, () => {
      for (let w = 0; w < field.length; w++) isochrone(field, w, T, a, { step: upgradientReach(T, 400, a) / 400 });
    });
  }
});
