import { GwzError } from '../../../../shared/api';
import { GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';

/** A point of a layer: its feature id and coordinates in the project CRS. */
export interface PointSample {
  fid: number;
  x: number;
  y: number;
}

/** The layer must be a point layer (vector, POINT or MULTIPOINT). */
export function assertPointLayer(row: LayerRow, role_zh: string, role_en: string): void {
  const geom = (row.geometry_type ?? '').toUpperCase();
  if (row.kind !== 'vector' || !geom.endsWith('POINT')) {
    throw new GwzError(
      'BAD_INPUT',
      `${role_zh}「${row.name}」不是点图层（它是${row.kind === 'vector' ? `${row.geometry_type ?? '无几何'}图层` : row.kind === 'raster' ? '栅格图层' : '表格'}）。`,
      `${role_en} "${row.name}" is not a point layer (it is a ${row.kind === 'vector' ? `${row.geometry_type ?? 'geometry-less'} layer` : row.kind}).`,
      { layerId: row.id, kind: row.kind, geometryType: row.geometry_type },
    );
  }
}

/**
 * Every point of a point layer (each part of a multipoint counts), in fid order, with the listed
 * extra columns as raw SQLite values. Features without geometry are skipped.
 */
export function readPoints(db: Db, row: LayerRow, columns: string[] = []): (PointSample & { values: unknown[] })[] {
  const table = quoteIdent(row.table_name);
  const g = quoteIdent(GEOMETRY_COLUMN);
  const extra = columns.map((c) => `, ${quoteIdent(c)}`).join('');
  const rows = db
    .prepare(
      `SELECT fid, AsBinary(${g}) AS wkb${extra}
       FROM ${table} WHERE ${g} IS NOT NULL ORDER BY fid`,
    )
    .raw()
    .all() as unknown[][];
  const out: (PointSample & { values: unknown[] })[] = [];
  for (const r of rows) {
    const fid = Number(r[0]);
    const wkb = r[1] as Buffer;
    const values = r.slice(2);
    for (const [x, y] of pointsOfWkb(wkb)) out.push({ fid, x, y, values });
  }
  return out;
}

/** Coordinates of a WKB Point or MultiPoint (2D, Z or M; little- or big-endian). */
function pointsOfWkb(wkb: Buffer): [number, number][] {
  const read = (offset: number): { type: number; le: boolean } => {
    const le = wkb[offset] === 1;
    return { le, type: le ? wkb.readUInt32LE(offset + 1) : wkb.readUInt32BE(offset + 1) };
  };
  const coord = (offset: number, le: boolean): [number, number] =>
    le ? [wkb.readDoubleLE(offset), wkb.readDoubleLE(offset + 8)] : [wkb.readDoubleBE(offset), wkb.readDoubleBE(offset + 8)];
  const dims = (type: number): number => {
    const iso = Math.floor((type & 0xffff) / 1000);
    const z = iso === 1 || iso === 3 || (type & 0x80000000) !== 0;
    const m = iso === 2 || iso === 3 || (type & 0x40000000) !== 0;
    return 2 + (z ? 1 : 0) + (m ? 1 : 0);
  };
  const head = read(0);
  const flat = (head.type & 0xffff) % 1000;
  if (flat === 1) return [coord(5, head.le)];
  if (flat !== 4) return [];
  const n = head.le ? wkb.readUInt32LE(5) : wkb.readUInt32BE(5);
  const out: [number, number][] = [];
  let offset = 9;
  for (let i = 0; i < n; i++) {
    const part = read(offset);
    out.push(coord(offset + 5, part.le));
    offset += 5 + 8 * dims(part.type);
  }
  return out;
}
