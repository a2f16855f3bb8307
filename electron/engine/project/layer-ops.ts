import { GwzError, type LayerInfo, type ParsedRequestOf } from '../../../shared/api';
import { categorizedStyle, graduatedFromBreaks, classBreaks, type LayerStyle } from '../../../shared/style';
import { GEOMETRY_COLUMN, getLayerRow, layerFields, layerInfo, listLayerRows, listLayers, type LayerRow } from './layers';
import { quoteIdent, type Db } from './spatialite';

/**
 * Layer management on the project file: the registry row of gwz_layers carries name, visibility,
 * group, order and style (JSON of shared/style), so the layer tree a person arranges is the one the
 * file reopens with — and the one QGIS users see in the same table. Each function runs inside one
 * transaction given by the caller.
 */

export type UpdateRequest = ParsedRequestOf<'layers.update'>;

function nameTaken(db: Db, name: string, except: number): boolean {
  return Boolean(db.prepare('SELECT 1 FROM gwz_layers WHERE name = ? AND id <> ?').get(name, except));
}

export function updateLayer(db: Db, req: UpdateRequest): LayerInfo {
  const row = getLayerRow(db, req.layerId);
  if (req.name !== undefined && req.name !== row.name) {
    if (nameTaken(db, req.name, row.id)) {
      throw new GwzError('BAD_REQUEST', `已有同名图层：${req.name}`, `A layer with this name already exists: ${req.name}`, { name: req.name });
    }
    db.prepare('UPDATE gwz_layers SET name = ? WHERE id = ?').run(req.name, row.id);
  }
  if (req.visible !== undefined) db.prepare('UPDATE gwz_layers SET visible = ? WHERE id = ?').run(req.visible ? 1 : 0, row.id);
  if (req.groupName !== undefined) db.prepare('UPDATE gwz_layers SET group_name = ? WHERE id = ?').run(req.groupName, row.id);
  if (req.style !== undefined) {
    if (req.style !== null) checkStyleFits(db, row, req.style);
    db.prepare('UPDATE gwz_layers SET style = ? WHERE id = ?').run(req.style === null ? null : JSON.stringify(req.style), row.id);
  }
  if (req.opacity !== undefined) {
    // the stored style, else the layer's default, with the new opacity
    const style = { ...layerInfo(db, getLayerRow(db, row.id)).style, opacity: req.opacity };
    db.prepare('UPDATE gwz_layers SET style = ? WHERE id = ?').run(JSON.stringify(style), row.id);
  }
  return layerInfo(db, getLayerRow(db, row.id));
}

/** A vector style on a raster (or the reverse), or a style reading a field the layer lacks, is refused. */
function checkStyleFits(db: Db, row: LayerRow, style: LayerStyle): void {
  const rasterLayer = row.kind === 'raster';
  if ((style.kind === 'raster') !== rasterLayer) {
    throw new GwzError(
      'BAD_REQUEST',
      rasterLayer ? `栅格图层「${row.name}」只能使用栅格样式` : `矢量图层「${row.name}」只能使用矢量样式`,
      rasterLayer ? `Raster layer "${row.name}" takes a raster style only` : `Vector layer "${row.name}" takes a vector style only`,
      { layerId: row.id, styleKind: style.kind },
    );
  }
  if (style.kind !== 'vector') return;
  const names = new Set(layerFields(db, row.table_name).map((f) => f.name));
  const wanted = [...(style.type === 'single' ? [] : [style.field]), ...(style.label ? [style.label.field] : [])];
  for (const field of wanted) {
    if (!names.has(field)) throw noSuchField(row, field, [...names]);
  }
}

function noSuchField(row: LayerRow, field: string, fields: string[]): GwzError {
  return new GwzError('BAD_REQUEST', `图层「${row.name}」没有字段：${field}`, `Layer "${row.name}" has no field: ${field}`, { field, fields });
}

/** New order, top first: every layer of the project exactly once. */
export function reorderLayers(db: Db, ids: readonly number[]): LayerInfo[] {
  const rows = listLayerRows(db);
  const known = new Set(rows.map((r) => r.id));
  const given = new Set(ids);
  const missing = rows.filter((r) => !given.has(r.id)).map((r) => r.id);
  const unknown = ids.filter((id) => !known.has(id));
  if (given.size !== ids.length || missing.length > 0 || unknown.length > 0) {
    throw new GwzError(
      'BAD_REQUEST',
      '图层顺序须包含工程中每个图层各一次',
      'The new order must list every layer of the project exactly once',
      { missing, unknown, duplicates: ids.length - given.size },
    );
  }
  const update = db.prepare('UPDATE gwz_layers SET sort_order = ? WHERE id = ?');
  // top first → highest sort_order first, as listLayerRows reads it back
  ids.forEach((id, i) => update.run(ids.length - i, id));
  return listLayers(db);
}

/** Tables of the borehole store: their rows belong to the borehole records, not to one layer. */
const BOREHOLE_TABLE = /^gw_/;

