import { GwzError } from '../../../../shared/api';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { requireVector } from '../core/analysis-grid';
import { assertProjected } from '../core/projected';
import type { OperationContext, VectorOutput } from '../core/run-analysis';
import { layerColumns } from '../core/vector-raster';

export type Family = 'POINT' | 'LINESTRING' | 'POLYGON';
type Column = VectorOutput['columns'][number];

/** CollectionExtract's type codes: what an overlay result keeps of a GEOS answer. */
export const FAMILY_CODE: Record<Family, 1 | 2 | 3> = { POINT: 1, LINESTRING: 2, POLYGON: 3 };

/** A vector input of an overlay: its table, geometry family, attribute columns and how to read its geometry. */
export interface OverlayInput {
  row: LayerRow;
  table: string;
  family: Family;
  columns: Column[];
  /** Features whose geometry GEOS finds invalid (self-intersecting rings…), repaired on the fly. */
  invalid: number;
  /**
   * SQL of the feature's geometry for the alias: the stored one, or — when the layer has invalid
   * features — ST_MakeValid of those, so one bad ring does not make GEOS return NULL for the pair.
   */
  geom(alias: string): string;
}

function familyOf(row: LayerRow): Family {
  const t = (row.geometry_type ?? '').toUpperCase();
  if (t.includes('POLYGON')) return 'POLYGON';
  if (t.includes('LINESTRING')) return 'LINESTRING';
  if (t.includes('POINT')) return 'POINT';
  throw new GwzError('BAD_INPUT', `图层「${row.name}」的几何类型（${row.geometry_type ?? '未知'}）无法叠加分析。`, `Layer "${row.name}" has geometry type ${row.geometry_type ?? 'unknown'}, which overlay cannot use.`, {
    layerId: row.id,
    geometryType: row.geometry_type,
  });
}

/** SQLite declared type → the column type of a result table. */
function sqlTypeOf(declared: string): Column['sqlType'] {
  if (declared.includes('INT')) return 'INTEGER';
  if (/REAL|FLOA|DOUB|NUMERIC|DECIMAL/.test(declared)) return 'REAL';
  if (declared.includes('BLOB')) return 'BLOB';
  return 'TEXT';
}

/**
 * The layer, checked (vector, of `geometry` when given, project CRS, projected so areas are m²), with
 * what an overlay needs to read it.
 */
export function overlayInput(ctx: OperationContext, layerId: number, geometry?: Family[]): OverlayInput {
  const row = requireVector(ctx, layerId, geometry);
  assertProjected(ctx.project.crs.srid, `工程「${row.name}」所在的坐标系`, `The project holding "${row.name}"`);
  const table = quoteIdent(row.table_name);
  const columns = [...layerColumns(ctx, row)].filter(([name]) => name !== FID_COLUMN).map(([name, declared]) => ({ name, sqlType: sqlTypeOf(declared) }));
  const g = quoteIdent(GEOMETRY_COLUMN);
  const { invalid } = ctx.db.prepare(`SELECT COUNT(*) AS invalid FROM ${table} WHERE ${g} IS NOT NULL AND ST_IsValid(${g}) = 0`).get() as { invalid: number };
  const family = familyOf(row);
  if (invalid > 0) {
    ctx.warn(
      `图层「${row.name}」有 ${invalid} 个要素的几何无效（如自相交），已在计算中修复（ST_MakeValid），原图层未改动。`,
      `Layer "${row.name}" has ${invalid} features with invalid geometry (e.g. self-intersections); they were repaired for the computation (ST_MakeValid), the layer itself is unchanged.`,
    );
  }
  const code = FAMILY_CODE[family];
  return {
    row,
    table,
    family,
    columns,
    invalid,
    geom: (alias) =>
      invalid > 0
        ? `(CASE WHEN ST_IsValid(${alias}.${g}) THEN ${alias}.${g} ELSE CollectionExtract(ST_MakeValid(${alias}.${g}), ${code}) END)`
        : `${alias}.${g}`,
  };
}

/** Each feature's attribute values (in `columns` order) by feature id. */
export function attributesById(ctx: OperationContext, input: OverlayInput): Map<number, unknown[]> {
  const cols = [quoteIdent(FID_COLUMN), ...input.columns.map((c) => quoteIdent(c.name))].join(', ');
  const rows = ctx.db.prepare(`SELECT ${cols} FROM ${input.table}`).raw().all() as unknown[][];
  return new Map(rows.map((r) => [r[0] as number, r.slice(1)]));
}

/** Feature bounding boxes, for the candidate pairs of an overlay. */
export interface Box {
  fid: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boxes(ctx: OperationContext, input: OverlayInput): Box[] {
  const g = quoteIdent(GEOMETRY_COLUMN);
  return ctx.db
    .prepare(`SELECT ${quoteIdent(FID_COLUMN)} AS fid, MbrMinX(${g}) AS minX, MbrMinY(${g}) AS minY, MbrMaxX(${g}) AS maxX, MbrMaxY(${g}) AS maxY FROM ${input.table} WHERE ${g} IS NOT NULL`)
    .all() as Box[];
}

/**
 * Pairs (a, b) whose boxes overlap, by sweeping both lists in x order — the filter before GEOS
 * looks at the geometries. The result is grouped by `a` in ascending fid.
 */
export function overlappingPairs(a: Box[], b: Box[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const sa = [...a].sort((p, q) => p.minX - q.minX);
  const sb = [...b].sort((p, q) => p.minX - q.minX);
  const activeA: Box[] = [];
  const activeB: Box[] = [];
  let i = 0;
  let j = 0;
  const add = (x: Box, y: Box): void => {
    if (x.minY > y.maxY || y.minY > x.maxY) return;
    let list = out.get(x.fid);
    if (!list) out.set(x.fid, (list = []));
    list.push(y.fid);
  };
  while (i < sa.length || j < sb.length) {
    const takeA = j >= sb.length || (i < sa.length && sa[i]!.minX <= sb[j]!.minX);
    const box = takeA ? sa[i++]! : sb[j++]!;
    const others = takeA ? activeB : activeA;
    // drop boxes that end before this one starts, then pair with the rest
    for (let k = others.length - 1; k >= 0; k--) if (others[k]!.maxX < box.minX) others.splice(k, 1);
    for (const o of others) {
      if (takeA) add(box, o);
      else add(o, box);
    }
    (takeA ? activeA : activeB).push(box);
  }
  return new Map([...out].sort((p, q) => p[0] - q[0]));
}

/** Output columns of two inputs side by side: the overlay's names that clash get a `_2` suffix. */
export function mergedColumns(a: Column[], b: Column[], reserved: string[] = []): { columns: Column[]; bNames: string[] } {
  const taken = new Set([...a.map((c) => c.name.toLowerCase()), ...reserved.map((r) => r.toLowerCase())]);
  const bNames = b.map((c) => {
    let name = c.name;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${c.name}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
  return { columns: [...a, ...b.map((c, i) => ({ name: bNames[i]!, sqlType: c.sqlType }))], bNames };
}
