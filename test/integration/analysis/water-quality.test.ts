import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResultOf } from '../../../shared/api';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { hasTool, rscript } from './support';

// GB/T 14848 classes and Mann–Kendall trends on the demo's 60 monitoring wells (10 samplings each,
// 2020–2024, six indicators, some wells drifting above class III), against an independent SQL
// classing and R's cor.test(method = "kendall") on the very same series.

let f: EngineFixture;
let path: string;
let collars: number;

function query<T>(sql: string, ...args: unknown[]): T[] {
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    return db.prepare(sql).all(...args) as T[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  collars = (await f.client.api.layers.list({})).layers.find((l) => l.tableName === 'gw_collars')!.id;
}, 120_000);

afterAll(async () => {
  await f?.dispose();
});

/** GB/T 14848-2017 Table 1 rows of the demo's indicators, transcribed again for the reference SQL. */
const LIMITS: Record<string, [number, number, number, number]> = {
  氨氮: [0.02, 0.1, 0.5, 1.5],
  '硝酸盐（以N计）': [2, 5, 20, 30],
  锰: [0.05, 0.05, 0.1, 1.5],
  铁: [0.1, 0.2, 0.3, 2.0],
  耗氧量: [1, 2, 3, 10],
  总硬度: [150, 300, 450, 650],
};
const caseSql = Object.entries(LIMITS)
  .map(
    ([a, l]) =>
      `WHEN analyte = '${a}' THEN CASE WHEN qualifier IS NOT NULL THEN (CASE WHEN COALESCE(detection_limit, 0) <= ${l[0]} THEN 1 END)
       WHEN value <= ${l[0]} THEN 1 WHEN value <= ${l[1]} THEN 2 WHEN value <= ${l[2]} THEN 3 WHEN value <= ${l[3]} THEN 4 ELSE 5 END`,
  )
  .join('\n');

describe('GB/T 14848 classing of the demo wells', () => {
  it('classes each well by its latest sampling’s worst indicator, as an independent SQL classing does', async () => {
    const r = (await f.client.runJob('analysis.waterQualityClass', { sites: collars })).result as JobResultOf<'analysis.waterQualityClass'>;
    expect(r.samples).toBe(600);
    expect(r.measurements).toBe(3600);
    expect(r.unknownIndicators).toEqual([]);
    const ref = new Map(
      query<{ site: string; cls: number }>(
        `WITH latest AS (SELECT site, MAX(date) AS d FROM gw_quality GROUP BY site)
         SELECT q.site, MAX(CASE ${caseSql} END) AS cls FROM gw_quality q JOIN latest l ON q.site = l.site AND q.date = l.d GROUP BY q.site`,
      ).map((x) => [x.site, x.cls]),
    );
    expect(r.wells.length).toBe(60);
    for (const w of r.wells) expect(w.class, w.site).toBe(ref.get(w.site));
    // some demo wells are polluted on purpose, so the classes spread
    expect(r.wellsByClass[3]! + r.wellsByClass[4]!).toBeGreaterThan(3);
    expect(r.wellsByClass.reduce((s, n) => s + n, 0) + r.unclassified).toBe(60);

    const [points, perMeasurement, perSample, exceeded, limits] = r.layers;
    expect(points!.kind).toBe('vector');
    expect(points!.featureCount).toBe(60);
    const fromLayer = query<{ site: string; quality_class: number; worst_indicators: string }>(`SELECT site, quality_class, worst_indicators FROM "${points!.tableName}"`);
    for (const p of fromLayer) expect(p.quality_class).toBe(ref.get(p.site));
    const style = JSON.parse(query<{ style: string }>('SELECT style FROM gwz_layers WHERE id = ?', points!.id)[0]!.style) as { field: string };
    expect(style.field).toBe('quality_class');
    expect(perMeasurement!.featureCount).toBe(3600);
    expect(perSample!.featureCount).toBe(600);
    // the class III exceedance listing is every detected measurement above the class III limit
    const over = query<{ n: number }>(`SELECT COUNT(*) AS n FROM gw_quality WHERE qualifier IS NULL AND (CASE ${caseSql} END) > 3`)[0]!.n;
    expect(over).toBeGreaterThan(0);
    expect(exceeded!.featureCount).toBe(over);
    const multiple = query<{ bad: number }>(`SELECT COUNT(*) AS bad FROM "${exceeded!.tableName}" WHERE ABS(exceed_multiple - (value_mg_l / limit_iii - 1)) > 1e-12 OR exceed_multiple <= 0`)[0]!.bad;
    expect(multiple).toBe(0);
    expect(limits!.featureCount).toBeGreaterThanOrEqual(33);
  }, 120_000);

  it('takes the worst sampling or the period mean when asked, and applies a changed limit row', async () => {
    const worst = (await f.client.runJob('analysis.waterQualityClass', { sites: collars, basis: 'worst', outputName: '最差' })).result as JobResultOf<'analysis.waterQualityClass'>;
    const ref = new Map(query<{ site: string; cls: number }>(`SELECT site, MAX(CASE ${caseSql} END) AS cls FROM gw_quality GROUP BY site`).map((x) => [x.site, x.cls]));
    for (const w of worst.wells) expect(w.class, w.site).toBe(ref.get(w.site));
    // nitrate limits made strict: more wells above class III
    const strict = (await f.client.runJob('analysis.waterQualityClass', {
      sites: collars,
      basis: 'worst',
      limits: [{ indicator: '硝酸盐', upper: [0.5, 1, 2, 3] }],
      outputName: '严格',
    })).result as JobResultOf<'analysis.waterQualityClass'>;
    expect(strict.wellsByClass[4]!).toBeGreaterThan(worst.wellsByClass[4]!);
    const mean = (await f.client.runJob('analysis.waterQualityClass', { sites: collars, basis: 'mean', outputName: '均值' })).result as JobResultOf<'analysis.waterQualityClass'>;
    for (const w of mean.wells) expect(w.class!).toBeLessThanOrEqual(ref.get(w.site)!);
  }, 120_000);

  it('refuses a layer that is not the collar layer and an empty period, leaving the project unchanged', async () => {
    const layers = (await f.client.api.layers.list({})).layers;
    const other = layers.find((l) => l.name === '污染源')!;
    const e1 = await errorOf(f.client.runJob('analysis.waterQualityClass', { sites: other.id }));
    expect(e1.code).toBe('BAD_INPUT');
    expect(e1.message_zh).toContain('钻孔与监测井');
    const e2 = await errorOf(f.client.runJob('analysis.waterQualityTrend', { sites: collars, dateFrom: '2030-01-01' }));
    expect(e2.code).toBe('BAD_INPUT');
    const e3 = await errorOf(f.client.runJob('analysis.waterQualityClass', { sites: collars, limits: [{ indicator: '铁', upper: [1, 0.5, 2, 3] }] }));
    expect(e3.code).toBe('BAD_REQUEST');
    expect((await f.client.api.layers.list({})).layers.length).toBe(layers.length);
  }, 60_000);
});

