import { signedArea2, type MvtGeometry, type TilePoint } from './mvt-encode';

/**
 * WKB in project coordinates → MVT geometry in tile units: transformed to the tile (y down), clipped
 * to the tile plus a buffer, thinned to the tile's pixel (radial distance), rounded to integers, and
 * polygons or lines smaller than `minSize` units dropped. The per-tile work of a vector tile server.
 */

type XY = [number, number];

export interface TileTransform {
  /** Tile bbox in project coordinates. */
  bbox: readonly [number, number, number, number];
  /** MVT units per tile side. */
  extent: number;
  /** Units outside the tile kept (so strokes at tile edges do not show seams). */
  buffer: number;
  /** Thinning tolerance and the size under which a shape is dropped, both in tile units. */
  tolerance: number;
  minSize: number;
}

/** Geometries of a WKB in nested form: points, lines, polygons (each a list of rings). */
interface Parsed {
  points: XY[];
  lines: XY[][];
  polygons: XY[][][];
}

const EWKB_Z = 0x80000000;
const EWKB_M = 0x40000000;
const EWKB_SRID = 0x20000000;

/** Reads any 2-D/3-D/M WKB (ISO or EWKB flags) into points, lines and polygons; Z and M are skipped. */
export function readWkb(buf: Uint8Array): Parsed {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const out: Parsed = { points: [], lines: [], polygons: [] };
  const read = (): void => {
    const le = view.getUint8(pos) === 1;
    pos += 1;
    let type = view.getUint32(pos, le);
    pos += 4;
    let dims = 2;
    if (type & (EWKB_Z | EWKB_M | EWKB_SRID)) {
      if (type & EWKB_Z) dims++;
      if (type & EWKB_M) dims++;
      if (type & EWKB_SRID) pos += 4;
      type &= 0xffff;
    } else if (type >= 1000) {
      const flavour = Math.floor(type / 1000);
      dims = flavour === 3 ? 4 : 3;
      type %= 1000;
    }
    const u32 = (): number => {
      const v = view.getUint32(pos, le);
      pos += 4;
      return v;
    };
    const coords = (n: number): XY[] => {
      const pts: XY[] = new Array<XY>(n);
      for (let i = 0; i < n; i++) {
        pts[i] = [view.getFloat64(pos, le), view.getFloat64(pos + 8, le)];
        pos += dims * 8;
      }
      return pts;
    };
    switch (type) {
      case 1:
        out.points.push(coords(1)[0]!);
        return;
      case 2:
        out.lines.push(coords(u32()));
        return;
      case 3: {
        const rings: XY[][] = [];
        for (let r = u32(); r > 0; r--) rings.push(coords(u32()));
        out.polygons.push(rings);
        return;
      }
      case 4:
      case 5:
      case 6:
      case 7:
        for (let n = u32(); n > 0; n--) read();
        return;
      default:
        throw new Error(`WKB: unsupported geometry type ${type}`);
    }
  };
  read();
  return out;
}

/** Sutherland–Hodgman against one axis-aligned edge: keep points with sign·coord ≤ sign·limit. */
function clipEdge(ring: XY[], axis: 0 | 1, limit: number, keepBelow: boolean): XY[] {
  const out: XY[] = [];
  const inside = (p: XY) => (keepBelow ? p[axis] <= limit : p[axis] >= limit);
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i === 0 ? ring.length - 1 : i - 1]!;
    const b = ring[i]!;
    const ina = inside(a);
    const inb = inside(b);
    if (ina !== inb) {
      const t = (limit - a[axis]) / (b[axis] - a[axis]);
      const p: XY = axis === 0 ? [limit, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), limit];
      out.push(p);
    }
    if (inb) out.push(b);
  }
  return out;
}

function clipRing(ring: XY[], lo: number, hi: number): XY[] {
  let r = ring;
  r = clipEdge(r, 0, lo, false);
  if (r.length) r = clipEdge(r, 0, hi, true);
  if (r.length) r = clipEdge(r, 1, lo, false);
  if (r.length) r = clipEdge(r, 1, hi, true);
  return r;
}

