import type { FieldStats } from '../../../shared/api';
import { quoteIdent, type Db } from '../project/spatialite';
import { attributeTable, cellValue, requireField, sqlAsBadInput, whereOf } from './fields';

const TOP = 10;

/**
 * Statistics of one field over the rows matching a filter, all inside SQLite: counts, distinct,
 * numeric min/max/mean/std (population, two-pass for accuracy)/sum over the values stored as numbers,
 * an equal-width histogram between min and max, and the most frequent values.
 */
export function fieldStats(db: Db, req: { layerId: number; field: string; filter?: string | undefined; bins: number }): FieldStats {
  const t = attributeTable(db, req.layerId);
  const f = requireField(t, req.field);
  const col = quoteIdent(f.name);
  const { where, params } = whereOf(t, req.filter);
  const rows = `(SELECT ${col} AS v FROM ${t.table} ${where})`;
  return sqlAsBadInput(req.filter ?? '', () => {
    const c = db.prepare(`SELECT COUNT(*) AS n, COUNT(v) AS nn, COUNT(DISTINCT v) AS d FROM ${rows}`).get(...params) as { n: number; nn: number; d: number };
    const numeric = `(SELECT v FROM ${rows} WHERE typeof(v) IN ('integer', 'real'))`;
    const s = db.prepare(`SELECT COUNT(*) AS n, MIN(v) AS min, MAX(v) AS max, AVG(v) AS mean, SUM(v) AS sum FROM ${numeric}`).get(...params) as {
      n: number;
      min: number | null;
      max: number | null;
      mean: number | null;
      sum: number | null;
    };
    let std: number | null = null;
    let histogram: FieldStats['histogram'] = null;
    if (s.n > 0 && s.mean !== null && s.min !== null && s.max !== null) {
      const v = db.prepare(`SELECT AVG((v - ?) * (v - ?)) AS var FROM ${numeric}`).get(s.mean, s.mean, ...params) as { var: number };
      std = Math.sqrt(Math.max(0, v.var));
      const bins = s.max > s.min ? req.bins : 1;
      const width = s.max > s.min ? (s.max - s.min) / bins : 1;
      const counts = new Array<number>(bins).fill(0);
      const grouped = db
        .prepare(`SELECT MIN(CAST((v - ?) / ? AS INTEGER), ?) AS b, COUNT(*) AS n FROM ${numeric} GROUP BY b`)
        .all(s.min, width, bins - 1, ...params) as { b: number; n: number }[];
      for (const g of grouped) counts[Math.max(0, g.b)]! += g.n;
      const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? s.max! : s.min! + i * width));
      histogram = { edges, counts };
    }
    const top = (db.prepare(`SELECT v, COUNT(*) AS n FROM ${rows} GROUP BY v ORDER BY n DESC, v LIMIT ${TOP}`).all(...params) as { v: unknown; n: number }[]).map(
      (r) => ({ value: cellValue(r.v), count: r.n }),
    );
    return {
      field: f.name,
      kind: f.kind,
      count: c.n,
      nulls: c.n - c.nn,
      distinct: c.d,
      min: s.min,
      max: s.max,
      mean: s.mean,
      std,
      sum: s.sum,
      histogram,
      top,
    };
  });
}
