import { GwzError, type AttributeEdit, type CalcResult, type CellValue, type FieldInfo, type NewFieldType } from '../../../shared/api';
import { FID_COLUMN, GEOMETRY_COLUMN } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import { attributeTable, compileExpression, requireField, sqlAsBadInput, whereOf, type AttributeTable } from './fields';

export interface CalcRequest {
  layerId: number;
  field: string;
  expression: string;
  filter?: string | undefined;
  type?: NewFieldType | undefined;
}

const SQL_TYPE: Record<NewFieldType, string> = { integer: 'INTEGER', real: 'REAL', text: 'TEXT' };

interface EditRow {
  id: number;
  layer_id: number;
  field: string;
  action: 'add-field' | 'update';
  field_type: string | null;
  expression: string | null;
  filter: string | null;
  rows: number;
  undone: number;
  created_at: string;
}

function checkNewFieldName(t: AttributeTable, name: string): void {
  const reserved = [FID_COLUMN, GEOMETRY_COLUMN].includes(name.toLowerCase());
  // control characters and quotes make names other tools (QGIS, shapefile export) choke on
  const control = [...name].some((ch) => ch.charCodeAt(0) < 0x20);
  if (reserved || control || name.includes('"') || name.trim() !== name) {
    throw new GwzError('BAD_INPUT', `字段名「${name}」不可用`, `"${name}" cannot be used as a field name`, { field: name });
  }
  const clash = t.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (clash) throw new GwzError('BAD_INPUT', `字段「${clash.name}」已存在`, `Field "${clash.name}" already exists`, { field: name });
}

/**
 * The value expression as the target field stores it: text fields get text; numeric fields refuse
 * text that is not a number (a type error, reported with an example row) and integer fields round.
 */
function typedValue(db: Db, t: AttributeTable, kind: FieldInfo['kind'], sql: string, params: (number | string)[], where: string, whereParams: (number | string)[], source: string): string {
  if (kind === 'text') return `CAST(${sql} AS TEXT)`;
  if (kind !== 'integer' && kind !== 'real') return sql;
  const bad = sqlAsBadInput(source, () =>
    db
      .prepare(`SELECT ${quoteIdent(FID_COLUMN)} AS fid, e FROM (SELECT ${quoteIdent(FID_COLUMN)}, ${sql} AS e FROM ${t.table} ${where}) WHERE typeof(e) NOT IN ('integer', 'real', 'null') LIMIT 1`)
      .get(...params, ...whereParams),
  ) as { fid: number; e: unknown } | undefined;
  if (bad) {
    throw new GwzError(
      'BAD_INPUT',
      `类型不符：数值字段不能存放文本（要素 ${bad.fid} 的结果为「${String(bad.e)}」）`,
      `Type mismatch: a numeric field cannot hold text (feature ${bad.fid} gives "${String(bad.e)}")`,
      { fid: bad.fid, value: String(bad.e) },
    );
  }
  return kind === 'integer' ? `CAST(round(${sql}) AS INTEGER)` : `CAST(${sql} AS REAL)`;
}

function inferType(db: Db, t: AttributeTable, sql: string, params: (number | string)[], where: string, whereParams: (number | string)[], source: string): NewFieldType {
  const r = sqlAsBadInput(source, () =>
    db
      .prepare(`SELECT MAX(typeof(e) = 'text') AS text, MIN(typeof(e) = 'integer') AS int FROM (SELECT ${sql} AS e FROM ${t.table} ${where}) WHERE e IS NOT NULL`)
      .get(...params, ...whereParams),
  ) as { text: number | null; int: number | null };
  if (r.text === 1) return 'text';
  return r.int === 1 ? 'integer' : 'real';
}

/** Every later edit of this layer that was undone can no longer be redone once something new is done. */
function dropRedo(db: Db, layerId: number): void {
  db.prepare('DELETE FROM gwz_attr_edits WHERE layer_id = ? AND undone = 1').run(layerId);
}

