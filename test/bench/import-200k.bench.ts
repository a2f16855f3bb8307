import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import gdal from 'gdal-async';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { writeSquareGrid } from './support/square-grid';

// Issue 3's import benchmark: a 200 000-polygon GBK shapefile (no .cpg), imported by the engine and
// by `ogr2ogr -f SQLite -dsco SPATIALITE=YES`, side by side. Peak RSS of this process is printed.
const COLS = 500;
const ROWS = 400;
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench200k-'));
const shp = join(dir, '图斑.shp');
let engine: EngineApi;
let client: Client;
let n = 0;
let peakRss = 0;
const times: Record<'engine' | 'ogr2ogr', number[]> = { engine: [], ogr2ogr: [] };
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function timed(key: keyof typeof times, fn: () => unknown): Promise<void> {
  const t0 = performance.now();
  await fn();
  times[key].push(performance.now() - t0);
}

function writeGrid(): void {
  writeSquareGrid({
    path: shp,
    layerName: '图斑',
    options: ['ENCODING=CP936'],
    rows: ROWS,
    cols: COLS,
    size: 200,
    x0: 400_000,
    y0: 3_000_000,
    fields: [{ name: '名称', type: gdal.OFTString }, { name: '代码', type: gdal.OFTInteger }, { name: '面积', type: gdal.OFTReal }],
    attributes: (r, c) => ({ 名称: `图斑${r}-${c}`, 代码: r * COLS + c, 面积: 200 * 200 }),
  });
  rmSync(shp.replace(/\.shp$/, '.cpg'), { force: true });
}

beforeAll(async () => {
  writeGrid();
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.api.project.create({ path: join(dir, 'ours.gwz'), crs: 'EPSG:4548', title: 'bench' });
}, 600_000);

afterAll(async () => {
  await engine.shutdown();
  console.log(`peak RSS of the engine process during the run: ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  const [ours, peer] = [median(times.engine), median(times.ogr2ogr)];
  console.log(`median: engine ${(ours / 1000).toFixed(2)} s, ogr2ogr ${(peer / 1000).toFixed(2)} s, ratio ${(ours / peer).toFixed(2)} (target ≤ 1.0)`);
  rmSync(dir, { recursive: true, force: true });
});

describe(`import ${COLS * ROWS} GBK polygons`, () => {
  bench(
    'gwz engine layers.importVector',
    async () => {
      n += 1;
      const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      try {
        await timed('engine', () => client.runJob('layers.importVector', { path: shp, name: `图斑${n}`, encoding: 'GBK' }));
      } finally {
        clearInterval(timer);
      }
    },
    { iterations: 5, warmupIterations: 0, time: 0 },
  );

  bench(
    'ogr2ogr -f SQLite -dsco SPATIALITE=YES',
    async () => {
      n += 1;
      await timed('ogr2ogr', () => execFileSync('ogr2ogr', ['-f', 'SQLite', '-dsco', 'SPATIALITE=YES', join(dir, `peer${n}.sqlite`), shp, '--config', 'SHAPE_ENCODING', 'CP936']));
    },
    { iterations: 5, warmupIterations: 0, time: 0 },
  );
});
