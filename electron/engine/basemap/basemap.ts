import { statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { BasemapConfigSchema, GwzError, type BasemapConfig, type BasemapState } from '../../../shared/api';
import type { DataResponse } from '../engine-api';
import { getLayerRow } from '../project/layers';
import type { Project } from '../project/project';
import { inTransaction, type Db } from '../project/spatialite';
import { mbtilesMime, openMbtiles, type MbtilesFile } from './mbtiles';

/**
 * The project's basemap setting (gwz_meta key 'basemap', JSON of BasemapConfig; no new table, so
 * no migration) and the MBTiles tiles it serves by URL:
 *   basemap/<version>/<z>/<x>/<y>   XYZ rows, the version changes with the file so caches let go.
 */
const META_KEY = 'basemap';
export const BASEMAP_PATH = /^basemap\/([0-9a-f]{12})\/(\d{1,2})\/(\d{1,8})\/(\d{1,8})$/;
const NONE: BasemapConfig = { kind: 'none' };

export function readBasemap(db: Db): BasemapConfig {
  const row = db.prepare('SELECT value FROM gwz_meta WHERE key = ?').get(META_KEY) as { value: string | null } | undefined;
  if (!row?.value) return NONE;
  try {
    const parsed = BasemapConfigSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : NONE;
  } catch {
    return NONE; // a hand-edited value that is not JSON: no basemap rather than no project
  }
}

/** One open MBTiles file for the whole engine: the basemap of the open project. */
let open: { file: MbtilesFile; version: string } | null = null;

function versionOf(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new GwzError('FILE_NOT_FOUND', `找不到底图文件：${path}`, `Basemap file not found: ${path}`, { path });
  }
  return createHash('sha256').update(`${path}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 12);
}

function mbtilesFor(file: string): { file: MbtilesFile; version: string } {
  const path = resolve(file);
  const version = versionOf(path);
  if (open && open.file.path === path && open.version === version) return open;
  releaseBasemap();
  open = { file: openMbtiles(path), version };
  return open;
}

/** Let go of the MBTiles file (project closed, basemap changed). */
export function releaseBasemap(): void {
  open?.file.close();
  open = null;
}

/** Online tiles go through the engine: the page's CSP allows images from the app only, and one place fetches. */
const xyzVersion = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 12);
const XYZ_TIMEOUT_MS = 10_000;

async function fetchXyz(template: string, z: number, x: number, y: number): Promise<{ bytes: Uint8Array; contentType: string } | null> {
  const url = template
    .replace('{z}', String(z))
    .replace('{x}', String(x))
    .replace('{-y}', String((1 << z) - 1 - y))
    .replace('{y}', String(y));
  const res = await fetch(url, { signal: AbortSignal.timeout(XYZ_TIMEOUT_MS) });
  const contentType = res.headers.get('content-type') ?? '';
  if (!res.ok || !contentType.startsWith('image/')) return null;
  return { bytes: new Uint8Array(await res.arrayBuffer()), contentType };
}

export function basemapState(project: Project): BasemapState {
  const basemap = readBasemap(project.db);
  if (basemap.kind === 'xyz') return { basemap, tileUrl: `basemap/${xyzVersion(basemap.url)}/{z}/{x}/{y}`, mbtiles: null };
  if (basemap.kind !== 'mbtiles') return { basemap, tileUrl: null, mbtiles: null };
  try {
    const { file, version } = mbtilesFor(basemap.path);
    return { basemap, tileUrl: `basemap/${version}/{z}/{x}/{y}`, mbtiles: file.info };
  } catch {
    // the file moved or went away since it was set: say so by serving nothing, keep the setting
    return { basemap, tileUrl: null, mbtiles: null };
  }
}

/** Checks the new basemap (the file opens, the layer is a raster) before it is stored, in one transaction. */
export function setBasemap(project: Project, config: BasemapConfig): BasemapState {
  project.assertWritable();
  if (config.kind === 'mbtiles') mbtilesFor(config.path);
  if (config.kind === 'layer') {
    const row = getLayerRow(project.db, config.layerId);
    if (row.kind !== 'raster') {
      throw new GwzError('BAD_INPUT', `图层「${row.name}」不是栅格图层，不能作底图`, `Layer "${row.name}" is not a raster and cannot be the basemap`, {
        layerId: config.layerId,
      });
    }
  }
  const stored = config.kind === 'mbtiles' ? { ...config, path: mbtilesFor(config.path).file.path } : config;
  inTransaction(project.db, () => {
    project.db.prepare('INSERT OR REPLACE INTO gwz_meta (key, value) VALUES (?, ?)').run(META_KEY, JSON.stringify(stored));
  });
  if (stored.kind !== 'mbtiles') releaseBasemap();
  return basemapState(project);
}

/** A basemap tile for the data URL, or null when the path is not a basemap path. */
export async function readBasemapData(project: Project | null, path: string): Promise<DataResponse | null> {
  const m = BASEMAP_PATH.exec(path);
  if (!m) return null;
  const notFound = (zh: string, en: string): DataResponse => ({
    status: 404,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: new GwzError('FILE_NOT_FOUND', zh, en, { path }).toData() }),
  });
  if (!project) return notFound('没有打开的工程', 'No project is open');
  const config = readBasemap(project.db);
  const [z, x, y] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (config.kind === 'xyz') {
    if (m[1] !== xyzVersion(config.url)) return notFound('底图已更换', 'The basemap has changed');
    let tile: Awaited<ReturnType<typeof fetchXyz>> = null;
    try {
      tile = await fetchXyz(config.url, z, x, y);
    } catch {
      tile = null; // offline, or the service is down: the map shows the other layers
    }
    if (!tile) return { ...notFound(`在线底图服务没有返回瓦片 ${z}/${x}/${y}`, `The online basemap service returned no tile at ${z}/${x}/${y}`), status: 502 };
    return { status: 200, contentType: tile.contentType, body: tile.bytes, headers: { 'cache-control': 'private, max-age=3600' } };
  }
  if (config.kind !== 'mbtiles') return notFound('工程没有瓦片底图', 'The project has no tiled basemap');
  const { file, version } = mbtilesFor(config.path);
  if (m[1] !== version) return notFound('底图已更换', 'The basemap has changed');
  const bytes = z <= 30 ? file.tile(z, x, y) : null;
  if (!bytes) return notFound(`此处没有底图瓦片 ${z}/${x}/${y}`, `No basemap tile at ${z}/${x}/${y}`);
  return {
    status: 200,
    contentType: mbtilesMime(file.info.format),
    body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    // the version in the path changes with the file, so a tile never changes under its URL
    headers: { 'cache-control': 'private, max-age=86400, immutable' },
  };
}
