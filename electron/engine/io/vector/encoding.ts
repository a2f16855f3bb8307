import { existsSync, openSync, readFileSync, readSync, closeSync, fstatSync } from 'node:fs';

/** Where the encoding of a shapefile's DBF came from, strongest hint first. */
export type EncodingSource = 'cpg' | 'ldid' | 'detected' | 'utf8-default';

export interface DbfEncoding {
  /** GDAL's name for it (the shapefile driver's ENCODING open option), e.g. "CP936", "UTF-8". */
  detected: string;
  source: EncodingSource;
  /** Encodings under which the DBF's text decodes without error, most likely first. */
  candidates: string[];
}

/** Largest slice of the DBF read for detection: enough rows to meet non-ASCII text, bounded memory. */
const SAMPLE_BYTES = 512 * 1024;

/** DBF language-driver IDs (byte 29) → code page, after ESRI's table (the ones seen in practice). */
const LDID: Record<number, string> = {
  0x01: 'CP437',
  0x02: 'CP850',
  0x03: 'CP1252',
  0x57: 'CP1252',
  0x13: 'CP932',
  0x7b: 'CP932',
  0x4d: 'CP936',
  0x7a: 'CP936',
  0x4e: 'CP949',
  0x79: 'CP949',
  0x4f: 'CP950',
  0x78: 'CP950',
  0x64: 'CP852',
  0x65: 'CP866',
  0xc8: 'CP1250',
  0xc9: 'CP1251',
  0xcb: 'CP1253',
};

/** GDAL encoding name → WHATWG TextDecoder label, for decoding sample bytes here. */
const DECODER_LABEL: Record<string, string> = {
  'UTF-8': 'utf-8',
  CP936: 'gbk',
  GB18030: 'gb18030',
  CP1252: 'windows-1252',
  'ISO-8859-1': 'windows-1252',
  CP950: 'big5',
  CP932: 'shift_jis',
  CP949: 'euc-kr',
  CP1250: 'windows-1250',
  CP1251: 'windows-1251',
  CP1253: 'windows-1253',
  CP866: 'ibm866',
};

/**
 * Normalises what people and .cpg files write ("936", "cp936", "GBK", "65001", "utf8"…) to the name
 * GDAL's shapefile driver takes. Unknown names pass through upper-cased: GDAL's iconv may know them.
 */
export function normaliseEncoding(name: string): string {
  const t = name.trim().toUpperCase().replace(/\s+/g, '');
  if (/^(UTF-?8|65001)$/.test(t)) return 'UTF-8';
  if (/^(936|CP936|GBK|GB2312|EUC-CN|MS936|WINDOWS-936|ANSI936)$/.test(t)) return 'CP936';
  if (/^(GB18030|54936)$/.test(t)) return 'GB18030';
  if (/^(1252|CP1252|WINDOWS-1252)$/.test(t)) return 'CP1252';
  if (/^(8859_1|ISO-?8859-1|LATIN1|28591)$/.test(t)) return 'ISO-8859-1';
  if (/^\d+$/.test(t)) return `CP${t}`;
  return t;
}

export function decoderLabel(encoding: string): string | null {
  return DECODER_LABEL[normaliseEncoding(encoding)] ?? null;
}

/** Decodes bytes as a GDAL-named encoding; latin1 when the encoding has no WHATWG decoder. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  const label = decoderLabel(encoding);
  return label ? new TextDecoder(label).decode(bytes) : Buffer.from(bytes).toString('latin1');
}

/** The sidecar with a given extension next to a shapefile, in either letter case. */
export function sidecar(shpPath: string, ext: string): string | null {
  const stem = shpPath.replace(/\.[^./\\]+$/, '');
  for (const candidate of [`${stem}.${ext.toLowerCase()}`, `${stem}.${ext.toUpperCase()}`]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * The encoding of a shapefile's attribute table: .cpg, then the DBF language-driver byte, then
 * detection on the DBF's text bytes. Null when there is no DBF to read.
 */
export function detectShapefileEncoding(shpPath: string): DbfEncoding | null {
  const dbf = sidecar(shpPath, 'dbf');
  if (!dbf) return null;
  const sample = readDbfText(dbf);
  const candidates = decodingCandidates(sample.text);
  const cpg = sidecar(shpPath, 'cpg');
  if (cpg) {
    const declared = readFileSync(cpg, 'latin1').trim();
    if (declared) return { detected: normaliseEncoding(declared), source: 'cpg', candidates };
  }
  const fromLdid = LDID[sample.ldid];
  if (fromLdid) return { detected: fromLdid, source: 'ldid', candidates };
  return { ...detectEncoding(sample.text), candidates };
}

/**
 * Detection among UTF-8, GBK and Windows-1252. Valid UTF-8 carrying multibyte sequences is almost
 * never GBK text by accident; GBK that decodes strictly and yields CJK characters is next; anything
 * else non-ASCII is taken for Western European.
 */
export function detectEncoding(text: Uint8Array): { detected: string; source: EncodingSource } {
  if (!text.some((b) => b >= 0x80)) return { detected: 'UTF-8', source: 'utf8-default' };
  if (strictDecode(text, 'utf-8') !== null) return { detected: 'UTF-8', source: 'detected' };
  const gbk = strictDecode(text, 'gb18030');
  if (gbk !== null && cjkShare(gbk) > 0.5) return { detected: 'CP936', source: 'detected' };
  return { detected: 'CP1252', source: 'detected' };
}

function decodingCandidates(text: Uint8Array): string[] {
  const out: string[] = [];
  if (strictDecode(text, 'utf-8') !== null) out.push('UTF-8');
  const gbk = strictDecode(text, 'gb18030');
  if (gbk !== null && (cjkShare(gbk) > 0.5 || !text.some((b) => b >= 0x80))) out.push('CP936');
  out.push('CP1252'); // every byte decodes in Windows-1252
  return out;
}

function strictDecode(bytes: Uint8Array, label: string): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Share of CJK characters among the non-ASCII characters of a decoded text. */
function cjkShare(text: string): number {
  let nonAscii = 0;
  let cjk = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    nonAscii++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3400 && c <= 0x4dbf)) cjk++;
  }
  return nonAscii === 0 ? 0 : cjk / nonAscii;
}

/**
 * The LDID byte and the DBF bytes that hold text: field names and records, without the binary header
 * fields. Each field name and each record is kept apart by a NUL-free separator (a space), so a
 * multibyte sequence is never glued across a boundary.
 */
function readDbfText(dbfPath: string): { ldid: number; text: Uint8Array } {
  const fd = openSync(dbfPath, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    readSync(fd, buf, 0, buf.length, 0);
    if (buf.length < 32) return { ldid: 0, text: new Uint8Array() };
    const ldid = buf[29]!;
    const headerLength = buf.readUInt16LE(8);
    const recordLength = buf.readUInt16LE(10);
    const parts: Buffer[] = [];
    for (let off = 32; off + 32 <= Math.min(headerLength, buf.length) && buf[off] !== 0x0d; off += 32) {
      const name = buf.subarray(off, off + 11);
      const end = name.indexOf(0);
      parts.push(end < 0 ? name : name.subarray(0, end), Buffer.from(' '));
    }
    if (recordLength > 0) {
      for (let off = headerLength; off + recordLength <= buf.length; off += recordLength) {
        parts.push(buf.subarray(off + 1, off + recordLength), Buffer.from(' ')); // byte 0 is the deletion flag
      }
    }
    return { ldid, text: new Uint8Array(Buffer.concat(parts)) };
  } finally {
    closeSync(fd);
  }
}
