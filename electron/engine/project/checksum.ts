import { createHash } from 'node:crypto';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from './layers';
import { quoteIdent, type Db } from './spatialite';

const PAGE = 1000;

/**
 * sha256 over a layer's rows in fid order: each row's attributes as JSON (column order of the table)
 * then its geometry as WKB. Independent of file layout, page size or vacuuming, so the same data
 * always gives the same hash — the input checksum recorded in provenance.
 *
 * Reads in fid pages and yields between them so a large layer does not freeze the event loop.
 */
export async function layerChecksum(
  db: Db,
  layer: LayerRow,
  onPage: (rowsDone: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<{ featureCount: number; sha256: string }> {
  const table = quoteIdent(layer.table_name);
  const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    // A raster's view row carries its layer id as fid: leave it out, so the same raster stored twice
    // (a re-run) has the same checksum.
    .filter((c) => c !== GEOMETRY_COLUMN && !(layer.kind === 'raster' && c === FID_COLUMN));
  const hasGeom = layer.kind === 'vector';
  const select = [`${quoteIdent(FID_COLUMN)} AS "__fid"`, ...columns.map(quoteIdent), hasGeom ? `AsBinary(${quoteIdent(GEOMETRY_COLUMN)}) AS "__wkb"` : 'NULL AS "__wkb"'];
  const page = db.prepare(
    `SELECT ${select.join(', ')} FROM ${table} WHERE ${quoteIdent(FID_COLUMN)} > ? ORDER BY ${quoteIdent(FID_COLUMN)} LIMIT ${PAGE}`,
  );
  const hash = createHash('sha256');
  let last = -Infinity;
  let count = 0;
  for (;;) {
    signal?.throwIfAborted();
    const rows = page.all(last) as Record<string, unknown>[];
    for (const row of rows) {
      const attrs = columns.map((c) => encodeValue(row[c]));
      hash.update(JSON.stringify(attrs));
      hash.update('\n');
      const wkb = row.__wkb;
      if (Buffer.isBuffer(wkb)) hash.update(wkb);
      hash.update('\n');
      last = Number(row.__fid);
      count++;
    }
    onPage(count);
    if (rows.length < PAGE) break;
    await new Promise<void>((r) => setImmediate(r));
  }
  return { featureCount: count, sha256: hash.digest('hex') };
}

function encodeValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { hex: v.toString('hex') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}
