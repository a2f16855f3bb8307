import { describe, expect, it } from 'vitest';
import { siteClass, type Classed } from '../../electron/engine/analysis/water-quality/classify-op';
import { mannKendall, median, normalCdf, trendOf } from '../../electron/engine/analysis/water-quality/mann-kendall';
import { decimalYear } from '../../electron/engine/analysis/water-quality/trend-op';
import { classify, exceedance, indicatorKey, limitsIndex, mergeLimits, type Measurement } from '../../shared/domain/gbt14848';

const index = limitsIndex(mergeLimits());
const limits = (name: string) => {
  const row = index.get(indicatorKey(name));
  if (!row) throw new Error(`no limits for ${name}`);
  return row;
};
const value = (v: number): Measurement => ({ value: v, qualifier: null, detectionLimit: null });
const nd = (dl: number | null): Measurement => ({ value: null, qualifier: 'ND', detectionLimit: dl });
const classOf = (name: string, m: Measurement) => {
  const r = classify(limits(name), m);
  return r.kind === 'class' ? r.cls : `≤${r.atMost}`;
};

describe('GB/T 14848-2017 classing', () => {
  // [indicator as a lab writes it, measurement (mg/L as stored), expected class]
  const cases: [string, Measurement, number | string][] = [
    // limits exactly met belong to the class ("≤"); just above goes to the next
    ['硝酸盐（以N计）', value(2.0), 1],
    ['硝酸盐氮', value(2.01), 2],
    ['硝酸盐', value(20), 3],
    ['NO3-N', value(20.000001), 4],
    ['硝酸盐', value(30), 4],
    ['硝酸盐', value(30.01), 5],
    // two classes sharing a limit: the better one (从优不从劣)
    ['挥发性酚类', value(0.001), 1],
    ['挥发酚', value(0.0015), 3],
    ['锰', value(0.05), 1],
    ['Mn', value(0.1), 3],
    ['氟化物', value(1.0), 1],
    ['氟化物', value(1.01), 4],
    ['阴离子表面活性剂', value(0.3), 3],
    ['阴离子表面活性剂', value(0.31), 5],
    ['总大肠菌群', value(3.0), 1],
    ['总大肠菌群', value(100), 4],
    // pH is two-sided; IV is the union of 5.5–6.5 and 8.5–9.0
    ['pH', value(6.5), 1],
    ['pH', value(8.5), 1],
    ['pH', value(7.2), 1],
    ['PH', value(6.49), 4],
    ['pH值', value(5.5), 4],
    ['pH', value(5.49), 5],
    ['pH', value(8.51), 4],
    ['pH', value(9.0), 4],
    ['pH', value(9.01), 5],
    // μg/L limits against mg/L values: 60 μg/L is 0.06 mg/L
    ['三氯甲烷', value(0.06), 3],
    ['三氯甲烷', value(0.0600001), 4],
    ['苯', value(0.0005), 1],
    ['铬（六价）', value(0.05), 3],
    ['六价铬', value(0.051), 4],
    ['氨氮(以N计)', value(0.5), 3],
    ['总硬度', value(450), 3],
    ['溶解性总固体', value(2000.5), 5],
    ['浑浊度', value(3), 1],
    ['总α放射性', value(0.5), 3],
    ['总α', value(50), 4],
    ['总β放射性', value(1.0), 2],
    // non-detects: class I when the detection limit meets class I; otherwise only bounded
    ['氨氮', nd(0.02), 1],
    ['氨氮', nd(0.025), '≤2'],
    ['砷', nd(0.01), '≤3'],
    ['铁', nd(null), 1],
    ['阴离子表面活性剂', nd(0.05), 1],
    ['阴离子表面活性剂', value(0.01), 2],
    ['硝酸盐', { value: 0.5, qualifier: '<', detectionLimit: null }, 1],
    ['汞', { value: 0.005, qualifier: '<', detectionLimit: 0.005 }, '≤5'],
  ];
  it.each(cases)('%s %o → %s', (name, m, expected) => {
    expect(classOf(name, m)).toBe(expected);
  });

  it('takes the worst indicator as the site class and names the indicators that set it, with class III exceedance multiples', () => {
    const c = (name: string, v: number): Classed => {
      const l = limits(name);
      return { row: { site: 'W1', date: '2024-05-20', analyte: name, value: v, qualifier: null, detectionLimit: null, unit: 'mg/L' }, limits: l, result: classify(l, value(v)) };
    };
    const well = siteClass('W1', [c('氯化物', 400), c('硝酸盐', 30), c('铁', 0.1), c('锰', 2)], '2024-05-20');
    expect(well.class).toBe(5);
    expect(well.worst).toEqual(['氯化物', '锰'].sort((a, b) => a.localeCompare(b, 'zh')));
    expect(well.exceeded.map((e) => [e.indicator, e.multiple])).toEqual(
      expect.arrayContaining([
        ['氯化物', 400 / 250 - 1],
        ['硝酸盐', 30 / 20 - 1],
        ['锰', 2 / 0.1 - 1],
      ]),
    );
    expect(well.exceeded.map((e) => e.indicator)).not.toContain('铁');
    expect(exceedance(limits('pH'), 9.2)).toBeCloseTo(0.7, 12);
  });

  it('lets a run override a limit row or add an indicator', () => {
    const table = limitsIndex(mergeLimits([{ indicator: '硝酸盐', unit: 'mg/L', upper: [1, 2, 10, 20] }, { indicator: '钡', unit: 'mg/L', upper: [0.01, 0.1, 0.7, 4.0] }]));
    // the override keeps the default row's aliases
    expect((classify(table.get(indicatorKey('硝酸盐（以N计）'))!, value(15)) as { cls: number }).cls).toBe(4);
    expect((classify(index.get(indicatorKey('硝酸盐（以N计）'))!, value(15)) as { cls: number }).cls).toBe(3);
    expect((classify(table.get('钡')!, value(0.5)) as { cls: number }).cls).toBe(3);
  });
});

