import type { Extent } from '../../../../shared/api/common';
import type { LayerTiles } from '../../../../shared/api/tiles';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';
import { encodeMvt, type MvtFeature, type MvtValue } from './mvt-encode';
import { gridForExtent, gridParam, TILE_EXTENT, TILE_SIZE, tileBbox, type TileGrid } from './tile-grid';
import { tileGeometry } from './tile-geometry';

/**
 * Vector tiles of a layer, per tile: the R*Tree finds the features whose bbox meets the tile plus a
 * buffer (and is at least half a pixel of this zoom: smaller ones cannot be seen), then each geometry
 * is clipped, thinned and quantised to the tile (tile-geometry) and the lot encoded as one MVT layer
 * with only the attributes the style reads. Tiles are kept in memory by layer and data version.
 */

/** Units of buffer around a tile: 8 px, enough for the widest outline without seams. */
const BUFFER = 64;
/** Half a pixel: smaller polygons and lines are dropped, thinning keeps points ½ px apart. */
const MIN_SIZE = (TILE_EXTENT / TILE_SIZE) * 0.5;

export interface BuiltTile {
  bytes: Uint8Array;
  features: number;
  bbox: Extent;
}

/** What LayerInfo.tiles says for a vector layer with an extent (the renderer builds the same grid). */
export function layerTiles(row: Pick<LayerRow, 'id' | 'kind'>, extent: Extent | null, geographic: boolean): LayerTiles | null {
  if (row.kind !== 'vector' || !extent) return null;
  const grid = gridForExtent(extent, geographic);
  return {
    url: `layers/${row.id}/tiles/{z}/{x}/{y}.pbf?grid=${gridParam(grid)}`,
    extent: grid.extent,
    tileSize: TILE_SIZE,
    maxZoom: grid.maxZoom,
  };
}

interface TileRow {
  fid: number;
  wkb: Uint8Array | null;
  [field: string]: unknown;
}

function mvtValue(v: unknown): MvtValue | null {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function buildTile(db: Db, layer: LayerRow, grid: TileGrid, z: number, x: number, y: number, fields: readonly string[] | null): BuiltTile | null {
  const bbox = tileBbox(grid, z, x, y);
  if (!bbox) return null;
  const table = quoteIdent(layer.table_name);
  const index = quoteIdent(`idx_${layer.table_name}_${GEOMETRY_COLUMN}`);
  const all = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c !== GEOMETRY_COLUMN && c !== FID_COLUMN);
  const columns = fields ? all.filter((c) => fields.includes(c)) : all;
  const unit = (bbox[2] - bbox[0]) / TILE_EXTENT;
  const pad = BUFFER * unit;
  const min = MIN_SIZE * unit;
  const select = [`t.${quoteIdent(FID_COLUMN)} AS fid`, ...columns.map((c) => `t.${quoteIdent(c)}`), `AsBinary(t.${quoteIdent(GEOMETRY_COLUMN)}) AS wkb`].join(', ');
  const rows = db
    .prepare(
      `SELECT ${select} FROM ${index} AS i JOIN ${table} AS t ON t.${quoteIdent(FID_COLUMN)} = i.pkid
       WHERE i.xmin <= ? AND i.xmax >= ? AND i.ymin <= ? AND i.ymax >= ?
         AND (i.xmax - i.xmin >= ? OR i.ymax - i.ymin >= ? OR i.xmax = i.xmin)
       ORDER BY t.${quoteIdent(FID_COLUMN)}`,
    )
    .all(bbox[2] + pad, bbox[0] - pad, bbox[3] + pad, bbox[1] - pad, min, min) as TileRow[];
  const transform = { bbox, extent: TILE_EXTENT, buffer: BUFFER, tolerance: MIN_SIZE, minSize: MIN_SIZE };
  const features: MvtFeature[] = [];
  for (const row of rows) {
    if (!row.wkb) continue;
    const geometry = tileGeometry(row.wkb, transform);
    if (!geometry) continue;
    const properties: Record<string, MvtValue | null> = {};
    for (const c of columns) properties[c] = mvtValue(row[c]);
    features.push({ id: Number(row.fid), geometry, properties });
  }
  const bytes = features.length ? encodeMvt([{ name: layer.name, extent: TILE_EXTENT, features }]) : new Uint8Array(0);
  return { bytes, features: features.length, bbox };
}

/**
 * Built tiles by key, least recently used dropped past a byte budget. The key carries the project
 * database's change counters, so any write (an edit, a new style) makes old tiles unreachable.
 */
export class TileCache {
  private readonly entries = new Map<string, BuiltTile>();
  private bytes = 0;

  constructor(private readonly budget = 64 * 1024 * 1024) {}

  get(key: string): BuiltTile | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, tile: BuiltTile): void {
    this.entries.set(key, tile);
    this.bytes += tile.bytes.byteLength;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.budget) break;
      this.entries.delete(k);
      this.bytes -= v.bytes.byteLength;
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

/** A version of the project's data: writes through this connection plus commits by any other. */
export function dataVersion(db: Db): string {
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const other = db.pragma('data_version', { simple: true }) as number;
  return `${changes}.${other}`;
}

/** Whether a SpatiaLite SRID is lon/lat (its grid then snaps to fractions of a degree). */
export function geographicSrid(db: Db, srid: number | null): boolean {
  if (srid === null) return false;
  const row = db.prepare('SELECT proj4text FROM spatial_ref_sys WHERE srid = ?').get(srid) as { proj4text: string | null } | undefined;
  return /\+proj=longlat/.test(row?.proj4text ?? '');
}
