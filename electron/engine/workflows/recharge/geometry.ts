import type { Ring } from '../../../../shared/domain/recharge/shapes';
import { gdal } from '../../gdal';
import { GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';

/** Zone geometry work (union, difference, clip) goes through GDAL's GEOS bindings; rings come from shared/domain. */

export function polygonOf(ring: Ring): gdal.Polygon {
  const r = new gdal.LinearRing();
  for (const [x, y] of ring) r.points.add(x, y);
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) r.points.add(first[0], first[1]);
  const p = new gdal.Polygon();
  p.rings.add(r);
  return p;
}

/** A ring from the particle tracer can pinch where pathlines crowd the dividing streamline; made valid so GEOS accepts it. */
export function validPolygon(ring: Ring): gdal.Geometry {
  const p = polygonOf(ring);
  return p.isValid() ? p : p.makeValid();
}

export function areaOf(g: gdal.Geometry): number {
  if (g instanceof gdal.Polygon || g instanceof gdal.GeometryCollection) return g.getArea();
  return 0;
}

export function unionAll(geoms: gdal.Geometry[]): gdal.Geometry | null {
  let out: gdal.Geometry | null = null;
  for (const g of geoms) out = out ? out.union(g) : g;
  return out;
}

/** Only the polygonal part, as a MultiPolygon (GEOS may return collections with slivers of lower dimension). */
export function polygonal(g: gdal.Geometry): gdal.MultiPolygon {
  const out = new gdal.MultiPolygon();
  const add = (h: gdal.Geometry): void => {
    if (h instanceof gdal.Polygon) {
      if (!h.isEmpty()) out.children.add(h);
    } else if (h instanceof gdal.GeometryCollection) {
      for (let k = 0; k < h.children.count(); k++) add(h.children.get(k));
    }
  };
  add(g);
  return out;
}

export function pointOf(x: number, y: number): gdal.Point {
  return new gdal.Point(x, y);
}

/** The features of a polygon layer that contain (x, y); the first by fid, or null. */
export function featureContaining(db: Db, row: LayerRow, x: number, y: number, srid: number): { fid: number; geom: gdal.Geometry } | null {
  const g = quoteIdent(GEOMETRY_COLUMN);
  const r = db
    .prepare(
      `SELECT fid, AsBinary(${g}) AS wkb FROM ${quoteIdent(row.table_name)}
       WHERE ${g} IS NOT NULL AND ST_Intersects(${g}, MakePoint(?, ?, ?)) ORDER BY fid LIMIT 1`,
    )
    .get(x, y, BigInt(srid)) as { fid: number; wkb: Buffer } | undefined;
  if (!r) return null;
  const geom = gdal.Geometry.fromWKB(r.wkb);
  return { fid: r.fid, geom: geom.isValid() ? geom : geom.makeValid() };
}

/** Every feature of a vector layer with the given text columns (null where a column is missing). */
export function readFeatures(db: Db, row: LayerRow, columns: (string | null)[]): { fid: number; geom: gdal.Geometry; values: (string | null)[] }[] {
  const g = quoteIdent(GEOMETRY_COLUMN);
  const cols = columns.map((c, i) => (c === null ? `NULL AS c${i}` : `${quoteIdent(c)} AS c${i}`)).join(', ');
  const rows = db
    .prepare(`SELECT fid, AsBinary(${g}) AS wkb${cols ? `, ${cols}` : ''} FROM ${quoteIdent(row.table_name)} WHERE ${g} IS NOT NULL ORDER BY fid`)
    .all() as Record<string, unknown>[];
  return rows.map((r) => ({
    fid: Number(r.fid),
    geom: gdal.Geometry.fromWKB(r.wkb as Buffer),
    values: columns.map((_, i) => {
      const v = r[`c${i}`];
      return v === null || v === undefined ? null : String(v);
    }),
  }));
}

export function columnsOf(db: Db, table: string): string[] {
  return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((c) => c.name);
}

/** The first column whose name matches one of the patterns (case-insensitive), for field guessing. */
export function guessColumn(columns: string[], patterns: RegExp[]): string | null {
  for (const p of patterns) {
    const hit = columns.find((c) => p.test(c));
    if (hit) return hit;
  }
  return null;
}
