import type { Extent } from 'ol/extent';
import GeoJSON from 'ol/format/GeoJSON';
import VectorLayer from 'ol/layer/Vector';
import { bbox as bboxStrategy } from 'ol/loadingstrategy';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style, Circle as CircleStyle } from 'ol/style';
import type { LayerInfo } from '../../shared/api/layers';

export type DataUrlFn = (path: string, query?: Record<string, string>) => string;

const OUTLINE = '#2f5f98';
/** Until shared/style lands: thin outline, light fill, small points — readable over any other layer. */
const DEFAULT_STYLE = new Style({
  stroke: new Stroke({ color: OUTLINE, width: 1.2 }),
  fill: new Fill({ color: 'rgba(47, 95, 152, 0.08)' }),
  image: new CircleStyle({
    radius: 4,
    fill: new Fill({ color: 'rgba(47, 95, 152, 0.6)' }),
    stroke: new Stroke({ color: '#ffffff', width: 1 }),
  }),
});

export interface LoadError {
  layerId: number;
  status: number | null;
  message: string;
}

/**
 * One layer's features by extent: the engine answers `<dataUrl>?bbox=minx,miny,maxx,maxy&resolution=r`
 * in the project CRS. Features carry ids, so tiles of the bbox strategy that overlap do not duplicate.
 */
export function createVectorLayer(
  info: LayerInfo,
  crs: string,
  dataUrl: DataUrlFn,
  onError: (error: LoadError) => void,
): VectorLayer {
  const format = new GeoJSON({ dataProjection: crs, featureProjection: crs });
  const source: VectorSource = new VectorSource({
    format,
    strategy: bboxStrategy,
    loader: (extent: Extent, resolution: number, _projection, success, failure) => {
      const url = dataUrl(info.dataUrl, {
        bbox: extent.map((n) => n.toFixed(3)).join(','),
        resolution: resolution.toPrecision(6),
      });
      fetch(url)
        .then(async (response) => {
          if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
          const features = format.readFeatures(await response.json());
          source.addFeatures(features);
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
  const layer = new VectorLayer({ source, style: DEFAULT_STYLE, visible: info.visible });
  layer.set('gwzLayerId', info.id);
  return layer;
}
