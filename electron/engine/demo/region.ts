/**
 * The demo region: 抚州市 in CGCS2000 / 3° Gauss–Krüger CM 117°E (EPSG:4548), metres. The extent is
 * that of the shipped county boundaries after the GCJ-02 correction, rounded out to whole kilometres.
 */
export const DEMO_CRS = 'EPSG:4548';
export const DEMO_EXTENT = { minX: 360_000, minY: 2_932_000, maxX: 531_000, maxY: 3_154_000 } as const;

/**
 * The main river (抚河) as the demo imagines it: from the southern hills (广昌) north through the
 * red-bed basin of 临川 to the northern edge. Control points in EPSG:4548, south to north.
 */
const MAIN_RIVER_CONTROL: ReadonlyArray<readonly [number, number]> = [
  [478_000, 2_938_000],
  [470_000, 2_975_000],
  [462_000, 3_010_000],
  [455_000, 3_040_000],
  [447_000, 3_070_000],
  [438_000, 3_095_000],
  [430_000, 3_120_000],
  [426_000, 3_152_000],
];

type Line = ReadonlyArray<readonly [number, number]>;

/**
 * Rivers do not run straight: each control segment is split into pieces offset sideways by a
 * sine of the distance travelled, so courses meander deterministically. The DEM's valleys and the
 * river layer both use the meandering course, so they agree.
 */
export function meander(control: Line, amplitude: number, wavelength: number): Line {
  const out: Array<readonly [number, number]> = [control[0]!];
  let travelled = 0;
  for (let i = 0; i + 1 < control.length; i++) {
    const [ax, ay] = control[i]!;
    const [bx, by] = control[i + 1]!;
    const length = Math.hypot(bx - ax, by - ay);
    const [nx, ny] = [-(by - ay) / length, (bx - ax) / length];
    const pieces = Math.max(2, Math.round(length / 1500));
    for (let k = 1; k <= pieces; k++) {
      const t = k / pieces;
      const along = travelled + t * length;
      // No offset at control points, so tributaries still meet the main river where they should.
      const taper = Math.sin(Math.PI * t);
      const offset = amplitude * taper * Math.sin((2 * Math.PI * along) / wavelength);
      out.push([Math.round(ax + t * (bx - ax) + nx * offset), Math.round(ay + t * (by - ay) + ny * offset)]);
    }
    travelled += length;
  }
  return out;
}

export const MAIN_RIVER: Line = meander(MAIN_RIVER_CONTROL, 2_500, 14_000);

const TRIBUTARY_CONTROL: ReadonlyArray<{ name: string; points: Line }> = [
  { name: '宜黄水', points: [[405_000, 2_985_000], [418_000, 3_020_000], [432_000, 3_052_000], [449_000, 3_062_000]] },
  { name: '崇仁河', points: [[378_000, 3_040_000], [400_000, 3_060_000], [420_000, 3_080_000], [440_000, 3_090_000]] },
  { name: '黎滩河', points: [[515_000, 2_975_000], [500_000, 3_000_000], [482_000, 3_022_000], [461_000, 3_030_000]] },
  { name: '临水', points: [[500_000, 3_110_000], [478_000, 3_112_000], [455_000, 3_108_000], [436_000, 3_104_000]] },
];

/** Tributaries join the main river; each is listed from its source to its mouth. */
export const TRIBUTARIES: ReadonlyArray<{ name: string; points: Line }> = TRIBUTARY_CONTROL.map((t) => ({
  name: t.name,
  points: meander(t.points, 1_200, 8_000),
}));

/**
 * Distance from (x, y) to a polyline, metres; beyond `cap` it answers `cap` without measuring, which
 * keeps DEM generation fast (valleys only matter within a few kilometres of a river).
 */
export function distanceToPolyline(x: number, y: number, line: Line, cap = Infinity): number {
  let best = cap;
  for (let i = 0; i + 1 < line.length; i++) {
    const [ax, ay] = line[i]!;
    const [bx, by] = line[i + 1]!;
    if (x < Math.min(ax, bx) - best || x > Math.max(ax, bx) + best || y < Math.min(ay, by) - best || y > Math.max(ay, by) + best) {
      continue;
    }
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return best;
}
