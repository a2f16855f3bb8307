import { randomUUID } from 'node:crypto';
import { GwzError, type Resampling } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { buildCog, type BuiltCog } from '../../io/raster/cog';
import { arrayStatistics } from '../../io/raster/raster-stats';
import { rasterInfo, readCog } from '../../io/raster/raster-store';
import type { Db } from '../../project/spatialite';
import { geoTransformOf, gridExtent, gridFromGeoTransform, sameGrid, type Grid } from './grid';

/**
 * A raster in memory for analysis: one band as Float32 on a grid, nodata as NaN. NaN propagates
 * through arithmetic by itself, so operations get nodata right without a test in every expression;
 * Float32 holds class codes exactly (integers up to 2^24).
 */
export interface RasterArray {
  grid: Grid;
  data: Float32Array;
}

export function emptyRaster(grid: Grid, fill = Number.NaN): RasterArray {
  const data = new Float32Array(grid.width * grid.height);
  if (fill !== 0) data.fill(fill);
  return { grid, data };
}

/** Data types results are stored as. Classes fit Int16/Byte; continuous values stay Float32. */
export type StoredType = 'Float32' | 'Int16' | 'Int32' | 'Byte';

/** Nodata written for each stored type (outside what results of that type hold). */
export const STORED_NODATA: Record<StoredType, number> = {
  Float32: -3.4028234663852886e38,
  Int32: -2147483648,
  Int16: -32768,
  Byte: 255,
};

/**
 * The smallest stored type that holds every value exactly: whole numbers in 0–254 → Byte, in the
 * Int16 / Int32 ranges → those, anything else Float32. Class and rating rasters come out small.
 */
export function smallestStoredType(data: Float32Array): StoredType {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) continue;
    if (v !== Math.round(v)) return 'Float32';
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Infinity || (min >= 0 && max <= 254)) return 'Byte';
  if (min >= -32767 && max <= 32767) return 'Int16';
  if (min >= -2147483647 && max <= 2147483647) return 'Int32';
  return 'Float32';
}

/** The stored type a result keeps when it holds an input's values (GDAL data type names). */
export function storedTypeFor(gdalType: string): StoredType {
  if (gdalType === 'Byte' || gdalType === 'Int16' || gdalType === 'Int32') return gdalType;
  if (gdalType === 'UInt16') return 'Int32';
  return 'Float32';
}

/** The grid a stored raster layer is on. */
export function layerGrid(db: Db, layerId: number): Grid {
  const info = rasterInfo(db, layerId);
  return gridFromGeoTransform(info.geoTransform, info.width, info.height, info.srid);
}

/**
 * Reads band 1 of a stored raster layer. Without `target` it comes on its own grid; with one it is
 * warped onto that grid by GDAL (resampling: nearest for classes, bilinear for continuous values —
 * the caller says which), cells outside the source becoming NaN.
 */
export async function readRasterLayer(db: Db, layerId: number, target?: Grid, resampling: Resampling = 'nearest'): Promise<RasterArray> {
  const native = layerGrid(db, layerId);
  const cog = readCog(db, layerId);
  const path = `/vsimem/gwz-read-${randomUUID()}.tif`;
  gdal.vsimem.set(cog, path);
  const opened: gdal.Dataset[] = [];
  try {
    const src = await gdal.openAsync(path);
    opened.push(src);
    let ds = src;
    let grid = native;
    if (target && !sameGrid(native, target)) {
      const [minx, miny, maxx, maxy] = gridExtent(target);
      // the MEM driver ignores the name, but gdal-async wants one
      ds = await gdal.warpAsync('gwz-aligned', null, [src], [
        '-of', 'MEM',
        '-t_srs', `EPSG:${target.srid}`,
        '-te', String(minx), String(miny), String(maxx), String(maxy),
        '-ts', String(target.width), String(target.height),
        '-r', resampling,
        '-ot', 'Float32',
        '-dstnodata', 'nan',
      ]);
      opened.push(ds);
      grid = target;
    }
    const band = ds.bands.get(1);
    const data = new Float32Array(grid.width * grid.height);
    await band.pixels.readAsync(0, 0, grid.width, grid.height, data, { data_type: gdal.GDT_Float32 });
    const nodata = band.noDataValue;
    if (nodata !== null && !Number.isNaN(nodata)) {
      const nd = Math.fround(nodata);
      for (let i = 0; i < data.length; i++) if (data[i] === nd) data[i] = Number.NaN;
    }
    return { grid, data };
  } finally {
    for (const ds of opened.reverse()) ds.close();
    gdal.vsimem.release(path);
  }
}

const GDT: Record<StoredType, string> = {
  Float32: gdal.GDT_Float32,
  Int16: gdal.GDT_Int16,
  Int32: gdal.GDT_Int32,
  Byte: gdal.GDT_Byte,
};

/**
 * An analysis result as the COG a project stores (io/raster/cog): NaN cells become the stored
 * type's nodata. Integer types round values; values outside the type's range are refused rather than
 * wrapped, since a wrapped class code would be a silent wrong answer.
 */
export async function rasterToCog(
  raster: RasterArray,
  type: StoredType,
  options: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<BuiltCog> {
  const { grid } = raster;
  const nodata = STORED_NODATA[type];
  const n = raster.data.length;
  const out = type === 'Float32' ? new Float32Array(n) : type === 'Byte' ? new Uint8Array(n) : type === 'Int16' ? new Int16Array(n) : new Int32Array(n);
  const [lo, hi] = type === 'Byte' ? [0, 254] : type === 'Int16' ? [-32767, 32767] : type === 'Int32' ? [-2147483647, 2147483647] : [-Infinity, Infinity];
  for (let i = 0; i < raster.data.length; i++) {
    const v = raster.data[i]!;
    if (Number.isNaN(v)) {
      out[i] = nodata;
      continue;
    }
    const stored = type === 'Float32' ? v : Math.round(v);
    if (stored < lo || stored > hi) {
      throw new GwzError('INTERNAL', `结果值 ${v} 超出 ${type} 的范围。`, `Result value ${v} is outside the range of ${type}.`, { type, value: v });
    }
    out[i] = stored;
  }
  const mem = gdal.open('', 'w', 'MEM', grid.width, grid.height, 1, GDT[type]);
  try {
    mem.geoTransform = geoTransformOf(grid);
    mem.srs = gdal.SpatialReference.fromEPSG(grid.srid);
    const band = mem.bands.get(1);
    band.noDataValue = nodata;
    await band.pixels.writeAsync(0, 0, grid.width, grid.height, out);
    return await buildCog(mem, {
      srid: grid.srid,
      resampling: null,
      overviewResampling: type === 'Float32' ? 'bilinear' : 'nearest',
      // the cells are here already: statistics from them rather than from reading the COG back
      statistics: arrayStatistics(out, nodata),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (f, phase) => options.onProgress?.(phase === 'cog' ? 0.8 * f : 0.8 + 0.2 * f),
    });
  } finally {
    mem.close();
  }
}
