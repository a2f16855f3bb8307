import type { JobResultOf } from '../../../../shared/api';
import {
  CLASS_LABELS,
  classify,
  classIIILimit,
  classOfValue,
  exceedance,
  indicatorKey,
  limitsIndex,
  mergeLimits,
  type Classing,
  type IndicatorLimits,
  type QualityClass,
} from '../../../../shared/domain/gbt14848';
import { waterQualityStyle } from '../../../../shared/style';
import type { OperationImpl } from '../core/run-analysis';
import { readQuality, readSites, type QualityRow } from './read';

type Result = JobResultOf<'analysis.waterQualityClass'>;
type Well = Result['wells'][number];

/** One measurement with its limits and class. */
export interface Classed {
  row: QualityRow;
  limits: IndicatorLimits;
  result: Classing;
}

const label = (c: number | null): string | null => (c === null ? null : CLASS_LABELS[c as QualityClass].zh);
const clsOf = (c: Classed): QualityClass | null => (c.result.kind === 'class' ? c.result.cls : null);

/** The worse of two measurements of one indicator (a determinate class beats an indeterminate one). */
function worse(a: Classed, b: Classed): Classed {
  const ca = clsOf(a);
  const cb = clsOf(b);
  if (ca === null) return cb === null ? a : b;
  if (cb === null) return a;
  if (cb !== ca) return cb > ca ? b : a;
  return (b.row.value ?? -Infinity) > (a.row.value ?? -Infinity) ? b : a;
}

/** A series' mean as one measurement: non-detects at half their limit; all non-detects → the lowest limit. */
function meanOf(list: Classed[]): Classed {
  const detected = list.filter((c) => c.row.qualifier === null && c.row.value !== null);
  const first = list[0]!;
  if (detected.length === 0) {
    const lowest = list.reduce((m, c) => ((c.row.detectionLimit ?? Infinity) < (m.row.detectionLimit ?? Infinity) ? c : m));
    return lowest;
  }
  let sum = 0;
  for (const c of list) sum += c.row.qualifier === null ? c.row.value! : 0.5 * (c.row.detectionLimit ?? c.row.value ?? 0);
  const value = sum / list.length;
  const row: QualityRow = { ...first.row, value, qualifier: null, detectionLimit: null, date: `${list[0]!.row.date}…${list[list.length - 1]!.row.date}` };
  return { row, limits: first.limits, result: { kind: 'class', cls: classOfValue(first.limits, value), note: `${list.length} 次均值` } };
}

/** Site class from its indicators' measurements: the worst determinate class and who sets it (综合评价). */
export function siteClass(site: string, perIndicator: Classed[], date: string | null): Well {
  let cls: QualityClass | null = null;
  for (const c of perIndicator) {
    const k = clsOf(c);
    if (k !== null && (cls === null || k > cls)) cls = k;
  }
  const sorted = [...perIndicator].sort((a, b) => a.limits.indicator.localeCompare(b.limits.indicator, 'zh'));
  return {
    site,
    class: cls,
    worst: cls === null ? [] : sorted.filter((c) => clsOf(c) === cls).map((c) => c.limits.indicator),
    exceeded: sorted
      .filter((c) => (clsOf(c) ?? 0) > 3)
      .map((c) => ({ indicator: c.limits.indicator, value: c.row.value!, limit: classIIILimit(c.limits), multiple: exceedance(c.limits, c.row.value!) })),
    indeterminate: sorted.filter((c) => c.result.kind === 'indeterminate').map((c) => c.limits.indicator),
    date,
  };
}

/** Per indicator, the measurement a well is judged by. */
function wellMeasurements(list: Classed[], basis: 'latest' | 'worst' | 'mean'): { picked: Classed[]; date: string | null } {
  const byIndicator = new Map<string, Classed[]>();
  let latest = '';
  for (const c of list) {
    if (c.row.date > latest) latest = c.row.date;
    const k = c.limits.indicator;
    const l = byIndicator.get(k);
    if (l) l.push(c);
    else byIndicator.set(k, [c]);
  }
  const picked: Classed[] = [];
  for (const series of byIndicator.values()) {
    if (basis === 'latest') {
      const at = series.filter((c) => c.row.date === latest);
      if (at.length) picked.push(at.reduce(worse));
    } else if (basis === 'worst') {
      picked.push(series.reduce(worse));
    } else {
      picked.push(meanOf(series));
    }
  }
  return { picked, date: basis === 'latest' ? latest : null };
}

