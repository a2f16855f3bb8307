import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';

// Issue 10's scale benchmark: a 1,000,000-polygon layer and a 10,000 × 10,000 float32 raster
// imported into one project, which is then reopened and worked with (layer list, a feature page deep
// in the table sorted by a field, raster info, a slope over the whole raster). Time of each step and
// the peak RSS of this process (engine in-process, so an upper bound of the engine's) are printed.
// Target: peak ≤ 2 GiB. GWZ_SCALE=0.1 shrinks both inputs (side × √0.1) for a quick try.
//   npx vitest bench --run --project bench test/bench/scale.bench.ts
const SCALE = Number(process.env.GWZ_SCALE ?? 1);
const GRID = Math.round(1000 * Math.sqrt(SCALE)); // GRID² polygons
const SIDE = Math.round(10_000 * Math.sqrt(SCALE)); // SIDE² raster cells
const dir = mkdtempSync(join(process.env.GWZ_BENCH_DIR ?? tmpdir(), 'gwz-scale-'));
const project = join(dir, 'scale.gwz');
let engine: EngineApi;
let client: Client;
const steps: [string, number, number][] = [];
let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage.rss());
};
const sampler = setInterval(sample, 100);

async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const overall = peak;
  peak = process.memoryUsage.rss();
  const t0 = performance.now();
  const out = await fn();
  sample();
  steps.push([name, performance.now() - t0, peak]);
  peak = Math.max(peak, overall);
  return out;
}

/** GRID² squares of 50 m with three attributes, written as CSV+WKT and turned into a GeoPackage by ogr2ogr. */
function writeVector(): string {
  const csv = join(dir, 'polys.csv');
  const fd = openSync(csv, 'w');
  writeSync(fd, 'WKT,code,name,area\n');
  const size = 50;
  let chunk = '';
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      const x = 400_000 + c * size;
      const y = 3_000_000 + r * size;
      chunk += `"POLYGON((${x} ${y},${x + size} ${y},${x + size} ${y + size},${x} ${y + size},${x} ${y}))",${r * GRID + c},图斑${r}-${c},${(((r * 7919 + c * 104729) % 10000) / 7).toFixed(2)}\n`;
    }
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  const gpkg = join(dir, 'polys.gpkg');
  execFileSync('ogr2ogr', ['-f', 'GPKG', gpkg, csv, '-oo', 'GEOM_POSSIBLE_NAMES=WKT', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:4548', '-nln', '图斑', '-oo', 'AUTODETECT_TYPE=YES']);
  rmSync(csv);
  return gpkg;
}

/** A SIDE² float32 terrain (smooth relief + centimetre noise, so it compresses like a real DEM) as raw ENVI. */
function writeRaster(): string {
  const raw = join(dir, 'dem.bil');
  const fd = openSync(raw, 'w');
  const row = new Float32Array(SIDE);
  let seed = 12345;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      row[x] = 200 + 80 * Math.sin(x / 700) * Math.cos(y / 900) + 15 * Math.sin((x + y) / 130) + (seed / 2 ** 32) * 0.05;
    }
    writeSync(fd, Buffer.from(row.buffer));
  }
  closeSync(fd);
  // A raw-band VRT: georeferencing without a copy of the 400 MB of cells.
  const vrt = join(dir, 'dem.vrt');
  writeFileSync(
    vrt,
    `<VRTDataset rasterXSize="${SIDE}" rasterYSize="${SIDE}"><GeoTransform>400000, 10, 0, ${3_000_000 + SIDE * 10}, 0, -10</GeoTransform>` +
      `<VRTRasterBand dataType="Float32" band="1" subClass="VRTRawRasterBand"><SourceFilename relativeToVRT="1">dem.bil</SourceFilename>` +
      `<ImageOffset>0</ImageOffset><PixelOffset>4</PixelOffset><LineOffset>${SIDE * 4}</LineOffset><ByteOrder>LSB</ByteOrder></VRTRasterBand></VRTDataset>`,
  );
  return vrt;
}

let gpkg: string;
let raster: string;
beforeAll(async () => {
  const t0 = performance.now();
  gpkg = writeVector();
  raster = writeRaster();
  console.log(`inputs written in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${GRID * GRID} polygons (${(statSync(gpkg).size / 2 ** 20).toFixed(0)} MiB gpkg), ${SIDE}×${SIDE} raster (${(statSync(join(dir, 'dem.bil')).size / 2 ** 20).toFixed(0)} MiB)`);
  peak = process.memoryUsage.rss();
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
}, 3_600_000);

afterAll(async () => {
  clearInterval(sampler);
  await engine.shutdown();
  const size = statSync(project).size;
  console.log(`\nscale benchmark (${GRID * GRID} features, ${SIDE}×${SIDE} cells), project ${(size / 2 ** 30).toFixed(2)} GiB:`);
  for (const [name, ms, rss] of steps) console.log(`  ${name.padEnd(44)} ${(ms / 1000).toFixed(2).padStart(8)} s   peak ${(rss / 2 ** 20).toFixed(0).padStart(5)} MiB`);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(`  peak RSS sampled ${(peak / 2 ** 20).toFixed(0)} MiB, getrusage maxRSS ${(maxRss / 2 ** 20).toFixed(0)} MiB (target ≤ 2048)`);
  rmSync(dir, { recursive: true, force: true });
});

describe('scale', () => {
  bench(
    `import ${GRID * GRID} polygons + ${SIDE}² raster, reopen, list, page, info, slope`,
    async () => {
      await step('project.create', () => client.api.project.create({ path: project, crs: 'EPSG:4548', overwrite: true }));
      const vec = await step('layers.importVector (1M polygons)', () => client.runJob('layers.importVector', { path: gpkg }));
      const ras = await step('layers.importRaster (10k × 10k)', () => client.runJob('layers.importRaster', { path: raster, srcCrs: 'EPSG:4548', name: '高程' }));
      await step('project.close', () => client.api.project.close({}));
      await step('project.open (integrity check included)', () => client.api.project.open({ path: project }));
      await step('layers.list', () => client.api.layers.list({}));
      const layerId = vec.result.layer.id;
      await step('features.list page 1 (200 rows)', () => client.api.features.list({ layerId, limit: 200 }));
      await step('features.list offset 500000', () => client.api.features.list({ layerId, offset: 500_000, limit: 200 }));
      await step('features.list sorted by area desc', () => client.api.features.list({ layerId, limit: 200, sort: { field: 'area', descending: true } }));
      await step('features.stats area', () => client.api.features.stats({ layerId, field: 'area' }));
      await step('rasters.info', () => client.api.rasters.info({ layerId: ras.result.layer.id }));
      await step('analysis.slope (whole raster)', () => client.runJob('analysis.slope', { dem: ras.result.layer.id, units: 'degrees' }));
      await step('project.close', () => client.api.project.close({}));
    },
    { iterations: 1, warmupIterations: 0, time: 0, warmupTime: 0 },
  );
});
