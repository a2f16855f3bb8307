import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { GwzError, type MbtilesInfo } from '../../../shared/api';

/**
 * A user's MBTiles file (SQLite: `metadata` + `tiles`, rows in TMS order) opened read-only. Kept
 * open while it is the basemap: the map asks for dozens of tiles a second while panning.
 */
export interface MbtilesFile {
  path: string;
  info: MbtilesInfo;
  /** The tile bytes at XYZ z/x/y (row flipped to TMS), or null where the file has none. */
  tile(z: number, x: number, y: number): Buffer | null;
  close(): void;
}

const MIME = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' } as const;
export const mbtilesMime = (format: MbtilesInfo['format']): string => MIME[format];

function badMbtiles(path: string, reason_zh: string, reason_en: string): GwzError {
  return new GwzError('BAD_INPUT', `不是可用的 MBTiles 栅格瓦片文件：${path}（${reason_zh}）`, `Not a usable MBTiles raster tile file: ${path} (${reason_en})`, {
    path,
  });
}

/** Tile bytes say what they are whatever the metadata claims (some writers leave `format` out). */
function sniffFormat(bytes: Buffer | undefined): MbtilesInfo['format'] | null {
  if (!bytes || bytes.length < 12) return null;
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  return null;
}

export function openMbtiles(file: string): MbtilesFile {
  const path = resolve(file);
  if (!existsSync(path)) throw new GwzError('FILE_NOT_FOUND', `找不到文件：${path}`, `File not found: ${path}`, { path });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('query_only = ON');
  } catch (err) {
    throw badMbtiles(path, '无法作为 SQLite 打开', `cannot be opened as SQLite: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')").all() as { name: string }[]).map((r) => r.name),
    );
    if (!tables.has('tiles')) throw badMbtiles(path, '缺少 tiles 表', 'no tiles table');
    const meta = new Map<string, string>();
    if (tables.has('metadata')) {
      for (const r of db.prepare('SELECT name, value FROM metadata').all() as { name: string; value: string }[]) meta.set(r.name, r.value);
    }
    const range = db
      .prepare('SELECT MIN(zoom_level) minz, MAX(zoom_level) maxz, COUNT(*) n FROM tiles')
      .get() as { minz: number | null; maxz: number | null; n: number };
    if (range.n === 0 || range.minz === null || range.maxz === null) throw badMbtiles(path, '没有瓦片', 'no tiles');
    const first = db.prepare('SELECT tile_data FROM tiles LIMIT 1').get() as { tile_data: Buffer } | undefined;
    const declared = meta.get('format');
    const format = sniffFormat(first?.tile_data) ?? (declared === 'jpeg' ? 'jpg' : declared);
    if (format !== 'png' && format !== 'jpg' && format !== 'webp') {
      throw badMbtiles(path, `瓦片格式 ${declared ?? '未知'} 不是栅格图片（矢量瓦片 pbf 不能作底图）`, `tile format ${declared ?? 'unknown'} is not a raster image (vector pbf tiles cannot be a basemap)`);
    }
    const bounds = meta.get('bounds')?.split(',').map(Number);
    const info: MbtilesInfo = {
      name: meta.get('name') ?? path,
      format,
      minzoom: range.minz,
      maxzoom: range.maxz,
      bounds: bounds && bounds.length === 4 && bounds.every(Number.isFinite) ? (bounds as [number, number, number, number]) : null,
      tileCount: range.n,
    };
    const read = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?').pluck();
    return {
      path,
      info,
      tile(z, x, y) {
        const row = (1 << z) - 1 - y; // XYZ (row 0 at the north) → TMS (row 0 at the south)
        const bytes = read.get(z, x, row) as Buffer | undefined;
        return bytes ?? null;
      },
      close: () => db.close(),
    };
  } catch (err) {
    db.close();
    if (err instanceof GwzError) throw err;
    // better-sqlite3 opens any file; "file is not a database" comes with the first read
    throw badMbtiles(path, '无法作为 SQLite 读取', `cannot be read as SQLite: ${err instanceof Error ? err.message : String(err)}`);
  }
}
