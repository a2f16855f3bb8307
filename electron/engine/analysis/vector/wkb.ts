/**
 * Just enough 2-D WKB for the arc work of simplify and polygonize: lines and polygons in, lines and
 * collections out, coordinates as flat Float64Arrays [x0, y0, x1, y1, …]. A hand-rolled reader
 * because the arcs of a coverage run to millions of vertices, too many to wrap one by one.
 */

export type Line = Float64Array;

const TYPE = { LineString: 2, Polygon: 3, MultiLineString: 5, MultiPolygon: 6, GeometryCollection: 7 } as const;

class Reader {
  private off = 0;
  private le = true;
  constructor(private readonly buf: Buffer) {}
  header(): number {
    this.le = this.buf.readUInt8(this.off) === 1;
    this.off += 1;
    const t = this.le ? this.buf.readUInt32LE(this.off) : this.buf.readUInt32BE(this.off);
    this.off += 4;
    // ISO Z/M (1000s) and EWKB flags are not expected (results are cast to XY); keep the base type
    return (t & 0xffff) % 1000;
  }
  u32(): number {
    const v = this.le ? this.buf.readUInt32LE(this.off) : this.buf.readUInt32BE(this.off);
    this.off += 4;
    return v;
  }
  skip(bytes: number): void {
    this.off += bytes;
  }
  points(): Line {
    const n = this.u32();
    const out = new Float64Array(2 * n);
    for (let i = 0; i < 2 * n; i++) {
      out[i] = this.le ? this.buf.readDoubleLE(this.off) : this.buf.readDoubleBE(this.off);
      this.off += 8;
    }
    return out;
  }
}

/** Every ring and line of a geometry (any nesting of collections), as coordinate arrays. */
export function linesOf(wkb: Buffer): Line[] {
  const r = new Reader(wkb);
  const out: Line[] = [];
  const read = (): void => {
    const t = r.header();
    if (t === TYPE.LineString) out.push(r.points());
    else if (t === TYPE.Polygon) for (let n = r.u32(), i = 0; i < n; i++) out.push(r.points());
    else if (t === TYPE.MultiLineString || t === TYPE.MultiPolygon || t === TYPE.GeometryCollection) for (let n = r.u32(), i = 0; i < n; i++) read();
    else if (t === 1) r.skip(16); // points carry no arcs
    else throw new Error(`unexpected WKB type ${t}`);
  };
  read();
  return out;
}

/** The polygons of a (multi)polygon or collection, each as its own WKB. */
export function polygonsOf(wkb: Buffer): Buffer[] {
  const r = new Reader(wkb);
  const out: Buffer[] = [];
  const read = (): void => {
    const t = r.header();
    if (t === TYPE.Polygon) {
      const rings: Line[] = [];
      for (let n = r.u32(), i = 0; i < n; i++) rings.push(r.points());
      out.push(polygonWkb(rings));
    } else if (t === TYPE.MultiPolygon || t === TYPE.GeometryCollection) {
      for (let n = r.u32(), i = 0; i < n; i++) read();
    } else if (t === TYPE.LineString) {
      r.points();
    } else if (t === TYPE.MultiLineString) {
      for (let n = r.u32(), i = 0; i < n; i++) read();
    } else {
      throw new Error(`unexpected WKB type ${t}`);
    }
  };
  read();
  return out;
}

function writer(size: number): { buf: Buffer; off: number } {
  return { buf: Buffer.allocUnsafe(size), off: 0 };
}

function put(w: { buf: Buffer; off: number }, type: number, count: number): void {
  w.buf.writeUInt8(1, w.off);
  w.buf.writeUInt32LE(type, w.off + 1);
  w.buf.writeUInt32LE(count, w.off + 5);
  w.off += 9;
}

function putPoints(w: { buf: Buffer; off: number }, line: Line): void {
  w.buf.writeUInt32LE(line.length / 2, w.off);
  w.off += 4;
  for (let i = 0; i < line.length; i++) {
    w.buf.writeDoubleLE(line[i]!, w.off);
    w.off += 8;
  }
}

export function polygonWkb(rings: Line[]): Buffer {
  const w = writer(9 + rings.reduce((s, r) => s + 4 + 8 * r.length, 0));
  put(w, TYPE.Polygon, rings.length);
  for (const r of rings) putPoints(w, r);
  return w.buf;
}

export function multiLineWkb(lines: Line[]): Buffer {
  const w = writer(9 + lines.reduce((s, l) => s + 9 + 4 + 8 * l.length, 0));
  put(w, TYPE.MultiLineString, lines.length);
  for (const l of lines) {
    w.buf.writeUInt8(1, w.off);
    w.buf.writeUInt32LE(TYPE.LineString, w.off + 1);
    w.off += 5;
    putPoints(w, l);
  }
  return w.buf;
}

/** Polygons (each a WKB) as one MultiPolygon WKB. */
export function multiPolygonWkb(polygons: Buffer[]): Buffer {
  const head = Buffer.allocUnsafe(9);
  head.writeUInt8(1, 0);
  head.writeUInt32LE(TYPE.MultiPolygon, 1);
  head.writeUInt32LE(polygons.length, 5);
  return Buffer.concat([head, ...polygons]);
}

/** Vertices of a geometry (all rings and lines). */
export function vertexCount(wkb: Buffer): number {
  let n = 0;
  for (const l of linesOf(wkb)) n += l.length / 2;
  return n;
}
