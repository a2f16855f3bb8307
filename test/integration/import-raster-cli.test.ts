import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRasterResult, ImportVectorResult, RasterInfo } from '../../shared/api';
import { RASTER_VERBS, importRasterVerb, rasterInfoVerb } from '../../electron/cli/verbs-raster';
import { findVerb } from '../../electron/cli/verbs';
import type { OptionValues, Verb } from '../../electron/cli/verb';
import { verbContext } from './harness/verb-context';
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
  const ctx = verbContext(f, args, opts, said);
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

  it('gwz import takes a raster and a vector in one call and routes each to its importer', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'mixed.gwz'), crs: 'EPSG:4528' });
    await f.client.api.project.close({});
    const out = await run(findVerb('import')!, ['mixed.gwz', testData('dem/zts_dem_25m.tif'), testData('boundaries/361000_full.json')]);
    const data = out.data as { imported: ImportVectorResult[]; rasters: ImportRasterResult[] };
    expect(data.rasters).toHaveLength(1);
    expect(data.rasters[0]!.layer.kind).toBe('raster');
    expect(data.imported).toHaveLength(1);
    expect(data.imported[0]!.featuresWritten).toBe(11);
    const { layers } = await f.client.api.layers.list({});
    expect(layers.map((l) => l.kind).sort()).toEqual(['raster', 'vector']);
  });
});
