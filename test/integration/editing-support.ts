import { readPolygonalWkb } from '../../electron/engine/editing/wkb';
import { openSpatialite, type Db } from '../../electron/engine/project/spatialite';
import type { XY } from '../../shared/api';

/** A second, read-only connection to the project file: what the engine committed, seen from outside. */
export function readOnly(path: string): Db {
  return openSpatialite(path, { readonly: true });
}

export function blobs(db: Db, table: string): Map<number, Buffer> {
  const rows = db.prepare(`SELECT fid, geom FROM "${table}" ORDER BY fid`).all() as { fid: number; geom: Buffer }[];
  return new Map(rows.map((r) => [r.fid, r.geom]));
}

export function vertices(db: Db, table: string, fid: number): XY[] {
  const row = db.prepare(`SELECT ST_AsBinary(geom) AS wkb FROM "${table}" WHERE fid = ?`).get(fid) as { wkb: Buffer };
  return readPolygonalWkb(row.wkb).parts.flatMap((p) => p.flatMap((r) => r));
}

export function hasVertex(db: Db, table: string, fid: number, p: XY): boolean {
  return vertices(db, table, fid).some((v) => v[0] === p[0] && v[1] === p[1]);
}

export function unionArea(db: Db, table: string): number {
  return (db.prepare(`SELECT ST_Area(ST_Union(geom)) AS a FROM "${table}"`).get() as { a: number }).a;
}

export function pairRelation(db: Db, table: string, a: number, b: number): { overlaps: number; interArea: number; touches: number } {
  return db
    .prepare(
      `SELECT ST_Overlaps(p.geom, q.geom) AS overlaps, ST_Area(ST_Intersection(p.geom, q.geom)) AS interArea, ST_Touches(p.geom, q.geom) AS touches
       FROM "${table}" p, "${table}" q WHERE p.fid = ? AND q.fid = ?`,
    )
    .get(a, b) as { overlaps: number; interArea: number; touches: number };
}

/**
 * A vertex shared by exactly two polygons and lying inside the union of the layer (not on its outer
 * edge), so moving it must leave the union area exactly as it was.
 */
export function sharedInteriorVertex(db: Db, table: string, tJunction = false, near?: XY): { at: XY; fids: [number, number]; touching: number[] } {
  const rows = db.prepare(`SELECT fid, ST_AsBinary(geom) AS wkb FROM "${table}" ORDER BY fid`).all() as { fid: number; wkb: Buffer }[];
  const owners = new Map<string, Set<number>>();
  for (const r of rows)
    for (const part of readPolygonalWkb(r.wkb).parts)
      for (const ring of part)
        for (const [x, y] of ring) {
          const k = `${x} ${y}`;
          let s = owners.get(k);
          if (!s) owners.set(k, (s = new Set()));
          s.add(r.fid);
        }
  const inside = db.prepare(
    `SELECT ST_Within(ST_Buffer(MakePoint(?, ?), 60), (SELECT ST_Union(geom) FROM "${table}")) AS ok`,
  );
  // every feature whose boundary passes through the point, as a vertex or across an edge
  const touching = db.prepare(`SELECT fid FROM "${table}" WHERE ST_Distance(geom, MakePoint(?, ?)) < 1e-6 ORDER BY fid`);
  // with `near`, the candidates closest to that point first (e.g. the middle of the map on screen)
  const entries = [...owners].filter(([, s]) => s.size === 2);
  if (near) {
    const d = (k: string): number => {
      const [x, y] = k.split(' ').map(Number) as [number, number];
      return Math.hypot(x - near[0], y - near[1]);
    };
    entries.sort((a, b) => d(a[0]) - d(b[0]));
  }
  for (const [k, s] of entries) {
    const [x, y] = k.split(' ').map(Number) as [number, number];
    const all = (touching.all(x, y) as { fid: number }[]).map((r) => r.fid);
    if ((all.length > 2) !== tJunction) continue;
    if ((inside.get(x, y) as { ok: number }).ok !== 1) continue;
    const [a, b] = [...s] as [number, number];
    return { at: [x, y], fids: [a, b], touching: all };
  }
  throw new Error(`no interior vertex shared by two polygons in ${table}`);
}
