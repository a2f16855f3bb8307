import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { importRaster } from '../../electron/engine/io/raster/import-raster';
import { CHUNK_SIZE, readCog } from '../../electron/engine/io/raster/raster-store';
import { cancelledError, type JobContext } from '../../electron/engine/jobs/job-runner';
import { Project } from '../../electron/engine/project/project';
import { testData } from '../support/data';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

const YWZ = testData('dem/ywzdem30m.tif');
const ZTS = testData('dem/zts_dem_25m.tif');
const SPEARFISH = testData('dem/spearfish_dem.asc.gz');

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

interface GdalInfo {
  size: [number, number];
  coordinateSystem?: { wkt: string };
  metadata?: Record<string, Record<string, string>>;
  bands: { noDataValue?: number; overviews?: unknown[]; block: [number, number] }[];
}

function gdalinfo(path: string): GdalInfo {
  return JSON.parse(execFileSync('gdalinfo', ['-json', path], { encoding: 'utf8' })) as GdalInfo;
}

/** The stored COG, written out so the GDAL command-line tools can judge it. */
function storedCog(project: string, layerId: number): string {
  const db = new Database(project, { readonly: true });
  try {
    const out = join(f.dir, `layer${layerId}.tif`);
    writeFileSync(out, readCog(db, layerId));
    return out;
  } finally {
    db.close();
  }
}

