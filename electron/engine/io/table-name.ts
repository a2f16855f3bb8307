/**
 * SQL table names for layers: an ASCII slug of the display name plus the layer id, so the name is
 * unique, safe in any SQL tool and readable in QGIS; the Chinese display name lives in gwz_layers.
 */
export function layerTableName(displayName: string, id: number): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents off: "Ü" → "u"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  const base = slug.length === 0 ? 'layer' : /^[a-z]/.test(slug) ? slug : `l_${slug}`;
  return `${base}_${id}`;
}

/**
 * Column names for source fields: original names (Chinese included) kept, except the engine's own
 * columns and case-insensitive duplicates, which SQLite would reject, get a numeric suffix.
 */
export function columnNames(sourceNames: string[], reserved: string[]): string[] {
  const taken = new Set(reserved.map((r) => r.toLowerCase()));
  return sourceNames.map((raw, i) => {
    const base = raw.trim().length > 0 ? raw.trim() : `field_${i + 1}`;
    let name = base;
    for (let n = 1; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    return name;
  });
}
