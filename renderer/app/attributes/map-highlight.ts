import type OlMap from 'ol/Map';
import type Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import type { Geometry } from 'ol/geom';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Circle as CircleStyle, Fill, Stroke, Style } from 'ol/style';
import type { Client } from '../../../shared/api/client';

const COLOR = '#ff7a00';
const STYLE = [
  new Style({
    stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 5 }),
  }),
  new Style({
    stroke: new Stroke({ color: COLOR, width: 2.5 }),
    fill: new Fill({ color: 'rgba(255, 170, 0, 0.28)' }),
    image: new CircleStyle({ radius: 7, fill: new Fill({ color: 'rgba(255, 170, 0, 0.55)' }), stroke: new Stroke({ color: COLOR, width: 2.5 }) }),
  }),
];

/** Features outside the loaded view are fetched from the engine, up to this many. */
const MAX_FETCHED = 1000;

/**
 * Selected or identified features drawn above every layer. The map's own layers load by extent, so a
 * selected feature is copied from the layer's source when it is loaded and fetched by id otherwise.
 */
export class MapHighlight {
  private readonly source = new VectorSource();
  private readonly layer = new VectorLayer({ source: this.source, style: STYLE, zIndex: 5000 });
  private request = 0;

  constructor(
    private readonly map: OlMap,
    private readonly client: Client,
  ) {
    this.layer.set('gwzHighlight', true);
    map.addLayer(this.layer);
  }

  dispose(): void {
    this.map.removeLayer(this.layer);
  }

  /** Pixels of the highlight colour are how the e2e test sees it; the count is for tests too. */
  get count(): number {
    return this.source.getFeatures().length;
  }

  clear(): void {
    this.request += 1;
    this.source.clear();
  }

  async show(layerId: number, fids: readonly number[]): Promise<void> {
    await this.showMany([{ layerId, fids }]);
  }

  /** Features of several layers at once (identify hits every visible layer). */
  async showMany(sets: readonly { layerId: number; fids: readonly number[] }[]): Promise<void> {
    const request = ++this.request;
    this.source.clear();
    await Promise.all(sets.map((s) => this.add(request, s.layerId, s.fids)));
  }

  private async add(request: number, layerId: number, fids: readonly number[]): Promise<void> {
    if (fids.length === 0) return;
    const layerSource = this.layerSource(layerId);
    const missing: number[] = [];
    const found: Feature<Geometry>[] = [];
    for (const fid of fids) {
      const f = layerSource?.getFeatureById(fid) as Feature<Geometry> | null | undefined;
      if (f) found.push(f.clone());
      else if (missing.length < MAX_FETCHED) missing.push(fid);
    }
    this.source.addFeatures(found);
    if (missing.length === 0) return;
    const { features } = await this.client.api.features.get({ layerId, fids: missing, geometry: true });
    if (request !== this.request) return;
    const format = new GeoJSON();
    const extra: Feature<Geometry>[] = [];
    for (const f of features) {
      if (!f.geometry) continue;
      const feature = format.readFeature({ type: 'Feature', id: f.fid, properties: {}, geometry: JSON.parse(f.geometry) as unknown }) as Feature<Geometry>;
      extra.push(feature);
    }
    this.source.addFeatures(extra);
  }

  private layerSource(layerId: number): VectorSource | null {
    for (const l of this.map.getLayers().getArray()) {
      if (l.get('gwzLayerId') !== layerId) continue;
      // Canvas or WebGL vector layer alike: what matters is the features' source
      const source = (l as { getSource?: () => unknown }).getSource?.();
      if (source instanceof VectorSource) return source;
    }
    return null;
  }
}