/**
 * The field calculator inside the caller's transaction: adds the field when it does not exist, then
 * sets it from the expression on the rows matching the filter, logging each row's value before and
 * after in gwz_attr_values (the undo record). The expression runs in SQLite (shared/expr/sql).
 */
export function calculateField(db: Db, req: CalcRequest): Omit<CalcResult, 'seconds'> {
  const t = attributeTable(db, req.layerId);
  const value = compileExpression(t, req.expression, 'expression');
  const { where, params: whereParams } = whereOf(t, req.filter);
  const existing = t.fields.find((f) => f.name === req.field);
  let kind: FieldInfo['kind'];
  let fieldType: string | null = null;
  if (existing) {
    kind = existing.kind;
  } else {
    checkNewFieldName(t, req.field);
    const type = req.type ?? inferType(db, t, value.sql, value.params, where, whereParams, req.expression);
    fieldType = SQL_TYPE[type];
    kind = type;
  }
  const expr = typedValue(db, t, kind, value.sql, value.params, where, whereParams, req.expression);
  dropRedo(db, t.layer.id);
  if (!existing) db.exec(`ALTER TABLE ${t.table} ADD COLUMN ${quoteIdent(req.field)} ${fieldType}`);
  const editId = Number(
    db
      .prepare(
        `INSERT INTO gwz_attr_edits (layer_id, field, action, field_type, expression, filter, rows, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(t.layer.id, req.field, existing ? 'update' : 'add-field', fieldType, req.expression, req.filter ?? null, new Date().toISOString()).lastInsertRowid,
  );
  const col = quoteIdent(req.field);
  const fid = quoteIdent(FID_COLUMN);
  const logged = sqlAsBadInput(req.expression, () =>
    db
      .prepare(`INSERT INTO gwz_attr_values (edit_id, fid, before, after) SELECT ?, ${fid}, ${existing ? col : 'NULL'}, ${expr} FROM ${t.table} ${where}`)
      .run(editId, ...value.params, ...whereParams),
  ).changes;
  applyValues(db, t.table, req.field, editId, 'after');
  db.prepare('UPDATE gwz_attr_edits SET rows = ? WHERE id = ?').run(logged, editId);
  return { editId, layerId: t.layer.id, field: req.field, added: !existing, rowsUpdated: logged };
}

function applyValues(db: Db, table: string, field: string, editId: number, which: 'before' | 'after'): void {
  db.prepare(
    `UPDATE ${table} SET ${quoteIdent(field)} = v.${which} FROM gwz_attr_values AS v WHERE v.edit_id = ? AND v.fid = ${table}.${quoteIdent(FID_COLUMN)}`,
  ).run(editId);
}

/** A value as the field's type stores it, or BAD_INPUT: the table's type check on a cell edit. */
export function coerceValue(field: FieldInfo, value: CellValue): CellValue {
  if (value === null || value === '') return field.kind === 'text' ? value : null;
  if (field.kind === 'integer' || field.kind === 'real') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isFinite(n)) {
      throw new GwzError('BAD_INPUT', `「${field.name}」是数值字段，「${value}」不是数字`, `"${field.name}" is numeric; "${value}" is not a number`, {
        field: field.name,
        value,
      });
    }
    if (field.kind === 'integer' && !Number.isInteger(n)) {
      throw new GwzError('BAD_INPUT', `「${field.name}」是整数字段，「${value}」不是整数`, `"${field.name}" is an integer field; "${value}" is not an integer`, {
        field: field.name,
        value,
      });
    }
    return n;
  }
  if (field.kind === 'text') return String(value);
  return value;
}

/** One cell edit, logged like a calculation of one row (inside the caller's transaction). */
export function setValue(db: Db, req: { layerId: number; fid: number; field: string; value: CellValue }): { editId: number; value: CellValue } {
  const t = attributeTable(db, req.layerId);
  const f = requireField(t, req.field);
  const value = coerceValue(f, req.value);
  const fid = quoteIdent(FID_COLUMN);
  const before = db.prepare(`SELECT ${quoteIdent(f.name)} AS v FROM ${t.table} WHERE ${fid} = ?`).get(req.fid) as { v: unknown } | undefined;
  if (!before) {
    throw new GwzError('BAD_INPUT', `图层「${t.layer.name}」没有要素 ${req.fid}`, `Layer "${t.layer.name}" has no feature ${req.fid}`, { fid: req.fid });
  }
  dropRedo(db, t.layer.id);
  const editId = Number(
    db
      .prepare(`INSERT INTO gwz_attr_edits (layer_id, field, action, rows, created_at) VALUES (?, ?, 'update', 1, ?)`)
      .run(t.layer.id, f.name, new Date().toISOString()).lastInsertRowid,
  );
  db.prepare('INSERT INTO gwz_attr_values (edit_id, fid, before, after) VALUES (?, ?, ?, ?)').run(editId, req.fid, before.v as CellValue, value);
  applyValues(db, t.table, f.name, editId, 'after');
  return { editId, value };
}

function toEdit(r: EditRow): AttributeEdit {
  return {
    editId: r.id,
    layerId: r.layer_id,
    field: r.field,
    action: r.action,
    expression: r.expression,
    filter: r.filter,
    rows: r.rows,
    createdAt: r.created_at,
    undone: r.undone !== 0,
  };
}

const layerClause = (layerId: number | undefined): string => (layerId === undefined ? '' : 'AND layer_id = ?');
const layerParam = (layerId: number | undefined): number[] => (layerId === undefined ? [] : [layerId]);

/** Undoes the newest edit still in force (of one layer, or of any), inside the caller's transaction. */
export function undoEdit(db: Db, layerId?: number): AttributeEdit | null {
  const r = db
    .prepare(`SELECT * FROM gwz_attr_edits WHERE undone = 0 ${layerClause(layerId)} ORDER BY id DESC LIMIT 1`)
    .get(...layerParam(layerId)) as EditRow | undefined;
  if (!r) return null;
  const t = attributeTable(db, r.layer_id);
  if (r.action === 'add-field') db.exec(`ALTER TABLE ${t.table} DROP COLUMN ${quoteIdent(r.field)}`);
  else applyValues(db, t.table, r.field, r.id, 'before');
  db.prepare('UPDATE gwz_attr_edits SET undone = 1 WHERE id = ?').run(r.id);
  return toEdit({ ...r, undone: 1 });
}

/** Redoes the oldest undone edit (the one undone last), inside the caller's transaction. */
export function redoEdit(db: Db, layerId?: number): AttributeEdit | null {
  const r = db
    .prepare(`SELECT * FROM gwz_attr_edits WHERE undone = 1 ${layerClause(layerId)} ORDER BY id ASC LIMIT 1`)
    .get(...layerParam(layerId)) as EditRow | undefined;
  if (!r) return null;
  const t = attributeTable(db, r.layer_id);
  if (r.action === 'add-field') db.exec(`ALTER TABLE ${t.table} ADD COLUMN ${quoteIdent(r.field)} ${r.field_type ?? ''}`);
  applyValues(db, t.table, r.field, r.id, 'after');
  db.prepare('UPDATE gwz_attr_edits SET undone = 0 WHERE id = ?').run(r.id);
  return toEdit({ ...r, undone: 0 });
}

export function editHistory(db: Db, layerId: number | undefined, limit: number): AttributeEdit[] {
  return (
    db.prepare(`SELECT * FROM gwz_attr_edits WHERE 1 = 1 ${layerClause(layerId)} ORDER BY id DESC LIMIT ?`).all(...layerParam(layerId), limit) as EditRow[]
  ).map(toEdit);
}
