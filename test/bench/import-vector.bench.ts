import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { testData } from '../support/data';

// Import 925 GBK province polygons (no .prj) into a CGCS2000 / 3° GK project, reprojecting on the
// way: our engine against ogr2ogr appending into a SpatiaLite file, the same job side by side.
// Run: npm run bench   (vitest prints the ratio between the two)
const SOURCE = testData('shp_encoding/bou2_4p/bou2_4p.shp');
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-'));
const ours = join(dir, 'ours.gwz');
const peer = join(dir, 'peer.sqlite');
let engine: EngineApi;
let client: Client;
let n = 0;

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.api.project.create({ path: ours, crs: 'EPSG:4548', title: 'bench' });
  execFileSync('ogr2ogr', ['-f', 'SQLite', '-dsco', 'SPATIALITE=YES', peer, SOURCE, '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:4548', '-nln', 'seed']);
});

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('import 925 polygons (bou2_4p.shp, GBK) with reprojection to EPSG:4548', () => {
  bench(
    'gwz engine layers.importVector',
    async () => {
      n += 1;
      await client.runJob('layers.importVector', { path: SOURCE, name: `bou${n}`, encoding: 'GBK', srcCrs: 'EPSG:4326' });
    },
    { iterations: 5, warmupIterations: 1 },
  );

  bench(
    'ogr2ogr -append into SpatiaLite',
    () => {
      n += 1;
      execFileSync('ogr2ogr', ['-update', '-f', 'SQLite', peer, SOURCE, '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:4548', '-nln', `bou${n}`, '--config', 'SHAPE_ENCODING', 'CP936', '-nlt', 'MULTIPOLYGON']);
    },
    { iterations: 5, warmupIterations: 1 },
  );
});
