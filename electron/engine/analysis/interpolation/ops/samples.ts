import { createHash } from 'node:crypto';
import { GwzError } from '../../../../../shared/api';
import { COLLAR_TABLE } from '../../../io/tables/store-boreholes';
import { quoteIdent } from '../../../project/spatialite';
import { assertPointLayer, readPoints } from '../../core/points';
import { assertProjected } from '../../core/projected';
import type { OperationContext } from '../../core/run-analysis';
import type { Samples } from '../samples';

/** The sample-source fields every interpolation request has (shared/api/analysis-ops/interpolation). */
export interface SampleRequest {
  points: number;
  field?: string | undefined;
  boreholeValue?: 'depth_to_water' | 'level' | undefined;
  analyte?: string | undefined;
  statistic: 'latest' | 'mean';
  dateFrom?: string | undefined;
  dateTo?: string | undefined;
  nonDetect: 'half-limit' | 'limit' | 'zero' | 'omit';
}

export interface ReadSamples extends Samples {
  /** What the values are, for layer names: the field, 水位埋深, 水位标高 or the analyte. */
  quantity: string;
  /** For table-based values: the rows used and their checksum (the tables are not layers, so this is their provenance). */
  source: { kind: 'field' | 'levels' | 'quality'; rows: number; sha256: string; from: string | null; to: string | null };
}

/**
 * The sample points and values of an interpolation request. Exactly one of field / boreholeValue /
 * analyte; a field must be numeric (every non-null value a number); table values need the collar
 * layer. Points without a value are left out (with a warning); fewer than `minCount` is refused.
 */
