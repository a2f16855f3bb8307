import MVT from 'ol/format/MVT';
import VectorTileLayer from 'ol/layer/VectorTile';
import VectorTileSource from 'ol/source/VectorTile';
import { createXYZ } from 'ol/tilegrid';
import type { LayerInfo, LayerTiles } from '../../shared/api';
import { styleFields } from '../../shared/style';
import { canvasStyleFunction } from './style-ol';
import type { DataUrlFn, LoadError, MapVectorLayer } from './vector-layers';

/**
 * A big layer as vector tiles from the engine (LayerInfo.tiles: MVT per z/x/y in the project CRS, the
 * grid OpenLayers' createXYZ over the extent the engine chose). Styled by the same style function as
 * the Canvas layers — hatches, dashes and labels included. In 'hybrid' mode OpenLayers draws each
 * tile's polygons once into a tile image, so a pan frame composes images instead of redrawing 10⁵
 * polygons; `?tiles=vector` draws them as vectors every frame (for the benchmark's comparison).
 */
export type TileRenderMode = 'hybrid' | 'vector';

export function tileRenderMode(): TileRenderMode {
  const wanted = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('tiles');
  return wanted === 'vector' ? 'vector' : 'hybrid';
}

export function createVectorTileLayer(
  info: LayerInfo,
  tiles: LayerTiles,
  crs: string,
  dataUrl: DataUrlFn,
  onError: (error: LoadError) => void,
): MapVectorLayer {
  const style = info.style.kind === 'vector' ? info.style : null;
  const fields = style ? styleFields(style) : [];
  const source = new VectorTileSource({
    format: new MVT(),
    // only the attributes the style reads travel: a style needing others rebuilds the layer (map-controller's signature)
    url: dataUrl(tiles.url, { fields: fields.join(',') }),
    projection: crs,
    tileGrid: createXYZ({ extent: tiles.extent, tileSize: tiles.tileSize, maxZoom: tiles.maxZoom }),
    // the engine sends each tile's features clipped to it: no feature spans two tiles' data
    overlaps: true,
    transition: 0,
  });
  let reported = false;
  source.on('tileloaderror', () => {
    // one report per layer, not one per failed tile of a pan
    if (reported) return;
    reported = true;
    onError({ layerId: info.id, status: null, message: `vector tiles of layer ${info.id} failed to load` });
  });
  source.on('tileloadend', () => {
    reported = false;
  });
  const layer = new VectorTileLayer({
    source,
    style: style ? canvasStyleFunction(style, info.geometryType) : undefined,
    renderMode: tileRenderMode(),
    declutter: Boolean(style?.label && !style.label.allowOverlap),
    visible: info.visible,
    opacity: info.style.opacity,
    renderBuffer: 64,
  });
  layer.set('gwzLayerId', info.id);
  return {
    layer,
    webgl: false,
    fields,
    setStyle(next) {
      layer.setStyle(canvasStyleFunction(next, info.geometryType));
      layer.setOpacity(next.opacity);
    },
  };
}
