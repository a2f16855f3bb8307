import { randomUUID } from 'node:crypto';
import type { IdentifyLayerResult } from '../../../shared/api';
import { gdal } from '../gdal';
import { readCog, rasterInfo } from '../io/raster/raster-store';
import { FID_COLUMN, GEOMETRY_COLUMN, listLayerRows, type LayerRow } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import { attributeTable, cellValue } from './fields';

export interface IdentifyRequest {
  x: number;
  y: number;
  tolerance: number;
  layerIds?: number[] | undefined;
  limit: number;
}

/**
 * Features of a vector layer within `tolerance` of the point (inside a polygon is distance 0): the
 * R*Tree narrows to the bounding boxes that meet the search square, GEOS measures the rest.
 */
function identifyVector(db: Db, layer: LayerRow, req: IdentifyRequest): IdentifyLayerResult | null {
  const t = attributeTable(db, layer.id);
  if (!t.hasGeometry || layer.srid === null) return null;
  const index = quoteIdent(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
  const hasIndex = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
  const fid = quoteIdent(FID_COLUMN);
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const tol = req.tolerance;
  const candidates = hasIndex
    ? `${fid} IN (SELECT pkid FROM ${index} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)`
    : `MbrIntersects(${geom}, BuildMbr(?, ?, ?, ?))`;
  const box = hasIndex ? [req.x + tol, req.x - tol, req.y + tol, req.y - tol] : [req.x - tol, req.y - tol, req.x + tol, req.y + tol];
  const cols = t.fields.map((f) => quoteIdent(f.name));
  const rows = db
    .prepare(
      `SELECT * FROM (SELECT ${[fid, ...cols].join(', ')}, ST_Distance(${geom}, MakePoint(?, ?, ?)) AS "__d" FROM ${t.table} WHERE ${candidates})
       WHERE "__d" <= ? ORDER BY "__d", ${fid} LIMIT ?`,
    )
    .raw()
    .all(req.x, req.y, BigInt(layer.srid), ...box, tol, req.limit + 1) as unknown[][];
  if (rows.length === 0) return null;
  const features = rows.slice(0, req.limit).map((r) => ({
    fid: Number(r[0]),
    properties: Object.fromEntries(t.fields.map((f, i) => [f.name, cellValue(r[i + 1])])),
    distance: Number(r[r.length - 1]),
  }));
  return { kind: 'vector', layerId: layer.id, layerName: layer.name, features, truncated: rows.length > req.limit };
}

/**
 * Rasters are read through GDAL from /vsimem: the stored COG is handed over once and kept while its
 * checksum stands, so repeated clicks on a DEM cost one pixel read each.
 */
interface OpenRaster {
  layerId: number;
  sha256: string;
  path: string;
  ds: gdal.Dataset;
}
const openRasters: OpenRaster[] = [];
const MAX_OPEN = 3;

async function rasterDataset(db: Db, layerId: number, sha256: string): Promise<gdal.Dataset> {
  const hit = openRasters.find((r) => r.layerId === layerId && r.sha256 === sha256);
  if (hit) return hit.ds;
  const path = `/vsimem/gwz-identify-${randomUUID()}.tif`;
  gdal.vsimem.set(readCog(db, layerId), path);
  const ds = await gdal.openAsync(path);
  openRasters.unshift({ layerId, sha256, path, ds });
  while (openRasters.length > MAX_OPEN) closeRaster(openRasters.pop()!);
  return ds;
}

function closeRaster(r: OpenRaster): void {
  r.ds.close();
  gdal.vsimem.release(r.path);
}

/** Forget the rasters kept for identify (project closed). */
export function releaseIdentifyRasters(): void {
  while (openRasters.length > 0) closeRaster(openRasters.pop()!);
}

async function identifyRaster(db: Db, layer: LayerRow, req: IdentifyRequest): Promise<IdentifyLayerResult | null> {
  const info = rasterInfo(db, layer.id);
  const [x0, dx, , y0, , dy] = info.geoTransform as [number, number, number, number, number, number];
  const col = Math.floor((req.x - x0) / dx);
  const row = Math.floor((req.y - y0) / dy);
  if (col < 0 || row < 0 || col >= info.width || row >= info.height) return null;
  const ds = await rasterDataset(db, layer.id, info.sha256);
  const values: (number | null)[] = [];
  for (let b = 1; b <= ds.bands.count(); b++) {
    const band = ds.bands.get(b);
    const buf = new Float64Array(1);
    await band.pixels.readAsync(col, row, 1, 1, buf, { data_type: gdal.GDT_Float64 });
    const v = buf[0]!;
    const nodata = band.noDataValue;
    values.push(Number.isNaN(v) || (nodata !== null && (v === nodata || Math.fround(v) === Math.fround(nodata))) ? null : v);
  }
  return { kind: 'raster', layerId: layer.id, layerName: layer.name, cell: [col, row], values };
}

/** What is at a point in each asked-for layer, in drawing order (top first). */
export async function identify(db: Db, req: IdentifyRequest): Promise<IdentifyLayerResult[]> {
  const wanted = req.layerIds ? new Set(req.layerIds) : null;
  const out: IdentifyLayerResult[] = [];
  for (const layer of listLayerRows(db)) {
    if (wanted && !wanted.has(layer.id)) continue;
    const r = layer.kind === 'vector' ? identifyVector(db, layer, req) : layer.kind === 'raster' ? await identifyRaster(db, layer, req) : null;
    if (r) out.push(r);
  }
  return out;
}