describe('Mann–Kendall and Sen’s slope', () => {
  it('matches the hand-computed monotone series of five (S = 10, Var S = 50/3, Z = 9/√(50/3), p = 0.0275, τ = 1)', () => {
    const mk = mannKendall([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])!;
    expect(mk.s).toBe(10);
    expect(mk.varS).toBeCloseTo(50 / 3, 12);
    expect(mk.z).toBeCloseTo(9 / Math.sqrt(50 / 3), 12);
    // 2·(1 − Φ(2.2045)) — R: 2 * pnorm(-9 / sqrt(50/3)) = 0.02748633611
    expect(mk.p).toBeCloseTo(0.02748633611, 10);
    expect(mk.tau).toBe(1);
    expect(mk.senSlope).toBe(1);
    expect(trendOf(mk, 0.05)).toBe('increasing');
    expect(trendOf(mk, 0.01)).toBe('none');
  });

  it('corrects the variance for tied values (Gilbert 1987 eq. 16.4) and handles S = 0', () => {
    // x: 10 20 20 30 20 40 — ties: one group of three 20s; S counted by hand: 5 + 2 + 2 + 0 + 1 = 10
    const mk = mannKendall([1, 2, 3, 4, 5, 6], [10, 20, 20, 30, 20, 40])!;
    expect(mk.s).toBe(10);
    expect(mk.varS).toBeCloseTo((6 * 5 * 17 - 3 * 2 * 11) / 18, 12);
    // τ-b: S / √((15 − 3)·15)
    expect(mk.tau).toBeCloseTo(10 / Math.sqrt(12 * 15), 12);
    // R: cor.test(1:6, x, method = "kendall", exact = FALSE, continuity = TRUE) → τ 0.745356, z 1.8121, p 0.06997
    expect(mk.tau).toBeCloseTo(0.745356, 6);
    expect(mk.z).toBeCloseTo(1.8121, 4);
    expect(mk.p).toBeCloseTo(0.06997, 5);
    const flat = mannKendall([1, 2, 3, 4], [5, 5, 5, 5])!;
    expect(flat.s).toBe(0);
    expect(flat.p).toBe(1);
    expect(trendOf(flat, 0.05)).toBe('none');
    // Sen's slope: median of the 15 pairwise slopes, computed apart
    const t = [1, 2, 3, 4, 5, 6];
    const x = [10, 20, 20, 30, 20, 40];
    const slopes: number[] = [];
    for (let i = 0; i < 6; i++) for (let j = i + 1; j < 6; j++) slopes.push((x[j]! - x[i]!) / (t[j]! - t[i]!));
    expect(mk.senSlope).toBe(median(slopes));
  });

  it('gives no verdict below four samplings', () => {
    expect(mannKendall([1, 2, 3], [1, 2, 3])).toBeNull();
    expect(trendOf(null, 0.05)).toBe('insufficient');
  });

  it('has a double-precision normal CDF (values of R pnorm)', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14);
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 15);
    // far tail (|z| > 7, the continued fraction): relative 1e-8; p-values there are below 1e-12 anyway
    expect(normalCdf(-8) / 6.220960574271785e-16).toBeCloseTo(1, 7);
  });

  it('measures time in decimal years', () => {
    expect(decimalYear('1970-01-01')).toBe(1970);
    expect(decimalYear('2021-01-01') - decimalYear('2020-01-01')).toBeCloseTo(366 / 365.25, 12);
  });
});
