import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { GwzError } from '../../../../shared/api';
import { gdal } from '../../gdal';

export interface TableRow {
  /** Line number a person sees in Excel or an editor (the header row is 1). */
  row: number;
  values: string[];
}

export interface Table {
  /** Text encoding of a CSV as found ("UTF-8", or "GB18030" for files saved by Chinese Excel); null for workbooks. */
  encoding: string | null;
  headers: string[];
  rows: TableRow[];
  sheet: string | null;
  sheets: string[];
}

export interface ReadTableOptions {
  sheet?: string;
  delimiter?: string;
}

const SEPARATOR: Record<string, string> = { ',': 'COMMA', ';': 'SEMICOLON', '\t': 'TAB', ' ': 'SPACE', '|': 'PIPE' };

/**
 * Reads a CSV or spreadsheet through GDAL (CSV, XLSX, ODS, and the DBF of a shapefile) as text cells,
 * so "<0.02", "ND" and codes with leading zeros arrive as written. Open options need the synchronous
 * open (gdal-async's openAsync drops them); only headers are read there.
 */
export function readTable(path: string, options: ReadTableOptions = {}): Table {
  if (!existsSync(path)) throw new GwzError('FILE_NOT_FOUND', `找不到文件：${path}`, `File not found: ${path}`, { path });
  const ext = extname(path).toLowerCase();
  let ds: gdal.Dataset;
  let restore = (): void => undefined;
  let encoding: string | null = isText(ext) ? 'UTF-8' : null;
  let source = path;
  try {
    if (isText(ext)) {
      const copy = utf8Copy(path);
      if (copy) {
        encoding = copy.encoding;
        source = copy.vsi;
        restore = () => gdal.vsimem.release(copy.vsi);
      }
      const opts = ['HEADERS=YES', 'AUTODETECT_TYPE=NO', 'EMPTY_STRING_AS_NULL=YES'];
      if (options.delimiter !== undefined && csvHasSeparatorOption()) opts.push(`SEPARATOR=${SEPARATOR[options.delimiter] ?? 'AUTO'}`);
      ds = gdal.drivers.get('CSV').open(`CSV:${source}`, 'r', opts);
    } else if (ext === '.xlsx' || ext === '.xls' || ext === '.ods') {
      const driver = ext === '.ods' ? 'ODS' : 'XLSX';
      if (ext === '.xls') throw new Error('legacy .xls');
      // GDAL 3.6 reads these as configuration options only; the header row is parsed at first layer
      // access, so they stay set until the table is read (synchronously, below).
      restore = withConfig({ [`OGR_${driver}_HEADERS`]: 'FORCE', [`OGR_${driver}_FIELD_TYPES`]: 'STRING' });
      ds = gdal.drivers.get(driver).open(path, 'r', ['HEADERS=FORCE', 'FIELD_TYPES=STRING']);
    } else {
      ds = gdal.open(path);
    }
  } catch (err) {
    restore();
    if (err instanceof GwzError) throw err;
    if (isText(ext)) checkDelimiter(path, [], options.delimiter);
    throw cannotRead(path, err);
  }
  try {
    const sheets = ds.layers.map((l) => l.name);
    if (sheets.length === 0) throw emptyTable(path);
    if (options.sheet !== undefined && !sheets.includes(options.sheet)) {
      throw new GwzError(
        'BAD_INPUT',
        `工作簿中没有工作表“${options.sheet}”，可用：${sheets.join('、')}`,
        `No sheet "${options.sheet}" in the workbook; available: ${sheets.join(', ')}`,
        { path, sheet: options.sheet, available: sheets },
      );
    }
    const layer = ds.layers.get(options.sheet ?? sheets[0]!);
    const headers = layer.fields.getNames();
    const rows: TableRow[] = [];
    let line = 1;
    for (let f = layer.features.first(); f; f = layer.features.next()) {
      line++;
      const values = headers.map((_, i) => cellText(f.fields.get(i)));
      if (values.every((v) => v === '')) continue; // blank lines and trailing spreadsheet rows
      rows.push({ row: line, values });
    }
    const sheet = ext === '.xlsx' || ext === '.ods' ? layer.name : null;
    if (headers.length === 0) throw emptyTable(path);
    checkHeaders(path, headers, rows);
    if (isText(ext)) checkDelimiter(path, headers, options.delimiter);
    return { encoding, headers, rows, sheet, sheets };
  } finally {
    ds.close();
    restore();
  }
}

/**
 * GDAL's CSV driver passes bytes through as UTF-8. A CSV saved by Excel on Chinese Windows is
 * GB18030/GBK, and Notepad's "Unicode" is UTF-16 with a byte-order mark: such a file is transcoded
 * into an in-memory UTF-8 copy that GDAL reads instead. NUL bytes in anything else mean it is not
 * text at all (GDAL would report one garbled column, read as a delimiter problem).
 */
function utf8Copy(path: string): { vsi: string; encoding: string } | null {
  const bytes = readFileSync(path);
  let encoding: string | null = null;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'UTF-16LE';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'UTF-16BE';
  else if (bytes.subarray(0, 4096).includes(0)) {
    throw new GwzError(
      'BAD_INPUT',
      `该文件不是文本表格（含二进制数据），请在 Excel 中另存为 CSV（UTF-8）或 XLSX：${basename(path)}`,
      `The file is not a text table (it holds binary data); save it from Excel as CSV (UTF-8) or XLSX: ${basename(path)}`,
      { path, reason: 'binary' },
    );
  } else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      return null;
    } catch {
      encoding = 'GB18030';
    }
  }
  const vsi = `/vsimem/gwz-table-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.csv`;
  gdal.vsimem.copy(Buffer.from(new TextDecoder(encoding.toLowerCase()).decode(bytes).replace(/^\ufeff/, ''), 'utf8'), vsi);
  return { vsi, encoding };
}

