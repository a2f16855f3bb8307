import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from './layers';
import { quoteIdent, type Db } from './spatialite';

export type Bbox = [number, number, number, number];

/**
 * A layer's features as a GeoJSON FeatureCollection in project coordinates. With a bbox only the
 * features whose bounding box meets it are read, through the layer's R*Tree spatial index.
 * Coordinates: 3 decimals (mm) for projected CRSs, 9 (≈0.1 mm) for lon/lat.
 */
export function featuresGeoJson(db: Db, layer: LayerRow, bbox: Bbox | null, geographic: boolean): string {
  const table = quoteIdent(layer.table_name);
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const fid = quoteIdent(FID_COLUMN);
  const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c !== GEOMETRY_COLUMN && c !== FID_COLUMN);
  const precision = geographic ? 9 : 3;
  const select = `SELECT ${fid} AS "__fid", ${columns.map(quoteIdent).join(', ')}${columns.length ? ', ' : ''}AsGeoJSON(${geom}, ${precision}) AS "__geojson" FROM ${table}`;
  let rows: Record<string, unknown>[];
  if (bbox) {
    const index = quoteIdent(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
    rows = db
      .prepare(
        `${select} WHERE ${fid} IN (SELECT pkid FROM ${index} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?) ORDER BY ${fid}`,
      )
      .all(bbox[2], bbox[0], bbox[3], bbox[1]) as Record<string, unknown>[];
  } else {
    rows = db.prepare(`${select} ORDER BY ${fid}`).all() as Record<string, unknown>[];
  }
  const features = rows.map((row) => {
    const properties: Record<string, unknown> = {};
    for (const c of columns) properties[c] = jsonValue(row[c]);
    const geometry = typeof row.__geojson === 'string' ? row.__geojson : 'null';
    return `{"type":"Feature","id":${Number(row.__fid)},"properties":${JSON.stringify(properties)},"geometry":${geometry}}`;
  });
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}

function jsonValue(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return v.toString();
  return v;
}

/** "minx,miny,maxx,maxy" → numbers, or null when absent; throws on a malformed value. */
export function parseBbox(value: string | null): Bbox | null {
  if (value === null || value === '') return null;
  const parts = value.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) throw new Error(`bad bbox: ${value}`);
  const [minx, miny, maxx, maxy] = parts as Bbox;
  if (minx > maxx || miny > maxy) throw new Error(`bad bbox: ${value}`);
  return [minx, miny, maxx, maxy];
}
