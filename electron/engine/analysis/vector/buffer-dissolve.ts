import { GwzError } from '../../../../shared/api';
import { FID_COLUMN } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { checkpoints, jobStep } from '../core/cooperate';
import type { OperationImpl, VectorOutput } from '../core/run-analysis';
import { requireField } from '../core/vector-raster';
import { areaOf } from './overlay';
import { attributesById, overlayInput } from './inputs';

type Row = NonNullable<VectorOutput['rows']>[number] & { fid: number };
const fid = quoteIdent(FID_COLUMN);

/**
 * ST_Buffer of each feature with GEOS's round joins and `segments` per quarter circle, by a fixed
 * distance or a numeric field (features with no or a non-positive value are skipped and counted);
 * `dissolve` unions all buffers into one feature without attributes.
 */
export const buffer: OperationImpl<'analysis.buffer'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer);
  const attrs = attributesById(ctx, a);
  let distances: Map<number, unknown> | null = null;
  if (req.distanceField) {
    const field = requireField(ctx, a.row, req.distanceField);
    const idx = a.columns.findIndex((c) => c.name === field);
    distances = new Map([...attrs].map(([id, v]) => [id, v[idx]]));
  }
  const stmt = ctx.db.prepare(`SELECT AsBinary(CastToMulti(ST_Buffer(${a.geom('a')}, ?, CAST(? AS INTEGER)))) AS wkb FROM ${a.table} a WHERE a.${fid} = ?`);
  const rows: Row[] = [];
  let skipped = 0;
  const tick = checkpoints(jobStep(ctx.job, 5, 70, '正在生成缓冲区', 'Buffering'));
  let done = 0;
  for (const [id, values] of attrs) {
    await tick(done++ / Math.max(1, attrs.size));
    const d = distances ? distances.get(id) : req.distance;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) {
      skipped++;
      continue;
    }
    const hit = stmt.get(d, req.segments, id) as { wkb: Buffer | null } | undefined;
    if (!hit?.wkb) {
      skipped++;
      continue;
    }
    rows.push({ fid: id, values: [...values, d], wkb: hit.wkb });
  }
  if (skipped > 0) {
    ctx.warn(`${skipped} 个要素没有有效的缓冲距离（或几何为空），已跳过。`, `${skipped} features had no valid buffer distance (or no geometry) and were skipped.`);
  }
  const name = req.outputName ?? `${a.row.name}_缓冲${req.distanceField ? '' : `${req.distance}m`}`;
  if (req.dissolve) {
    ctx.job.progress(75, '正在合并缓冲区', 'Merging the buffers');
    // the same buffers again, unioned by GEOS in one aggregate (kept features only)
    const dist = distances ? `CAST(a.${quoteIdent(req.distanceField!)} AS REAL)` : '?';
    const union = ctx.db.prepare(
      `SELECT AsBinary(CastToMulti(ST_Union(ST_Buffer(${a.geom('a')}, ${dist}, CAST(? AS INTEGER))))) AS wkb FROM ${a.table} a WHERE a.${fid} IN (SELECT value FROM json_each(?))`,
    );
    const kept = JSON.stringify(rows.map((r) => r.fid));
    const merged = rows.length ? (union.get(...(distances ? [] : [req.distance]), req.segments, kept) as { wkb: Buffer | null }).wkb : null;
    const out = merged ? [{ values: [rows.length], wkb: merged }] : [];
    return {
      outputs: [{ kind: 'vector', name, geometryType: 'MULTIPOLYGON', columns: [{ name: 'features', sqlType: 'INTEGER' }], rows: out }],
      extra: { features: out.length, area: merged ? areaOf(ctx, merged) : 0, skipped },
    };
  }
  let area = 0;
  for (const r of rows) area += areaOf(ctx, r.wkb);
  return {
    outputs: [{ kind: 'vector', name, geometryType: 'MULTIPOLYGON', columns: [...a.columns.filter((c) => c.name !== 'buffer_m'), { name: 'buffer_m', sqlType: 'REAL' }], rows: rows.map((r) => ({ wkb: r.wkb, values: dropBufferColumn(a.columns, r.values) })) }],
    extra: { features: rows.length, area, skipped },
  };
};

/** An input column already called buffer_m gives way to the distance. */
function dropBufferColumn(columns: { name: string }[], values: unknown[]): unknown[] {
  const i = columns.findIndex((c) => c.name === 'buffer_m');
  return i < 0 ? values : values.filter((_, k) => k !== i);
}

/**
 * Features grouped by one field's value (or all together), each group's geometries unioned
 * (ST_Union: shared boundaries disappear, disjoint parts stay parts of one multipolygon).
 */
export const dissolve: OperationImpl<'analysis.dissolve'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer, ['POLYGON']);
  const field = req.field ? requireField(ctx, a.row, req.field) : null;
  const idx = field ? a.columns.findIndex((c) => c.name === field) : -1;
  const groups = new Map<unknown, number[]>();
  for (const [id, values] of attributesById(ctx, a)) {
    const key = idx >= 0 ? values[idx] : null;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(id);
  }
  if (groups.size > 100_000) {
    throw new GwzError('BAD_INPUT', `字段「${field}」有 ${groups.size} 个不同的值，不适合融合。`, `Field "${field}" has ${groups.size} distinct values; too many to dissolve by.`, { field, groups: groups.size });
  }
  const stmt = ctx.db.prepare(
    `SELECT AsBinary(CastToMulti(ST_Union(${a.geom('a')}))) AS wkb, COUNT(*) AS n FROM ${a.table} a WHERE a.${fid} IN (SELECT value FROM json_each(?))`,
  );
  const rows: Row[] = [];
  const summary: { value: string | number | null; parts: number; area: number }[] = [];
  const tick = checkpoints(jobStep(ctx.job, 5, 85, '正在融合', 'Dissolving'));
  let done = 0;
  const sorted = [...groups].sort((x, y) => String(x[0]).localeCompare(String(y[0]), 'zh'));
  for (const [key, ids] of sorted) {
    await tick(done++ / sorted.length);
    const hit = stmt.get(JSON.stringify(ids)) as { wkb: Buffer | null; n: number };
    if (!hit.wkb) continue;
    const area = areaOf(ctx, hit.wkb);
    const value = typeof key === 'number' || typeof key === 'string' ? key : key === null || key === undefined ? null : String(key);
    rows.push({ fid: 0, values: [...(field ? [value] : []), ids.length, area], wkb: hit.wkb });
    summary.push({ value, parts: ids.length, area });
  }
  const col = field ? [{ name: field, sqlType: a.columns[idx]!.sqlType }] : [];
  const reserved = new Set(col.map((c) => c.name.toLowerCase()));
  return {
    outputs: [
      {
        kind: 'vector',
        name: req.outputName ?? `${a.row.name}_融合${field ? `_${field}` : ''}`,
        geometryType: 'MULTIPOLYGON',
        columns: [...col, { name: reserved.has('features') ? 'features_n' : 'features', sqlType: 'INTEGER' }, { name: reserved.has('area_m2') ? 'area_m2_2' : 'area_m2', sqlType: 'REAL' }],
        rows,
      },
    ],
    extra: { features: rows.length, area: summary.reduce((s, g) => s + g.area, 0), groups: summary },
  };
};
