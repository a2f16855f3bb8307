import type { Polygonal } from './wkb';

/**
 * The arc-node view of a polygon layer (mapshaper's buildTopology, in small): vertices snapped to a
 * grid of the tolerance become shared keys; a segment used by two polygons is shared; nodes are the
 * vertices where the set of polygons along the boundary changes (or three boundaries meet); arcs are
 * the runs of segments between nodes. Edits never store this — it is derived from the geometry
 * table, which stays the one truth that QGIS also reads — but it says how much of the layer is
 * topologically clean (shared arcs, T-junctions where sharing is broken).
 */
export interface ArcSummary {
  vertices: number;
  nodes: number;
  arcs: number;
  sharedArcs: number;
  tJunctions: number;
}

type Key = string;

export function buildArcs(features: { fid: number; geom: Polygonal }[], tol: number): ArcSummary {
  const key = (x: number, y: number): Key => `${Math.round(x / tol)},${Math.round(y / tol)}`;
  const segKey = (a: Key, b: Key): Key => (a < b ? `${a}|${b}` : `${b}|${a}`);
  const segOwners = new Map<Key, Set<number>>();
  const vertexSegs = new Map<Key, Set<Key>>();
  const rings: { fid: number; keys: Key[]; pts: [number, number][] }[] = [];
  for (const f of features)
    for (const part of f.geom.parts)
      for (const ring of part) {
        const keys: Key[] = [];
        const pts: [number, number][] = [];
        for (const [x, y] of ring) {
          const k = key(x, y);
          if (keys[keys.length - 1] === k) continue; // repeated point after snapping
          keys.push(k);
          pts.push([x, y]);
        }
        if (keys.length > 1 && keys[0] === keys[keys.length - 1]) {
          keys.pop();
          pts.pop();
        }
        if (keys.length < 3) continue;
        rings.push({ fid: f.fid, keys, pts });
        for (let i = 0; i < keys.length; i++) {
          const a = keys[i]!;
          const b = keys[(i + 1) % keys.length]!;
          const s = segKey(a, b);
          let owners = segOwners.get(s);
          if (!owners) segOwners.set(s, (owners = new Set()));
          owners.add(f.fid);
          for (const v of [a, b]) {
            let segs = vertexSegs.get(v);
            if (!segs) vertexSegs.set(v, (segs = new Set()));
            segs.add(s);
          }
        }
      }
  const ownersKey = (s: Key): string => [...(segOwners.get(s) ?? [])].sort((a, b) => a - b).join(',');
  const nodes = new Set<Key>();
  for (const [v, segs] of vertexSegs) {
    if (segs.size !== 2) {
      nodes.add(v);
      continue;
    }
    const [s1, s2] = [...segs] as [Key, Key];
    if (ownersKey(s1) !== ownersKey(s2)) nodes.add(v);
  }
  // Arcs: walk each ring from a node, cutting at nodes; count each arc once (by its first segment).
  const seenSeg = new Set<Key>();
  let arcs = 0;
  let sharedArcs = 0;
  for (const r of rings) {
    const n = r.keys.length;
    let start = r.keys.findIndex((k) => nodes.has(k));
    const ringless = start < 0; // a ring with no node (an island, or a hole filled by one neighbour)
    if (ringless) start = 0;
    let inArc = false;
    for (let step = 0; step < n; step++) {
      const i = (start + step) % n;
      const a = r.keys[i]!;
      const s = segKey(a, r.keys[(i + 1) % n]!);
      if (step === 0 || nodes.has(a)) inArc = false;
      if (seenSeg.has(s)) continue;
      seenSeg.add(s);
      if (!inArc) {
        arcs++;
        if ((segOwners.get(s)?.size ?? 0) > 1) sharedArcs++;
        inArc = true;
      }
    }
  }
  return { vertices: vertexSegs.size, nodes: nodes.size, arcs, sharedArcs, tJunctions: countTJunctions(rings, tol) };
}

/**
 * Vertices that lie on another polygon's edge without being one of its vertices: where QGIS-style
 * topological editing breaks (the neighbour does not move along). A bucket grid keeps it near linear.
 */
function countTJunctions(rings: { fid: number; keys: Key[]; pts: [number, number][] }[], tol: number): number {
  const segs: { fid: number; a: [number, number]; b: [number, number] }[] = [];
  let total = 0;
  for (const r of rings)
    for (let i = 0; i < r.pts.length; i++) {
      const a = r.pts[i]!;
      const b = r.pts[(i + 1) % r.pts.length]!;
      segs.push({ fid: r.fid, a, b });
      total += Math.hypot(b[0] - a[0], b[1] - a[1]);
    }
  if (segs.length === 0) return 0;
  const cell = Math.max(total / segs.length, tol * 10);
  const buckets = new Map<string, number[]>();
  segs.forEach((s, idx) => {
    const x0 = Math.floor((Math.min(s.a[0], s.b[0]) - tol) / cell);
    const x1 = Math.floor((Math.max(s.a[0], s.b[0]) + tol) / cell);
    const y0 = Math.floor((Math.min(s.a[1], s.b[1]) - tol) / cell);
    const y1 = Math.floor((Math.max(s.a[1], s.b[1]) + tol) / cell);
    for (let x = x0; x <= x1; x++)
      for (let y = y0; y <= y1; y++) {
        const k = `${x},${y}`;
        let list = buckets.get(k);
        if (!list) buckets.set(k, (list = []));
        list.push(idx);
      }
  });
  const found = new Set<Key>();
  for (const r of rings)
    r.pts.forEach((p, i) => {
      const k = r.keys[i]!;
      if (found.has(k)) return;
      const list = buckets.get(`${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`) ?? [];
      for (const idx of list) {
        const s = segs[idx]!;
        if (s.fid === r.fid) continue;
        const dx = s.b[0] - s.a[0];
        const dy = s.b[1] - s.a[1];
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = ((p[0] - s.a[0]) * dx + (p[1] - s.a[1]) * dy) / len2;
        if (t <= 0 || t >= 1) continue;
        if (Math.hypot(s.a[0] + t * dx - p[0], s.a[1] + t * dy - p[1]) > tol) continue;
        // on the interior of the other's segment, and not snapped onto one of its endpoints
        const ka = `${Math.round(s.a[0] / tol)},${Math.round(s.a[1] / tol)}`;
        const kb = `${Math.round(s.b[0] / tol)},${Math.round(s.b[1] / tol)}`;
        if (ka === k || kb === k) continue;
        found.add(k);
        return;
      }
    });
  return found.size;
}
