import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { GwzError } from '../../../../shared/api';
import { gdal } from '../../gdal';

/** Formats whose files are grids in disguise (gzip / zip) are opened through GDAL's virtual file systems. */
function gdalPath(path: string): string {
  if (/\.gz$/i.test(path) && !/\.tar\.gz$/i.test(path)) return `/vsigzip/${path}`;
  return path;
}

/**
 * Opens a raster source for import and refuses what cannot become a project layer, each with its
 * own message: an empty file, something GDAL does not read, a file without raster bands (a
 * vector), and a raster without georeferencing. The last is refused rather than imported with a
 * warning: placed at pixel coordinates it would sit near (0, 0) of a Gauss–Krüger project,
 * thousands of kilometres away, and look like a bug; a world file (.tfw/.pgw) fixes it.
 */
export async function openRasterSource(path: string): Promise<gdal.Dataset> {
  if (statSync(path).size === 0) {
    throw new GwzError('BAD_INPUT', `文件是空的（0 字节）：${basename(path)}`, `The file is empty (0 bytes): ${basename(path)}`, { path, reason: 'empty' });
  }
  const ds = await openAny(path);
  try {
    if (ds.bands.count() === 0) {
      throw new GwzError(
        'BAD_INPUT',
        `该文件不含栅格波段（可能是矢量数据，请用矢量导入）：${basename(path)}`,
        `The file has no raster bands (it may be vector data: use the vector import): ${basename(path)}`,
        { path, reason: 'no-bands', driver: ds.driver.description },
      );
    }
    if (!ds.geoTransform) {
      throw new GwzError(
        'BAD_INPUT',
        `栅格没有地理参考（没有坐标信息，也没有 .tfw/.pgw 等坐标文件），无法放到地图上：${basename(path)}`,
        `The raster has no georeferencing (no coordinates and no world file such as .tfw/.pgw), so it cannot be placed on the map: ${basename(path)}`,
        { path, reason: 'no-georeferencing', driver: ds.driver.description },
      );
    }
    if (ds.driver.description === 'AAIGrid' && !gdalPath(path).startsWith('/vsi')) checkAsciiCells(path);
    return ds;
  } catch (err) {
    ds.close();
    throw err;
  }
}

const ASCII_HEADER_KEYS = /^(ncols|nrows|xllcorner|yllcorner|xllcenter|yllcenter|cellsize|dx|dy|nodata_value)$/i;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * GDAL's ASCII grid reader turns a cell it cannot parse ("x", "九", "N/A") into 0 without a word,
 * which would put silent zeros into a DEM. Every cell token is checked here, in 1 MiB pieces so a
 * large grid is not held in memory; the first bad one is reported with its line.
 */
function checkAsciiCells(path: string): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    let carry = '';
    let line = 0;
    let inHeader = true;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      const text = carry + buf.toString('latin1', 0, n);
      // whole lines only; the cut-off last line waits for the next piece
      const cut = n === 0 ? text.length : text.lastIndexOf('\n') + 1;
      carry = text.slice(cut);
      const rows = text.slice(0, cut).split('\n');
      if (rows.at(-1) === '') rows.pop();
      for (const row of rows) {
        line++;
        const tokens = row.trim().split(/\s+/).filter(Boolean);
        if (inHeader && tokens.length > 0 && ASCII_HEADER_KEYS.test(tokens[0]!)) continue;
        inHeader = inHeader && tokens.length === 0;
        const bad = tokens.find((t) => !NUMBER.test(t) && !/^nan$/i.test(t));
        if (bad !== undefined) {
          const shown = Buffer.from(bad, 'latin1').toString('utf8');
          throw new GwzError(
            'BAD_INPUT',
            `ASCII 格网第 ${line} 行有不是数字的像元值“${shown}”（GDAL 会把它读成 0）：${basename(path)}`,
            `Line ${line} of the ASCII grid has a cell value that is not a number, "${shown}" (GDAL would read it as 0): ${basename(path)}`,
            { path, reason: 'ascii-cell', line, value: shown },
          );
        }
      }
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}

