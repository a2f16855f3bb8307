import { GwzError } from '../../../shared/api/errors';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, type LayerRow } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import { readPolygonalWkb, writePolygonalWkb, type Polygonal } from './wkb';

/** Reads and writes the geometries of one polygon layer: by fid, by bounding box, as stored blobs. */
export class LayerGeometry {
  readonly table: string;
  private readonly geom = quoteIdent(GEOMETRY_COLUMN);
  private readonly fid = quoteIdent(FID_COLUMN);
  private readonly index: string;

  constructor(
    private readonly db: Db,
    readonly layer: LayerRow,
  ) {
    this.table = quoteIdent(layer.table_name);
    this.index = quoteIdent(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
  }

  /** The layer, if it is a polygon layer that can be edited topologically. */
  static forEditing(db: Db, layerId: number): LayerGeometry {
    const layer = getLayerRow(db, layerId);
    const type = (layer.geometry_type ?? '').toUpperCase();
    if (layer.kind !== 'vector' || !/^(MULTI)?POLYGON$/.test(type) || layer.srid === null) {
      throw new GwzError(
        'BAD_INPUT',
        `图层“${layer.name}”不是面图层，不能做边界编辑（几何类型：${layer.geometry_type ?? '无'}）。`,
        `Layer "${layer.name}" is not a polygon layer; its boundaries cannot be edited (geometry type: ${layer.geometry_type ?? 'none'}).`,
        { layerId, geometryType: layer.geometry_type },
      );
    }
    return new LayerGeometry(db, layer);
  }

  get srid(): number {
    return this.layer.srid!;
  }

  /** Fids whose bounding box meets [minx, miny, maxx, maxy], through the R*Tree. */
  fidsInBox(box: [number, number, number, number]): number[] {
    return (
      this.db
        .prepare(`SELECT pkid FROM ${this.index} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ? ORDER BY pkid`)
        .all(box[2], box[0], box[3], box[1]) as { pkid: number }[]
    ).map((r) => r.pkid);
  }

  allFids(): number[] {
    return (this.db.prepare(`SELECT ${this.fid} AS fid FROM ${this.table} WHERE ${this.geom} IS NOT NULL ORDER BY ${this.fid}`).all() as { fid: number }[]).map(
      (r) => r.fid,
    );
  }

  /** The stored SpatiaLite blob (what undo writes back) and the parsed rings. */
  read(fid: number): { blob: Buffer; geom: Polygonal } | null {
    const row = this.db.prepare(`SELECT ${this.geom} AS blob, ST_AsBinary(${this.geom}) AS wkb FROM ${this.table} WHERE ${this.fid} = ?`).get(fid) as
      | { blob: Buffer | null; wkb: Buffer | null }
      | undefined;
    if (!row || !row.blob || !row.wkb) return null;
    return { blob: row.blob, geom: readPolygonalWkb(row.wkb) };
  }

  blob(fid: number): Buffer | null {
    const row = this.db.prepare(`SELECT ${this.geom} AS blob FROM ${this.table} WHERE ${this.fid} = ?`).get(fid) as { blob: Buffer | null } | undefined;
    return row?.blob ?? null;
  }

  write(fid: number, geom: Polygonal): void {
    this.db
      .prepare(`UPDATE ${this.table} SET ${this.geom} = GeomFromWKB(?, ?) WHERE ${this.fid} = ?`)
      .run(writePolygonalWkb(geom), BigInt(this.srid), fid);
  }

  /** Writes a stored blob back as it was (undo/redo): byte for byte. */
  writeBlob(fid: number, blob: Buffer): void {
    this.db.prepare(`UPDATE ${this.table} SET ${this.geom} = ? WHERE ${this.fid} = ?`).run(blob, fid);
  }

  exists(fid: number): boolean {
    return this.db.prepare(`SELECT 1 FROM ${this.table} WHERE ${this.fid} = ?`).get(fid) !== undefined;
  }

  /** The attribute columns (all but fid and geometry). */
  private attributeColumns(): string[] {
    return (this.db.prepare(`PRAGMA table_info(${this.table})`).all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => c !== GEOMETRY_COLUMN && c !== FID_COLUMN);
  }

  /** A feature's attributes as JSON (what a split copies and an undone merge brings back). */
  attributesJson(fid: number): string {
    const cols = this.attributeColumns();
    if (cols.length === 0) return '{}';
    const row = this.db.prepare(`SELECT ${cols.map(quoteIdent).join(', ')} FROM ${this.table} WHERE ${this.fid} = ?`).get(fid) as Record<string, unknown>;
    return JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  }

  /** Inserts a feature with the given fid (undo of a merge, redo of a split) or the next one; returns its fid. */
  insertFeature(fid: number | null, attrsJson: string, blob: Buffer): number {
    const attrs = JSON.parse(attrsJson) as Record<string, unknown>;
    const cols = this.attributeColumns().filter((c) => c in attrs);
    const names = [...(fid === null ? [] : [this.fid]), ...cols.map(quoteIdent), this.geom];
    const values = [...(fid === null ? [] : [fid]), ...cols.map((c) => attrs[c] as never), blob];
    const info = this.db.prepare(`INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...values);
    return Number(info.lastInsertRowid);
  }

  deleteFeature(fid: number): void {
    this.db.prepare(`DELETE FROM ${this.table} WHERE ${this.fid} = ?`).run(fid);
  }

  /** GEOS's verdict on one feature: null when valid, else the reason and where. */
  invalidity(fid: number): { reason: string; at: [number, number] | null } | null {
    const row = this.db
      .prepare(
        `SELECT ST_IsValid(${this.geom}) AS ok, ST_IsValidReason(${this.geom}) AS reason,
                ST_X(ST_IsValidDetail(${this.geom})) AS x, ST_Y(ST_IsValidDetail(${this.geom})) AS y
         FROM ${this.table} WHERE ${this.fid} = ?`,
      )
      .get(fid) as { ok: number; reason: string | null; x: number | null; y: number | null };
    if (row.ok === 1) return null;
    return { reason: row.reason ?? 'invalid', at: row.x !== null && row.y !== null ? [row.x, row.y] : null };
  }

  /** Area shared by two features (0 for neighbours that only touch). */
  overlapArea(a: number, b: number): { area: number; at: [number, number] | null } {
    const row = this.db
      .prepare(
        `SELECT ST_Area(i) AS area, ST_X(ST_PointOnSurface(i)) AS x, ST_Y(ST_PointOnSurface(i)) AS y FROM (
           SELECT ST_Intersection(p.${this.geom}, q.${this.geom}) AS i FROM ${this.table} p, ${this.table} q WHERE p.${this.fid} = ? AND q.${this.fid} = ?
             AND ST_Intersects(p.${this.geom}, q.${this.geom}))`,
      )
      .get(a, b) as { area: number | null; x: number | null; y: number | null } | undefined;
    if (!row || row.area === null) return { area: 0, at: null };
    return { area: row.area, at: row.x !== null && row.y !== null ? [row.x, row.y] : null };
  }

  /** Union of some features, parsed (null when empty). */
  union(fids: number[]): Polygonal | null {
    if (fids.length === 0) return null;
    const row = this.db
      .prepare(`SELECT ST_AsBinary(ST_Union(${this.geom})) AS wkb FROM ${this.table} WHERE ${this.fid} IN (SELECT value FROM json_each(?))`)
      .get(JSON.stringify(fids)) as { wkb: Buffer | null };
    if (!row.wkb) return null;
    try {
      return readPolygonalWkb(row.wkb);
    } catch {
      return null; // a collection (lines left by a degenerate union): no holes to count
    }
  }

  /** Bounding box of the stored geometry. */
  box(fid: number): [number, number, number, number] | null {
    const row = this.db
      .prepare(`SELECT MbrMinX(${this.geom}) AS a, MbrMinY(${this.geom}) AS b, MbrMaxX(${this.geom}) AS c, MbrMaxY(${this.geom}) AS d FROM ${this.table} WHERE ${this.fid} = ?`)
      .get(fid) as { a: number | null; b: number | null; c: number | null; d: number | null } | undefined;
    if (!row || row.a === null || row.b === null || row.c === null || row.d === null) return null;
    return [row.a, row.b, row.c, row.d];
  }
}
