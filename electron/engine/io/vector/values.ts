/** OGR field values as SQLite and JSON see them: dates become ISO text, lists JSON. */
export type SqlValue = string | number | bigint | Buffer | null;

export function sqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return value;
  if (isOgrDate(value)) return ogrDateText(value);
  return JSON.stringify(value);
}

/** The same for a preview row sent over JSON: bigints as numbers when exact, blobs as a size note. */
export function jsonValue(value: unknown): string | number | boolean | null {
  const v = sqlValue(value);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  return v;
}

interface OgrDate {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

function isOgrDate(v: unknown): v is OgrDate {
  return typeof v === 'object' && v !== null && 'year' in v && 'month' in v && 'day' in v;
}

function ogrDateText(d: OgrDate): string {
  const p = (n: number, w = 2): string => String(Math.trunc(n)).padStart(w, '0');
  const date = `${p(d.year, 4)}-${p(d.month)}-${p(d.day)}`;
  if (d.hour === undefined) return date;
  return `${date}T${p(d.hour)}:${p(d.minute ?? 0)}:${p(d.second ?? 0)}`;
}

/** The SQLite column type for an OGR field type. */
export function sqlType(ogrType: string): string {
  if (ogrType === 'integer' || ogrType === 'integer64') return 'INTEGER';
  if (ogrType === 'real') return 'REAL';
  if (ogrType === 'binary') return 'BLOB';
  return 'TEXT'; // strings, dates and times (ISO text), lists (JSON)
}
