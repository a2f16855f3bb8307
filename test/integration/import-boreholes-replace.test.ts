import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { sample } from './import-boreholes-support';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
  await f.client.api.project.create({ path: join(f.dir, 're.gwz'), crs: 'EPSG:4548' });
  await f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars' });
  await f.client.runJob('boreholes.import', { path: sample('岩性分层-lithology.xlsx'), kind: 'lithology' });
});
afterEach(async () => {
  await f.dispose();
});

describe('re-importing borehole tables (replace)', () => {
  it('refuses the same collars again without replace, and replaces them with it (other tables keep their rows)', async () => {
    const again = await errorOf(f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars' }));
    expect(again.code).toBe('BAD_INPUT');
    expect(again.message_zh).toContain('已存在');
    const before = await f.client.api.boreholes.summary({});
    const { result } = await f.client.runJob('boreholes.import', { path: sample('钻孔基本信息-collars.csv'), kind: 'collars', replace: true });
    expect(result).toMatchObject({ rowsImported: 20, rowsReplaced: 20, rejected: [] });
    expect(await f.client.api.boreholes.summary({})).toEqual(before);
  });

  it('replaces one hole’s lithology log without touching the others', async () => {
    const before = await f.client.api.boreholes.summary({});
    const csv = join(f.dir, 'zk01.csv');
    writeFileSync(csv, '编号,顶深,底深,岩性\nZK01,0,2.5,粉质黏土\nZK01,2.5,9,中砂\n');
    const overlap = await errorOf(f.client.runJob('boreholes.import', { path: csv, kind: 'lithology' }));
    expect(overlap.code).toBe('BAD_INPUT');
    const { result } = await f.client.runJob('boreholes.import', { path: csv, kind: 'lithology', replace: true });
    expect(result.rowsImported).toBe(2);
    expect(result.rowsReplaced).toBeGreaterThan(0);
    const after = await f.client.api.boreholes.summary({});
    expect(after.lithology).toBe(before.lithology - result.rowsReplaced + 2);
  });
});
