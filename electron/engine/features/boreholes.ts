import { GwzError, type BoreholeLog, type QualitySeries } from '../../../shared/api';
import { findLithology } from '../../../shared/domain/lithology';
import { gbt14848Class, gbt14848Limits } from '../../../shared/domain/gbt14848-limits';
import type { Db } from '../project/spatialite';

interface CollarRow {
  hole_id: string;
  name: string | null;
  x: number;
  y: number;
  elevation: number | null;
  depth: number | null;
  aquifer: string | null;
}

/** A hole's log: collar, lithology intervals top-down, water levels and tests by date. */
export function boreholeLog(db: Db, holeId: string): BoreholeLog {
  const c = db.prepare('SELECT hole_id, name, x, y, elevation, depth, aquifer FROM gw_collars WHERE hole_id = ?').get(holeId) as CollarRow | undefined;
  if (!c) throw new GwzError('BAD_INPUT', `没有编号为「${holeId}」的钻孔或监测井`, `No borehole or well with id "${holeId}"`, { holeId });
  const intervals = (
    db.prepare('SELECT top, bottom, code, lithology, description FROM gw_lithology WHERE hole_id = ? ORDER BY top').all(holeId) as {
      top: number;
      bottom: number;
      code: string;
      lithology: string;
      description: string | null;
    }[]
  ).map((r) => {
    const std = findLithology(r.code) ?? findLithology(r.lithology);
    return { ...r, name_zh: std?.name_zh ?? r.lithology, name_en: std?.name_en ?? r.code };
  });
  const levels = (
    db.prepare('SELECT date, depth_to_water, level FROM gw_levels WHERE hole_id = ? ORDER BY date').all(holeId) as {
      date: string;
      depth_to_water: number | null;
      level: number | null;
    }[]
  ).map((r) => ({ date: r.date, depthToWater: r.depth_to_water, level: r.level }));
  const tests = (
    db
      .prepare('SELECT date, test_type, k_m_per_d, specific_yield, effective_porosity, well_yield_m3_per_d FROM gw_tests WHERE hole_id = ? ORDER BY date')
      .all(holeId) as {
      date: string | null;
      test_type: string | null;
      k_m_per_d: number | null;
      specific_yield: number | null;
      effective_porosity: number | null;
      well_yield_m3_per_d: number | null;
    }[]
  ).map((r) => ({
    date: r.date,
    testType: r.test_type,
    k: r.k_m_per_d,
    specificYield: r.specific_yield,
    effectivePorosity: r.effective_porosity,
    wellYield: r.well_yield_m3_per_d,
  }));
  const analytes = db.prepare('SELECT DISTINCT analyte FROM gw_quality WHERE site = ? ORDER BY analyte').pluck().all(holeId) as string[];
  return {
    holeId: c.hole_id,
    name: c.name,
    x: c.x,
    y: c.y,
    elevation: c.elevation,
    depth: c.depth,
    aquifer: c.aquifer,
    intervals,
    levels,
    tests,
    analytes,
  };
}

/** A site's samples per analyte by date, each classed by GB/T 14848 and counted against class III. */
export function qualitySeries(db: Db, site: string, analytes?: readonly string[]): QualitySeries[] {
  const rows = db
    .prepare('SELECT analyte, date, value, unit, qualifier, detection_limit, source_value FROM gw_quality WHERE site = ? ORDER BY analyte, date')
    .all(site) as {
    analyte: string;
    date: string;
    value: number | null;
    unit: string;
    qualifier: '<' | 'ND' | null;
    detection_limit: number | null;
    source_value: string;
  }[];
  if (rows.length === 0 && !db.prepare('SELECT 1 FROM gw_collars WHERE hole_id = ?').get(site)) {
    throw new GwzError('BAD_INPUT', `没有点位「${site}」的水质数据`, `No water-quality data for site "${site}"`, { site });
  }
  const wanted = analytes ? new Set(analytes) : null;
  const bySeries = new Map<string, QualitySeries>();
  for (const r of rows) {
    if (wanted && !wanted.has(r.analyte)) continue;
    let s = bySeries.get(r.analyte);
    if (!s) {
      const limits = gbt14848Limits(r.analyte);
      s = { analyte: r.analyte, unit: r.unit, points: [], limits: limits ? [...limits] : null, classIII: limits ? limits[2] : null, exceedances: 0 };
      bySeries.set(r.analyte, s);
    }
    const limits = s.limits as [number, number, number, number] | null;
    // a value below a detection limit is stored as null with the limit beside it
    const gbClass = limits ? gbt14848Class(limits, r.qualifier ? null : r.value, r.qualifier ? r.detection_limit : null) : null;
    if (gbClass !== null && gbClass > 3) s.exceedances++;
    s.points.push({ date: r.date, value: r.qualifier ? null : r.value, qualifier: r.qualifier, detectionLimit: r.detection_limit, sourceValue: r.source_value, gbClass });
  }
  return [...bySeries.values()];
}
