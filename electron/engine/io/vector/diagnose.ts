import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { GwzError } from '../../../../shared/api';
import { sidecar } from './encoding';

/** Why a source cannot be imported, as `details.reason` of a BAD_INPUT error. */
export type BadSourceReason =
  | 'empty-file'
  | 'not-shapefile'
  | 'truncated-shapefile'
  | 'missing-shx'
  | 'missing-dbf'
  | 'html-not-kml'
  | 'not-geojson'
  | 'not-json'
  | 'zip-without-data'
  | 'not-dxf'
  | 'directory-without-data'
  | 'csv-delimiter'
  | 'corrupt-record'
  | 'utf16-text'
  | 'broken-xml'
  | 'not-geopackage'
  | 'damaged-zip'
  | 'unsupported-format';

const MESSAGES: Record<BadSourceReason, [string, string]> = {
  'empty-file': ['文件是空的（0 字节）', 'The file is empty (0 bytes)'],
  'not-shapefile': ['.shp 文件头不是 Shapefile 格式', 'The .shp header is not a shapefile header'],
  'truncated-shapefile': ['.shp 文件不完整（比文件头声明的短），可能复制或下载中断', 'The .shp is truncated (shorter than its header says); the copy or download was probably interrupted'],
  'missing-shx': [
    '缺少 .shx 索引文件，请把同名的 .shx 与 .shp 放在一起；找不到时可选“修复 Shapefile”（命令行 --repair-shapefile）由 .shp 重建索引',
    'The .shx index is missing; put the .shx of the same name next to the .shp, or choose "repair shapefile" (--repair-shapefile) to rebuild it from the .shp',
  ],
  'missing-dbf': [
    '缺少 .dbf 属性表文件，导入会丢失全部属性；请把同名的 .dbf 与 .shp 放在一起，或选“修复 Shapefile”（--repair-shapefile）只导入几何',
    'The .dbf attribute table is missing, so every attribute would be lost; put the .dbf of the same name next to the .shp, or choose "repair shapefile" (--repair-shapefile) to import the geometries only',
  ],
  'html-not-kml': ['该 .kml 实际是网页（HTML），可能是下载失败的错误页', 'This .kml is really a web page (HTML), probably the error page of a failed download'],
  'not-geojson': ['该 JSON 文件不是 GeoJSON（缺少 type/features/geometry 结构）', 'This JSON file is not GeoJSON (no type/features/geometry structure)'],
  'not-json': ['该文件不是有效的 JSON/GeoJSON 文本', 'This file is not valid JSON/GeoJSON text'],
  'zip-without-data': ['压缩包中没有可读取的矢量数据（如 .shp、.geojson、.kml）', 'The zip holds no readable vector data (such as .shp, .geojson, .kml)'],
  'not-dxf': ['该 .dxf 不是有效的 DXF 图形文件', 'This .dxf is not a valid DXF drawing'],
  'directory-without-data': ['该文件夹中没有可读取的矢量数据', 'The folder holds no readable vector data'],
  'csv-delimiter': ['CSV 只有一列，分隔符可能不是逗号（如分号或制表符）；请另存为逗号分隔', 'The CSV has a single column, so its delimiter is probably not a comma (e.g. a semicolon or tab); save it comma-separated'],
  'corrupt-record': ['文件中有损坏的记录（长度与内容不符），无法完整读取', 'A record in the file is corrupt (its length does not match its content), so the file cannot be read completely'],
  'utf16-text': ['文件是 UTF-16 编码（记事本“Unicode”另存），请另存为 UTF-8 后再导入', 'The file is UTF-16 text (Notepad "Unicode"); save it as UTF-8 and import again'],
  'broken-xml': ['XML 内容不完整或有语法错误（如下载中断），无法读取', 'The XML is incomplete or malformed (e.g. an interrupted download) and cannot be read'],
  'not-geopackage': ['该 .gpkg 不是 GeoPackage（SQLite）文件或已损坏', 'This .gpkg is not a GeoPackage (SQLite) file, or it is damaged'],
  'damaged-zip': ['压缩包已损坏或不完整（缺少目录），可能下载中断', 'The zip is damaged or incomplete (no central directory); the download was probably interrupted'],
  'unsupported-format': ['GDAL 不支持该文件格式或文件已损坏', 'GDAL does not support this file format, or the file is damaged'],
};

export function badSource(path: string, reason: BadSourceReason, extra: Record<string, unknown> = {}): GwzError {
  const [zh, en] = MESSAGES[reason];
  return new GwzError('BAD_INPUT', `${zh}：${basename(path)}`, `${en}: ${basename(path)}`, { path, reason, ...extra });
}

