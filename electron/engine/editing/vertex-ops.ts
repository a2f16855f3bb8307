import type { EditOp, XY } from '../../../shared/api/editing';
import type { Polygonal, Ring } from './wkb';

/**
 * The boundary edits, as pure functions of one polygon's rings. They find "the same vertex" by
 * distance (within `tol`), not bit equality, so near-coincident vertices (QGIS#35079) still move
 * together; a vertex of a neighbour that lies on this polygon's edge (a T-junction) bends that edge
 * with it, so no gap opens. Applied to every polygon near the edit, they keep shared boundaries shared.
 */

const near = (p: XY, q: XY, tol: number): boolean => Math.abs(p[0] - q[0]) <= tol && Math.abs(p[1] - q[1]) <= tol && Math.hypot(p[0] - q[0], p[1] - q[1]) <= tol;

/** Parameter t ∈ (0, 1) of p's projection on a–b when p lies within tol of the segment's interior; else null. */
function onSegment(p: XY, a: XY, b: XY, tol: number): number | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return null;
  const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  if (t <= 0 || t >= 1) return null;
  const d = Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
  return d <= tol ? t : null;
}

/** A closed ring without its closing vertex, and back. */
const open = (ring: Ring): Ring => (ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1] ? ring.slice(0, -1) : ring.slice());
const close = (ring: Ring): Ring => (ring.length > 0 ? [...ring, [ring[0]![0], ring[0]![1]]] : ring);

export interface OpOutcome {
  geom: Polygonal;
  changed: boolean;
}

type RingFn = (ring: Ring) => Ring | null;

function mapRings(g: Polygonal, fn: RingFn): OpOutcome {
  let changed = false;
  const parts = g.parts.map((p) =>
    p.map((ring) => {
      const out = fn(open(ring));
      if (!out) return ring;
      changed = true;
      return close(out);
    }),
  );
  return { geom: { multi: g.multi, parts }, changed };
}

/**
 * Moves every vertex near a `from` to its `to`, all at once (a segment drag moves two). First the
 * edges at each `from` are noded: `from` itself goes into an edge that passes through it (a
 * T-junction), and so do the `nodes` lying on those edges — the neighbours' vertices next to `from`.
 * Then every polygon bends through the same points, and no sliver opens between them.
 */
export function moveVertices(g: Polygonal, moves: { from: XY; to: XY }[], tol: number, nodes: XY[] = []): OpOutcome {
  const froms = moves.map((m) => m.from);
  return mapRings(g, (ring) => {
    let moved = false;
    const out: Ring = nodeRing(ring, froms, nodes, tol).map((v) => {
      const k = moves.findIndex((m) => near(v, m.from, tol));
      if (k < 0) return v;
      moved = true;
      return [moves[k]!.to[0], moves[k]!.to[1]];
    });
    return moved ? out : null;
  });
}

/** Inserts `froms` and `nodes` into the interior of the ring's edges that meet a `from`. */
function nodeRing(ring: Ring, froms: XY[], nodes: XY[], tol: number): Ring {
  const points = [...froms, ...nodes];
  const out: Ring = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    out.push(a);
    if (!froms.some((f) => near(a, f, tol) || near(b, f, tol) || onSegment(f, a, b, tol) !== null)) continue;
    const here: { t: number; p: XY }[] = [];
    for (const p of points) {
      if (near(p, a, tol) || near(p, b, tol)) continue;
      const t = onSegment(p, a, b, tol);
      if (t !== null && !here.some((h) => near(h.p, p, tol))) here.push({ t, p });
    }
    here.sort((x, y) => x.t - y.t);
    for (const h of here) out.push([h.p[0], h.p[1]]);
  }
  return out;
}

/**
 * Where the edges at `points` must bend through: the vertices next to each point in rings that have
 * it, and the ends of edges that pass through it.
 */
export function adjacentVertices(geoms: Polygonal[], points: XY[], tol: number): XY[] {
  const out: XY[] = [];
  for (const g of geoms)
    for (const part of g.parts)
      for (const closed of part) {
        const ring = open(closed);
        ring.forEach((v, i) => {
          const next = ring[(i + 1) % ring.length]!;
          if (points.some((p) => near(v, p, tol))) out.push(ring[(i + ring.length - 1) % ring.length]!, next);
          if (points.some((p) => onSegment(p, v, next, tol) !== null)) out.push(v, next);
        });
      }
  return out;
}

/** Inserts `at` into every edge that covers the segment a–b (the shared edge, or a neighbour's longer edge through it). */
export function insertVertex(g: Polygonal, a: XY, b: XY, at: XY, tol: number): OpOutcome {
  const covers = (p: XY, q: XY, x: XY): boolean => near(x, p, tol) || near(x, q, tol) || onSegment(x, p, q, tol) !== null;
  return mapRings(g, (ring) => {
    const out: Ring = [];
    let inserted = false;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i]!;
      const q = ring[(i + 1) % ring.length]!;
      out.push(p);
      if (covers(p, q, a) && covers(p, q, b) && !(near(p, q, tol))) {
        out.push([at[0], at[1]]);
        inserted = true;
      }
    }
    return inserted ? out : null;
  });
}

/** Removes the vertices near `at`. A ring left with fewer than three vertices is reported, not written. */
export function deleteVertex(g: Polygonal, at: XY, tol: number): OpOutcome & { collapsed: boolean } {
  let collapsed = false;
  const outcome = mapRings(g, (ring) => {
    const out = ring.filter((v) => !near(v, at, tol));
    if (out.length === ring.length) return null;
    if (out.length < 3) collapsed = true;
    return out;
  });
  return { ...outcome, collapsed };
}

/** The points an edit touches, to find the candidate polygons through the spatial index. */
export function opPoints(edit: EditOp): XY[] {
  switch (edit.op) {
    case 'moveVertex':
      return [edit.from];
    case 'moveVertices':
      return edit.moves.map((m) => m.from);
    case 'insertVertex':
      return [edit.a, edit.b];
    case 'deleteVertex':
      return [edit.at];
  }
}

export function applyOp(g: Polygonal, edit: EditOp, tol: number, nodes: XY[] = []): OpOutcome & { collapsed: boolean } {
  switch (edit.op) {
    case 'moveVertex':
      return { ...moveVertices(g, [{ from: edit.from, to: edit.to }], tol, nodes), collapsed: false };
    case 'moveVertices':
      return { ...moveVertices(g, edit.moves, tol, nodes), collapsed: false };
    case 'insertVertex':
      return { ...insertVertex(g, edit.a, edit.b, edit.at, tol), collapsed: false };
    case 'deleteVertex':
      return deleteVertex(g, edit.at, tol);
  }
}