export function removeLayer(db: Db, layerId: number): { id: number; name: string } {
  const row = getLayerRow(db, layerId);
  if (BOREHOLE_TABLE.test(row.table_name)) {
    throw new GwzError(
      'BAD_REQUEST',
      `「${row.name}」是钻孔数据的图层，不能单独删除；请重新导入钻孔数据（替换）来修改它`,
      `"${row.name}" shows the borehole records and cannot be removed on its own; re-import the borehole data (replace) to change it`,
      { layerId, table: row.table_name },
    );
  }
  const table = row.table_name;
  if (row.kind === 'raster') {
    // the table name is a one-row view over gwz_rasters; the COG chunks go with the row (ON DELETE CASCADE)
    db.exec(`DROP VIEW IF EXISTS ${quoteIdent(table)}`);
    db.prepare('DELETE FROM gwz_rasters WHERE layer_id = ?').run(layerId);
  } else {
    const spatial = db.prepare('SELECT 1 FROM geometry_columns WHERE lower(f_table_name) = lower(?)').get(table);
    if (spatial) {
      // the R*Tree index and the geometry_columns entries (what QGIS reads) go with the table
      db.prepare('SELECT DisableSpatialIndex(?, ?)').get(table, GEOMETRY_COLUMN);
      db.exec(`DROP TABLE IF EXISTS ${quoteIdent(`idx_${table}_${GEOMETRY_COLUMN}`)}`);
      db.prepare('SELECT DiscardGeometryColumn(?, ?)').get(table, GEOMETRY_COLUMN);
    }
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
  }
  db.prepare('DELETE FROM gwz_layers WHERE id = ?').run(layerId);
  return { id: row.id, name: row.name };
}

/** A numeric field's finite values (text that reads as a number counts; NULL and text do not). */
function numericValues(db: Db, row: LayerRow, field: string): Float64Array {
  requireField(db, row, field);
  const col = quoteIdent(field);
  const stmt = db.prepare(`SELECT CAST(${col} AS REAL) AS v FROM ${quoteIdent(row.table_name)} WHERE ${col} IS NOT NULL AND typeof(${col}) IN ('integer', 'real')`);
  const values: number[] = [];
  for (const r of stmt.raw().iterate() as IterableIterator<[number]>) values.push(r[0]);
  return Float64Array.from(values);
}

function requireField(db: Db, row: LayerRow, field: string): void {
  if (row.kind === 'raster') {
    throw new GwzError('BAD_REQUEST', `栅格图层「${row.name}」没有属性字段`, `Raster layer "${row.name}" has no attribute fields`, { layerId: row.id });
  }
  const fields = layerFields(db, row.table_name).map((f) => f.name);
  if (!fields.includes(field)) throw noSuchField(row, field, fields);
}

export function classifyField(db: Db, req: ParsedRequestOf<'layers.classify'>): { style: LayerStyle; breaks: number[]; valueCount: number } {
  const row = getLayerRow(db, req.layerId);
  const values = numericValues(db, row, req.field);
  if (req.method === 'manual' && (!req.breaks || req.breaks.length < 2)) {
    throw new GwzError('BAD_REQUEST', '手动分级至少需要两个断点（最小值和最大值）', 'Manual classes need at least two breaks (the minimum and the maximum)', {
      breaks: req.breaks ?? [],
    });
  }
  const breaks = classBreaks(values, req.method, req.classes, req.breaks ?? []);
  const current = layerInfo(db, row).style;
  const style = graduatedFromBreaks(breaks, {
    field: req.field,
    method: req.method,
    classes: req.classes,
    ramp: req.ramp,
    geometryType: row.geometry_type,
    opacity: current.opacity,
  });
  if (!style) {
    throw new GwzError('BAD_INPUT', `字段「${req.field}」没有可分级的数值`, `Field "${req.field}" has no numeric values to classify`, {
      field: req.field,
      layerId: row.id,
    });
  }
  const label = current.kind === 'vector' ? current.label : undefined;
  return { style: label ? { ...style, label } : style, breaks, valueCount: values.length };
}

export function fieldCategories(db: Db, req: ParsedRequestOf<'layers.categories'>) {
  const row = getLayerRow(db, req.layerId);
  requireField(db, row, req.field);
  const col = quoteIdent(req.field);
  const all = db
    .prepare(`SELECT ${col} AS value, COUNT(*) AS n FROM ${quoteIdent(row.table_name)} GROUP BY ${col} ORDER BY n DESC, ${col}`)
    .all() as { value: unknown; n: number }[];
  const values = all.slice(0, req.limit).map((r) => ({ value: categoryValue(r.value), count: r.n }));
  // numbers and text in a natural order for the legend (class codes 1, 2, 3…), the most frequent kept
  const sorted = [...values].sort((a, b) => compareValues(a.value, b.value));
  const current = layerInfo(db, row).style;
  const style = categorizedStyle(sorted, { field: req.field, geometryType: row.geometry_type, palette: req.palette, opacity: current.opacity });
  const label = current.kind === 'vector' ? current.label : undefined;
  return { style: label ? { ...style, label } : style, values: sorted, more: Math.max(0, all.length - values.length) };
}

function categoryValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function compareValues(a: string | number | null, b: string | number | null): number {
  if (a === null) return b === null ? 0 : 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-CN', { numeric: true });
}