/** Liang–Barsky per segment; consecutive kept pieces join into one line. */
function clipLine(line: XY[], lo: number, hi: number): XY[][] {
  const out: XY[][] = [];
  let current: XY[] | null = null;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    let t0 = 0;
    let t1 = 1;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    let visible = true;
    for (const [p, q] of [
      [-dx, a[0] - lo],
      [dx, hi - a[0]],
      [-dy, a[1] - lo],
      [dy, hi - a[1]],
    ] as const) {
      if (p === 0) {
        if (q < 0) visible = false;
        continue;
      }
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
    if (!visible || t0 > t1) {
      current = null;
      continue;
    }
    const s: XY = [a[0] + t0 * dx, a[1] + t0 * dy];
    const e: XY = [a[0] + t1 * dx, a[1] + t1 * dy];
    if (!current || t0 > 0) {
      current = [s];
      out.push(current);
    }
    current.push(e);
    if (t1 < 1) current = null;
  }
  return out;
}

/** Radial-distance thinning then rounding; consecutive equal points collapse. */
function thin(points: XY[], tolerance: number, closed: boolean): TilePoint[] {
  const out: TilePoint[] = [];
  const tol2 = tolerance * tolerance;
  let last: XY | null = null;
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    const isEnd = i === points.length - 1 && !closed;
    if (last && !isEnd) {
      const dx = p[0] - last[0];
      const dy = p[1] - last[1];
      if (dx * dx + dy * dy < tol2) continue;
    }
    last = p;
    const q: TilePoint = [Math.round(p[0]), Math.round(p[1])];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
  }
  return out;
}

function sizeOf(points: readonly XY[]): number {
  let minx = Infinity;
  let miny = Infinity;
  let maxx = -Infinity;
  let maxy = -Infinity;
  for (const [x, y] of points) {
    if (x < minx) minx = x;
    if (x > maxx) maxx = x;
    if (y < miny) miny = y;
    if (y > maxy) maxy = y;
  }
  return Math.max(maxx - minx, maxy - miny);
}

/** One feature's WKB for one tile; null when nothing of it shows there. */
export function tileGeometry(wkb: Uint8Array, t: TileTransform): MvtGeometry | null {
  const parsed = readWkb(wkb);
  const [minx, , maxx, maxy] = t.bbox;
  const k = t.extent / (maxx - minx);
  const toTile = (pts: XY[]): XY[] => pts.map(([x, y]) => [(x - minx) * k, (maxy - y) * k]);
  const lo = -t.buffer;
  const hi = t.extent + t.buffer;
  if (parsed.polygons.length > 0) {
    const polygons: TilePoint[][][] = [];
    for (const rings of parsed.polygons) {
      const outer = toTile(rings[0] ?? []);
      if (outer.length < 3 || sizeOf(outer) < t.minSize) continue;
      const kept: TilePoint[][] = [];
      for (const [i, ring] of rings.entries()) {
        const local = i === 0 ? outer : toTile(ring);
        if (i > 0 && sizeOf(local) < t.minSize) continue;
        const thinned = thin(clipRing(local, lo, hi), t.tolerance, true);
        // a ring whose bbox met the tile but not its area clips to a flat sliver along the edge
        if (thinned.length < 3 || signedArea2(thinned) === 0) {
          if (i === 0) break;
          continue;
        }
        kept.push(thinned);
      }
      if (kept.length > 0) polygons.push(kept);
    }
    return polygons.length ? { type: 'polygon', polygons } : null;
  }
  if (parsed.lines.length > 0) {
    const lines: TilePoint[][] = [];
    for (const line of parsed.lines) {
      const local = toTile(line);
      if (sizeOf(local) < t.minSize) continue;
      for (const piece of clipLine(local, lo, hi)) {
        const thinned = thin(piece, t.tolerance, false);
        if (thinned.length >= 2) lines.push(thinned);
      }
    }
    return lines.length ? { type: 'line', lines } : null;
  }
  const points: TilePoint[] = [];
  for (const p of toTile(parsed.points)) {
    if (p[0] >= lo && p[0] <= hi && p[1] >= lo && p[1] <= hi) points.push([Math.round(p[0]), Math.round(p[1])]);
  }
  return points.length ? { type: 'point', points } : null;
}
