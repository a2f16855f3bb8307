import { rasterColorFor, type RasterStyle } from '../../../shared/style';
import { gdal } from '../gdal';
import { readCog, rasterInfo } from '../io/raster/raster-store';
import type { LayerRow } from '../project/layers';
import type { Db } from '../project/spatialite';
import type { MapTransform } from './page';
import { encodePng } from './png';
import { esc, n } from './svg';

/** Pixels per side at most for one embedded raster (an A0 at 300 dpi would be 14 000²). */
const MAX_SIDE = 8000;

/**
 * A raster layer as an embedded PNG covering the map frame at the output resolution: GDAL warps the
 * stored COG onto the frame's pixel grid (nearest for classes, bilinear for continuous values, so
 * class colours never blend), and each cell takes its style colour.
 */
export async function drawRasterLayer(db: Db, row: LayerRow, style: RasterStyle, t: MapTransform, dpi: number): Promise<string> {
  const info = rasterInfo(db, row.id);
  const pxPerMm = dpi / 25.4;
  let width = Math.max(1, Math.round(t.frame.width * pxPerMm));
  let height = Math.max(1, Math.round(t.frame.height * pxPerMm));
  const shrink = Math.max(1, width / MAX_SIDE, height / MAX_SIDE);
  width = Math.round(width / shrink);
  height = Math.round(height / shrink);
  const src = `/vsimem/gwz-layout-${row.id}-${process.pid}-${Math.random().toString(36).slice(2)}.tif`;
  gdal.vsimem.copy(readCog(db, row.id), src);
  const ds = await gdal.openAsync(src);
  const mem = gdal.open('', 'w', 'MEM', width, height, 1, gdal.GDT_Float64);
  try {
    const [minx, , , maxy] = t.extent;
    mem.geoTransform = [minx, (t.extent[2] - minx) / width, 0, maxy, 0, -(maxy - t.extent[1]) / height];
    mem.srs = gdal.SpatialReference.fromEPSG(info.srid);
    const band = mem.bands.get(1);
    band.noDataValue = -1e308;
    band.fill(-1e308);
    const resampling = style.type === 'continuous' ? gdal.GRA_Bilinear : gdal.GRA_NearestNeighbor;
    await gdal.reprojectImageAsync({
      src: ds,
      dst: mem,
      s_srs: ds.srs ?? mem.srs,
      t_srs: mem.srs,
      resampling,
      ...(info.nodata !== null ? { srcNodata: info.nodata } : {}),
      dstNodata: -1e308,
    });
    const values = new Float64Array(width * height);
    await band.pixels.readAsync(0, 0, width, height, values);
    const rgba = new Uint8Array(width * height * 4);
    const nodata = info.nodata;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v <= -1e307 || (nodata !== null && v === nodata)) continue;
      const c = rasterColorFor(style, v);
      rgba[i * 4] = c[0];
      rgba[i * 4 + 1] = c[1];
      rgba[i * 4 + 2] = c[2];
      rgba[i * 4 + 3] = c[3];
    }
    const png = encodePng(rgba, width, height);
    const f = t.frame;
    // image-rendering: pixelated keeps class edges crisp when a viewer scales the figure
    return `<image data-name="${esc(row.name)}" x="${n(f.x)}" y="${n(f.y)}" width="${n(f.width)}" height="${n(f.height)}" preserveAspectRatio="none" style="image-rendering:pixelated" href="data:image/png;base64,${png.toString('base64')}"/>`;
  } finally {
    mem.close();
    ds.close();
    gdal.vsimem.release(src);
  }
}