async function openAny(path: string): Promise<gdal.Dataset> {
  if (/\.zip$/i.test(path)) return openInZip(path);
  try {
    return await gdal.openAsync(gdalPath(path));
  } catch (err) {
    throw cannotRead(path, err);
  }
}

/** The first file inside a zip that GDAL opens as a raster. */
async function openInZip(path: string): Promise<gdal.Dataset> {
  let entries: string[];
  try {
    entries = gdal.fs.readDir(`/vsizip/${path}`);
  } catch (err) {
    throw new GwzError('BAD_INPUT', `无法读取该 zip 压缩包（文件损坏或不是 zip）：${basename(path)}`, `Cannot read this zip archive (damaged or not a zip): ${basename(path)}`, {
      path,
      reason: 'zip',
      gdal: err instanceof Error ? err.message : String(err),
    });
  }
  for (const entry of entries) {
    try {
      const ds = await gdal.openAsync(`/vsizip/${path}/${entry}`);
      if (ds.bands.count() > 0) return ds;
      ds.close();
    } catch {
      // not a raster: try the next entry
    }
  }
  throw new GwzError('BAD_INPUT', `zip 压缩包中没有可读的栅格：${basename(path)}`, `The zip archive holds no readable raster: ${basename(path)}`, {
    path,
    reason: 'zip-no-raster',
    entries,
  });
}

type Failure = { reason: string; zh: string; en: string };

/**
 * Why GDAL could not open a file, told from its extension and first bytes so the person knows what
 * to fix: a .tif that is no TIFF at all, a TIFF whose header is damaged or cut off, an ASCII grid
 * with a bad header, or a format GDAL does not read.
 */
function openFailure(path: string): Failure {
  const head = Buffer.alloc(4);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  const magic = head.toString('latin1');
  const isTiff = magic === 'II*\0' || magic === 'MM\0*' || magic === 'II+\0' || magic === 'MM\0+';
  const ext = extname(path).toLowerCase();
  if (isTiff) {
    return { reason: 'tiff-header', zh: 'TIFF 文件头或目录已损坏，或文件被截断', en: 'the TIFF header or directory is damaged, or the file was cut off' };
  }
  if (ext === '.tif' || ext === '.tiff') {
    return { reason: 'not-tiff', zh: '扩展名是 .tif，但内容不是 TIFF（可能是文本或其他格式）', en: 'it is named .tif but its content is not a TIFF (text or another format)' };
  }
  if (ext === '.asc' || ext === '.grd') {
    return { reason: 'ascii-header', zh: 'ASCII 格网的文件头无效（ncols/nrows/xllcorner/cellsize 等）', en: 'the ASCII grid header is invalid (ncols/nrows/xllcorner/cellsize…)' };
  }
  return { reason: 'unsupported', zh: 'GDAL 不支持其格式或文件已损坏', en: 'GDAL does not support its format or the file is damaged' };
}

export function cannotRead(path: string, err: unknown): GwzError {
  const f = openFailure(path);
  return new GwzError('BAD_INPUT', `无法读取该栅格：${f.zh}：${basename(path)}`, `Cannot read this raster: ${f.en}: ${basename(path)}`, {
    path,
    reason: f.reason,
    gdal: err instanceof Error ? err.message : String(err),
  });
}

/** The header opened but the cells could not be read: the usual sign of a cut-off file. */
export function cannotReadCells(path: string, err: unknown): GwzError {
  return new GwzError(
    'BAD_INPUT',
    `栅格的像元数据读取失败，文件可能被截断或行列数与文件头不符：${basename(path)}`,
    `The raster's cells cannot be read: the file may be cut off, or hold fewer rows/columns than its header says: ${basename(path)}`,
    { path, reason: 'cells', gdal: err instanceof Error ? err.message : String(err) },
  )
}
