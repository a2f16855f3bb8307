/**
 * A Mapbox Vector Tile (spec 2.1) encoder: one protobuf message per tile, written by hand because the
 * format needs only varints, zigzag and length-delimited fields. Geometry arrives already in tile
 * units (integers, y down); this module only turns it into MoveTo/LineTo/ClosePath commands.
 */

export type TilePoint = readonly [number, number];
export type MvtValue = string | number | boolean;

export type MvtGeometry =
  | { type: 'point'; points: TilePoint[] }
  | { type: 'line'; lines: TilePoint[][] }
  /** Rings of every polygon in order: each exterior followed by its holes (orientation is fixed here). */
  | { type: 'polygon'; polygons: TilePoint[][][] };

export interface MvtFeature {
  id?: number;
  geometry: MvtGeometry;
  properties: Record<string, MvtValue | null | undefined>;
}

export interface MvtLayer {
  name: string;
  extent: number;
  features: MvtFeature[];
}

/** A growable byte buffer with the protobuf primitives the tile needs. */
class Writer {
  buf = new Uint8Array(1024);
  pos = 0;

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  varint(value: number): void {
    this.room(10);
    let v = value;
    // past 2^31 bit operators would wrap: divide instead
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(data.length);
    this.room(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  string(field: number, text: string): void {
    this.bytes(field, new TextEncoder().encode(text));
  }

  double(field: number, value: number): void {
    this.tag(field, 1);
    this.room(8);
    new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).setFloat64(0, value, true);
    this.pos += 8;
  }

  packed(field: number, values: readonly number[]): void {
    if (values.length === 0) return;
    const inner = new Writer();
    for (const v of values) inner.varint(v);
    this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const zigzag = (n: number): number => (n < 0 ? -2 * n - 1 : 2 * n);
const command = (id: number, count: number): number => (id & 7) | (count << 3);
const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;

/** Twice the signed area in tile units (y down): positive is clockwise on screen, the spec's exterior. */
export function signedArea2(ring: readonly TilePoint[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return sum;
}

function geometryCommands(g: MvtGeometry): { type: number; commands: number[] } {
  const out: number[] = [];
  let cx = 0;
  let cy = 0;
  const moveAndLine = (pts: readonly TilePoint[]): void => {
    out.push(command(MOVE_TO, 1), zigzag(pts[0]![0] - cx), zigzag(pts[0]![1] - cy));
    cx = pts[0]![0];
    cy = pts[0]![1];
    if (pts.length > 1) out.push(command(LINE_TO, pts.length - 1));
    for (let i = 1; i < pts.length; i++) {
      out.push(zigzag(pts[i]![0] - cx), zigzag(pts[i]![1] - cy));
      cx = pts[i]![0];
      cy = pts[i]![1];
    }
  };
  switch (g.type) {
    case 'point':
      out.push(command(MOVE_TO, g.points.length));
      for (const [x, y] of g.points) {
        out.push(zigzag(x - cx), zigzag(y - cy));
        cx = x;
        cy = y;
      }
      return { type: 1, commands: out };
    case 'line':
      for (const line of g.lines) if (line.length >= 2) moveAndLine(line);
      return { type: 2, commands: out };
    case 'polygon':
      for (const rings of g.polygons) {
        rings.forEach((ring, i) => {
          // rings come closed or open; the closing point is implied by ClosePath
          const open = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.slice(0, -1) : ring;
          if (open.length < 3) return;
          const exterior = i === 0;
          const clockwise = signedArea2(open) > 0;
          moveAndLine(exterior === clockwise ? open : [...open].reverse());
          out.push(command(CLOSE_PATH, 1));
        });
      }
      return { type: 3, commands: out };
  }
}

/** Keys and values are shared by the features of a layer; a value is told apart by its type too. */
function valueKey(v: MvtValue): string {
  return `${typeof v}:${String(v)}`;
}

function encodeValue(v: MvtValue): Uint8Array {
  const w = new Writer();
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') {
    w.tag(7, 0);
    w.varint(v ? 1 : 0);
  } else if (Number.isSafeInteger(v)) {
    if (v >= 0) {
      w.tag(5, 0);
      w.varint(v);
    } else {
      w.tag(6, 0);
      w.varint(zigzag(v));
    }
  } else w.double(3, v);
  return w.finish();
}

function encodeLayer(layer: MvtLayer): Uint8Array {
  const w = new Writer();
  w.tag(15, 0);
  w.varint(2);
  w.string(1, layer.name);
  const keys = new Map<string, number>();
  const values = new Map<string, { index: number; value: MvtValue }>();
  for (const f of layer.features) {
    const { type, commands } = geometryCommands(f.geometry);
    if (commands.length === 0) continue;
    const tags: number[] = [];
    for (const [k, v] of Object.entries(f.properties)) {
      if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) continue;
      let ki = keys.get(k);
      if (ki === undefined) keys.set(k, (ki = keys.size));
      const vk = valueKey(v);
      let entry = values.get(vk);
      if (!entry) values.set(vk, (entry = { index: values.size, value: v }));
      tags.push(ki, entry.index);
    }
    const fw = new Writer();
    if (f.id !== undefined && Number.isSafeInteger(f.id) && f.id >= 0) {
      fw.tag(1, 0);
      fw.varint(f.id);
    }
    fw.packed(2, tags);
    fw.tag(3, 0);
    fw.varint(type);
    fw.packed(4, commands);
    w.bytes(2, fw.finish());
  }
  for (const k of keys.keys()) w.string(3, k);
  for (const { value } of values.values()) w.bytes(4, encodeValue(value));
  w.tag(5, 0);
  w.varint(layer.extent);
  return w.finish();
}

/** The tile's bytes: each layer as field 3 of the Tile message. */
export function encodeMvt(layers: readonly MvtLayer[]): Uint8Array {
  const w = new Writer();
  for (const layer of layers) w.bytes(3, encodeLayer(layer));
  return w.finish();
}
