import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBoreholes, writeMonitoring } from '../../electron/engine/demo/write-tables';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

let f: EngineFixture;
let boreholes: string;
let monitoring: string;
beforeAll(async () => {
  f = await engineFixture();
  await f.client.api.project.create({ path: join(f.dir, 'demo.gwz'), crs: 'EPSG:4548' });
  boreholes = join(f.dir, '钻孔资料.xlsx');
  monitoring = join(f.dir, '地下水监测.xlsx');
  writeBoreholes(boreholes, 30);
  writeMonitoring(monitoring, 8);
});
afterAll(async () => {
  await f.dispose();
});

const run = (path: string, kind: 'collars' | 'lithology' | 'levels' | 'quality', sheet: string) =>
  f.client.runJob('boreholes.import', { path, kind, sheet }).then((r) => r.result);

describe('the demo workbooks (Chinese headers, several sheets) through boreholes.import', () => {
  it('imports boreholes, lithology, levels, monitoring wells and five years of quality without a rejected row', async () => {
    const collars = await run(boreholes, 'collars', '钻孔基本信息');
    expect(collars).toMatchObject({ sheet: '钻孔基本信息', rowsRead: 30, rowsImported: 30, rejected: [] });
    expect(collars.notes.map((n) => n.message_en).join(' ')).toContain('X is the northing');
    const lith = await run(boreholes, 'lithology', '岩性分层');
    expect(lith.rejected).toEqual([]);
    const levels = await run(boreholes, 'levels', '水位观测');
    expect(levels).toMatchObject({ rowsRead: 240, rowsImported: 240 });
    const wells = await run(monitoring, 'collars', '监测井');
    expect(wells).toMatchObject({ rowsImported: 8, rejected: [] });
    expect(wells.mapping.hole_id).toBe('点位编号');
    const quality = await run(monitoring, 'quality', '水质监测');
    // 8 wells × 5 years × 2 campaigns × 6 analytes
    expect(quality).toMatchObject({ rowsRead: 480, rowsImported: 480, rejected: [] });
    expect(await f.client.api.boreholes.summary({})).toEqual({ collars: 38, lithology: lith.rowsImported, levels: 240, tests: 0, quality: 480 });
  });
});