/** Sets GDAL configuration options and returns what puts the previous values back. */
function withConfig(values: Record<string, string>): () => void {
  const previous = Object.keys(values).map((k) => [k, gdal.config.get(k)] as const);
  for (const [k, v] of Object.entries(values)) gdal.config.set(k, v);
  return () => {
    for (const [k, v] of previous) gdal.config.set(k, v);
  };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'object' && 'year' in v && 'month' in v && 'day' in v) {
    const d = v as { year: number; month: number; day: number };
    return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
  }
  return String(v);
}

/**
 * Headers GDAL had to invent ("Field2") over columns that hold data mean empty header cells,
 * typically what is left of merged cells. Wholly empty columns (trailing commas) and one unnamed
 * leading index column (pandas' to_csv) are harmless.
 */
function checkHeaders(path: string, headers: string[], rows: TableRow[]): void {
  const unnamed = headers
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => /^field_?\d+$/i.test(h) && rows.some((r) => r.values[i] !== ''))
    .filter(({ i }, _, all) => !(i === 0 && all.length === 1 && headers.length > 1));
  if (unnamed.length > 0) {
    throw new GwzError(
      'BAD_INPUT',
      `表头有空单元格（常见于合并单元格或多行表头）：${basename(path)}。请让第一行每列都有列名，不要合并单元格。`,
      `The header row has empty cells (typically merged cells or a multi-row header): ${basename(path)}. Give every column a name in the first row and do not merge cells.`,
      { path, headers, columns: unnamed.map((u) => u.i + 1) },
    );
  }
}

/**
 * GDAL before 3.8 has no SEPARATOR open option: it detects comma, semicolon, tab and space from the
 * header line and cannot read other delimiters. So the header line (only that) is looked at to tell
 * the user which delimiter the file seems to use when GDAL's split disagrees with theirs or fails.
 */
function checkDelimiter(path: string, headers: string[], delimiter: string | undefined): void {
  const line = firstLine(path);
  if (line === '') return;
  const counts = [',', ';', '\t', '|'].map((d) => [d, line.split(d).length - 1] as const).sort((a, b) => b[1] - a[1]);
  const likely = counts[0]![1] > 0 ? counts[0]![0] : null;
  const givenSplits = delimiter === undefined ? null : line.split(delimiter).length;
  const wrongGiven = delimiter !== undefined && givenSplits !== null && (givenSplits < 2 || (headers.length > 0 && headers.length !== givenSplits));
  if (headers.length > 1 && !wrongGiven) return;
  const shown = (d: string | null): string => (d === '\t' ? 'TAB' : (d ?? ''));
  const unreadable = likely !== null && !csvHasSeparatorOption() && !['\t', ',', ';'].includes(likely);
  throw new GwzError(
    'BAD_INPUT',
    likely
      ? `无法按${delimiter === undefined ? '自动识别的' : `指定的“${shown(delimiter)}”`}分隔符分列，文件似乎用“${shown(likely)}”分隔：${basename(path)}。` +
          (unreadable ? '当前 GDAL 版本不支持该分隔符，请另存为逗号分隔的 CSV 或 XLSX。' : '请指定正确的分隔符（--delimiter）。')
      : `只识别出一列，无法分列：${basename(path)}。请检查分隔符（--delimiter）。`,
    likely
      ? `Cannot split the rows by the ${delimiter === undefined ? 'detected' : `given "${shown(delimiter)}"`} delimiter; the file seems to be delimited by "${shown(likely)}": ${basename(path)}. ` +
          (unreadable ? 'This GDAL version cannot read that delimiter: save the file as comma-separated CSV or as XLSX.' : 'Give the right delimiter (--delimiter).')
      : `Only one column was found; the rows cannot be split: ${basename(path)}. Check the delimiter (--delimiter).`,
    { path, header: line, suggestedDelimiter: likely },
  );
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const head = buf.subarray(0, n);
    const utf16 = head[0] === 0xff && head[1] === 0xfe ? 'utf-16le' : head[0] === 0xfe && head[1] === 0xff ? 'utf-16be' : null;
    const text = utf16 ? new TextDecoder(utf16).decode(head) : head.toString('utf8');
    return text.replace(/^\ufeff/, '').split(/\r?\n/)[0] ?? '';
  } finally {
    closeSync(fd);
  }
}

function isText(ext: string): boolean {
  return ext === '.csv' || ext === '.txt' || ext === '.tsv';
}

let separatorOption: boolean | undefined;
function csvHasSeparatorOption(): boolean {
  if (separatorOption === undefined) {
    separatorOption = String(gdal.drivers.get('CSV').getMetadata().DMD_OPENOPTIONLIST ?? '').includes("name='SEPARATOR'");
  }
  return separatorOption;
}

function emptyTable(path: string): GwzError {
  return new GwzError('BAD_INPUT', `文件是空的，没有表头：${basename(path)}`, `The file is empty; it has no header row: ${basename(path)}`, { path });
}

function cannotRead(path: string, err: unknown): GwzError {
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size === 0) return emptyTable(path);
  return new GwzError(
    'BAD_INPUT',
    `无法读取表格，文件不是有效的 CSV/XLSX 或已损坏：${basename(path)}`,
    `Cannot read the table: the file is not a valid CSV/XLSX or it is damaged: ${basename(path)}`,
    { path, gdal: err instanceof Error ? err.message : String(err) },
  );
}
