import type { JobResultOf } from '../../../../shared/api';
import { FID_COLUMN } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { checkpoints, jobStep } from '../core/cooperate';
import type { OperationImpl } from '../core/run-analysis';
import { requireField } from '../core/vector-raster';
import { attributesById, boxes, overlappingPairs, overlayInput } from './inputs';

type Result = JobResultOf<'analysis.areaByUnit'>;
type Key = string | number | null;

const fid = quoteIdent(FID_COLUMN);
const keyOf = (v: unknown): Key => (typeof v === 'number' || typeof v === 'string' ? v : v === null || v === undefined ? null : String(v));
const compareKeys = (x: Key, y: Key): number =>
  typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''), 'zh');

/**
 * The area of each class within each administrative unit: ST_Area(ST_Intersection) of every
 * overlapping (class polygon, unit) pair, summed by (unit value, class value). Units with the same
 * name (a county in two parts) count as one; the share is of the unit's whole area, so the classes
 * of a unit covered without gaps or overlaps add up to 1.
 */
export const areaByUnit: OperationImpl<'analysis.areaByUnit'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer, ['POLYGON']);
  const u = overlayInput(ctx, req.units, ['POLYGON']);
  const classIdx = a.columns.findIndex((c) => c.name === requireField(ctx, a.row, req.classField));
  const unitIdx = u.columns.findIndex((c) => c.name === requireField(ctx, u.row, req.unitField));
  const classOf = new Map([...attributesById(ctx, a)].map(([id, v]) => [id, keyOf(v[classIdx])]));
  const unitOf = new Map([...attributesById(ctx, u)].map(([id, v]) => [id, keyOf(v[unitIdx])]));

  const unitArea = new Map<Key, number>();
  const areaStmt = ctx.db.prepare(`SELECT ST_Area(${u.geom('u')}) AS a FROM ${u.table} u WHERE u.${fid} = ?`);
  for (const [id, unit] of unitOf) unitArea.set(unit, (unitArea.get(unit) ?? 0) + ((areaStmt.get(id) as { a: number | null }).a ?? 0));

  const pairs = overlappingPairs(boxes(ctx, a), boxes(ctx, u));
  const stmt = ctx.db.prepare(
    `SELECT ST_Area(ST_Intersection(${a.geom('a')}, ${u.geom('u')})) AS area FROM ${a.table} a, ${u.table} u
     WHERE a.${fid} = ? AND u.${fid} = ? AND ST_Intersects(${a.geom('a')}, ${u.geom('u')})`,
  );
  const sums = new Map<Key, Map<Key, number>>();
  const total = [...pairs.values()].reduce((s, l) => s + l.length, 0);
  const tick = checkpoints(jobStep(ctx.job, 5, 85, '正在统计面积', 'Measuring areas'));
  let done = 0;
  for (const [fa, list] of pairs) {
    for (const fu of list) {
      await tick(done++ / Math.max(1, total));
      const area = (stmt.get(fa, fu) as { area: number | null } | undefined)?.area ?? 0;
      if (!(area > 0)) continue;
      const unit = unitOf.get(fu)!;
      let byClass = sums.get(unit);
      if (!byClass) sums.set(unit, (byClass = new Map()));
      const cls = classOf.get(fa)!;
      byClass.set(cls, (byClass.get(cls) ?? 0) + area);
    }
  }
  const rows: Result['rows'] = [];
  const units: Result['units'] = [];
  for (const unit of [...unitArea.keys()].sort(compareKeys)) {
    const whole = unitArea.get(unit)!;
    const byClass = sums.get(unit) ?? new Map<Key, number>();
    let covered = 0;
    for (const cls of [...byClass.keys()].sort(compareKeys)) {
      const area = byClass.get(cls)!;
      covered += area;
      rows.push({ unit, class: cls, area, share: whole > 0 ? area / whole : 0 });
    }
    units.push({ unit, area: whole, covered });
  }
  const text = (k: Key): string | null => (k === null ? null : String(k));
  return {
    outputs: [
      {
        kind: 'table',
        name: req.outputName ?? `${a.row.name}_按${u.row.name}面积统计`,
        columns: [
          { name: 'unit', sqlType: 'TEXT' },
          { name: 'class', sqlType: 'TEXT' },
          { name: 'area_m2', sqlType: 'REAL' },
          { name: 'area_km2', sqlType: 'REAL' },
          { name: 'share', sqlType: 'REAL' },
        ],
        rows: rows.map((r) => [text(r.unit), text(r.class), r.area, r.area / 1e6, r.share]),
      },
    ],
    extra: { rows, units },
  };
};
