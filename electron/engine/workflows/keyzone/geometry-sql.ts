import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';

/**
 * The polygon overlay of the key-zone workflow in SpatiaLite/GEOS SQL: unions, clips, differences
 * and areas of a few large multipolygons (zone classes, counties), passed as WKB. Not a generic
 * overlay toolkit — just the algebra the zone steps need, every result reduced to its polygons
 * (CollectionExtract) so touching edges never leak lines into a polygon layer.
 */
export class ZoneGeometry {
  constructor(
    private readonly db: Db,
    readonly srid: number,
  ) {}

  private one(sql: string, ...args: unknown[]): Buffer | null {
    const row = this.db.prepare(sql).raw().get(...args) as [Buffer | null] | undefined;
    const wkb = row?.[0] ?? null;
    return wkb && wkb.length > 0 ? wkb : null;
  }

  private g(_slot: number): string {
    return `GeomFromWKB(?, ${this.srid})`;
  }

  private polygons(expr: string): string {
    // CastToMulti keeps single polygons and collections alike as MULTIPOLYGON
    return `AsBinary(CastToMulti(CollectionExtract(${expr}, 3)))`;
  }

  /** Union of a layer's features (optionally a WHERE over its columns), repaired by a zero buffer. */
  layerUnion(layer: LayerRow, where = '1', ...args: unknown[]): Buffer | null {
    return this.one(`SELECT ${this.polygons(`ST_Buffer(ST_Union(${quoteIdent(GEOMETRY_COLUMN)}), 0)`)} FROM ${quoteIdent(layer.table_name)} WHERE ${where}`, ...args);
  }

  /** Each feature's geometry with its fid. */
  layerGeometries(layer: LayerRow, columns: string[] = []): { fid: number; wkb: Buffer; values: unknown[] }[] {
    const cols = columns.map((c) => `, ${quoteIdent(c)}`).join('');
    const rows = this.db
      .prepare(`SELECT ${quoteIdent(FID_COLUMN)}, AsBinary(${quoteIdent(GEOMETRY_COLUMN)})${cols} FROM ${quoteIdent(layer.table_name)} WHERE ${quoteIdent(GEOMETRY_COLUMN)} IS NOT NULL ORDER BY ${quoteIdent(FID_COLUMN)}`)
      .raw()
      .all() as unknown[][];
    return rows.map((r) => ({ fid: r[0] as number, wkb: r[1] as Buffer, values: r.slice(2) }));
  }

  unionAll(parts: readonly (Buffer | null)[]): Buffer | null {
    const given = parts.filter((p): p is Buffer => p !== null);
    if (given.length === 0) return null;
    if (given.length === 1) return this.one(`SELECT ${this.polygons(`ST_Buffer(${this.g(1)}, 0)`)}`, given[0]);
    const values = given.map(() => "(?)").join(', ');
    return this.one(`WITH p(w) AS (VALUES ${values}) SELECT ${this.polygons(`ST_Buffer(ST_Union(GeomFromWKB(w, ${this.srid})), 0)`)} FROM p`, ...given);
  }

  intersection(a: Buffer | null, b: Buffer | null): Buffer | null {
    if (!a || !b) return null;
    return this.one(`SELECT ${this.polygons(`ST_Intersection(${this.g(1)}, ${this.g(2)})`)}`, a, b);
  }

  difference(a: Buffer | null, b: Buffer | null): Buffer | null {
    if (!a) return null;
    if (!b) return a;
    return this.one(`SELECT ${this.polygons(`ST_Difference(${this.g(1)}, ${this.g(2)})`)}`, a, b);
  }

  /** Circles of radius r around every point of a layer, unioned. */
  buffers(layer: LayerRow, radius: number): Buffer | null {
    return this.one(`SELECT ${this.polygons(`ST_Union(ST_Buffer(${quoteIdent(GEOMETRY_COLUMN)}, ?, 32))`)} FROM ${quoteIdent(layer.table_name)} WHERE ${quoteIdent(GEOMETRY_COLUMN)} IS NOT NULL`, radius);
  }

  /** Douglas–Peucker simplification that keeps rings valid (GEOS TopologyPreservingSimplifier). */
  simplify(a: Buffer | null, tolerance: number): Buffer | null {
    if (!a || tolerance <= 0) return a;
    return this.one(`SELECT ${this.polygons(`ST_SimplifyPreserveTopology(${this.g(1)}, ?)`)}`, a, tolerance);
  }

  /** Area in square metres (project CRS units). */
  area(a: Buffer | null): number {
    if (!a) return 0;
    const row = this.db.prepare(`SELECT ST_Area(${this.g(1)})`).raw().get(a) as [number | null];
    return row[0] ?? 0;
  }

  /** The polygons of a multipolygon, each as WKB, in their stored order. */
  parts(a: Buffer | null): Buffer[] {
    if (!a) return [];
    const n = (this.db.prepare(`SELECT ST_NumGeometries(${this.g(1)})`).raw().get(a) as [number | null])[0] ?? 0;
    const out: Buffer[] = [];
    const nth = this.db.prepare(`SELECT AsBinary(ST_GeometryN(${this.g(1)}, ?))`).raw();
    for (let k = 1; k <= n; k++) {
      // BigInt: better-sqlite3 binds numbers as REAL, and ST_GeometryN wants an INTEGER
      const w = (nth.get(a, BigInt(k)) as [Buffer | null])[0];
      if (w) out.push(w);
    }
    return out;
  }

  /** Parts of at least `minArea` m², as one multipolygon (null when none is left). */
  withoutSlivers(a: Buffer | null, minArea: number): { kept: Buffer | null; dropped: number; droppedArea: number } {
    if (!a || minArea <= 0) return { kept: a, dropped: 0, droppedArea: 0 };
    const parts = this.parts(a);
    const keep: Buffer[] = [];
    let dropped = 0;
    let droppedArea = 0;
    for (const p of parts) {
      const area = this.area(p);
      if (area >= minArea) keep.push(p);
      else {
        dropped++;
        droppedArea += area;
      }
    }
    return { kept: keep.length === parts.length ? a : this.unionAll(keep), dropped, droppedArea };
  }

  contains(a: Buffer | null, x: number, y: number): boolean {
    if (!a) return false;
    const row = this.db.prepare(`SELECT ST_Contains(${this.g(1)}, MakePoint(?, ?, ${this.srid}))`).raw().get(a, x, y) as [number | null];
    return row[0] === 1;
  }
}
