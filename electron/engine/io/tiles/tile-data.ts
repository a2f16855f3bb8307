import { writeFileSync } from 'node:fs';
import { GwzError, type ErrorData, type TileReport } from '../../../../shared/api';
import type { DataResponse } from '../../engine-api';
import { getLayerRow, layerInfo } from '../../project/layers';
import type { Project } from '../../project/project';
import { parseGridParam, type TileGrid } from './tile-grid';
import { buildTile, dataVersion, TileCache, type BuiltTile } from './vector-tiles';

/** LayerInfo.tiles.url once its placeholders are filled: `layers/<id>/tiles/<z>/<x>/<y>.pbf`. */
export const TILE_PATH = /^layers\/(\d+)\/tiles\/(\d+)\/(\d+)\/(\d+)\.pbf$/;

const MVT_TYPE = 'application/vnd.mapbox-vector-tile';
const cache = new TileCache();

function gridOf(project: Project, layerId: number, param: string | null): TileGrid {
  const given = parseGridParam(param);
  if (given) return given;
  if (param !== null) {
    throw new GwzError('BAD_REQUEST', 'grid 参数应为 minx,miny,side', 'grid must be minx,miny,side', { grid: param });
  }
  // no grid in the request (the CLI): the layer's own, as LayerInfo.tiles says
  const tiles = layerInfo(project.db, getLayerRow(project.db, layerId)).tiles;
  if (!tiles) throw new GwzError('BAD_REQUEST', '此图层没有矢量瓦片（不是有要素的矢量图层）', 'This layer has no vector tiles (not a vector layer with features)', { layerId });
  return { extent: tiles.extent, maxZoom: tiles.maxZoom };
}

function tileOf(project: Project, layerId: number, z: number, x: number, y: number, grid: TileGrid, fields: readonly string[] | null): { tile: BuiltTile; etag: string } {
  const layer = getLayerRow(project.db, layerId);
  if (layer.kind !== 'vector') throw new GwzError('BAD_REQUEST', `不是矢量图层：${layer.name}`, `Not a vector layer: ${layer.name}`, { layerId });
  const version = dataVersion(project.db);
  const key = [project.path, layerId, version, grid.extent.join(','), fields?.join(',') ?? '*', z, x, y].join('|');
  const etag = `"${layerId}-${version}-${z}-${x}-${y}-${fields?.length ?? 'a'}"`;
  const hit = cache.get(key);
  if (hit) return { tile: hit, etag };
  const tile = buildTile(project.db, layer, grid, z, x, y, fields);
  if (!tile) throw new GwzError('BAD_REQUEST', `瓦片不在网格内：${z}/${x}/${y}`, `Tile outside the grid: ${z}/${x}/${y}`, { z, x, y });
  cache.set(key, tile);
  return { tile, etag };
}

const jsonError = (status: number, error: ErrorData): DataResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ error }),
});

/** The data route: `layers/<id>/tiles/<z>/<x>/<y>.pbf?grid=…&fields=…` → MVT bytes. */
export function readTileData(project: Project, match: RegExpExecArray, query: URLSearchParams): DataResponse {
  const [layerId, z, x, y] = match.slice(1, 5).map(Number) as [number, number, number, number];
  const fieldsParam = query.get('fields');
  const fields = fieldsParam === null ? null : fieldsParam.split(',').filter(Boolean);
  try {
    const { tile, etag } = tileOf(project, layerId, z, x, y, gridOf(project, layerId, query.get('grid')), fields);
    // no-cache: the browser revalidates, the engine answers from its own cache by data version
    return { status: 200, contentType: MVT_TYPE, body: tile.bytes, headers: { ETag: etag, 'Cache-Control': 'no-cache' } };
  } catch (err) {
    if (err instanceof GwzError && err.code === 'LAYER_NOT_FOUND') return jsonError(404, err.toData());
    if (err instanceof GwzError && err.code === 'BAD_REQUEST') return jsonError(400, err.toData());
    throw err;
  }
}

/** tiles.inspect: the same tile the map would read, reported (and written to a file when asked). */
export function inspectTile(project: Project, req: { layerId: number; z: number; x: number; y: number; fields?: string[]; out?: string }): TileReport {
  const info = layerInfo(project.db, getLayerRow(project.db, req.layerId));
  if (!info.tiles) throw new GwzError('BAD_REQUEST', `此图层没有矢量瓦片：${info.name}`, `This layer has no vector tiles: ${info.name}`, { layerId: req.layerId });
  const grid = { extent: info.tiles.extent, maxZoom: info.tiles.maxZoom };
  const { tile } = tileOf(project, req.layerId, req.z, req.x, req.y, grid, req.fields ?? null);
  if (req.out) {
    try {
      writeFileSync(req.out, tile.bytes);
    } catch (err) {
      throw new GwzError('FILE_NOT_FOUND', `无法写出瓦片：${req.out}`, `Cannot write the tile: ${req.out}`, { path: req.out, cause: String(err) });
    }
  }
  return { layerId: req.layerId, z: req.z, x: req.x, y: req.y, bbox: tile.bbox, features: tile.features, bytes: tile.bytes.byteLength, written: req.out ?? null, tiles: info.tiles };
}
