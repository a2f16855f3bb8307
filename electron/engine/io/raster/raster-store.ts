import { GwzError, type RasterInfo } from '../../../../shared/api';
import type { DataResponse } from '../../engine-api';
import { FID_COLUMN } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';
import { parseRange } from './http-range';

export const RASTER_PATH = /^layers\/(\d+)\/raster\.tif$/;

export function rasterDataUrl(layerId: number): string {
  return `layers/${layerId}/raster.tif`;
}

interface RasterRow {
  layer_id: number;
  width: number;
  height: number;
  bands: number;
  data_type: string;
  nodata: number | null;
  geotransform: string;
  srid: number;
  extent: string;
  resampling: string | null;
  stats: string;
  histogram: string | null;
  bytes: number;
  sha256: string;
}

export type NewRaster = Omit<RasterInfo, 'layerId' | 'cellSize'> & { extent: [number, number, number, number] };

/** Bytes per stored chunk: a COG tile is tens of KiB, so a range read touches one or two chunks. */
export const CHUNK_SIZE = 256 * 1024;

/**
 * Stores a raster's COG in chunks (inside the caller's transaction) and creates the one-row view
 * that gwz_layers.table_name names, so layer listing and checksums treat rasters like any layer:
 * the checksum covers the metadata and the COG's sha256.
 */
export function insertRaster(db: Db, layerId: number, viewName: string, r: NewRaster, cog: Buffer): void {
  db.prepare(
    `INSERT INTO gwz_rasters (layer_id, width, height, bands, data_type, nodata, geotransform, srid, extent, resampling,
                              stats, histogram, bytes, sha256, chunk_size)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    layerId,
    r.width,
    r.height,
    r.bands,
    r.dataType,
    r.nodata,
    JSON.stringify(r.geoTransform),
    r.srid,
    JSON.stringify(r.extent),
    r.resampling,
    JSON.stringify(r.stats),
    r.histogram ? JSON.stringify(r.histogram) : null,
    cog.length,
    r.sha256,
    CHUNK_SIZE,
  );
  const chunk = db.prepare('INSERT INTO gwz_raster_chunks (layer_id, seq, data) VALUES (?, ?, ?)');
  for (let seq = 0; seq * CHUNK_SIZE < cog.length; seq++) {
    chunk.run(layerId, seq, cog.subarray(seq * CHUNK_SIZE, (seq + 1) * CHUNK_SIZE));
  }
  db.exec(
    `CREATE VIEW ${quoteIdent(viewName)} AS
     SELECT layer_id AS ${quoteIdent(FID_COLUMN)}, width, height, bands, data_type, nodata, geotransform, srid, stats, bytes, sha256
     FROM gwz_rasters WHERE layer_id = ${Number(layerId)}`,
  );
}

/** COG bytes [start, end] (inclusive), read from the chunks that hold them. */
function readBytes(db: Db, layerId: number, chunkSize: number, start: number, end: number): Buffer {
  const rows = db
    .prepare('SELECT seq, data FROM gwz_raster_chunks WHERE layer_id = ? AND seq BETWEEN ? AND ? ORDER BY seq')
    .all(layerId, Math.floor(start / chunkSize), Math.floor(end / chunkSize)) as { seq: number; data: Buffer }[];
  if (rows.length === 0) return Buffer.alloc(0);
  const joined = rows.length === 1 ? rows[0]!.data : Buffer.concat(rows.map((r) => r.data));
  const offset = start - rows[0]!.seq * chunkSize;
  return joined.subarray(offset, offset + end - start + 1);
}

/** The whole stored COG. */
export function readCog(db: Db, layerId: number): Buffer {
  const { bytes, chunk_size } = sizeRow(db, layerId);
  return bytes === 0 ? Buffer.alloc(0) : readBytes(db, layerId, chunk_size, 0, bytes - 1);
}

function sizeRow(db: Db, layerId: number): { bytes: number; chunk_size: number } {
  const row = db.prepare('SELECT bytes, chunk_size FROM gwz_rasters WHERE layer_id = ?').get(layerId) as
    | { bytes: number; chunk_size: number }
    | undefined;
  if (!row) {
    throw new GwzError('LAYER_NOT_FOUND', `栅格图层不存在：${layerId}`, `No such raster layer: ${layerId}`, { layerId });
  }
  return row;
}

function rasterRow(db: Db, layerId: number): RasterRow {
  const row = db
    .prepare(
      `SELECT layer_id, width, height, bands, data_type, nodata, geotransform, srid, extent, resampling, stats, histogram, bytes, sha256
       FROM gwz_rasters WHERE layer_id = ?`,
    )
    .get(layerId) as RasterRow | undefined;
  if (!row) {
    throw new GwzError('LAYER_NOT_FOUND', `栅格图层不存在：${layerId}`, `No such raster layer: ${layerId}`, { layerId });
  }
  return row;
}

export function rasterInfo(db: Db, layerId: number): RasterInfo {
  const r = rasterRow(db, layerId);
  const gt = JSON.parse(r.geotransform) as number[];
  return {
    layerId: r.layer_id,
    width: r.width,
    height: r.height,
    bands: r.bands,
    dataType: r.data_type,
    nodata: r.nodata,
    geoTransform: gt,
    cellSize: [Math.abs(gt[1]!), Math.abs(gt[5]!)],
    srid: r.srid,
    resampling: r.resampling as RasterInfo['resampling'],
    stats: JSON.parse(r.stats) as RasterInfo['stats'],
    histogram: r.histogram ? (JSON.parse(r.histogram) as RasterInfo['histogram']) : null,
    bytes: r.bytes,
    sha256: r.sha256,
  };
}

/**
 * The COG over HTTP semantics: ol/source/GeoTIFF (geotiff.js) reads the header and then tiles by
 * byte range, so a range answers 206 with only the chunks it spans (0.06 ms median for 64 KiB,
 * test/bench/import-raster.bench.ts); no or an unusable Range header answers 200 with everything.
 */
export function readRasterData(db: Db, layerId: number, rangeHeader: string | undefined): DataResponse {
  const { bytes: size, chunk_size } = sizeRow(db, layerId);
  const headers: Record<string, string> = { 'Accept-Ranges': 'bytes' };
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, contentType: 'image/tiff', body: new Uint8Array(0), headers: { ...headers, 'Content-Range': `bytes */${size}` } };
  }
  if (range === null) {
    return { status: 200, contentType: 'image/tiff', body: readCog(db, layerId), headers: { ...headers, 'Content-Length': String(size) } };
  }
  const body = readBytes(db, layerId, chunk_size, range.start, range.end);
  return {
    status: 206,
    contentType: 'image/tiff',
    body,
    headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(body.length) },
  };
}
