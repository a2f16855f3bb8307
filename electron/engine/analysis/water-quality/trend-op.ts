import { GwzError, type JobResultOf } from '../../../../shared/api';
import { indicatorKey } from '../../../../shared/domain/gbt14848';
import type { OperationImpl } from '../core/run-analysis';
import { mannKendall, trendOf, type TrendDirection } from './mann-kendall';
import { readQuality, readSites, type QualityRow } from './read';

type Series = JobResultOf<'analysis.waterQualityTrend'>['series'][number];

const TREND_ZH: Record<TrendDirection, string> = { increasing: '显著上升', decreasing: '显著下降', none: '无显著趋势', insufficient: '样本不足（<4 次）' };

const MS_PER_YEAR = 365.25 * 86_400_000;

/** yyyy-mm-dd as decimal years, so Sen's slope is per year. */
export function decimalYear(date: string): number {
  return 1970 + Date.parse(`${date}T00:00:00Z`) / MS_PER_YEAR;
}

/** A reading's value with non-detects substituted; null when it cannot be given one. */
function valueOf(r: QualityRow, nonDetect: 'half-limit' | 'limit' | 'zero'): number | null {
  if (r.qualifier === null) return r.value;
  if (nonDetect === 'zero') return 0;
  const dl = r.detectionLimit ?? r.value;
  if (dl === null) return null;
  return nonDetect === 'half-limit' ? dl / 2 : dl;
}

const TREND_STYLE = JSON.stringify({
  kind: 'vector',
  type: 'categorized',
  field: 'trend',
  opacity: 1,
  other: { fill: '#bdbdbd', fillOpacity: 1, stroke: { color: '#636363', width: 0.5 }, marker: { shape: 'circle', size: 6 } },
  categories: [
    { value: 'increasing', label: { zh: '显著上升', en: 'Increasing' }, symbol: { fill: '#d7301f', fillOpacity: 1, stroke: { color: '#333333', width: 0.5 }, marker: { shape: 'triangle', size: 9 } } },
    { value: 'decreasing', label: { zh: '显著下降', en: 'Decreasing' }, symbol: { fill: '#2b8cbe', fillOpacity: 1, stroke: { color: '#333333', width: 0.5 }, marker: { shape: 'triangle', size: 9 } } },
    { value: 'none', label: { zh: '无显著趋势', en: 'No trend' }, symbol: { fill: '#ffffbf', fillOpacity: 1, stroke: { color: '#333333', width: 0.5 }, marker: { shape: 'circle', size: 7 } } },
  ],
});

/**
 * Mann–Kendall and Sen's slope per well × indicator: readings of one date are averaged (one value
 * per sampling), non-detects substituted as asked (equal substitutes tie, which the variance
 * accounts for); series of fewer than 4 samplings get no verdict.
 */
export const waterQualityTrend: OperationImpl<'analysis.waterQualityTrend'> = async (req, ctx) => {
  const { sites } = readSites(ctx, req.sites);
  const { rows, sha256 } = readQuality(ctx, req);
  let wanted: Set<string> | null = null;
  if (req.analytes?.length) {
    const present = new Map(rows.map((r) => [indicatorKey(r.analyte), r.analyte]));
    const missing = req.analytes.filter((a) => !present.has(indicatorKey(a)));
    if (missing.length === req.analytes.length) {
      throw new GwzError('BAD_INPUT', `水质表中没有指标：${missing.join('、')}。`, `The water-quality table has no indicator ${missing.join(', ')}.`, {
        missing,
        analytes: [...new Set(present.values())],
      });
    }
    if (missing.length) ctx.warn(`水质表中没有这些指标：${missing.join('、')}。`, `The water-quality table has none of: ${missing.join(', ')}.`);
    wanted = new Set(req.analytes.map(indicatorKey));
  }
  // series: site → analyte → date → values
  const series = new Map<string, Map<string, number[]>>();
  let dropped = 0;
  for (const r of rows) {
    if (wanted && !wanted.has(indicatorKey(r.analyte))) continue;
    const v = valueOf(r, req.nonDetect);
    if (v === null) {
      dropped++;
      continue;
    }
    const key = `${r.site}\u0000${r.analyte}`;
    let byDate = series.get(key);
    if (!byDate) series.set(key, (byDate = new Map()));
    (byDate.get(r.date) ?? byDate.set(r.date, []).get(r.date)!).push(v);
  }
  if (dropped > 0) ctx.warn(`${dropped} 条未检出记录没有检出限，未参与趋势检验。`, `${dropped} non-detects without a detection limit were left out of the trend tests.`);
  const out: Series[] = [];
  const tick = ctx.job;
  let done = 0;
  for (const [key, byDate] of [...series].sort((a, b) => a[0].localeCompare(b[0]))) {
    if (done++ % 200 === 0) {
      tick.throwIfCancelled();
      tick.progress(10 + (75 * done) / series.size, '正在检验趋势', 'Testing for trends');
    }
    const [site, indicator] = key.split('\u0000') as [string, string];
    const dates = [...byDate.keys()].sort();
    const t = dates.map(decimalYear);
    const x = dates.map((d) => {
      const l = byDate.get(d)!;
      return l.reduce((s, v) => s + v, 0) / l.length;
    });
    const mk = mannKendall(t, x);
    out.push({
      site,
      indicator,
      n: dates.length,
      s: mk?.s ?? null,
      varS: mk?.varS ?? null,
      z: mk?.z ?? null,
      p: mk?.p ?? null,
      tau: mk?.tau ?? null,
      senSlope: mk?.senSlope ?? null,
      trend: trendOf(mk, req.alpha),
      from: dates[0]!,
      to: dates[dates.length - 1]!,
    });
  }
  const base = req.outputName ?? '水质趋势';
  const columns = [
    { name: 'site', sqlType: 'TEXT' as const },
    { name: 'indicator', sqlType: 'TEXT' as const },
    { name: 'n', sqlType: 'INTEGER' as const },
    { name: 's', sqlType: 'INTEGER' as const },
    { name: 'var_s', sqlType: 'REAL' as const },
    { name: 'z', sqlType: 'REAL' as const },
    { name: 'p', sqlType: 'REAL' as const },
    { name: 'tau', sqlType: 'REAL' as const },
    { name: 'sen_slope_per_year', sqlType: 'REAL' as const },
    { name: 'trend', sqlType: 'TEXT' as const },
    { name: 'trend_label', sqlType: 'TEXT' as const },
    { name: 'date_from', sqlType: 'TEXT' as const },
    { name: 'date_to', sqlType: 'TEXT' as const },
  ];
  const values = (s: Series): unknown[] => [s.site, s.indicator, s.n, s.s, s.varS, s.z, s.p, s.tau, s.senSlope, s.trend, TREND_ZH[s.trend], s.from, s.to];
  return {
    outputs: [
      {
        kind: 'vector',
        name: base,
        geometryType: 'MULTIPOINT',
        columns,
        rows: out.filter((s) => sites.get(s.site)?.wkb).map((s) => ({ values: values(s), wkb: sites.get(s.site)!.wkb! })),
        style: TREND_STYLE,
        groupName: '水质评价',
      },
      { kind: 'table', name: `${base}_表`, columns, rows: out.map(values), groupName: '水质评价' },
    ],
    extra: {
      series: out,
      increasing: out.filter((s) => s.trend === 'increasing').length,
      decreasing: out.filter((s) => s.trend === 'decreasing').length,
      sourceSha256: sha256,
    },
  };
};
