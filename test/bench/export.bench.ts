import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { testData } from '../support/data';

// Export 925 GBK province polygons (imported into a CGCS2000 / 3° GK project) to a UTF-8 shapefile
// reprojected to EPSG:4527: our export.layer against ogr2ogr reading the same project file, and one
// A3 figure of them (SVG composition + Chromium) as PDF and 300 dpi PNG.
// Run: npx vitest bench --run --project bench test/bench/export.bench.ts
const SOURCE = testData('shp_encoding/bou2_4p/bou2_4p.shp');
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-export-'));
const project = join(dir, 'ours.gwz');
let engine: EngineApi;
let client: Client;
let layerId = 0;
let table = '';
let n = 0;

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.api.project.create({ path: project, crs: 'EPSG:4548', title: 'bench' });
  const { result } = await client.runJob('layers.importVector', { path: SOURCE, name: '省界', encoding: 'GBK', srcCrs: 'EPSG:4326' });
  layerId = result.layer.id;
  table = result.layer.tableName;
});

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('export 925 polygons to a shapefile, reprojected to EPSG:4527', () => {
  bench('gwz export.layer', async () => {
    n += 1;
    await client.runJob('export.layer', { layerId, format: 'shapefile', path: join(dir, `ours${n}.shp`), crs: 'EPSG:4527' });
  }, { iterations: 5, warmupIterations: 1 });

  bench('ogr2ogr from the project file', () => {
    n += 1;
    execFileSync('ogr2ogr', ['-t_srs', 'EPSG:4527', '-lco', 'ENCODING=UTF-8', join(dir, `peer${n}.shp`), project, table]);
  }, { iterations: 5, warmupIterations: 1 });
});

describe('one A3 figure of them', () => {
  bench('PDF', async () => {
    n += 1;
    await client.runJob('export.layout', { layout: { layerIds: [layerId] }, format: 'pdf', path: join(dir, `fig${n}.pdf`) });
  }, { iterations: 3, warmupIterations: 0 });
  bench('PNG 300 dpi', async () => {
    n += 1;
    await client.runJob('export.layout', { layout: { layerIds: [layerId] }, format: 'png', path: join(dir, `fig${n}.png`) });
  }, { iterations: 3, warmupIterations: 0 });
});
