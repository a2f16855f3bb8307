import { GwzError } from '../../../shared/api';
import { geometryFamily as geometryKindOf, parseStyle, type VectorStyle } from '../../../shared/style';
import { GEOMETRY_COLUMN, FID_COLUMN, getLayerRow, type LayerRow } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';

/**
 * The numbers the report prints, computed with SpatiaLite on the project file: areas in km² in the
 * project's (Gauss–Krüger) CRS, or on the ellipsoid when the project is in degrees.
 */

export interface CountyLayer {
  row: LayerRow;
  field: string;
}

const NAME_FIELDS = ['名称', '县名', '县区', 'name', 'NAME', 'XZQMC', 'xzqmc', 'COUNTY', 'county'];

function textColumns(db: Db, row: LayerRow): string[] {
  return (db.prepare(`PRAGMA table_info(${quoteIdent(row.table_name)})`).all() as { name: string; type: string }[])
    .filter((c) => c.name !== GEOMETRY_COLUMN && c.name !== FID_COLUMN && (/TEXT|CHAR/i.test(c.type) || c.type === ''))
    .map((c) => c.name);
}

/** The county boundaries: the named layer, else the first imported polygon layer called like 县/行政区. */
export function findCountyLayer(db: Db, layers: LayerRow[], id?: number, field?: string): CountyLayer | null {
  // imported boundaries first: workflow results are named 重点区划定… and must not pass for counties
  const polygons = layers.filter((l) => l.kind === 'vector' && geometryKindOf(l.geometry_type) === 'polygon');
  const named = (re: RegExp, origin?: LayerRow['origin']): LayerRow | undefined => polygons.find((l) => re.test(l.name) && (!origin || l.origin === origin));
  const row =
    id !== undefined
      ? getLayerRow(db, id)
      : (named(/县|行政区|区县/, 'import') ?? named(/县界|行政区划|区县/, 'import') ?? named(/县级|县界|行政区划/));
  if (!row) return null;
  const cols = textColumns(db, row);
  const chosen = field ?? NAME_FIELDS.find((f) => cols.includes(f)) ?? cols[0];
  if (!chosen || (field !== undefined && !cols.includes(field))) {
    throw new GwzError('BAD_INPUT', `县界图层「${row.name}」没有县名字段${field ? `「${field}」` : ''}`, `The county layer "${row.name}" has no county name field${field ? ` "${field}"` : ''}`, {
      layerId: row.id,
      fields: cols,
    });
  }
  return { row, field: chosen };
}

export function areaSql(geom: string, geographic: boolean): string {
  return geographic ? `ST_Area(${geom}, 1)` : `ST_Area(${geom})`;
}

export interface CountyArea {
  county: string;
  km2: number;
}

export function countyAreas(db: Db, c: CountyLayer, geographic: boolean): CountyArea[] {
  const rows = db
    .prepare(
      `SELECT CAST(${quoteIdent(c.field)} AS TEXT) AS county, SUM(${areaSql(quoteIdent(GEOMETRY_COLUMN), geographic)}) AS a
       FROM ${quoteIdent(c.row.table_name)} GROUP BY 1 ORDER BY MIN(${quoteIdent(FID_COLUMN)})`,
    )
    .all() as { county: string | null; a: number | null }[];
  return rows.map((r) => ({ county: r.county ?? '（无名）', km2: (r.a ?? 0) / 1e6 }));
}

/**
 * Area of each class of a polygon layer inside each county: ST_Intersection per county × feature,
 * candidates found through the layer's R*Tree index.
 */
export function countyClassAreas(db: Db, c: CountyLayer, layer: LayerRow, field: string, geographic: boolean): Map<string, Map<string, number>> {
  const cg = `c.${quoteIdent(GEOMETRY_COLUMN)}`;
  const zg = `z.${quoteIdent(GEOMETRY_COLUMN)}`;
  const index = quoteIdent(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
  const rows = db
    .prepare(
      `SELECT CAST(c.${quoteIdent(c.field)} AS TEXT) AS county, CAST(z.${quoteIdent(field)} AS TEXT) AS cls,
              SUM(${areaSql(`ST_Intersection(${cg}, ${zg})`, geographic)}) AS a
       FROM ${quoteIdent(c.row.table_name)} c JOIN ${quoteIdent(layer.table_name)} z
         ON z.${quoteIdent(FID_COLUMN)} IN (SELECT pkid FROM ${index} WHERE xmin <= MbrMaxX(${cg}) AND xmax >= MbrMinX(${cg}) AND ymin <= MbrMaxY(${cg}) AND ymax >= MbrMinY(${cg}))
        AND ST_Intersects(${cg}, ${zg})
       GROUP BY 1, 2`,
    )
    .all() as { county: string | null; cls: string | null; a: number | null }[];
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const county = r.county ?? '（无名）';
    const m = out.get(county) ?? new Map<string, number>();
    m.set(r.cls ?? '', (m.get(r.cls ?? '') ?? 0) + (r.a ?? 0) / 1e6);
    out.set(county, m);
  }
  return out;
}

/** A categorized polygon style's field and its classes (value → label), when the layer has one. */
export function categorizedClasses(row: LayerRow): { field: string; classes: { value: string; label: string }[] } | null {
  const s = parseStyle(row.style);
  if (!s || s.kind !== 'vector' || s.type !== 'categorized') return null;
  const style = s as Extract<VectorStyle, { type: 'categorized' }>;
  return { field: style.field, classes: style.categories.map((c) => ({ value: String(c.value), label: c.label.zh })) };
}

export function featureCount(db: Db, row: LayerRow): number {
  if (row.kind === 'raster') return 1;
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${quoteIdent(row.table_name)}`).get() as { n: number }).n;
}

/** Counts of a text field's values (a source inventory by 类型). */
export function valueCounts(db: Db, row: LayerRow, field: string): { value: string; n: number }[] {
  return db
    .prepare(`SELECT CAST(${quoteIdent(field)} AS TEXT) AS value, COUNT(*) AS n FROM ${quoteIdent(row.table_name)} GROUP BY 1 ORDER BY n DESC, value`)
    .all() as { value: string; n: number }[];
}

export function hasColumn(db: Db, row: LayerRow, name: string): boolean {
  return (db.prepare(`PRAGMA table_info(${quoteIdent(row.table_name)})`).all() as { name: string }[]).some((c) => c.name === name);
}

export const km2 = (v: number): string => v.toFixed(2);
