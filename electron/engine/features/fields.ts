import { ExprError, parseExpression, toSql, type Expr } from '../../../shared/expr';
import { GwzError, type FieldInfo, type FieldKind } from '../../../shared/api';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, type LayerRow } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';

/** A layer whose rows have attributes (vector or table), with its columns. */
export interface AttributeTable {
  layer: LayerRow;
  /** Quoted table name. */
  table: string;
  fields: FieldInfo[];
  hasGeometry: boolean;
}

export function fieldKind(declared: string): FieldKind {
  // SQLite's own affinity rules (https://sqlite.org/datatype3.html §3.1), in their order
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'integer';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t.includes('BLOB') || t === '') return t === '' ? 'other' : 'blob';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB') || t.includes('NUMERIC') || t.includes('DECIMAL')) return 'real';
  return 'other';
}

/** The attribute table of a vector or table layer; rasters have none (BAD_INPUT). */
export function attributeTable(db: Db, layerId: number): AttributeTable {
  const layer = getLayerRow(db, layerId);
  if (layer.kind === 'raster') {
    throw new GwzError('BAD_INPUT', `「${layer.name}」是栅格图层，没有属性表`, `"${layer.name}" is a raster layer; it has no attribute table`, {
      layerId,
    });
  }
  const columns = db.prepare(`PRAGMA table_info(${quoteIdent(layer.table_name)})`).all() as { name: string; type: string }[];
  const fields = columns
    .filter((c) => c.name !== FID_COLUMN && c.name !== GEOMETRY_COLUMN)
    .map((c) => ({ name: c.name, type: c.type, kind: fieldKind(c.type) }));
  return { layer, table: quoteIdent(layer.table_name), fields, hasGeometry: columns.some((c) => c.name === GEOMETRY_COLUMN) };
}

export function requireField(t: AttributeTable, name: string): FieldInfo {
  const f = t.fields.find((x) => x.name === name);
  if (!f) {
    throw new GwzError(
      'BAD_INPUT',
      `图层「${t.layer.name}」没有字段「${name}」（字段：${t.fields.map((x) => x.name).join('、')}）`,
      `Layer "${t.layer.name}" has no field "${name}" (fields: ${t.fields.map((x) => x.name).join(', ')})`,
      { field: name, fields: t.fields.map((x) => x.name) },
    );
  }
  return f;
}

export interface CompiledExpr {
  expr: Expr;
  sql: string;
  params: (number | string)[];
}

/**
 * An expression of shared/expr as SQL over this table's fields (`fid` too), or BAD_INPUT with the
 * position of the mistake and the fields that exist.
 */
export function compileExpression(t: AttributeTable, source: string, what: 'filter' | 'expression'): CompiledExpr {
  const columns = new Set([FID_COLUMN, ...t.fields.map((f) => f.name)]);
  const label = what === 'filter' ? { zh: '筛选条件', en: 'filter' } : { zh: '表达式', en: 'expression' };
  let expr: Expr;
  try {
    expr = parseExpression(source);
  } catch (err) {
    if (err instanceof ExprError) {
      throw new GwzError('BAD_INPUT', `${label.zh}有误：${err.message_zh}`, `Bad ${label.en}: ${err.message_en}`, {
        [what]: source,
        position: err.position,
      });
    }
    throw err;
  }
  try {
    return { expr, ...toSql(expr, columns) };
  } catch (err) {
    const name = err instanceof Error ? (/unknown field (.*)$/.exec(err.message)?.[1] ?? err.message) : String(err);
    throw new GwzError(
      'BAD_INPUT',
      `${label.zh}中的字段「${name}」不存在（字段：${t.fields.map((f) => f.name).join('、')}）`,
      `The ${label.en} names a field "${name}" that does not exist (fields: ${t.fields.map((f) => f.name).join(', ')})`,
      { [what]: source, field: name, fields: t.fields.map((f) => f.name) },
    );
  }
}

/** A WHERE clause (with its parameters) for an optional filter. */
export function whereOf(t: AttributeTable, filter: string | undefined): { where: string; params: (number | string)[] } {
  if (filter === undefined || filter.trim() === '') return { where: '', params: [] };
  const c = compileExpression(t, filter, 'filter');
  return { where: `WHERE ${c.sql}`, params: c.params };
}

/** Values as the contract carries them: blobs are not shown in a table, big integers become numbers. */
export function cellValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Buffer.isBuffer(v)) return `<BLOB ${v.length} B>`;
  return String(v);
}

/**
 * Runs a statement and turns SQLite's complaints about an expression (a function the build lacks,
 * a misuse of an aggregate) into BAD_INPUT rather than INTERNAL.
 */
export function sqlAsBadInput<T>(source: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof GwzError) throw err;
    const code = (err as { code?: unknown }).code;
    if (code === 'SQLITE_ERROR') {
      const why = err instanceof Error ? err.message : String(err);
      throw new GwzError('BAD_INPUT', `表达式无法执行：${why}`, `The expression cannot be evaluated: ${why}`, { expression: source });
    }
    throw err;
  }
}