export const waterQualityClass: OperationImpl<'analysis.waterQualityClass'> = async (req, ctx) => {
  const { sites } = readSites(ctx, req.sites);
  const { rows, sha256 } = readQuality(ctx, req);
  const table = mergeLimits(req.limits ?? []);
  const index = limitsIndex(table);
  ctx.job.progress(20, '正在逐样分类', 'Classing each measurement');

  const unknown = new Set<string>();
  const classed: Classed[] = [];
  for (const row of rows) {
    const limits = index.get(indicatorKey(row.analyte));
    if (!limits) {
      unknown.add(row.analyte);
      continue;
    }
    classed.push({ row, limits, result: classify(limits, { value: row.value, qualifier: row.qualifier, detectionLimit: row.detectionLimit }) });
  }
  if (unknown.size > 0) {
    ctx.warn(
      `限值表中没有这些指标，未参与评价：${[...unknown].join('、')}（可在“限值表修改”中补充）。`,
      `These indicators are not in the limit table and were left out: ${[...unknown].join(', ')} (add them under the limit table changes).`,
    );
  }
  const notInLayer = new Set(classed.map((c) => c.row.site).filter((s) => !sites.has(s)));
  if (notInLayer.size > 0) {
    ctx.warn(`${notInLayer.size} 个点位不在监测井图层中（结果点图层不含它们）：${[...notInLayer].slice(0, 10).join('、')}`, `${notInLayer.size} sites are not in the well layer (no result points for them): ${[...notInLayer].slice(0, 10).join(', ')}`);
  }

  // samples: one per (site, date)
  const bySample = new Map<string, Classed[]>();
  const bySite = new Map<string, Classed[]>();
  for (const c of classed) {
    const k = `${c.row.site}\u0000${c.row.date}`;
    (bySample.get(k) ?? bySample.set(k, []).get(k)!).push(c);
    (bySite.get(c.row.site) ?? bySite.set(c.row.site, []).get(c.row.site)!).push(c);
  }
  const samples = [...bySample.values()].map((list) => siteClass(list[0]!.row.site, list, list[0]!.row.date));
  const wells: Well[] = [];
  for (const [site, list] of [...bySite].sort((a, b) => a[0].localeCompare(b[0]))) {
    const { picked, date } = wellMeasurements(list, req.basis);
    wells.push(siteClass(site, picked, date));
  }
  const wellsByClass = [0, 0, 0, 0, 0];
  let unclassified = 0;
  for (const w of wells) {
    if (w.class === null) unclassified++;
    else wellsByClass[w.class - 1]!++;
  }
  const base = req.outputName ?? '地下水质量评价';
  const joinNames = (l: string[]): string => l.join('、');
  const exceededText = (w: Well): string => w.exceeded.map((e) => `${e.indicator}(${e.multiple.toFixed(2)})`).join('、');
  return {
    outputs: [
      {
        kind: 'vector',
        name: base,
        geometryType: 'MULTIPOINT',
        columns: [
          { name: 'site', sqlType: 'TEXT' },
          { name: 'name', sqlType: 'TEXT' },
          { name: 'quality_class', sqlType: 'INTEGER' },
          { name: 'class_label', sqlType: 'TEXT' },
          { name: 'worst_indicators', sqlType: 'TEXT' },
          { name: 'exceeded_iii', sqlType: 'TEXT' },
          { name: 'indeterminate', sqlType: 'TEXT' },
          { name: 'date', sqlType: 'TEXT' },
          { name: 'basis', sqlType: 'TEXT' },
        ],
        rows: wells
          .filter((w) => sites.get(w.site)?.wkb)
          .map((w) => ({
            values: [w.site, sites.get(w.site)!.name, w.class, label(w.class), joinNames(w.worst), exceededText(w), joinNames(w.indeterminate), w.date, req.basis],
            wkb: sites.get(w.site)!.wkb!,
          })),
        style: JSON.stringify(waterQualityStyle('quality_class')),
        groupName: '水质评价',
      },
      {
        kind: 'table',
        name: `${base}_逐样逐指标`,
        columns: [
          { name: 'site', sqlType: 'TEXT' },
          { name: 'date', sqlType: 'TEXT' },
          { name: 'indicator', sqlType: 'TEXT' },
          { name: 'analyte', sqlType: 'TEXT' },
          { name: 'value_mg_l', sqlType: 'REAL' },
          { name: 'qualifier', sqlType: 'TEXT' },
          { name: 'detection_limit', sqlType: 'REAL' },
          { name: 'quality_class', sqlType: 'INTEGER' },
          { name: 'class_label', sqlType: 'TEXT' },
          { name: 'limit_iii', sqlType: 'REAL' },
          { name: 'exceed_multiple', sqlType: 'REAL' },
          { name: 'note', sqlType: 'TEXT' },
        ],
        rows: classed.map((c) => {
          const k = clsOf(c);
          return [
            c.row.site,
            c.row.date,
            c.limits.indicator,
            c.row.analyte,
            c.row.value,
            c.row.qualifier,
            c.row.detectionLimit,
            k,
            k === null ? `不确定（≤${label((c.result as { atMost: QualityClass }).atMost)}）` : label(k),
            classIIILimit(c.limits),
            k !== null && k > 3 && c.row.value !== null ? exceedance(c.limits, c.row.value) : null,
            c.result.note,
          ];
        }),
        groupName: '水质评价',
      },
      {
        kind: 'table',
        name: `${base}_逐次`,
        columns: [
          { name: 'site', sqlType: 'TEXT' },
          { name: 'date', sqlType: 'TEXT' },
          { name: 'quality_class', sqlType: 'INTEGER' },
          { name: 'class_label', sqlType: 'TEXT' },
          { name: 'worst_indicators', sqlType: 'TEXT' },
          { name: 'exceeded_iii', sqlType: 'TEXT' },
        ],
        rows: samples.map((s) => [s.site, s.date, s.class, label(s.class), joinNames(s.worst), exceededText(s)]),
        groupName: '水质评价',
      },
      {
        kind: 'table',
        name: `${base}_超Ⅲ类`,
        columns: [
          { name: 'site', sqlType: 'TEXT' },
          { name: 'date', sqlType: 'TEXT' },
          { name: 'indicator', sqlType: 'TEXT' },
          { name: 'value_mg_l', sqlType: 'REAL' },
          { name: 'limit_iii', sqlType: 'REAL' },
          { name: 'exceed_multiple', sqlType: 'REAL' },
          { name: 'class_label', sqlType: 'TEXT' },
        ],
        rows: samples.flatMap((s) => s.exceeded.map((e) => [s.site, s.date, e.indicator, e.value, e.limit, e.multiple, label(classOfValue(index.get(indicatorKey(e.indicator))!, e.value))])),
        groupName: '水质评价',
      },
      {
        kind: 'table',
        name: `${base}_限值表`,
        columns: [
          { name: 'indicator', sqlType: 'TEXT' },
          { name: 'unit', sqlType: 'TEXT' },
          { name: 'class_i', sqlType: 'REAL' },
          { name: 'class_ii', sqlType: 'REAL' },
          { name: 'class_iii', sqlType: 'REAL' },
          { name: 'class_iv', sqlType: 'REAL' },
          { name: 'lower_limits', sqlType: 'TEXT' },
          { name: 'status', sqlType: 'TEXT' },
        ],
        rows: table.map((l) => [
          l.indicator,
          l.unit,
          ...l.upper,
          l.lower ? l.lower.join(' / ') : null,
          l.unverified ? '待核实' : req.limits?.some((o) => indicatorKey(o.indicator) === indicatorKey(l.indicator)) ? '用户修改' : 'GB/T 14848-2017 表1',
        ]),
        groupName: '水质评价',
      },
    ],
    extra: {
      samples: samples.length,
      measurements: classed.length,
      wellsByClass,
      unclassified,
      wells,
      unknownIndicators: [...unknown].sort(),
      sourceSha256: sha256,
    },
  };
};
