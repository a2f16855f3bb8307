/**
 * 2-D Polygon / MultiPolygon as WKB, read and written exactly: the doubles go through untouched, so a
 * vertex nobody moved keeps its bits (a text round trip through WKT or GeoJSON may not).
 */

export type Ring = [number, number][];
export type PolygonRings = Ring[];

/** A polygonal geometry as parts (each part: outer ring, then holes); `multi` keeps the written type. */
export interface Polygonal {
  multi: boolean;
  parts: PolygonRings[];
}

const WKB_POLYGON = 3;
const WKB_MULTIPOLYGON = 6;

export function readPolygonalWkb(buf: Buffer): Polygonal {
  let pos = 0;
  const header = (): { type: number; le: boolean } => {
    const le = buf.readUInt8(pos) === 1;
    pos += 1;
    const type = le ? buf.readUInt32LE(pos) : buf.readUInt32BE(pos);
    pos += 4;
    return { type, le };
  };
  const u32 = (le: boolean): number => {
    const v = le ? buf.readUInt32LE(pos) : buf.readUInt32BE(pos);
    pos += 4;
    return v;
  };
  const f64 = (le: boolean): number => {
    const v = le ? buf.readDoubleLE(pos) : buf.readDoubleBE(pos);
    pos += 8;
    return v;
  };
  const polygonBody = (le: boolean): PolygonRings => {
    const rings: PolygonRings = [];
    const nRings = u32(le);
    for (let r = 0; r < nRings; r++) {
      const n = u32(le);
      const ring: Ring = [];
      for (let i = 0; i < n; i++) ring.push([f64(le), f64(le)]);
      rings.push(ring);
    }
    return rings;
  };
  const top = header();
  if (top.type === WKB_POLYGON) return { multi: false, parts: [polygonBody(top.le)] };
  if (top.type === WKB_MULTIPOLYGON) {
    const n = u32(top.le);
    const parts: PolygonRings[] = [];
    for (let i = 0; i < n; i++) {
      const h = header();
      if (h.type !== WKB_POLYGON) throw new Error(`WKB: expected a polygon inside the multipolygon, got type ${h.type}`);
      parts.push(polygonBody(h.le));
    }
    return { multi: true, parts };
  }
  throw new Error(`WKB: not a 2-D polygon or multipolygon (type ${top.type})`);
}

export function writePolygonalWkb(g: Polygonal): Buffer {
  const polygonSize = (p: PolygonRings): number => 9 + p.reduce((s, r) => s + 4 + 16 * r.length, 0);
  const size = g.multi ? 9 + g.parts.reduce((s, p) => s + polygonSize(p), 0) : polygonSize(g.parts[0] ?? []);
  const buf = Buffer.alloc(size);
  let pos = 0;
  const header = (type: number): void => {
    buf.writeUInt8(1, pos);
    buf.writeUInt32LE(type, pos + 1);
    pos += 5;
  };
  const u32 = (v: number): void => {
    buf.writeUInt32LE(v, pos);
    pos += 4;
  };
  const polygon = (p: PolygonRings): void => {
    header(WKB_POLYGON);
    u32(p.length);
    for (const ring of p) {
      u32(ring.length);
      for (const [x, y] of ring) {
        buf.writeDoubleLE(x, pos);
        buf.writeDoubleLE(y, pos + 8);
        pos += 16;
      }
    }
  };
  if (g.multi) {
    header(WKB_MULTIPOLYGON);
    u32(g.parts.length);
    for (const p of g.parts) polygon(p);
  } else {
    polygon(g.parts[0] ?? []);
  }
  return buf;
}

export function toGeoJson(g: Polygonal): { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] } {
  return g.multi ? { type: 'MultiPolygon', coordinates: g.parts } : { type: 'Polygon', coordinates: g.parts[0] ?? [] };
}

/** Shoelace area of a ring (absolute). */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  return Math.abs(s) / 2;
}

/** Area of a polygonal geometry: outer rings minus holes. */
export function polygonalArea(g: Polygonal): number {
  let a = 0;
  for (const p of g.parts) p.forEach((ring, i) => (a += i === 0 ? ringArea(ring) : -ringArea(ring)));
  return a;
}