export function readSamples(ctx: OperationContext, req: SampleRequest, minCount: number, what_zh: string, what_en: string): ReadSamples {
  const row = ctx.layer(req.points);
  assertPointLayer(row, '采样点图层', 'The sample layer');
  assertProjected(ctx.project.crs.srid, '工程', 'The project');
  const given = [req.field, req.boreholeValue, req.analyte].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw new GwzError(
      'BAD_REQUEST',
      given === 0 ? '请指定插值的数值：数值字段、钻孔水位或水质指标之一。' : '数值字段、钻孔水位、水质指标只能选一个。',
      given === 0 ? 'Say what to interpolate: a value field, a borehole water level or a water-quality analyte.' : 'Give only one of value field, borehole water level, water-quality analyte.',
      { field: req.field ?? null, boreholeValue: req.boreholeValue ?? null, analyte: req.analyte ?? null },
    );
  }
  if (req.dateFrom && req.dateTo && req.dateFrom > req.dateTo) {
    throw new GwzError('BAD_REQUEST', `起始日期 ${req.dateFrom} 晚于截止日期 ${req.dateTo}。`, `The from date ${req.dateFrom} is after the to date ${req.dateTo}.`);
  }
  const out = req.field !== undefined ? fieldSamples(ctx, req.field) : tableSamples(ctx, req);
  if (out.skipped > 0) {
    ctx.warn(`${out.skipped} 个点没有数值，未参与插值。`, `${out.skipped} points have no value and were left out.`);
  }
  if (out.x.length < minCount) {
    throw new GwzError(
      'BAD_INPUT',
      `有数值的采样点只有 ${out.x.length} 个，${what_zh}至少需要 ${minCount} 个。`,
      `Only ${out.x.length} sample points have a value; ${what_en} needs at least ${minCount}.`,
      { points: out.x.length, needed: minCount, layerId: row.id },
    );
  }
  return out;

  function fieldSamples(c: OperationContext, field: string): ReadSamples {
    const columns = c.db.prepare('SELECT name, type FROM pragma_table_info(?)').all(row.table_name) as { name: string; type: string }[];
    const col = columns.find((k) => k.name === field);
    if (!col) {
      throw new GwzError('BAD_INPUT', `图层「${row.name}」没有字段「${field}」。`, `Layer "${row.name}" has no field "${field}".`, {
        layerId: row.id,
        field,
        fields: columns.map((k) => k.name),
      });
    }
    const bad = c.db
      .prepare(`SELECT fid, ${quoteIdent(field)} AS v FROM ${quoteIdent(row.table_name)} WHERE typeof(${quoteIdent(field)}) NOT IN ('integer', 'real', 'null') LIMIT 5`)
      .all() as { fid: number; v: unknown }[];
    if (bad.length > 0) {
      throw new GwzError(
        'BAD_INPUT',
        `字段「${field}」不是数值字段（例如 fid ${bad[0]!.fid} 的值为「${String(bad[0]!.v)}」）；请选择数值字段。`,
        `Field "${field}" is not numeric (e.g. fid ${bad[0]!.fid} holds "${String(bad[0]!.v)}"); choose a numeric field.`,
        { layerId: row.id, field, type: col.type, examples: bad },
      );
    }
    const pts = readPoints(c.db, row, [field]);
    const kept = pts.filter((p) => typeof p.values[0] === 'number' && Number.isFinite(p.values[0]));
    return {
      ...pack(kept.map((p) => ({ fid: p.fid, x: p.x, y: p.y, z: p.values[0] as number }))),
      skipped: pts.length - kept.length,
      quantity: field,
      source: { kind: 'field', rows: kept.length, sha256: '', from: null, to: null },
    };
  }

  function tableSamples(c: OperationContext, r: SampleRequest): ReadSamples {
    if (row.table_name !== COLLAR_TABLE) {
      throw new GwzError(
        'BAD_INPUT',
        `取钻孔水位或水质指标时，采样点图层须为钻孔与监测井（井口表），而不是「${row.name}」。`,
        `Borehole levels and water quality come with the borehole collar layer (钻孔与监测井), not "${row.name}".`,
        { layerId: row.id },
      );
    }
    const range: string[] = [];
    const args: string[] = [];
    if (r.dateFrom) {
      range.push('date >= ?');
      args.push(r.dateFrom);
    }
    if (r.dateTo) {
      range.push('date <= ?');
      args.push(r.dateTo);
    }
    let valueSql: string;
    let table: string;
    let quantity: string;
    let extra = '';
    if (r.boreholeValue !== undefined) {
      table = 'gw_levels';
      valueSql = r.boreholeValue;
      extra = `${r.boreholeValue} IS NOT NULL`;
      quantity = r.boreholeValue === 'level' ? '水位标高' : '水位埋深';
    } else {
      const analytes = (c.db.prepare('SELECT DISTINCT analyte FROM gw_quality ORDER BY analyte').all() as { analyte: string }[]).map((a) => a.analyte);
      const name = analytes.find((a) => a.trim().toLowerCase() === r.analyte!.trim().toLowerCase());
      if (name === undefined) {
        throw new GwzError('BAD_INPUT', `水质表中没有指标「${r.analyte}」。`, `The water-quality table has no analyte "${r.analyte}".`, { analyte: r.analyte, analytes });
      }
      table = 'gw_quality';
      quantity = name;
      const nd = r.nonDetect;
      valueSql =
        nd === 'omit' ? 'value' : `COALESCE(value, CASE WHEN qualifier IS NOT NULL THEN ${nd === 'half-limit' ? '0.5 * detection_limit' : nd === 'limit' ? 'detection_limit' : '0'} END)`;
      extra = `analyte = ? AND ${valueSql} IS NOT NULL`;
      args.unshift(name);
    }
    const key = table === 'gw_levels' ? 'hole_id' : 'site';
    const where = [extra, ...range].join(' AND ');
    const readings = c.db
      .prepare(`SELECT ${key} AS hole, date, ${valueSql} AS v FROM ${table} WHERE ${where} ORDER BY ${key}, date`)
      .all(...args) as { hole: string; date: string; v: number }[];
    // per hole: the mean of all readings, and of the latest day's (quality samples may repeat a day)
    const perHole = new Map<string, { sum: number; n: number; date: string; daySum: number; dayN: number }>();
    const hash = createHash('sha256');
    for (const x of readings) {
      hash.update(`${x.hole}\u0000${x.date}\u0000${x.v}\n`);
      const h = perHole.get(x.hole);
      if (!h) {
        perHole.set(x.hole, { sum: x.v, n: 1, date: x.date, daySum: x.v, dayN: 1 });
        continue;
      }
      h.sum += x.v;
      h.n++;
      if (x.date === h.date) {
        h.daySum += x.v;
        h.dayN++;
      } else {
        // readings come in date order
        h.date = x.date;
        h.daySum = x.v;
        h.dayN = 1;
      }
    }
    const collars = c.db.prepare(`SELECT fid, hole_id, x, y FROM ${COLLAR_TABLE} ORDER BY fid`).all() as { fid: number; hole_id: string; x: number; y: number }[];
    const kept: { fid: number; x: number; y: number; z: number }[] = [];
    for (const k of collars) {
      const h = perHole.get(k.hole_id);
      if (h) kept.push({ fid: k.fid, x: k.x, y: k.y, z: r.statistic === 'mean' ? h.sum / h.n : h.daySum / h.dayN });
    }
    return {
      ...pack(kept),
      skipped: collars.length - kept.length,
      quantity,
      source: { kind: table === 'gw_levels' ? 'levels' : 'quality', rows: readings.length, sha256: hash.digest('hex'), from: r.dateFrom ?? null, to: r.dateTo ?? null },
    };
  }
}

function pack(rows: { fid: number; x: number; y: number; z: number }[]): Samples {
  return {
    fid: Int32Array.from(rows, (r) => r.fid),
    x: Float64Array.from(rows, (r) => r.x),
    y: Float64Array.from(rows, (r) => r.y),
    z: Float64Array.from(rows, (r) => r.z),
    skipped: 0,
  };
}
