import { createHash, randomUUID } from 'node:crypto';
import type { Resampling } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { bandStatistics } from './raster-stats';
import type { NewRaster } from './raster-store';

let compression: string | undefined;
/** ZSTD when this GDAL build has it (smaller and faster than DEFLATE; geotiff.js reads both). */
function cogCompression(): string {
  compression ??= (gdal.drivers.get('COG').getMetadata().DMD_CREATIONOPTIONLIST ?? '').includes('ZSTD') ? 'ZSTD' : 'DEFLATE';
  return compression;
}

export function extentOf(gt: number[], width: number, height: number): [number, number, number, number] {
  const xs = [gt[0]!, gt[0]! + width * gt[1]! + height * gt[2]!];
  const ys = [gt[3]!, gt[3]! + width * gt[4]! + height * gt[5]!];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export interface BuiltCog {
  cog: Buffer;
  /** What raster-store's insertRaster records beside the bytes. */
  meta: NewRaster;
}

/**
 * The one way a raster becomes what a project stores: a Cloud-Optimized GeoTIFF (tiled 256,
 * ZSTD/DEFLATE with predictor, internal overviews) written in /vsimem/, with statistics and a
 * histogram of band 1 computed over the stored cells. Imports and analysis results both come here,
 * so every stored raster looks the same to the map and to later operations.
 */
export async function buildCog(
  src: gdal.Dataset,
  options: {
    srid: number;
    /** Recorded with the raster: how it was resampled on the way in (null when it was not). */
    resampling: Resampling | null;
    /** Overview resampling follows the data: averaging for continuous values, nearest/mode for classes. */
    overviewResampling: Resampling;
    onProgress?: (fraction: number, phase: 'cog' | 'stats') => void;
    signal?: AbortSignal;
    /** Band 1's statistics when the caller has the cells in memory (raster-stats arrayStatistics): the COG is then not read back for them. */
    statistics?: Awaited<ReturnType<typeof bandStatistics>>;
  },
): Promise<BuiltCog> {
  const cogPath = `/vsimem/gwz-cog-${randomUUID()}.tif`;
  const ov = options.overviewResampling === 'bilinear' ? 'AVERAGE' : options.overviewResampling.toUpperCase();
  const args = [
    '-of', 'COG',
    '-a_srs', `EPSG:${options.srid}`,
    '-co', `COMPRESS=${cogCompression()}`,
    '-co', 'PREDICTOR=YES',
    '-co', 'BLOCKSIZE=256',
    '-co', 'OVERVIEWS=AUTO',
    '-co', `RESAMPLING=${ov}`,
    '-co', 'NUM_THREADS=ALL_CPUS',
  ];
  let ds: gdal.Dataset | null = null;
  try {
    ds = await gdal.translateAsync(cogPath, src, args, {
      progress_cb: (done) => options.onProgress?.(done, 'cog'),
    });
    options.signal?.throwIfAborted();
    const band = ds.bands.get(1);
    const nodata = band.noDataValue;
    const { stats, histogram } =
      options.statistics ??
      (await bandStatistics(band, nodata, (f) => {
        options.signal?.throwIfAborted();
        options.onProgress?.(f, 'stats');
      }));
    const gt = ds.geoTransform!;
    const { x: width, y: height } = ds.rasterSize;
    const meta = {
      width,
      height,
      bands: ds.bands.count(),
      dataType: band.dataType ?? 'Unknown',
      nodata,
      geoTransform: gt,
      srid: options.srid,
      extent: extentOf(gt, width, height),
      resampling: options.resampling,
      stats,
      histogram,
    };
    ds.close(); // flushed before its bytes are taken
    ds = null;
    const cog = gdal.vsimem.release(cogPath);
    const sha256 = createHash('sha256').update(cog).digest('hex');
    return { cog, meta: { ...meta, bytes: cog.length, sha256 } };
  } finally {
    if (ds) {
      ds.close();
      try {
        gdal.vsimem.release(cogPath);
      } catch {
        // released already
      }
    }
  }
}