describe.runIf(hasTool('Rscript'))('Mann–Kendall trends against R cor.test(method = "kendall")', () => {
  it('gives every well × indicator series the τ, Z and p of R, and Sen’s slope of the pairwise slopes R computes', async () => {
    const r = (await f.client.runJob('analysis.waterQualityTrend', { sites: collars })).result as JobResultOf<'analysis.waterQualityTrend'>;
    expect(r.series.length).toBe(360);
    expect(r.increasing).toBeGreaterThan(5);
    // the same series as the operation builds them: one value per date, non-detects at half their limit
    const rows = query<{ site: string; analyte: string; date: string; v: number }>(
      `SELECT site, analyte, date, AVG(CASE WHEN qualifier IS NULL THEN value ELSE 0.5 * COALESCE(detection_limit, value) END) AS v
       FROM gw_quality WHERE qualifier IS NULL OR COALESCE(detection_limit, value) IS NOT NULL GROUP BY site, analyte, date ORDER BY site, analyte, date`,
    );
    const csv = join(f.dir, 'series.csv');
    writeFileSync(csv, `site,analyte,date,v\n${rows.map((x) => `${x.site},${x.analyte},${x.date},${x.v}`).join('\n')}\n`);
    const out = rscript(`
      d <- read.csv("${csv}", stringsAsFactors = FALSE, encoding = "UTF-8")
      d$t <- 1970 + as.numeric(as.Date(d$date)) / 365.25
      for (k in split(d, paste(d$site, d$analyte))) {
        if (nrow(k) < 4 || length(unique(k$v)) < 2) next
        ct <- suppressWarnings(cor.test(k$t, k$v, method = "kendall", exact = FALSE, continuity = TRUE))
        s <- outer(k$v, k$v, "-") / outer(k$t, k$t, "-")
        sen <- median(s[upper.tri(s)])
        cat(k$site[1], k$analyte[1], sprintf("%.15g", ct$estimate), sprintf("%.15g", ct$statistic), sprintf("%.15g", ct$p.value), sprintf("%.15g", sen), "\\n")
      }`);
    const ref = out.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(ref.length).toBeGreaterThan(300);
    let compared = 0;
    for (const [site, analyte, tau, z, p, sen] of ref) {
      const s = r.series.find((x) => x.site === site && x.indicator === analyte)!;
      expect(s, `${site} ${analyte}`).toBeDefined();
      expect(Math.abs(s.tau! - Number(tau))).toBeLessThan(1e-12);
      expect(Math.abs(s.z! - Number(z))).toBeLessThan(1e-12);
      expect(Math.abs(s.p! - Number(p))).toBeLessThan(1e-12);
      expect(Math.abs(s.senSlope! - Number(sen))).toBeLessThan(1e-9 * Math.max(1, Math.abs(Number(sen))));
      compared++;
    }
    expect(compared).toBe(ref.length);
    const layer = r.layers[0]!;
    expect(layer.featureCount).toBe(360);
  }, 120_000);

  it('says “insufficient” for series under four samplings', async () => {
    const r = (await f.client.runJob('analysis.waterQualityTrend', { sites: collars, analytes: ['氨氮'], dateFrom: '2023-01-01', outputName: '短序列' })).result as JobResultOf<'analysis.waterQualityTrend'>;
    expect(r.series.length).toBe(60);
    for (const s of r.series) {
      expect(s.n).toBe(4);
      expect(s.trend === 'insufficient').toBe(false);
    }
    const short = (await f.client.runJob('analysis.waterQualityTrend', { sites: collars, analytes: ['氨氮'], dateFrom: '2024-01-01', outputName: '更短' })).result as JobResultOf<'analysis.waterQualityTrend'>;
    for (const s of short.series) {
      expect(s.n).toBe(2);
      expect(s.trend).toBe('insufficient');
      expect(s.s).toBeNull();
    }
  }, 60_000);
});
