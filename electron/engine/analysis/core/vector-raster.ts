import { GwzError } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { geoTransformOf, type Grid } from './grid';
import type { OperationContext } from './run-analysis';

/**
 * The features of a layer as an in-memory OGR layer (feature id in the field `gwz_fid`), for GDAL's
 * rasterizer. The geometries go over as WKB read by the engine's own connection: GDAL must never
 * open the project file itself — a second SQLite library in the process would break the locks of
 * the engine's connection (SQLite's "multiple copies" hazard; it corrupted the file in testing).
 */
export function memoryLayerOf(ctx: OperationContext, layer: LayerRow, srid: number, only?: ReadonlySet<number>): gdal.Dataset {
  const ds = gdal.open('gwz-features', 'w', 'Memory');
  const out = ds.layers.create('features', gdal.SpatialReference.fromEPSG(srid), gdal.wkbUnknown);
  out.fields.add(new gdal.FieldDefn('gwz_fid', gdal.OFTInteger));
  const rows = ctx.db
    .prepare(`SELECT ${quoteIdent(FID_COLUMN)}, AsBinary(${quoteIdent(GEOMETRY_COLUMN)}) FROM ${quoteIdent(layer.table_name)} WHERE ${quoteIdent(GEOMETRY_COLUMN)} IS NOT NULL`)
    .raw()
    .iterate() as IterableIterator<[number, Buffer]>;
  for (const [fid, wkb] of rows) {
    if (only && !only.has(fid)) continue;
    const feature = new gdal.Feature(out);
    feature.fields.set('gwz_fid', fid);
    feature.setGeometry(gdal.Geometry.fromWKB(wkb));
    out.features.add(feature);
  }
  return ds;
}

/**
 * The feature id of the polygon covering each cell of `grid` (0 where none does), burnt by GDAL's
 * rasterizer: a cell belongs to a polygon when its centre is inside (or, with `allTouched`, when
 * the polygon touches it); where polygons overlap the later feature wins, as gdal_rasterize does.
 * Everything per polygon — attribute values, rating tables, zones, masks — is then a lookup by id.
 * `only` burns just those features (those with a value), so the others do not cover their cells.
 */
export async function rasterizeFeatureIds(
  ctx: OperationContext,
  layer: LayerRow,
  grid: Grid,
  options: { allTouched?: boolean; only?: ReadonlySet<number> } = {},
): Promise<Int32Array> {
  const src = memoryLayerOf(ctx, layer, grid.srid, options.only);
  const mem = gdal.open('', 'w', 'MEM', grid.width, grid.height, 1, gdal.GDT_Int32);
  try {
    mem.geoTransform = geoTransformOf(grid);
    mem.srs = gdal.SpatialReference.fromEPSG(grid.srid);
    await gdal.rasterizeAsync(mem, src, ['-a', 'gwz_fid', ...(options.allTouched ? ['-at'] : [])]);
    const ids = new Int32Array(grid.width * grid.height);
    await mem.bands.get(1).pixels.readAsync(0, 0, grid.width, grid.height, ids);
    return ids;
  } finally {
    mem.close();
    src.close();
  }
}

/** The columns of a layer's table (name → declared SQLite type). */
export function layerColumns(ctx: OperationContext, layer: LayerRow): Map<string, string> {
  const rows = ctx.db.prepare(`PRAGMA table_info(${quoteIdent(layer.table_name)})`).all() as { name: string; type: string }[];
  return new Map(rows.filter((r) => r.name !== GEOMETRY_COLUMN).map((r) => [r.name, r.type.toUpperCase()]));
}

/** A field of the layer, checked to exist (BAD_INPUT naming the fields there are). */
export function requireField(ctx: OperationContext, layer: LayerRow, field: string): string {
  const cols = layerColumns(ctx, layer);
  if (!cols.has(field)) {
    const names = [...cols.keys()].filter((c) => c !== FID_COLUMN);
    throw new GwzError('BAD_INPUT', `图层「${layer.name}」没有字段「${field}」（有：${names.join('、')}）。`, `Layer "${layer.name}" has no field "${field}" (fields: ${names.join(', ')}).`, {
      layerId: layer.id,
      field,
      fields: names,
    });
  }
  return field;
}

/** Each feature's value of one field, by feature id. */
export function fieldValues(ctx: OperationContext, layer: LayerRow, field: string): Map<number, unknown> {
  const rows = ctx.db
    .prepare(`SELECT ${quoteIdent(FID_COLUMN)} AS fid, ${quoteIdent(field)} AS v FROM ${quoteIdent(layer.table_name)}`)
    .raw()
    .all() as [number, unknown][];
  return new Map(rows);
}

/** Per-feature numbers as a dense lookup by feature id (NaN for none), for the per-cell loops. */
export function denseById(values: Map<number, number>): Float64Array {
  let max = 0;
  for (const id of values.keys()) if (id > max) max = id;
  const out = new Float64Array(max + 1).fill(Number.NaN);
  for (const [id, v] of values) out[id] = v;
  return out;
}
