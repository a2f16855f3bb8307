/**
 * dBASE field names hold at most 10 bytes in the DBF's encoding. GDAL would cut long or Chinese names
 * itself, mid-character in UTF-8 (3 bytes a hanzi) and with warnings only; we shorten on character
 * boundaries, keep names unique, and hand the mapping back so it is written beside the shapefile.
 */
export const DBF_NAME_BYTES = 10;

/** Bytes of a name in the DBF encoding: UTF-8 as TextEncoder counts; GBK (CP936) 1 for ASCII, 2 otherwise. */
export function nameBytes(name: string, encoding: 'UTF-8' | 'GBK'): number {
  if (encoding === 'UTF-8') return new TextEncoder().encode(name).length;
  let n = 0;
  for (const ch of name) n += ch.charCodeAt(0) < 0x80 ? 1 : 2;
  return n;
}

function cut(name: string, max: number, encoding: 'UTF-8' | 'GBK'): string {
  let out = '';
  for (const ch of name) {
    if (nameBytes(out + ch, encoding) > max) break;
    out += ch;
  }
  return out;
}

/** Shortened names, unique case-insensitively (DBF readers compare so), in input order. */
export function shapefileFieldNames(names: readonly string[], encoding: 'UTF-8' | 'GBK'): { field: string; exported: string }[] {
  const used = new Set<string>();
  return names.map((field) => {
    let exported = nameBytes(field, encoding) <= DBF_NAME_BYTES ? field : cut(field, DBF_NAME_BYTES, encoding);
    if (exported === '') exported = 'field';
    for (let i = 1; used.has(exported.toLowerCase()); i++) {
      const suffix = `_${i}`;
      exported = cut(field, DBF_NAME_BYTES - suffix.length, encoding) + suffix;
    }
    used.add(exported.toLowerCase());
    return { field, exported };
  });
}
