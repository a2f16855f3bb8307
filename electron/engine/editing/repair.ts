import type { Polygonal, Ring } from './wkb';

/**
 * The repair tool of topological editing: makes "shared" mean "equal" before anyone edits.
 * Near-coincident vertices (within the tolerance, QGIS#35079) take the coordinates of the first of
 * them (by fid); a vertex of one polygon lying on another's edge (a T-junction) is inserted into that
 * edge, so the two boundaries have the same vertices and move together from then on.
 */
export interface RepairOutcome {
  changed: Map<number, Polygonal>;
  snapped: number;
  inserted: number;
}

type XY = [number, number];

export function repairTopology(features: { fid: number; geom: Polygonal }[], tol: number): RepairOutcome {
  // 1. snap: a grid of the tolerance; each vertex looks in its cell and the eight around it
  const cellKey = (x: number, y: number): string => `${Math.floor(x / tol)},${Math.floor(y / tol)}`;
  const reps = new Map<string, XY[]>();
  const findRep = (p: XY): XY | null => {
    const cx = Math.floor(p[0] / tol);
    const cy = Math.floor(p[1] / tol);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const q of reps.get(`${cx + dx},${cy + dy}`) ?? []) if (Math.hypot(q[0] - p[0], q[1] - p[1]) <= tol) return q;
    return null;
  };
  let snapped = 0;
  const touched = new Set<number>();
  const snappedGeoms = features.map((f) => {
    const parts = f.geom.parts.map((part) =>
      part.map((ring) => {
        // the closing vertex repeats the first: snap the open ring, then close it again
        const closed = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
        const body = closed ? ring.slice(0, -1) : ring;
        const out: Ring = body.map((p) => {
          const rep = findRep(p);
          if (!rep) {
            const k = cellKey(p[0], p[1]);
            const list = reps.get(k);
            if (list) list.push(p);
            else reps.set(k, [p]);
            return p;
          }
          if (rep[0] !== p[0] || rep[1] !== p[1]) {
            snapped++;
            touched.add(f.fid);
          }
          return [rep[0], rep[1]] as XY;
        });
        // snapping may make neighbours equal: drop repeats
        const kept = out.filter((p, i) => i === 0 || p[0] !== out[i - 1]![0] || p[1] !== out[i - 1]![1]);
        return closed && kept.length > 0 ? [...kept, [kept[0]![0], kept[0]![1]] as XY] : kept;
      }),
    );
    return { fid: f.fid, geom: { multi: f.geom.multi, parts } };
  });

  // 2. T-junctions: every vertex (of any polygon) strictly inside another polygon's edge goes into it
  const all: XY[] = [...reps.values()].flat();
  let total = 0;
  let segs = 0;
  for (const f of snappedGeoms)
    for (const part of f.geom.parts)
      for (const ring of part)
        for (let i = 0; i + 1 < ring.length; i++) {
          total += Math.hypot(ring[i + 1]![0] - ring[i]![0], ring[i + 1]![1] - ring[i]![1]);
          segs++;
        }
  const cell = Math.max(segs > 0 ? total / segs : 1, tol * 10);
  const buckets = new Map<string, XY[]>();
  for (const p of all) {
    const k = `${Math.floor(p[0] / cell)},${Math.floor(p[1] / cell)}`;
    const list = buckets.get(k);
    if (list) list.push(p);
    else buckets.set(k, [p]);
  }
  let inserted = 0;
  const changed = new Map<number, Polygonal>();
  for (const f of snappedGeoms) {
    let fInserted = false;
    const parts = f.geom.parts.map((part) =>
      part.map((ring) => {
        const out: Ring = [];
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = ring[i]!;
          const b = ring[i + 1]!;
          out.push(a);
          const dx = b[0] - a[0];
          const dy = b[1] - a[1];
          const len2 = dx * dx + dy * dy;
          if (len2 === 0) continue;
          const here: { t: number; p: XY }[] = [];
          for (let cx = Math.floor((Math.min(a[0], b[0]) - tol) / cell); cx <= Math.floor((Math.max(a[0], b[0]) + tol) / cell); cx++)
            for (let cy = Math.floor((Math.min(a[1], b[1]) - tol) / cell); cy <= Math.floor((Math.max(a[1], b[1]) + tol) / cell); cy++)
              for (const p of buckets.get(`${cx},${cy}`) ?? []) {
                const t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
                if (t <= 0 || t >= 1) continue;
                if (Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]) > tol) continue;
                if (Math.hypot(p[0] - a[0], p[1] - a[1]) <= tol || Math.hypot(p[0] - b[0], p[1] - b[1]) <= tol) continue;
                here.push({ t, p });
              }
          here.sort((x, y) => x.t - y.t);
          for (const h of here) out.push([h.p[0], h.p[1]]);
          if (here.length > 0) {
            inserted += here.length;
            fInserted = true;
          }
        }
        out.push(ring[ring.length - 1]!);
        return out;
      }),
    );
    if (fInserted || touched.has(f.fid)) changed.set(f.fid, { multi: f.geom.multi, parts });
  }
  return { changed, snapped, inserted };
}
