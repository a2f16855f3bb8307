import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRasterResult, RasterInfo } from '../../shared/api';
import { RASTER_VERBS, importRasterVerb, rasterInfoVerb } from '../../electron/cli/verbs-raster';
import type { OptionValues, Verb, VerbContext } from '../../electron/cli/verb';
import { testData } from '../support/data';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

// The verbs run against a real in-process engine, exactly as run-cli drives them once registered
// in VERBS; the bundle-level `gwz` test lives in cli-gwz.test.ts.
let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

async function run(verb: Verb, args: string[], opts: OptionValues = {}): Promise<{ data: unknown; human: string; said: string[] }> {
  const said: string[] = [];
  const ctx: VerbContext = {
    client: f.client,
    args,
    opts,
    lang: 'zh',
    resolvePath: (p) => resolve(f.dir, p),
    runJob: async (method, req) => (await f.client.runJob(method, req)).result,
    say: (line) => said.push(line),
  };
  const out = await verb.run(ctx);
  return { data: out.data, human: out.human, said };
}

describe('raster CLI verbs', () => {
  it('exports import-raster and raster-info for the verb table', () => {
    expect(RASTER_VERBS.map((v) => v.name)).toEqual(['import-raster', 'raster-info']);
  });

  it('import-raster --src-crs --resampling, then raster-info by name', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'p.gwz'), crs: 'EPSG:32613' });
    await f.client.api.project.close({});
    const imported = await run(importRasterVerb, ['p.gwz', testData('dem/spearfish_dem.asc.gz')], {
      name: '斯皮尔菲什',
      'src-crs': '26713',
      resampling: 'nearest',
    });
    const result = imported.data as ImportRasterResult;
    expect(result.reprojected).toBe(true); // NAD27 → WGS 84 / UTM 13N
    expect(result.raster.resampling).toBe('nearest');
    expect(imported.human).toContain('斯皮尔菲什');
    expect(imported.human).toContain('nearest');

    const info = await run(rasterInfoVerb, ['p.gwz', '斯皮尔菲什']);
    expect((info.data as { raster: RasterInfo }).raster.width).toBe(result.raster.width);
    expect(info.human).toMatch(/有效像元 Valid cells:\s+\d+/);

    const err = await errorOf(run(rasterInfoVerb, ['p.gwz', 'nothing']));
    expect(err.code).toBe('LAYER_NOT_FOUND');
  });

  it('refuses an unknown --resampling before touching the project', async () => {
    const err = await errorOf(run(importRasterVerb, ['none.gwz', 'x.tif'], { resampling: 'fancy' }));
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message_en).toContain('bilinear');
  });
});
