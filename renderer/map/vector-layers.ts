import type { Extent } from 'ol/extent';
import type Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import type BaseLayer from 'ol/layer/Base';
import VectorLayer from 'ol/layer/Vector';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import VectorSource from 'ol/source/Vector';
import type { LayerInfo } from '../../shared/api/layers';
import { styleFields, type VectorStyle } from '../../shared/style';
import { StableWebGLVectorLayer } from './stable-webgl-layer';
import { canvasStyleFunction, webglAttribute, webglFlatStyle } from './style-ol';
import { createVectorTileLayer } from './vector-tile-layers';

export type DataUrlFn = (path: string, query?: Record<string, string>) => string;

export interface LoadError {
  layerId: number;
  status: number | null;
  message: string;
}

/**
 * Past this many features a layer is read as vector tiles (vector-tile-layers): the Canvas renderer
 * redraws every polygon on every frame of a pan (seconds per frame at 10⁵ polygons;
 * openlayers#15850), tiles are drawn once into images and simplified for their zoom. Smaller layers
 * stay on the plain Canvas layer, whose features the editing tools and the highlight reuse.
 */
export const WEBGL_MIN_FEATURES = 20_000;

export type RendererChoice = 'auto' | 'canvas' | 'webgl' | 'tiles';

/** `?renderer=canvas|webgl|tiles` on the page forces one renderer (the map benchmark draws the same scene with each). */
export function rendererChoice(): RendererChoice {
  const wanted = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('renderer');
  return wanted === 'canvas' || wanted === 'webgl' || wanted === 'tiles' ? wanted : 'auto';
}

/** Whether a layer is drawn by a renderer for big layers (vector tiles, or WebGL when asked for) rather than plain Canvas. */
export function usesWebgl(info: LayerInfo, choice: RendererChoice = rendererChoice()): boolean {
  if (choice !== 'auto') return choice !== 'canvas';
  return info.featureCount >= WEBGL_MIN_FEATURES;
}

/** Big layers read vector tiles when the engine offers them; `?renderer=webgl` keeps the WebGL layer for comparison. */
function usesTiles(info: LayerInfo, choice: RendererChoice): boolean {
  return Boolean(info.tiles) && usesWebgl(info, choice) && choice !== 'webgl';
}

/** Features were simplified for the resolution they were read at: finer views read them again. */
const REFINE_FACTOR = 3;

interface Served {
  type: 'FeatureCollection';
  features: unknown[];
  /** How many geometries the engine simplified for this resolution. */
  gwz?: { simplified?: number };
}

export interface MapVectorLayer {
  layer: BaseLayer;
  /** A new style on the same data: Canvas swaps its style function, WebGL its flat style. */
  setStyle(style: VectorStyle): void;
  /** Fields the loaded features carry; a style needing others means reading the layer again. */
  fields: readonly string[];
  webgl: boolean;
}

/**
 * One layer's features by extent: the engine answers `<dataUrl>?bbox=…&resolution=r&fields=…` in the
 * project CRS, simplified to a quarter pixel of r and with only the attributes the style reads.
 * Features carry ids, so overlapping extents do not duplicate them; zooming in well past the
 * resolution they were simplified for reads them again and swaps the geometries in place.
 */
export function createVectorLayer(
  info: LayerInfo,
  crs: string,
  dataUrl: DataUrlFn,
  onError: (error: LoadError) => void,
  options: { renderer?: RendererChoice } = {},
): MapVectorLayer {
  const choice = options.renderer ?? rendererChoice();
  if (info.tiles && usesTiles(info, choice)) return createVectorTileLayer(info, info.tiles, crs, dataUrl, onError);
  const style = info.style.kind === 'vector' ? info.style : null;
  const fields = style ? styleFields(style) : [];
  const webgl = usesWebgl(info, choice);
  const alias = (field: string): string => webglAttribute(Math.max(0, fields.indexOf(field)));
  const format = new GeoJSON({ dataProjection: crs, featureProjection: crs });
  const loaded: Extent[] = [];
  let simplifiedAt: number | null = null;
  const strategy = (extent: Extent, resolution: number): Extent[] => {
    if (simplifiedAt !== null && resolution < simplifiedAt / REFINE_FACTOR) {
      // the geometries in memory are too coarse for this view: forget where they came from
      for (const e of loaded.splice(0)) source.removeLoadedExtent(e);
      simplifiedAt = null;
    }
    return bboxStrategy(extent, resolution);
  };
  const source: VectorSource = new VectorSource({
    format,
    strategy,
    loader: (extent: Extent, resolution: number, _projection, success, failure) => {
      const url = dataUrl(info.dataUrl, {
        bbox: extent.map((n) => n.toFixed(3)).join(','),
        resolution: resolution.toPrecision(6),
        fields: fields.join(','),
      });
      fetch(url)
        .then(async (response) => {
          if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
          const served = (await response.json()) as Served;
          const features = format.readFeatures(served) as Feature[];
          if (webgl && fields.length > 0) {
            for (const f of features) for (const [i, field] of fields.entries()) f.set(webglAttribute(i), f.get(field), true);
          }
          const fresh: Feature[] = [];
          for (const f of features) {
            const id = f.getId();
            const existing = id === undefined ? null : source.getFeatureById(id);
            if (existing) existing.setGeometry(f.getGeometry());
            else fresh.push(f);
          }
          source.addFeatures(fresh);
          loaded.push(extent);
          if ((served.gwz?.simplified ?? 0) > 0) simplifiedAt = Math.min(simplifiedAt ?? Infinity, resolution);
          success?.(features);
        })
        .catch((err: unknown) => {
          // Forget the extent so the next pan retries instead of leaving a permanent hole.
          source.removeLoadedExtent(extent);
          failure?.();
          const status = typeof err === 'object' && err && 'status' in err ? Number(err.status) : null;
          onError({ layerId: info.id, status, message: err instanceof Error ? err.message : String(err) });
        });
    },
  });
  const opacity = info.style.opacity;
  if (webgl) {
    const layer = new StableWebGLVectorLayer({
      source,
      style: style ? webglFlatStyle(style, info.geometryType, alias) : {},
      visible: info.visible,
      opacity,
    });
    layer.set('gwzLayerId', info.id);
    return {
      layer,
      webgl,
      fields,
      setStyle(next) {
        layer.setStyle(webglFlatStyle(next, info.geometryType, alias));
        layer.setOpacity(next.opacity);
      },
    };
  }
  const layer = new VectorLayer({
    source,
    style: style ? canvasStyleFunction(style, info.geometryType) : undefined,
    visible: info.visible,
    opacity,
    declutter: Boolean(style?.label && !style.label.allowOverlap),
  });
  layer.set('gwzLayerId', info.id);
  return {
    layer,
    webgl,
    fields,
    setStyle(next) {
      layer.setStyle(canvasStyleFunction(next, info.geometryType));
      layer.setOpacity(next.opacity);
    },
  };
}
