import { gdal } from '../../gdal';
import { geoTransformOf, type Grid } from './grid';

/** Rows and columns (inclusive) of the part of a grid a mask covers. */
export interface CellWindow {
  row0: number;
  col0: number;
  row1: number;
  col1: number;
}

/**
 * The cells of `mask` equal to `value` as one MultiPolygon (WKB, grid CRS), traced by GDAL's
 * polygonizer (the engine of gdal_polygonize.py) over the window only, so a small catchment on a
 * large DEM costs its own size. Parts that touch only at a corner stay separate polygons, which keeps
 * every ring simple. Null when no cell matches.
 */
export async function polygonizeMask(mask: Uint8Array, grid: Grid, window: CellWindow, value = 1): Promise<Buffer | null> {
  const w = window.col1 - window.col0 + 1;
  const h = window.row1 - window.row0 + 1;
  const cells = new Uint8Array(w * h);
  let any = false;
  for (let r = 0; r < h; r++) {
    const src = (window.row0 + r) * grid.width + window.col0;
    for (let c = 0; c < w; c++) {
      if (mask[src + c] === value) {
        cells[r * w + c] = 1;
        any = true;
      }
    }
  }
  if (!any) return null;
  const sub: Grid = { ...grid, x0: grid.x0 + window.col0 * grid.dx, y0: grid.y0 - window.row0 * grid.dy, width: w, height: h };
  const raster = gdal.open('', 'w', 'MEM', w, h, 1, gdal.GDT_Byte);
  const vectors = gdal.open('', 'w', 'Memory');
  try {
    raster.geoTransform = geoTransformOf(sub);
    const band = raster.bands.get(1);
    await band.pixels.writeAsync(0, 0, w, h, cells);
    const layer = vectors.layers.create('cells', null, gdal.wkbPolygon);
    layer.fields.add(new gdal.FieldDefn('v', gdal.OFTInteger));
    // the band masks itself: zero cells are left out
    await gdal.polygonizeAsync({ src: band, mask: band, dst: layer, pixValField: 0, connectedness: 4 });
    const multi = new gdal.MultiPolygon();
    for (const f of layer.features) {
      const g = f.getGeometry();
      if (g) multi.children.add(g);
    }
    return multi.toWKB();
  } finally {
    vectors.close();
    raster.close();
  }
}
