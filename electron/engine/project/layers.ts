import { GwzError, type Extent, type LayerField, type LayerInfo } from '../../../shared/api';
import { defaultStyle, parseStyle, type LayerStyle } from '../../../shared/style';
import { quoteIdent, type Db } from './spatialite';
import { geographicSrid, layerTiles } from '../io/tiles/vector-tiles';

/** Every vector layer table keeps its geometry in this column (SpatiaLite/QGIS convention). */
export const GEOMETRY_COLUMN = 'geom';
/** …and its feature id here (INTEGER PRIMARY KEY, the rowid). */
export const FID_COLUMN = 'fid';

export interface LayerRow {
  id: number;
  name: string;
  kind: 'vector' | 'raster' | 'table';
  table_name: string;
  geometry_type: string | null;
  srid: number | null;
  group_name: string | null;
  sort_order: number;
  visible: number;
  style: string | null;
  origin: 'import' | 'analysis' | 'edit';
  source: string | null;
  created_at: string;
}

export function layerDataUrl(id: number, kind: LayerRow['kind'] = 'vector'): string {
  // rasters are served as their stored Cloud-Optimized GeoTIFF (io/raster/raster-store)
  return kind === 'raster' ? `layers/${id}/raster.tif` : `layers/${id}/features.geojson`;
}

/** In drawing order from the top: the highest sort_order first (new layers get the highest, so they go on top). */
export function listLayerRows(db: Db): LayerRow[] {
  return db.prepare('SELECT * FROM gwz_layers ORDER BY sort_order DESC, id DESC').all() as LayerRow[];
}

export function getLayerRow(db: Db, id: number): LayerRow {
  const row = db.prepare('SELECT * FROM gwz_layers WHERE id = ?').get(id) as LayerRow | undefined;
  if (!row) throw new GwzError('LAYER_NOT_FOUND', `图层不存在：${id}`, `No such layer: ${id}`, { layerId: id });
  return row;
}

export function layerInfo(db: Db, row: LayerRow): LayerInfo {
  const { featureCount, extent, raster } = layerStats(db, row);
  const stored = parseStyle(row.style);
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    tableName: row.table_name,
    geometryType: row.geometry_type,
    srid: row.srid,
    featureCount,
    extent,
    groupName: row.group_name,
    sortOrder: row.sort_order,
    visible: row.visible !== 0,
    origin: row.origin,
    source: row.source,
    createdAt: row.created_at,
    dataUrl: layerDataUrl(row.id, row.kind),
    style: stored ?? layerDefaultStyle(row, raster),
    styled: stored !== null,
    fields: row.kind === 'raster' ? [] : layerFields(db, row.table_name),
    raster,
    tiles: layerTiles(row, extent, geographicSrid(db, row.srid)),
  };
}

export function layerDefaultStyle(row: Pick<LayerRow, 'kind' | 'geometry_type'>, raster: LayerInfo['raster']): LayerStyle {
  return defaultStyle({ kind: row.kind, geometryType: row.geometry_type, min: raster?.min, max: raster?.max });
}

const NUMERIC_TYPE = /INT|REAL|FLOA|DOUB|NUM|DEC/i;

/** The attribute columns of a layer table, in table order (fid and geometry left out). */
export function layerFields(db: Db, tableName: string): LayerField[] {
  const cols = db.prepare(`PRAGMA table_info(${quoteIdent(tableName)})`).all() as { name: string; type: string }[];
  return cols
    .filter((c) => c.name !== FID_COLUMN && c.name !== GEOMETRY_COLUMN)
    .map((c) => ({ name: c.name, type: c.type || 'TEXT', numeric: NUMERIC_TYPE.test(c.type) }));
}

export function listLayers(db: Db): LayerInfo[] {
  return listLayerRows(db).map((row) => layerInfo(db, row));
}

interface StatsRow {
  n: number;
  minx: number | null;
  miny: number | null;
  maxx: number | null;
  maxy: number | null;
}

interface Stats {
  featureCount: number;
  extent: Extent | null;
  raster: LayerInfo['raster'];
}

function layerStats(db: Db, row: LayerRow): Stats {
  const table = quoteIdent(row.table_name);
  if (row.kind === 'raster') {
    const r = db.prepare('SELECT extent, bands, data_type, nodata, stats FROM gwz_rasters WHERE layer_id = ?').get(row.id) as
      | { extent: string; bands: number; data_type: string; nodata: number | null; stats: string }
      | undefined;
    if (!r) return { featureCount: 0, extent: null, raster: null };
    const stats = JSON.parse(r.stats) as { min: number | null; max: number | null };
    return {
      featureCount: 1,
      extent: JSON.parse(r.extent) as Extent,
      raster: { bands: r.bands, dataType: r.data_type, nodata: r.nodata, min: stats.min, max: stats.max },
    };
  }
  if (row.kind !== 'vector') {
    const { n } = db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number };
    return { featureCount: n, extent: null, raster: null };
  }
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const s = db
    .prepare(
      `SELECT n, MbrMinX(e) AS minx, MbrMinY(e) AS miny, MbrMaxX(e) AS maxx, MbrMaxY(e) AS maxy
       FROM (SELECT COUNT(*) AS n, Extent(${geom}) AS e FROM ${table})`,
    )
    .get() as StatsRow;
  const extent: Extent | null =
    s.minx === null || s.miny === null || s.maxx === null || s.maxy === null ? null : [s.minx, s.miny, s.maxx, s.maxy];
  return { featureCount: s.n, extent, raster: null };
}

/** Union of layer extents, or null when no layer has one. */
export function unionExtent(extents: (Extent | null)[]): Extent | null {
  let out: Extent | null = null;
  for (const e of extents) {
    if (!e) continue;
    out = out ? [Math.min(out[0], e[0]), Math.min(out[1], e[1]), Math.max(out[2], e[2]), Math.max(out[3], e[3])] : [...e];
  }
  return out;
}
