import type { FeaturePage } from '../../../shared/api';
import { FID_COLUMN } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import { attributeTable, cellValue, requireField, sqlAsBadInput, whereOf, type AttributeTable } from './fields';

export interface ListRequest {
  layerId: number;
  offset: number;
  limit: number;
  sort?: { field: string; descending: boolean } | undefined;
  filter?: string | undefined;
  fields?: string[] | undefined;
}

/**
 * The row order of (layer, filter, sort) as the list of feature ids, computed once and kept: a page
 * is then a primary-key lookup of `limit` ids, so scrolling to row 150 000 of a sorted 200 000-row
 * layer costs what row 0 costs instead of a sort plus an OFFSET scan per page. The key carries the
 * database's change counters, so any committed write (ours or another connection's) starts afresh.
 */
interface Ordering {
  key: string;
  fids: number[];
}

const MAX_CACHED = 8;
const cache = new WeakMap<Db, Ordering[]>();

function changeStamp(db: Db): string {
  const dataVersion = db.pragma('data_version', { simple: true }) as number;
  const own = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${dataVersion}:${own}`;
}

export function orderingOf(db: Db, t: AttributeTable, sort: ListRequest['sort'], filter: string | undefined): number[] {
  const key = JSON.stringify([t.layer.id, t.layer.table_name, filter ?? '', sort?.field ?? '', sort?.descending ?? false, changeStamp(db)]);
  const list = cache.get(db) ?? [];
  const hit = list.find((o) => o.key === key);
  if (hit) {
    // most recently used first
    list.splice(list.indexOf(hit), 1);
    list.unshift(hit);
    return hit.fids;
  }
  const { where, params } = whereOf(t, filter);
  const fid = quoteIdent(FID_COLUMN);
  let order = fid;
  if (sort) {
    const f = requireField(t, sort.field);
    // ties keep fid order, so a sorted table is stable between reads
    order = `${quoteIdent(f.name)} ${sort.descending ? 'DESC' : 'ASC'}, ${fid}`;
  }
  const fids = sqlAsBadInput(filter ?? '', () =>
    db.prepare(`SELECT ${fid} FROM ${t.table} ${where} ORDER BY ${order}`).pluck().all(...params) as number[],
  );
  list.unshift({ key, fids });
  if (list.length > MAX_CACHED) list.length = MAX_CACHED;
  cache.set(db, list);
  return fids;
}

/** Rows of `fids` (in that order), the values of `fieldNames`. */
export function rowsByFid(db: Db, t: AttributeTable, fids: readonly number[], fieldNames: readonly string[]): (string | number | null)[][] {
  if (fids.length === 0) return [];
  const fid = quoteIdent(FID_COLUMN);
  const cols = fieldNames.map(quoteIdent);
  const byFid = new Map<number, (string | number | null)[]>();
  // SQLite allows 32 766 bound parameters; pages are at most 5 000 rows
  const stmt = db.prepare(`SELECT ${[fid, ...cols].join(', ')} FROM ${t.table} WHERE ${fid} IN (${fids.map(() => '?').join(',')})`).raw();
  for (const r of stmt.all(...fids) as unknown[][]) byFid.set(Number(r[0]), r.slice(1).map(cellValue));
  return fids.map((id) => byFid.get(id) ?? fieldNames.map(() => null));
}

export function listFeatures(db: Db, req: ListRequest): FeaturePage {
  const started = performance.now();
  const t = attributeTable(db, req.layerId);
  const fields = req.fields ? req.fields.map((name) => requireField(t, name)) : t.fields;
  const order = orderingOf(db, t, req.sort, req.filter);
  const fids = order.slice(req.offset, req.offset + req.limit);
  const rows = rowsByFid(
    db,
    t,
    fids,
    fields.map((f) => f.name),
  );
  return { layerId: t.layer.id, fields, total: order.length, offset: req.offset, fids, rows, millis: performance.now() - started };
}
