import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { boreholeTablesChecksum, sample } from './import-boreholes-support';

let f: EngineFixture;
let project: string;
beforeEach(async () => {
  f = await engineFixture();
  project = join(f.dir, 'lc.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4548' });
});
afterEach(async () => {
  await f.dispose();
});

const importCollars = () => f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars' });

describe('boreholes.import with the shipped Chinese sample', () => {
  it('imports 20 collars as a map layer, reading X as northing the surveying way', async () => {
    const { result } = await importCollars();
    expect(result).toMatchObject({ kind: 'collars', rowsRead: 20, rowsImported: 20, rejected: [] });
    expect(result.mapping).toMatchObject({ hole_id: '编号', x: 'X', y: 'Y', elevation: '孔口高程', depth: '孔深' });
    expect(result.notes.map((n) => n.message_en).join(' ')).toMatch(/English header row.*X is the northing/s);
    expect(result.layer).toMatchObject({ tableName: 'gw_collars', geometryType: 'POINT', srid: 4548, featureCount: 20 });
    // 116.36°E 27.95°N in CM 117°E: easting ≈ 437 km, northing ≈ 3092 km
    const [minx, miny, maxx, maxy] = result.layer!.extent!;
    expect(minx).toBeGreaterThan(425_000);
    expect(maxx).toBeLessThan(450_000);
    expect(miny).toBeGreaterThan(3_085_000);
    expect(maxy).toBeLessThan(3_100_000);
    const res = await f.engine.readData(result.layer!.dataUrl, new URLSearchParams());
    const fc = JSON.parse(String(res.body)) as { features: { properties: Record<string, unknown> }[] };
    expect(fc.features).toHaveLength(20);
    expect(fc.features[0]!.properties.hole_id).toBe('ZK01');
    expect((await f.client.api.layers.list({})).layers.map((l) => l.name)).toEqual(['钻孔与监测井']);
  });

  it('imports lithology, levels, tests and quality; converts units and keeps detection-limit marks', async () => {
    await importCollars();
    const lith = (await f.client.runJob('boreholes.import', { path: sample('岩性分层-lithology.xlsx'), kind: 'lithology' })).result;
    expect(lith.rejected).toEqual([]);
    expect(lith.sheet).toBe('岩性分层');
    const levels = (await f.client.runJob('boreholes.import', { path: sample('水位观测-levels.csv'), kind: 'levels' })).result;
    expect(levels).toMatchObject({ rowsRead: 80, rowsImported: 80 });
    const tests = (await f.client.runJob('boreholes.import', { path: sample('水文地质试验-tests.csv'), kind: 'tests' })).result;
    expect(tests).toMatchObject({ rowsRead: 5, rowsImported: 5 });
    const quality = (await f.client.runJob('boreholes.import', { path: sample('水质监测-quality.xlsx'), kind: 'quality' })).result;
    expect(quality).toMatchObject({ rowsRead: 160, rowsImported: 160, rejected: [] });
    const summary = await f.client.api.boreholes.summary({});
    expect(summary).toEqual({ collars: 20, lithology: lith.rowsImported, levels: 80, tests: 5, quality: 160 });
    expect(lith.rowsImported).toBeGreaterThan(60);

    const Database = (await import('better-sqlite3')).default;
    const conn = new Database(project, { readonly: true });
    try {
      const row = (sql: string) => conn.prepare(sql).get() as Record<string, unknown>;
      // 强风化泥质粉砂岩 → prefix stripped → siltstone
      expect(row("SELECT code FROM gw_lithology WHERE lithology = '强风化泥质粉砂岩' LIMIT 1").code).toBe('SLSN');
      // level = collar elevation − depth to water
      const lv = row("SELECT l.level AS level, c.elevation - l.depth_to_water AS expected FROM gw_levels l JOIN gw_collars c USING (hole_id) LIMIT 1");
      expect(lv.level).toBeCloseTo(lv.expected as number, 3);
      expect(row("SELECT qualifier, value, detection_limit FROM gw_quality WHERE site = 'ZK05' AND analyte = '氨氮' LIMIT 1")).toEqual({
        qualifier: '<',
        value: 0.025,
        detection_limit: 0.025,
      });
      expect(row("SELECT qualifier, value, detection_limit FROM gw_quality WHERE site = 'ZK06' AND analyte = '锰' LIMIT 1")).toEqual({
        qualifier: 'ND',
        value: null,
        detection_limit: 0.01, // 10 μg/L
      });
      const mn = row("SELECT value, source_value FROM gw_quality WHERE site = 'ZK01' AND analyte = '锰' LIMIT 1");
      expect(mn.value).toBeCloseTo(Number(mn.source_value) / 1000, 9);
      const ca = row("SELECT value, source_value FROM gw_quality WHERE site = 'ZK01' AND analyte = '钙' LIMIT 1");
      expect(ca.value).toBeCloseTo(Number(ca.source_value) * 40.078, 6);
      expect(row("SELECT COUNT(*) AS n FROM gwz_runs WHERE operation = 'boreholes.import'").n).toBe(5);
    } finally {
      conn.close();
    }
  });

  it('rejects levels for unknown wells all-or-nothing: BAD_INPUT with every row reported, the tables unchanged', async () => {
    const before = boreholeTablesChecksum(project);
    const err = await errorOf(f.client.runJob('boreholes.import', { path: sample('水位观测-levels.csv'), kind: 'levels' }));
    expect(err.code).toBe('BAD_INPUT');
    const details = err.details as { rejected: { row: number; field: string; reason_en: string; reason_zh: string }[] };
    expect(details.rejected).toHaveLength(80);
    expect(details.rejected[0]).toMatchObject({ row: 3, field: 'hole_id' });
    expect(details.rejected[0]!.reason_zh).toContain('ZK01');
    expect(boreholeTablesChecksum(project)).toBe(before);
    expect((await f.client.api.boreholes.summary({})).levels).toBe(0);
  });

  it('reads a CSV saved as GBK by Chinese Excel', async () => {
    const utf8 = readFileSync(sample('钻孔基本信息-collars.csv'), 'utf8').replace(/^\ufeff/, '');
    const gbkPath = join(f.dir, '钻孔-gbk.csv');
    writeFileSync(gbkPath, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030'], { input: utf8 }));
    expect(readFileSync(gbkPath).includes(Buffer.from('编号'))).toBe(false); // really not UTF-8
    const { result } = await f.client.runJob('boreholes.import', { path: gbkPath, kind: 'collars' });
    expect(result).toMatchObject({ rowsImported: 20, rejected: [] });
    expect(result.mapping).toMatchObject({ hole_id: '编号', elevation: '孔口高程' });
    expect(result.notes[0]!.message_en).toContain('GB18030');
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(project, { readonly: true });
    try {
      expect(db.prepare("SELECT aquifer, name FROM gw_collars WHERE hole_id = 'ZK01'").get()).toEqual({ aquifer: '松散岩类孔隙水', name: '临川1号孔' });
    } finally {
      db.close();
    }
  });

  it('names the sheets a workbook has when the asked one is missing', async () => {
    await importCollars();
    const err = await errorOf(f.client.runJob('boreholes.import', { path: sample('岩性分层-lithology.xlsx'), kind: 'lithology', sheet: 'Sheet1' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('工作簿中没有工作表“Sheet1”，可用：岩性分层');
    expect(err.details).toMatchObject({ available: ['岩性分层'] });
  });

  it('lists the ten shipped templates', async () => {
    const { templates } = await f.client.api.boreholes.templates({});
    expect(templates).toHaveLength(10);
    expect(templates.filter((t) => t.kind === 'quality').map((t) => t.format).sort()).toEqual(['csv', 'xlsx']);
  });
});