describe('layers.importRaster', () => {
  it('imports zts_dem_25m.tif into its own CRS (EPSG:4528) as a COG with stats matching gdalinfo -stats', async () => {
    const path = join(f.dir, 'zts.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4528' });
    const progress: number[] = [];
    const { result } = await f.client.runJob('layers.importRaster', { path: ZTS, name: '高程' }, (p) => progress.push(p.percent));
    expect(progress.length).toBeGreaterThan(0);
    expect(result.reprojected).toBe(false);
    expect(result.layer).toMatchObject({ name: '高程', kind: 'raster', srid: 4528, dataUrl: `layers/${result.layer.id}/raster.tif` });
    expect(result.raster).toMatchObject({ width: 839, height: 598, bands: 1, dataType: 'Float32', srid: 4528 });
    expect(result.raster.cellSize[0]).toBeCloseTo(25, 6);
    expect(result.raster.nodata).toBeLessThan(-3.4e38);
    // gdalinfo -stats on the source: min 27.7, max 531.5
    expect(result.raster.stats.min).toBeCloseTo(27.7, 0);
    expect(result.raster.stats.max).toBeCloseTo(531.5, 0);
    // gdalinfo: STATISTICS_VALID_PERCENT=19.45 of 839 × 598 cells
    expect(result.raster.stats.validCount).toBe(97_560);
    expect(result.raster.histogram!.counts).toHaveLength(64);
    expect(result.raster.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(result.raster.stats.validCount);
    const src = gdalinfo(ZTS);
    const srcStats = JSON.parse(execFileSync('gdalinfo', ['-json', '-stats', '--config', 'GDAL_PAM_ENABLED', 'NO', ZTS], { encoding: 'utf8' })) as {
      bands: { mean: number; stdDev: number }[];
    };
    expect(result.raster.stats.mean).toBeCloseTo(srcStats.bands[0]!.mean, 2);
    expect(result.raster.stats.std).toBeCloseTo(srcStats.bands[0]!.stdDev, 2);
    expect(src.size).toEqual([839, 598]);
    // layer extent from the raster
    const [minx, , maxx] = result.layer.extent!;
    expect(maxx - minx).toBeCloseTo(839 * 25, 3);

    const info = await f.client.api.rasters.info({ layerId: result.layer.id });
    expect(info).toEqual(result.raster);

    const cog = gdalinfo(storedCog(path, result.layer.id));
    expect(cog.metadata?.IMAGE_STRUCTURE?.LAYOUT).toBe('COG');
    expect(cog.metadata?.IMAGE_STRUCTURE?.COMPRESSION).toMatch(/ZSTD|DEFLATE/);
    expect(cog.bands[0]!.block).toEqual([256, 256]);
    expect(cog.bands[0]!.overviews!.length).toBeGreaterThan(0);
    expect(cog.bands[0]!.noDataValue).toBeLessThan(-3.4e38);
    expect(cog.coordinateSystem!.wkt).toContain('4528');
  });

  it('reprojects ywzdem30m.tif (Beijing 1954 GK zone 39, zone-prefixed) into a CGCS2000 EPSG:4548 project', async () => {
    const path = join(f.dir, 'ywz.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    const { result } = await f.client.runJob('layers.importRaster', { path: YWZ });
    expect(result.reprojected).toBe(true);
    expect(result.layer.name).toBe('ywzdem30m');
    expect(result.raster.resampling).toBe('bilinear');
    // 116.442..116.480 E, 25.666..25.693 N: in CM 117E easting ~ 444 km, northing ~ 2840 km
    const [minx, miny, maxx, maxy] = result.layer.extent!;
    expect(minx).toBeGreaterThan(440_000);
    expect(maxx).toBeLessThan(455_000);
    expect(miny).toBeGreaterThan(2_835_000);
    expect(maxy).toBeLessThan(2_846_000);
    // Elevation 278..550 m; bilinear keeps values within the source range
    expect(result.raster.stats.min).toBeGreaterThanOrEqual(277);
    expect(result.raster.stats.max).toBeLessThanOrEqual(551);
    expect(result.raster.nodata).toBeLessThan(-3.4e38);
    const cog = gdalinfo(storedCog(path, result.layer.id));
    expect(cog.coordinateSystem!.wkt).toContain('4548');
    expect(cog.metadata?.IMAGE_STRUCTURE?.LAYOUT).toBe('COG');
  });

  it('needs a source CRS for the GRASS ASCII spearfish grid (gzip), then imports it', async () => {
    const path = join(f.dir, 'sf.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:26713' });
    const err = await errorOf(f.client.runJob('layers.importRaster', { path: SPEARFISH }));
    expect(err.code).toBe('CRS_UNKNOWN');
    expect(err.message_zh).toContain('--src-crs');
    const { result } = await f.client.runJob('layers.importRaster', { path: SPEARFISH, srcCrs: 'EPSG:26713', name: 'spearfish' });
    expect(result.raster).toMatchObject({ width: 634, height: 477, dataType: expect.stringMatching(/Int|Float/) });
    expect(result.raster.stats.min).toBeGreaterThanOrEqual(0);
    expect(result.raster.stats.max).toBeLessThanOrEqual(1840);
    expect(result.reprojected).toBe(false);
    expect(result.warnings).toEqual([]);
  });

  it('allows a source CRS far from the project CRS (it is the user’s choice), with a warning and nodata around it', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'far.gwz'), crs: 'EPSG:4548' });
    const { result } = await f.client.runJob('layers.importRaster', { path: SPEARFISH, srcCrs: 'EPSG:26713' });
    expect(result.reprojected).toBe(true);
    expect(result.raster.resampling).toBe('nearest'); // Int32 grid
    expect(result.raster.nodata).toBe(-2147483648);
    expect(result.warnings.map((w) => w.message_en).join(' ')).toMatch(/outside the area of use of the project CRS EPSG:4548/);
    expect(result.raster.stats.min).toBeGreaterThanOrEqual(0); // the fill is nodata, not data
  });

  it('reads ERDAS IMG and Arc/Info ASCII grid (with .prj) written by GDAL from the same DEM', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'formats.gwz'), crs: 'EPSG:4548' });
    const img = join(f.dir, 'ywz.img');
    const asc = join(f.dir, 'ywz.asc');
    execFileSync('gdal_translate', ['-q', '-of', 'HFA', YWZ, img]);
    execFileSync('gdal_translate', ['-q', '-of', 'AAIGrid', YWZ, asc]);
    const { result: fromTif } = await f.client.runJob('layers.importRaster', { path: YWZ });
    for (const path of [img, asc]) {
      const { result } = await f.client.runJob('layers.importRaster', { path });
      expect(result.reprojected).toBe(true);
      expect(result.raster).toMatchObject({ width: fromTif.raster.width, height: fromTif.raster.height, srid: 4548 });
      expect(result.raster.stats.validCount).toBe(fromTif.raster.stats.validCount);
      expect(result.raster.stats.mean).toBeCloseTo(fromTif.raster.stats.mean!, 3);
    }
  });

  it('serves the COG by byte range through readData (206/200/416)', async () => {
    const path = join(f.dir, 'range.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4528' });
    const { result } = await f.client.runJob('layers.importRaster', { path: ZTS });
    const url = result.layer.dataUrl;
    const whole = await f.engine.readData(url, new URLSearchParams());
    expect(whole.status).toBe(200);
    expect(whole.contentType).toBe('image/tiff');
    expect(whole.headers?.['Accept-Ranges']).toBe('bytes');
    const bytes = Buffer.from(whole.body as Uint8Array);
    expect(bytes.length).toBe(result.raster.bytes);
    expect(bytes.subarray(0, 4).toString('latin1')).toMatch(/^(II\*\0|MM\0\*)/);

    const part = await f.engine.readData(url, new URLSearchParams(), 'bytes=100-16483');
    expect(part.status).toBe(206);
    expect(part.headers?.['Content-Range']).toBe(`bytes 100-16483/${bytes.length}`);
    expect(Buffer.from(part.body as Uint8Array).equals(bytes.subarray(100, 16484))).toBe(true);

    expect(bytes.length).toBeGreaterThan(CHUNK_SIZE); // so the next range spans two chunks
    const across = await f.engine.readData(url, new URLSearchParams(), `bytes=${CHUNK_SIZE - 100}-${CHUNK_SIZE + 99}`);
    expect(across.status).toBe(206);
    expect(Buffer.from(across.body as Uint8Array).equals(bytes.subarray(CHUNK_SIZE - 100, CHUNK_SIZE + 100))).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(result.raster.sha256);

    const suffix = await f.engine.readData(url, new URLSearchParams(), 'bytes=-10');
    expect(suffix.status).toBe(206);
    expect(Buffer.from(suffix.body as Uint8Array).equals(bytes.subarray(bytes.length - 10))).toBe(true);

    const beyond = await f.engine.readData(url, new URLSearchParams(), `bytes=${bytes.length}-`);
    expect(beyond.status).toBe(416);
    expect(beyond.headers?.['Content-Range']).toBe(`bytes */${bytes.length}`);

    const missing = await f.engine.readData('layers/99/raster.tif', new URLSearchParams());
    expect(missing.status).toBe(404);
  });

  it('cancelled while running, leaves no layer, raster or run behind', async () => {
    const path = join(f.dir, 'cancel.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4528' });
    let cancelledAt = -1;
    const { jobId } = await f.client.api.layers.importRaster({ path: ZTS });
    const off = f.engine.onEvent((e) => {
      if (e.type === 'job.progress' && e.jobId === jobId && cancelledAt < 0) {
        cancelledAt = e.percent;
        void f.client.api.jobs.cancel({ jobId });
      }
    });
    const done = await new Promise<string>((res) => {
      const check = async (): Promise<void> => {
        const job = await f.client.api.jobs.get({ jobId });
        if (job.status !== 'running' && job.status !== 'queued') res(job.status);
        else setTimeout(() => void check(), 10);
      };
      void check();
    });
    off();
    expect(cancelledAt).toBeGreaterThan(0);
    expect(done).toBe('cancelled');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(0);
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM gwz_rasters').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM gwz_raster_chunks').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT COUNT(*) AS n FROM gwz_runs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('a cancel that lands inside the write transaction (after the COG row is inserted) rolls it back', async () => {
    const path = join(f.dir, 'tx.gwz');
    const project = Project.create(path, { crs: 'EPSG:4528', appVersion: 'test' });
    try {
      // The job's own cancel checks, made to fire only once the COG row has been inserted.
      let writing = false;
      let fired = false;
      const ctx: JobContext = {
        jobId: 'tx',
        signal: new AbortController().signal,
        progress: (_p, _zh, en) => {
          if (en === 'Writing into the project') writing = true;
        },
        throwIfCancelled: () => {
          if (!writing) return;
          const n = (project.db.prepare('SELECT COUNT(*) AS n FROM gwz_layers').get() as { n: number }).n;
          fired = true;
          expect(n).toBe(0); // the main connection never sees the uncommitted row
          throw cancelledError();
        },
      };
      const err = await errorOf(importRaster(project, { path: ZTS }, ctx, 'test'));
      expect(fired).toBe(true);
      expect(err.code).toBe('JOB_CANCELLED');
      for (const t of ['gwz_layers', 'gwz_rasters', 'gwz_raster_chunks', 'gwz_runs']) {
        expect(project.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
      }
      expect(project.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'view' AND name LIKE 'zts%'").get()).toEqual({ n: 0 });
    } finally {
      project.close();
    }
  });
});
