import type { CaptureSummary, RechargeMethod, RechargeParameters, RechargeSource, ZoneLevel } from '../../../../shared/api';
import { GwzError } from '../../../../shared/api';
import {
  captureWidth,
  captureWidthAtWell,
  dividingStreamline,
  downgradientReach,
  isochrone,
  regionalVelocity,
  stagnationDistance,
  toLocal,
  toMap,
  upgradientReach,
  type Aquifer,
  type Well,
} from '../../../../shared/domain/recharge/capture-zone';
import { AQUIFER_DEFAULTS, empiricalRadii, MEDIUM_LABELS, travelTimeRadius } from '../../../../shared/domain/recharge/hj338';
import { circleRing, elongatedRing, type Ring } from '../../../../shared/domain/recharge/shapes';
import type { Cooperation } from '../../analysis/core/cooperate';
import type { RasterArray } from '../../analysis/core/raster-array';
import { delineateCatchments } from '../../analysis/hydrology/delineate';
import { gdal } from '../../gdal';
import { polygonOf, unionAll, validPolygon } from './geometry';

/** One zone of one source by one method, before clipping and writing. */
export interface Zone {
  source: string;
  method: RechargeMethod;
  level: ZoneLevel;
  geom: gdal.Geometry;
  radiusM: number | null;
  days: number | null;
  upgradientM: number | null;
  downgradientM: number | null;
  note: string;
  /** The values this zone was computed from, written with it (params column) for the report. */
  params: Record<string, unknown>;
}

type Warn = (zh: string, en: string) => void;

const base = (s: RechargeSource) => ({ K: s.K, b: s.b, n: s.n, I: s.I, Q: s.Q, azimuth: s.azimuth });

/** 一级 circle, 二级 the ring outside it (HJ 338: 二级 lies outside 一级). */
function levelPair(source: string, method: RechargeMethod, inner: gdal.Geometry, outer: gdal.Geometry, extra: Omit<Zone, 'source' | 'method' | 'level' | 'geom' | 'days'>[], days: [number | null, number | null]): Zone[] {
  return [
    { source, method, level: 'level1', geom: inner, days: days[0], ...extra[0]! },
    { source, method, level: 'level2', geom: outer.difference(inner), days: days[1], ...extra[1]! },
  ];
}

export function empiricalZones(s: RechargeSource, p: RechargeParameters, warn: Warn): Zone[] {
  const medium = s.medium ?? AQUIFER_DEFAULTS[s.aquiferType].medium;
  const radii = empiricalRadii(p.empiricalTable, medium, p.rangePick);
  if (!radii) {
    throw new GwzError('BAD_INPUT', `经验值表中没有「${MEDIUM_LABELS[medium].zh}」一行。`, `The empirical table has no row for "${MEDIUM_LABELS[medium].en}".`, { medium });
  }
  if (s.aquiferType !== 'porous' || s.confined) {
    warn(
      `「${s.name}」不是孔隙潜水：HJ 338 经验值表只适用于孔隙潜水中小型水源，结果仅供比较。`,
      `"${s.name}" is not a phreatic porous source: HJ 338's radius table applies to small and medium phreatic porous sources only; shown for comparison.`,
    );
  }
  const row = p.empiricalTable.find((r) => r.medium === medium)!;
  const params = { medium, rangePick: p.rangePick, level1Range: row.level1, level2Range: row.level2 };
  const note = `${MEDIUM_LABELS[medium].zh}，取${p.rangePick === 'max' ? '上限' : p.rangePick === 'min' ? '下限' : '中值'}（经验值表待核实）`;
  return levelPair(
    s.name,
    'empirical',
    polygonOf(circleRing(s.x, s.y, radii.level1)),
    polygonOf(circleRing(s.x, s.y, radii.level2)),
    [
      { radiusM: radii.level1, upgradientM: null, downgradientM: null, note, params },
      { radiusM: radii.level2, upgradientM: null, downgradientM: null, note, params },
    ],
    [null, null],
  );
}

export function formulaZones(s: RechargeSource, p: RechargeParameters): Zone[] {
  const r = (T: number) => travelTimeRadius({ alpha: p.alpha, K: s.K, I: s.I, T, n: s.n });
  const R1 = r(p.level1Days);
  const R2 = r(p.level2Days);
  const elongated = p.formulaShape === 'elongated' && s.azimuth !== null;
  const shape = (R: number): Ring =>
    elongated ? elongatedRing(s.x, s.y, s.azimuth!, R, R * p.downgradientRatio, R * p.crossRatio) : circleRing(s.x, s.y, R);
  const params = { ...base(s), alpha: p.alpha, shape: elongated ? 'elongated' : 'circle', downgradientRatio: p.downgradientRatio, crossRatio: p.crossRatio };
  const note = `R = α·K·I·T/n = ${p.alpha}×${s.K}×${s.I}×T/${s.n}${elongated ? '，沿流向上游延伸' : ''}`;
  const part = (R: number, T: number) => ({
    radiusM: R,
    upgradientM: R,
    downgradientM: elongated ? R * p.downgradientRatio : R,
    note,
    params: { ...params, T },
  });
  return levelPair(s.name, 'formula', polygonOf(shape(R1)), polygonOf(shape(R2)), [part(R1, p.level1Days), part(R2, p.level2Days)], [p.level1Days, p.level2Days]);
}

export function aquiferOf(s: RechargeSource): Aquifer {
  return { K: s.K, b: s.b, n: s.n, i: s.I, ...(s.unconfinedHeads ? { unconfined: s.unconfinedHeads } : {}) };
}

