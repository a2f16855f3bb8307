import { DEMO_EXTENT, MAIN_RIVER, TRIBUTARIES, distanceToPolyline } from './region';

/**
 * A synthetic DEM with the landscape of 抚州: a red-bed basin (40–120 m) around 临川 in the north,
 * river valleys cut into it, and hills rising to ~1 200 m toward the Wuyi range in the east and the
 * mountains of 乐安/宜黄/广昌 in the south-west. Smooth value noise adds hills; all deterministic.
 */
function hash(ix: number, iy: number, seed: number): number {
  let h = Math.imul(ix, 374_761_393) ^ Math.imul(iy, 668_265_263) ^ Math.imul(seed, 2_147_483_647);
  h = Math.imul(h ^ (h >>> 13), 1_274_126_177);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

const smooth = (t: number) => t * t * (3 - 2 * t);

function valueNoise(x: number, y: number, seed: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const fx = smooth(x - ix);
  const fy = smooth(y - iy);
  const a = hash(ix, iy, seed);
  const b = hash(ix + 1, iy, seed);
  const c = hash(ix, iy + 1, seed);
  const d = hash(ix + 1, iy + 1, seed);
  return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
}

/** Fractal noise in [0, 1) at a wavelength of `scale` metres. */
function fbm(x: number, y: number, scale: number, seed: number): number {
  let sum = 0;
  let amp = 0.5;
  let norm = 0;
  for (let o = 0; o < 4; o++) {
    const f = 2 ** o / scale;
    sum += amp * valueNoise(x * f, y * f, seed + o);
    norm += amp;
    amp *= 0.5;
  }
  return sum / norm;
}

export function elevation(x: number, y: number, seed = 361000): number {
  const { minX, minY, maxX, maxY } = DEMO_EXTENT;
  const u = (x - minX) / (maxX - minX); // 0 west … 1 east
  const v = (y - minY) / (maxY - minY); // 0 south … 1 north
  // Mountain belts: east (Wuyi) and south-west; the basin is low toward the north centre.
  const east = Math.max(0, (u - 0.62) / 0.38) ** 1.5;
  const southWest = Math.max(0, (0.55 - Math.hypot(u - 0.05, v - 0.1)) / 0.55) ** 1.3;
  const south = Math.max(0, (0.35 - v) / 0.35) ** 2;
  const relief = Math.min(1, east + southWest + 0.6 * south);
  const base = 45 + 70 * (1 - v) * 0.5 + 1100 * relief;
  const hills = (80 + 500 * relief) * fbm(x, y, 18_000, seed);
  // Valleys: the main river and tributaries cut down toward the basin floor.
  // Beyond ~3 valley widths the exponentials below are zero to float precision.
  const dMain = distanceToPolyline(x, y, MAIN_RIVER, 16_000);
  const dTrib = Math.min(...TRIBUTARIES.map((t) => distanceToPolyline(x, y, t.points, 10_000)));
  const valley = Math.exp(-((dMain / 4_000) ** 2)) * 0.85 + Math.exp(-((dTrib / 2_500) ** 2)) * 0.6;
  const floor = 30 + 60 * (1 - v);
  const z = base + hills;
  return floor + (z - floor) * (1 - Math.min(0.95, valley));
}
