import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BOREHOLE_VERBS } from '../../electron/cli/verbs-boreholes';
import type { OptionValues, Verb } from '../../electron/cli/verb';
import { verbContext } from './harness/verb-context';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { BAD_TABLES, sample } from './import-boreholes-support';

let f: EngineFixture;
let project: string;
beforeEach(async () => {
  f = await engineFixture();
  project = join(f.dir, 'cli.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4548' });
});
afterEach(async () => {
  await f.dispose();
});

const verb = (name: string): Verb => BOREHOLE_VERBS.find((v) => v.name === name)!;

const context = (args: string[], opts: OptionValues, said: string[]) => verbContext(f, args, opts, said);

describe('gwz boreholes / gwz templates', () => {
  it('imports collars and prints the report in both languages', async () => {
    const said: string[] = [];
    const out = await verb('boreholes').run(context([project, sample('钻孔基本信息-collars.csv')], { kind: 'collars' }, said));
    expect(out.human).toContain('导入 Imported: 20');
    expect(out.human).toContain('X 列为北坐标');
    expect(out.human).toContain('X is the northing');
    expect(out.data).toMatchObject({ rowsImported: 20 });
  });

  it('prints every rejected row with its reasons, then fails with BAD_INPUT', async () => {
    await verb('boreholes').run(context([project, sample('钻孔基本信息-collars.csv')], { kind: 'collars' }, []));
    const said: string[] = [];
    const err = await errorOf(verb('boreholes').run(context([project, join(BAD_TABLES, 'overlapping-intervals.csv')], { kind: 'lithology' }, said)));
    expect(err.code).toBe('BAD_INPUT');
    const text = said.join('\n');
    expect(text).toMatch(/3\s+top\s+1\.5\s+1\.5–4 m 与已有分层 0–2 m 重叠 \/ 1\.5–4 m overlaps 0–2 m/);
    expect(text).toContain('--skip-rejected');
  });

  it('rejects an unknown --kind and --delimiter as usage errors', async () => {
    expect((await errorOf(verb('boreholes').run(context([project, 'x.csv'], { kind: 'wells' }, [])))).code).toBe('BAD_REQUEST');
    expect((await errorOf(verb('boreholes').run(context([project, 'x.csv'], { kind: 'collars', delimiter: '#' }, [])))).code).toBe('BAD_REQUEST');
  });

  it('lists the templates', async () => {
    const out = await verb('templates').run(context([], {}, []));
    expect(out.human).toContain('钻孔基本信息-collars.xlsx');
    expect((out.data as { templates: unknown[] }).templates).toHaveLength(10);
  });
});
