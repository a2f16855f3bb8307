import { gdal } from '../../gdal';
import type { Db } from '../../project/spatialite';
import { checkpoints, type Cooperation } from '../core/cooperate';
import { linesOf, multiLineWkb, multiPolygonWkb, polygonsOf, type Line } from './wkb';

/**
 * Changing the boundaries of a polygon coverage (neighbours sharing edges) without opening gaps or
 * overlaps — the way mapshaper and GRASS v.generalize work on a topology: the boundaries are broken
 * into arcs between junctions (ST_UnaryUnion nodes and dedups the rings, LineMerge joins them back
 * up to the junctions), so an edge two polygons share is ONE arc; every arc is changed once (its
 * junction ends kept), the arcs are noded again and polygonized into faces, and each face goes back
 * to the polygon it lies in. Neighbours therefore meet along the very same new line.
 */

/** Bounding box of a set of lines [minX, minY, maxX, maxY]. */
function bbox(lines: Line[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const l of lines) {
    for (let i = 0; i < l.length; i += 2) {
      const x = l[i]!;
      const y = l[i + 1]!;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/** Even–odd point in polygon over all rings (outer rings and holes of a valid multipolygon). */
export function insideRings(rings: Line[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i]!;
      const yi = r[2 * i + 1]!;
      const xj = r[2 * j]!;
      const yj = r[2 * j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The arcs of a coverage: every boundary segment once, merged into lines between junctions. */
export function coverageArcs(db: Db, sources: (Buffer | null)[]): Line[] {
  const rings: Line[] = [];
  for (const s of sources) if (s) rings.push(...linesOf(s));
  if (rings.length === 0) return [];
  const hit = db.prepare('SELECT AsBinary(LineMerge(ST_UnaryUnion(GeomFromWKB(?)))) AS wkb').get(multiLineWkb(rings)) as { wkb: Buffer | null };
  return hit.wkb ? linesOf(hit.wkb) : [];
}

/** Closed arcs (islands) split in two at their farthest vertex, so line simplifiers keep them rings. */
export function openArcs(arcs: Line[]): Line[] {
  const out: Line[] = [];
  for (const a of arcs) {
    const n = a.length / 2;
    if (n < 4 || a[0] !== a[a.length - 2] || a[1] !== a[a.length - 1]) {
      out.push(a);
      continue;
    }
    let far = 1;
    let best = -1;
    for (let i = 1; i < n - 1; i++) {
      const d = (a[2 * i]! - a[0]!) ** 2 + (a[2 * i + 1]! - a[1]!) ** 2;
      if (d > best) {
        best = d;
        far = i;
      }
    }
    out.push(a.slice(0, 2 * far + 2), a.slice(2 * far));
  }
  return out;
}

export interface Rebuilt {
  /** One per source, in order; null where nothing of the source is left (smaller than the change). */
  geometries: (Buffer | null)[];
}

/**
 * The coverage rebuilt from changed arcs: faces polygonized from the noded new arcs, each given to
 * the source containing its interior point (the largest overlap where that is ambiguous), the faces
 * of one source unioned. Faces in no source (holes, gaps between polygons) stay out.
 */
export async function rebuildCoverage(db: Db, sources: (Buffer | null)[], arcs: Line[], coop: Cooperation = {}): Promise<Rebuilt> {
  const tick = checkpoints(coop);
  const empty = { geometries: sources.map(() => null) };
  if (arcs.length === 0) return empty;
  const noded = db.prepare('SELECT AsBinary(ST_UnaryUnion(GeomFromWKB(?))) AS wkb').get(multiLineWkb(arcs)) as { wkb: Buffer | null };
  if (!noded.wkb) return empty;
  // GEOS's polygonizer through OGR: SpatiaLite's ST_Polygonize asks GEOS for a *valid* multipolygon,
  // which leaves out every face sharing an edge with another — half of a coverage
  const lines = gdal.Geometry.fromWKB(noded.wkb);
  const linework = lines instanceof gdal.MultiLineString ? lines : toMultiLine(lines);
  const faces = polygonsOf(linework.polygonize().toWKB());
  await tick(0.3);

  const src = sources.map((s) => {
    const rings = s ? linesOf(s) : [];
    return { rings, box: rings.length ? bbox(rings) : null };
  });
  // sources sorted by minX, for the candidates of each face's interior point
  const order = src.map((_, i) => i).filter((i) => src[i]!.box).sort((p, q) => src[p]!.box![0] - src[q]!.box![0]);
  const minXs = order.map((i) => src[i]!.box![0]);
  let maxWidth = 0;
  for (const i of order) maxWidth = Math.max(maxWidth, src[i]!.box![2] - src[i]!.box![0]);

  const point = db.prepare('SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(GeomFromWKB(?)) AS p)');
  const overlap = db.prepare('SELECT ST_Area(ST_Intersection(GeomFromWKB(?), GeomFromWKB(?))) AS a');
  const owned: Buffer[][] = sources.map(() => []);
  for (let f = 0; f < faces.length; f++) {
    await tick(0.3 + (0.5 * f) / faces.length);
    const face = faces[f]!;
    const p = point.get(face) as { x: number | null; y: number | null };
    if (p.x === null || p.y === null) continue;
    const candidates: number[] = [];
    // sources whose minX ≤ x, scanning back no further than the widest source
    let hi = upperBound(minXs, p.x);
    while (--hi >= 0 && minXs[hi]! >= p.x - maxWidth) {
      const i = order[hi]!;
      const b = src[i]!.box!;
      if (p.x <= b[2] && p.y >= b[1] && p.y <= b[3] && insideRings(src[i]!.rings, p.x, p.y)) candidates.push(i);
    }
    let owner = candidates.length === 1 ? candidates[0]! : -1;
    if (candidates.length > 1) {
      let best = 0;
      for (const i of candidates) {
        const a = (overlap.get(face, sources[i]!) as { a: number | null }).a ?? 0;
        if (a > best) {
          best = a;
          owner = i;
        }
      }
    }
    if (owner >= 0) owned[owner]!.push(face);
  }
  const union = db.prepare('SELECT AsBinary(CastToMulti(ST_UnaryUnion(GeomFromWKB(?)))) AS wkb');
  const geometries: (Buffer | null)[] = [];
  for (let i = 0; i < owned.length; i++) {
    await tick(0.8 + (0.2 * i) / owned.length);
    const list = owned[i]!;
    geometries.push(list.length === 0 ? null : ((union.get(multiPolygonWkb(list)) as { wkb: Buffer | null }).wkb ?? null));
  }
  return { geometries };
}

/** A single noded LineString (one island) as the MultiLineString OGR's polygonizer takes. */
function toMultiLine(g: gdal.Geometry): gdal.MultiLineString {
  const m = new gdal.MultiLineString();
  m.children.add(g);
  return m;
}

function upperBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Chaikin corner cutting, `passes` times: each segment is replaced by its points at ¼ and ¾, so
 * corners round off while the line stays within the hull of the old one. Open arcs keep their end
 * points (the junctions neighbours share); closed arcs (islands) are cut all round.
 */
export function chaikin(line: Line, passes: number): Line {
  let cur = line;
  for (let p = 0; p < passes; p++) {
    const n = cur.length / 2;
    if (n < 3) return cur;
    const closed = cur[0] === cur[cur.length - 2] && cur[1] === cur[cur.length - 1];
    const out: number[] = [];
    if (!closed) out.push(cur[0]!, cur[1]!);
    for (let i = 0; i < n - 1; i++) {
      const x0 = cur[2 * i]!;
      const y0 = cur[2 * i + 1]!;
      const x1 = cur[2 * i + 2]!;
      const y1 = cur[2 * i + 3]!;
      if (closed || i > 0) out.push(0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1);
      if (closed || i < n - 2) out.push(0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1);
    }
    if (closed) out.push(out[0]!, out[1]!);
    else out.push(cur[cur.length - 2]!, cur[cur.length - 1]!);
    cur = Float64Array.from(out);
  }
  return cur;
}
