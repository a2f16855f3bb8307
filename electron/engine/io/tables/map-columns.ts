import { GwzError } from '../../../../shared/api';
import { fieldForHeader, TABLE_FIELDS, type TableKind } from '../../../../shared/domain/header-synonyms';
import type { Table } from './read-table';

export interface ColumnMap {
  /** field → column index */
  index: Map<string, number>;
  /** field → source header, for the report */
  mapping: Record<string, string>;
  /** true when the first data row was a second (English) header row and has been dropped */
  skippedHeaderRow: boolean;
}

/**
 * Maps source columns to fields: explicit overrides first, then header synonyms. Templates carry
 * Chinese headers with an English header row under them; when most cells of the first data row are
 * themselves headers, that row is a header and not data.
 */
export function mapColumns(kind: TableKind, table: Table, overrides: Record<string, string>): ColumnMap {
  const index = new Map<string, number>();
  const known = new Set(TABLE_FIELDS[kind].map((f) => f.name));
  for (const [field, column] of Object.entries(overrides)) {
    const i = table.headers.indexOf(column);
    if (!known.has(field)) {
      throw new GwzError('BAD_REQUEST', `未知的字段：${field}`, `Unknown field: ${field}`, { field, known: [...known] });
    }
    if (i < 0) {
      throw new GwzError(
        'BAD_INPUT',
        `表中没有列“${column}”（指定给字段 ${field}），现有列：${table.headers.join('、')}`,
        `No column "${column}" (given for field ${field}); columns: ${table.headers.join(', ')}`,
        { field, column, headers: table.headers },
      );
    }
    index.set(field, i);
  }
  const taken = new Set(index.values());
  table.headers.forEach((h, i) => {
    const field = fieldForHeader(kind, h);
    if (field && !index.has(field) && !taken.has(i)) {
      index.set(field, i);
      taken.add(i);
    }
  });

  let skippedHeaderRow = false;
  const first = table.rows[0];
  if (first) {
    const headerLike = first.values.filter((v) => v !== '' && fieldForHeader(kind, v) !== null).length;
    const filled = first.values.filter((v) => v !== '').length;
    if (filled > 0 && headerLike >= Math.max(2, Math.ceil(filled / 2))) {
      // also learn fields only the English row names
      first.values.forEach((v, i) => {
        const field = fieldForHeader(kind, v);
        if (field && !index.has(field) && !taken.has(i)) index.set(field, i);
      });
      skippedHeaderRow = true;
    }
  }

  const missing = TABLE_FIELDS[kind].filter((f) => f.required && !index.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    const spec = TABLE_FIELDS[kind];
    const expect = missing.map((m) => `${m}（${spec.find((f) => f.name === m)!.synonyms.slice(0, 3).join('/')}）`);
    throw new GwzError(
      'BAD_INPUT',
      `缺少必需的列：${expect.join('、')}。现有列：${table.headers.join('、')}`,
      `Required columns are missing: ${expect.join(', ')}. Columns found: ${table.headers.join(', ')}`,
      { missing, headers: table.headers },
    );
  }
  const mapping: Record<string, string> = {};
  for (const [field, i] of index) mapping[field] = table.headers[i]!;
  return { index, mapping, skippedHeaderRow };
}
