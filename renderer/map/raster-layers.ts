import WebGLTileLayer from 'ol/layer/WebGLTile';
import GeoTIFF from 'ol/source/GeoTIFF';
import { get as getProjection } from 'ol/proj';
import type { LayerInfo } from '../../shared/api/layers';
import type { RasterStyle } from '../../shared/style';
import { rasterColorExpression } from './style-ol';
import type { DataUrlFn } from './vector-layers';
import { registerZstdDecoder } from './zstd-decoder';

export interface MapRasterLayer {
  layer: WebGLTileLayer;
  setStyle(style: RasterStyle): void;
}

/**
 * A stored raster on the map: its Cloud-Optimized GeoTIFF read by byte ranges (tiles of the
 * overview that fits the zoom, never the whole file), raw values (normalize: false) coloured on the
 * GPU by the style's expression, nodata transparent through the alpha band OpenLayers adds.
 */
export function createRasterLayer(info: LayerInfo, crs: string, dataUrl: DataUrlFn): MapRasterLayer {
  registerZstdDecoder();
  const nodata = info.raster?.nodata ?? null;
  const source = new GeoTIFF({
    sources: [{ url: dataUrl(info.dataUrl), bands: [1], ...(nodata !== null ? { nodata } : {}) }],
    normalize: false,
    interpolate: false,
    projection: getProjection(crs) ?? undefined,
    // the engine answers Range requests; no need to fetch the headers of overviews it will not draw
    sourceOptions: { allowFullFile: false },
    wrapX: false,
  });
  // with nodata, OpenLayers appends an alpha band after the requested one
  const alphaBand = nodata !== null ? 2 : null;
  const style = info.style.kind === 'raster' ? info.style : null;
  const layer = new WebGLTileLayer({
    source,
    visible: info.visible,
    opacity: info.style.opacity,
    style: style ? { color: rasterColorExpression(style, alphaBand) as never } : undefined,
  });
  layer.set('gwzLayerId', info.id);
  return {
    layer,
    setStyle(next) {
      layer.setStyle({ color: rasterColorExpression(next, alphaBand) as never });
      layer.setOpacity(next.opacity);
    },
  };
}