/**
 * Checks that find what GDAL would read wrongly or silently: run before GDAL opens the source. With
 * `repair`, a missing .shx or .dbf is the caller's to mend (open-shapefile repairs), not an error.
 */
export function checkBeforeOpen(path: string, repair = false): void {
  const st = statSync(path);
  if (st.isDirectory()) return;
  if (st.size === 0) throw badSource(path, 'empty-file');
  if (extname(path).toLowerCase() !== '.shp') return;
  const head = readHead(path, 100);
  if (head.length < 100 || head.readInt32BE(0) !== 9994) throw badSource(path, 'not-shapefile');
  const declared = head.readInt32BE(24) * 2; // the header counts 16-bit words
  if (st.size < declared) throw badSource(path, 'truncated-shapefile', { declaredBytes: declared, actualBytes: st.size });
  if (repair) return;
  if (!sidecar(path, 'shx')) throw badSource(path, 'missing-shx');
  if (!sidecar(path, 'dbf')) throw badSource(path, 'missing-dbf');
}

/**
 * Errors GDAL raises while reading records (not while opening), turned into the corrupt-record
 * reason; anything else is passed through unchanged. Used by preview and import alike.
 */
export function explainReadFailure(path: string, err: unknown): unknown {
  const message = err instanceof GwzError ? String((err.details as { gdal?: unknown } | undefined)?.gdal ?? '') : err instanceof Error ? err.message : String(err);
  return corruptRecord(path, message) ?? err;
}

/** GDAL's "Invalid length for entity 3": the record a shapefile reader stopped at, if that is what failed. */
function corruptRecord(path: string, gdalMessage: string): GwzError | null {
  const m = /Invalid length for entity (\d+)|Corrupted .* record (\d+)/i.exec(gdalMessage);
  if (!m) return null;
  const record = Number(m[1] ?? m[2]);
  const err = badSource(path, 'corrupt-record', { record, gdal: gdalMessage });
  return new GwzError(err.code, `${err.message_zh}（第 ${record} 条记录）`, `${err.message_en} (record ${record})`, err.details);
}

/** The most specific reason GDAL could not open a source. */
export function explainOpenFailure(path: string, gdalMessage: string): GwzError {
  const ext = extname(path).toLowerCase();
  const isDir = statSync(path).isDirectory();
  let reason: BadSourceReason = 'unsupported-format';
  const head = isDir ? Buffer.alloc(0) : readHead(path, 4096);
  if (isDir) reason = 'directory-without-data';
  else if (TEXT_FORMATS.has(ext) && isUtf16(head)) reason = 'utf16-text';
  else if (ext === '.zip' || ext === '.kmz') reason = isDamagedZip(path, head) ? 'damaged-zip' : 'zip-without-data';
  else if (ext === '.gpkg' && !head.subarray(0, 16).equals(Buffer.from('SQLite format 3\0', 'latin1'))) reason = 'not-geopackage';
  else if ((ext === '.kml' || ext === '.gml') && !/<html/i.test(head.toString('utf8')) && /parse error|not all elements|not well-formed/i.test(gdalMessage)) reason = 'broken-xml';
  else if (ext === '.dxf') reason = 'not-dxf';
  else if ((ext === '.csv' || ext === '.txt') && !readHead(path, 4096).toString('utf8').split('\n')[0]!.includes(',')) reason = 'csv-delimiter';
  else if (ext === '.kml' && /<html/i.test(readHead(path, 4096).toString('utf8'))) reason = 'html-not-kml';
  else if (ext === '.geojson' || ext === '.json') reason = isJson(path) ? 'not-geojson' : 'not-json';
  return badSource(path, reason, { gdal: gdalMessage });
}

const TEXT_FORMATS = new Set(['.geojson', '.json', '.csv', '.txt', '.kml', '.gml']);

/** A byte-order mark, or every other byte NUL in ASCII-range text: UTF-16 that GDAL reads as garbage. */
function isUtf16(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  if (head.length < 16) return false;
  let nulOdd = 0;
  for (let i = 1; i < head.length; i += 2) if (head[i] === 0) nulOdd++;
  return nulOdd > head.length / 2 - 2 && head[0] !== 0;
}

/** A zip that starts like one but has no end-of-central-directory record in its last 64 KiB. */
function isDamagedZip(path: string, head: Buffer): boolean {
  if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) return false;
  const size = statSync(path).size;
  const tailLen = Math.min(size, 65_557);
  const fd = openSync(path, 'r');
  try {
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    return tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) < 0;
  } finally {
    closeSync(fd);
  }
}

function isJson(path: string): boolean {
  try {
    JSON.parse(readHead(path, 1 << 20).toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

function readHead(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}
