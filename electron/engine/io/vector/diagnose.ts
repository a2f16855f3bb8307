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
  | 'unsupported-format';

const MESSAGES: Record<BadSourceReason, [string, string]> = {
  'empty-file': ['文件是空的（0 字节）', 'The file is empty (0 bytes)'],
  'not-shapefile': ['.shp 文件头不是 Shapefile 格式', 'The .shp header is not a shapefile header'],
  'truncated-shapefile': ['.shp 文件不完整（比文件头声明的短），可能复制或下载中断', 'The .shp is truncated (shorter than its header says); the copy or download was probably interrupted'],
  'missing-shx': ['缺少 .shx 索引文件，请把同名的 .shx 与 .shp 放在一起', 'The .shx index is missing; put the .shx of the same name next to the .shp'],
  'missing-dbf': ['缺少 .dbf 属性表文件，导入会丢失全部属性；请把同名的 .dbf 与 .shp 放在一起', 'The .dbf attribute table is missing, so every attribute would be lost; put the .dbf of the same name next to the .shp'],
  'html-not-kml': ['该 .kml 实际是网页（HTML），可能是下载失败的错误页', 'This .kml is really a web page (HTML), probably the error page of a failed download'],
  'not-geojson': ['该 JSON 文件不是 GeoJSON（缺少 type/features/geometry 结构）', 'This JSON file is not GeoJSON (no type/features/geometry structure)'],
  'not-json': ['该文件不是有效的 JSON/GeoJSON 文本', 'This file is not valid JSON/GeoJSON text'],
  'zip-without-data': ['压缩包中没有可读取的矢量数据（如 .shp、.geojson、.kml）', 'The zip holds no readable vector data (such as .shp, .geojson, .kml)'],
  'not-dxf': ['该 .dxf 不是有效的 DXF 图形文件', 'This .dxf is not a valid DXF drawing'],
  'directory-without-data': ['该文件夹中没有可读取的矢量数据', 'The folder holds no readable vector data'],
  'csv-delimiter': ['CSV 只有一列，分隔符可能不是逗号（如分号或制表符）；请另存为逗号分隔', 'The CSV has a single column, so its delimiter is probably not a comma (e.g. a semicolon or tab); save it comma-separated'],
  'unsupported-format': ['GDAL 不支持该文件格式或文件已损坏', 'GDAL does not support this file format, or the file is damaged'],
};

export function badSource(path: string, reason: BadSourceReason, extra: Record<string, unknown> = {}): GwzError {
  const [zh, en] = MESSAGES[reason];
  return new GwzError('BAD_INPUT', `${zh}：${basename(path)}`, `${en}: ${basename(path)}`, { path, reason, ...extra });
}

/** Checks that find what GDAL would read wrongly or silently: run before GDAL opens the source. */
export function checkBeforeOpen(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) return;
  if (st.size === 0) throw badSource(path, 'empty-file');
  if (extname(path).toLowerCase() !== '.shp') return;
  const head = readHead(path, 100);
  if (head.length < 100 || head.readInt32BE(0) !== 9994) throw badSource(path, 'not-shapefile');
  const declared = head.readInt32BE(24) * 2; // the header counts 16-bit words
  if (st.size < declared) throw badSource(path, 'truncated-shapefile', { declaredBytes: declared, actualBytes: st.size });
  if (!sidecar(path, 'shx')) throw badSource(path, 'missing-shx');
  if (!sidecar(path, 'dbf')) throw badSource(path, 'missing-dbf');
}

/** The most specific reason GDAL could not open a source. */
export function explainOpenFailure(path: string, gdalMessage: string): GwzError {
  const ext = extname(path).toLowerCase();
  const isDir = statSync(path).isDirectory();
  let reason: BadSourceReason = 'unsupported-format';
  if (isDir) reason = 'directory-without-data';
  else if (ext === '.zip' || ext === '.kmz') reason = 'zip-without-data';
  else if (ext === '.dxf') reason = 'not-dxf';
  else if ((ext === '.csv' || ext === '.txt') && !readHead(path, 4096).toString('utf8').split('\n')[0]!.includes(',')) reason = 'csv-delimiter';
  else if (ext === '.kml' && /<html/i.test(readHead(path, 4096).toString('utf8'))) reason = 'html-not-kml';
  else if (ext === '.geojson' || ext === '.json') reason = isJson(path) ? 'not-geojson' : 'not-json';
  return badSource(path, reason, { gdal: gdalMessage });
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
