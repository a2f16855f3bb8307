import TileLayer from 'ol/layer/Tile';
import { transformExtent, type Projection } from 'ol/proj';
import XYZ from 'ol/source/XYZ';
import type { BasemapState } from '../../shared/api/basemap';
import type { DataUrlFn } from './vector-layers';

/**
 * The basemap's tiles, MBTiles or online XYZ alike, come from the engine's data URL
 * (basemap/<version>/{z}/{x}/{y}); they are Web Mercator and OpenLayers reprojects them into the
 * project's Gauss–Krüger view. Drawn beneath every layer.
 */
export function createBasemapLayer(state: BasemapState, dataUrl: DataUrlFn, view: Projection): TileLayer<XYZ> | null {
  const { basemap, tileUrl, mbtiles } = state;
  if (!tileUrl || (basemap.kind !== 'mbtiles' && basemap.kind !== 'xyz')) return null;
  const source = new XYZ({
    projection: 'EPSG:3857',
    tileUrlFunction: ([z, x, y]) => dataUrl(tileUrl.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y))),
    ...(mbtiles ? { minZoom: mbtiles.minzoom, maxZoom: mbtiles.maxzoom } : { maxZoom: 19 }),
    // a tile the file lacks is a 404: show nothing there rather than retrying
    transition: 0,
  });
  const layer = new TileLayer({
    source,
    opacity: basemap.opacity,
    zIndex: -1000,
    // the layer extent is in the view's projection: nothing is asked for outside the file's bounds
    ...(mbtiles?.bounds ? { extent: transformExtent(mbtiles.bounds, 'EPSG:4326', view) } : {}),
  });
  layer.set('gwzBasemap', true);
  return layer;
}
