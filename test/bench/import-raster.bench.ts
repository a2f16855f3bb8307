import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { testData } from '../support/data';

// Raster import against the GDAL command line doing the same work on the same file:
//  - zts_dem_25m.tif (839 × 598 Float32) into its own CRS: our job vs `gdal_translate -of COG`
//    with the same creation options (our job also computes statistics + histogram and stores the COG
//    in the project file, in one transaction);
//  - ywzdem30m.tif reprojected Beijing 1954 → CGCS2000 EPSG:4548: our job vs gdalwarp + gdal_translate.
// Plus the range read that serves the COG to the map: 64 KiB from the stored chunks.
// Run: npm run bench
const ZTS = testData('dem/zts_dem_25m.tif');
const YWZ = testData('dem/ywzdem30m.tif');
const COG_OPTS = ['-co', 'COMPRESS=ZSTD', '-co', 'PREDICTOR=YES', '-co', 'BLOCKSIZE=256', '-co', 'OVERVIEWS=AUTO', '-co', 'NUM_THREADS=ALL_CPUS'];
const NO_PAM = ['--config', 'GDAL_PAM_ENABLED', 'NO'];
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-raster-'));
let engine: EngineApi;
let client: Client;
let n = 0;
let rasterUrl = '';
let rasterBytes = 0;
let current = '';

/** Benches do not run describe-level hooks: each bench makes sure its project is the open one. */
async function use(name: string, crs: string): Promise<void> {
  if (current === name) return;
  const path = join(dir, `${name}.gwz`);
  if (existsSync(path)) await client.api.project.open({ path });
  else await client.api.project.create({ path, crs, title: 'bench' });
  current = name;
}

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
});

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

describe('import zts_dem_25m.tif (839 × 598 Float32) into EPSG:4528, no reprojection', () => {
  bench(
    'gwz engine layers.importRaster',
    async () => {
      await use('zts', 'EPSG:4528');
      const { result } = await client.runJob('layers.importRaster', { path: ZTS, name: `zts${++n}` });
      rasterUrl = result.layer.dataUrl;
      rasterBytes = result.raster.bytes;
    },
    { iterations: 5, warmupIterations: 1 },
  );
  bench(
    'gdal_translate -of COG',
    () => {
      execFileSync('gdal_translate', ['-q', ...NO_PAM, '-of', 'COG', ...COG_OPTS, '-a_srs', 'EPSG:4528', ZTS, join(dir, `zts${++n}.tif`)]);
    },
    { iterations: 5, warmupIterations: 1 },
  );
});

describe('serve the stored COG by range (64 KiB)', () => {
  bench('readData bytes=… (64 KiB from the chunks)', async () => {
    await use('zts', 'EPSG:4528');
    const start = Math.floor(Math.random() * Math.max(1, rasterBytes - 65536));
    const res = await engine.readData(rasterUrl, new URLSearchParams(), `bytes=${start}-${start + 65535}`);
    if (res.status !== 206) throw new Error(`status ${res.status}`);
  });
});

describe('import ywzdem30m.tif reprojected Beijing 1954 GK39 → EPSG:4548', () => {
  bench(
    'gwz engine layers.importRaster',
    async () => {
      await use('ywz', 'EPSG:4548');
      await client.runJob('layers.importRaster', { path: YWZ, name: `ywz${++n}` });
    },
    { iterations: 5, warmupIterations: 1 },
  );
  bench(
    'gdalwarp (VRT) + gdal_translate -of COG',
    () => {
      const vrt = join(dir, `ywz${++n}.vrt`);
      execFileSync('gdalwarp', ['-q', ...NO_PAM, '-of', 'VRT', '-t_srs', 'EPSG:4548', '-r', 'bilinear', YWZ, vrt]);
      execFileSync('gdal_translate', ['-q', ...NO_PAM, '-of', 'COG', ...COG_OPTS, vrt, join(dir, `ywz${n}.tif`)]);
    },
    { iterations: 5, warmupIterations: 1 },
  );
});