/** The source's wells in local coordinates (flow toward +x, origin at the source point). */
export function localWells(s: RechargeSource): Well[] {
  const local = toLocal(s.x, s.y, s.azimuth ?? 0);
  if (!s.wells) return [{ x: 0, y: 0, Q: s.Q }];
  return s.wells.map((w) => {
    const [x, y] = local([w.x, w.y]);
    return { x, y, Q: w.Q };
  });
}

/**
 * Time-related capture zones by backward particle tracking in regional flow plus the source's
 * wells: 一级 = the level-1 isochrone, 二级 = the level-2 isochrone outside it, 补给区 = the
 * recharge-days isochrone. A well field's zone is the union of its wells' isochrones.
 */
export async function analyticalZones(s: RechargeSource, p: RechargeParameters, coop: Cooperation): Promise<{ zones: Zone[]; capture: CaptureSummary; divide: Ring[] | null }> {
  if (s.azimuth === null) {
    throw new GwzError(
      'BAD_INPUT',
      `解析法需要地下水流向：水源「${s.name}」未给出流向（azimuth），也未从水位面取得。`,
      `The analytical method needs the groundwater flow direction: source "${s.name}" has no azimuth, given or taken from a head surface.`,
      { source: s.name },
    );
  }
  const a = aquiferOf(s);
  const wells = localWells(s);
  const Q = wells.reduce((sum, w) => sum + w.Q, 0);
  const place = toMap(s.x, s.y, s.azimuth);
  const days = [p.level1Days, p.level2Days, p.rechargeDays];
  const zoneAt: gdal.Geometry[] = [];
  const isochrones: CaptureSummary['isochrones'] = [];
  for (const [k, T] of days.entries()) {
    const parts: gdal.Geometry[] = [];
    for (let w = 0; w < wells.length; w++) {
      const reach = upgradientReach(T, wells[w]!.Q, a);
      const ring = isochrone(wells, w, T, a, { step: Math.max(reach * p.traceStepFraction, 0.01) }).map(place);
      parts.push(validPolygon(ring));
      if (coop.onProgress) coop.onProgress((k * wells.length + w + 1) / (days.length * wells.length));
      await new Promise((r) => setImmediate(r));
      if (coop.signal?.aborted) throw new GwzError('JOB_CANCELLED', '已取消', 'Cancelled');
    }
    const g = unionAll(parts)!;
    zoneAt.push(g);
    isochrones.push({ days: T, upgradientM: upgradientReach(T, Q, a), downgradientM: downgradientReach(T, Q, a), areaKm2: areaKm2(g) });
  }
  const params = { ...base(s), wells: wells.length, unconfined: s.unconfinedHeads ?? null, traceStepFraction: p.traceStepFraction };
  const xs = stagnationDistance(Q, a);
  const note = `驻点 ${xs.toFixed(1)} m，捕获宽度 ${captureWidth(Q, a).toFixed(1)} m${wells.length > 1 ? `（${wells.length} 井叠加）` : ''}`;
  const zone = (level: ZoneLevel, k: number, geom: gdal.Geometry): Zone => ({
    source: s.name,
    method: 'analytical',
    level,
    geom,
    radiusM: null,
    days: days[k]!,
    upgradientM: isochrones[k]!.upgradientM,
    downgradientM: isochrones[k]!.downgradientM,
    note,
    params: { ...params, T: days[k] },
  });
  const zones = [zone('level1', 0, zoneAt[0]!), zone('level2', 1, zoneAt[1]!.difference(zoneAt[0]!)), zone('recharge', 2, zoneAt[2]!)];
  // the closed-form dividing streamline, for one well only, as far upgradient as the recharge isochrone
  const divide =
    wells.length === 1
      ? (() => {
          const upper = dividingStreamline(Q, a, -isochrones[2]!.upgradientM);
          const lower = upper.map(([x, y]) => [x, -y] as [number, number]);
          return [upper.map(place), lower.map(place)];
        })()
      : null;
  return {
    zones,
    divide,
    capture: {
      source: s.name,
      wells: wells.length,
      velocity: regionalVelocity(a),
      stagnationM: xs,
      captureWidthM: captureWidth(Q, a),
      widthAtWellM: captureWidthAtWell(Q, a),
      isochrones,
    },
  };
}

export async function demZones(sources: RechargeSource[], dem: RasterArray, snapRadius: number | undefined, coop: Cooperation): Promise<Zone[]> {
  const found = await delineateCatchments(
    dem,
    sources.map((s, i) => ({ id: i + 1, name: s.name, x: s.x, y: s.y })),
    { ...coop, ...(snapRadius !== undefined ? { snapRadius } : {}) },
  );
  return found.map((c, i) => ({
    source: sources[i]!.name,
    method: 'dem' as const,
    level: 'recharge' as const,
    geom: gdal.Geometry.fromWKB(c.wkb),
    radiusM: null,
    days: null,
    upgradientM: null,
    downgradientM: null,
    note: `出口捕捉 ${c.snapDistance.toFixed(0)} m，${c.cells} 个像元`,
    params: { cells: c.cells, snapDistance: c.snapDistance, snappedX: c.snappedX, snappedY: c.snappedY, cellSize: dem.grid.dx },
  }));
}

export function areaKm2(g: gdal.Geometry): number {
  if (g instanceof gdal.Polygon || g instanceof gdal.GeometryCollection) return g.getArea() / 1e6;
  return 0;
}
