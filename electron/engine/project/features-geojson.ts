import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from './layers';
import { quoteIdent, type Db } from './spatialite';

export type Bbox = [number, number, number, number];

export interface FeatureQuery {
  /**
   * Map units per screen pixel the features are drawn at: lines and polygons are simplified to a
   * quarter of it (invisible on screen), which is what keeps a province of polygons light to load.
   */
  resolution?: number | null;
  /** Only these attributes (what the style reads); all of them when absent. */
  fields?: readonly string[] | null;
}

/** Geometries with fewer vertices than this are sent as they are: simplifying them saves nothing. */
const SIMPLIFY_MIN_POINTS = 32;

/**
 * A layer's features as a GeoJSON FeatureCollection in project coordinates. With a bbox only the
 * features whose bounding box meets it are read, through the layer's R*Tree spatial index.
 * Coordinates: 3 decimals (mm) for projected CRSs, 9 (≈0.1 mm) for lon/lat, or fewer when a
 * resolution says the map cannot show them.
 */
export function featuresGeoJson(db: Db, layer: LayerRow, bbox: Bbox | null, geographic: boolean, query: FeatureQuery = {}): string {
  const table = quoteIdent(layer.table_name);
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const fid = quoteIdent(FID_COLUMN);
  const all = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c !== GEOMETRY_COLUMN && c !== FID_COLUMN);
  const columns = query.fields ? all.filter((c) => query.fields!.includes(c)) : all;
  const resolution = query.resolution && Number.isFinite(query.resolution) && query.resolution > 0 ? query.resolution : null;
  // a tenth of a pixel is the finest place worth sending; never 0 decimals: SpatiaLite 5.0's
  // AsGeoJSON then trims the zeros of whole numbers too (3130700 → 31307)
  const precision = resolution ? Math.max(1, Math.min(geographic ? 9 : 3, Math.ceil(-Math.log10(resolution / 10)))) : geographic ? 9 : 3;
  const shape = resolution && !/POINT/i.test(layer.geometry_type ?? '')
    ? `CASE WHEN ST_NPoints(${geom}) > ${SIMPLIFY_MIN_POINTS} THEN COALESCE(SimplifyPreserveTopology(${geom}, ${resolution / 4}), ${geom}) ELSE ${geom} END`
    : geom;
  const big = shape === geom ? '0' : `ST_NPoints(${geom}) > ${SIMPLIFY_MIN_POINTS}`;
  const select = `SELECT ${fid} AS "__fid", ${columns.map(quoteIdent).join(', ')}${columns.length ? ', ' : ''}AsGeoJSON(${shape}, ${precision}) AS "__geojson", ${big} AS "__big" FROM ${table}`;
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
  let simplified = 0;
  const features = rows.map((row) => {
    if (row.__big) simplified++;
    const properties: Record<string, unknown> = {};
    for (const c of columns) properties[c] = jsonValue(row[c]);
    const geometry = typeof row.__geojson === 'string' ? row.__geojson : 'null';
    return `{"type":"Feature","id":${Number(row.__fid)},"properties":${JSON.stringify(properties)},"geometry":${geometry}}`;
  });
  // "gwz" is a foreign member (RFC 7946 §6.1): GeoJSON readers skip it; the map learns from it that
  // zooming in should read the simplified geometries again
  const meta = resolution ? `"gwz":{"simplified":${simplified},"resolution":${resolution}},` : '';
  return `{"type":"FeatureCollection",${meta}"features":[${features.join(',')}]}`;
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
