import type OlMap from 'ol/Map';
import type Feature from 'ol/Feature';
import GeoJSON from 'ol/format/GeoJSON';
import type { Polygon } from 'ol/geom';
import Draw from 'ol/interaction/Draw';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style, Text } from 'ol/style';
import { protectionZoneStyle } from '../../../shared/style/presets';

/**
 * What the recharge wizard draws on the map itself: the zones of the methods being compared
 * (coloured by zone level as the protection-zone preset says, a dash pattern per method, the
 * method's name on each zone) and the hand-drawn boundary.
 */

const METHOD_DASH: Record<string, number[] | undefined> = {
  empirical: [8, 4],
  formula: undefined,
  analytical: [2, 3],
  dem: [12, 3, 2, 3],
  boundary: [16, 4],
};

function hexToRgba(hex: string, alpha: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${alpha})`;
}

const PRESET = protectionZoneStyle();
const styles = new Map<string, Style>();

function zoneStyle(feature: Feature, methodLabel: (m: string) => string): Style {
  const level = String(feature.get('zone_level') ?? '');
  const method = String(feature.get('method') ?? '');
  const key = `${level}|${method}`;
  let style = styles.get(key);
  if (!style) {
    const cat = PRESET.type === 'categorized' ? PRESET.categories.find((c) => c.value === level) : undefined;
    const fill = cat?.symbol.fill ?? '#888888';
    const stroke = cat?.symbol.stroke?.color ?? '#444444';
    style = new Style({
      fill: new Fill({ color: hexToRgba(fill, Math.min(0.55, cat?.symbol.fillOpacity ?? 0.4)) }),
      stroke: new Stroke({ color: stroke, width: 2, ...(METHOD_DASH[method] ? { lineDash: METHOD_DASH[method] } : {}) }),
      text: new Text({
        text: level === 'recharge' ? methodLabel(method) : '',
        font: '12px system-ui, sans-serif',
        fill: new Fill({ color: '#1f2d3d' }),
        stroke: new Stroke({ color: 'rgba(255,255,255,0.9)', width: 3 }),
        overflow: false,
      }),
    });
    styles.set(key, style);
  }
  return style;
}

export class ZoneOverlay {
  private readonly source = new VectorSource();
  private readonly layer: VectorLayer;
  private readonly drawnSource = new VectorSource();
  private readonly drawnLayer: VectorLayer;
  private draw: Draw | null = null;
  private loaded = new Map<string, Feature[]>();

  constructor(
    private readonly map: OlMap,
    private readonly crs: string,
    methodLabel: (m: string) => string,
  ) {
    this.layer = new VectorLayer({ source: this.source, style: (f) => zoneStyle(f as Feature, methodLabel), zIndex: 5000 });
    this.drawnLayer = new VectorLayer({
      source: this.drawnSource,
      style: new Style({ stroke: new Stroke({ color: '#7b3294', width: 2.5, lineDash: [10, 5] }), fill: new Fill({ color: 'rgba(123, 50, 148, 0.06)' }) }),
      zIndex: 5001,
    });
    this.layer.set('gwzOverlay', 'recharge-zones');
    map.addLayer(this.layer);
    map.addLayer(this.drawnLayer);
  }

  /** Shows the features of these layer URLs (and only these); fetched once per URL. */
  async show(urls: string[]): Promise<void> {
    const format = new GeoJSON({ dataProjection: this.crs, featureProjection: this.crs });
    for (const url of urls) {
      if (this.loaded.has(url)) continue;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const features = format.readFeatures(await response.json()) as Feature[];
      // fids repeat across layers, and a source keeps only one feature per id
      for (const f of features) f.setId(`${url}#${String(f.getId())}`);
      this.loaded.set(url, features);
    }
    this.source.clear();
    for (const url of urls) this.source.addFeatures(this.loaded.get(url) ?? []);
  }

  /** Map padding that keeps a fitted extent out from under the wizard's drawer (on the left). */
  private padding(): number[] {
    const left = this.map.getTargetElement()?.getBoundingClientRect().left ?? 0;
    const drawer = document.querySelector('.gwz-rc-drawer .ant-drawer-content-wrapper')?.getBoundingClientRect().right ?? 0;
    return [40, 40, 40, Math.max(40, drawer - left + 40)];
  }

  /** Centres the map on a point, showing `radius` metres around it. */
  centerOn(x: number, y: number, radius: number): void {
    this.map.getView().fit([x - radius, y - radius, x + radius, y + radius], { size: this.map.getSize(), padding: this.padding(), duration: 200 });
  }

  /** Fits the map to the shown zones of one source (or all of them). */
  zoomTo(source?: string): void {
    const features = this.source.getFeatures().filter((f) => source === undefined || f.get('source') === source);
    if (features.length === 0) return;
    const extent = features.reduce<number[] | null>((acc, f) => {
      const e = f.getGeometry()?.getExtent();
      if (!e) return acc;
      return acc ? [Math.min(acc[0]!, e[0]!), Math.min(acc[1]!, e[1]!), Math.max(acc[2]!, e[2]!), Math.max(acc[3]!, e[3]!)] : [...e];
    }, null);
    if (extent) this.map.getView().fit(extent, { size: this.map.getSize(), padding: this.padding(), duration: 200 });
  }

  /** Lets the user draw one polygon; resolves with its outer ring, or null when cancelled (Esc). */
  drawPolygon(): Promise<[number, number][] | null> {
    this.stopDrawing();
    return new Promise((resolve) => {
      const draw = new Draw({ source: this.drawnSource, type: 'Polygon' });
      const onKey = (e: KeyboardEvent) => {
        if (e.key !== 'Escape') return;
        this.stopDrawing();
        resolve(null);
      };
      draw.on('drawstart', () => this.drawnSource.clear());
      draw.on('drawend', (e) => {
        const ring = (e.feature.getGeometry() as Polygon).getCoordinates()[0]!.map(([x, y]) => [x!, y!] as [number, number]);
        window.removeEventListener('keydown', onKey);
        // let OL finish its own drawend handling before the interaction goes
        setTimeout(() => this.stopDrawing(), 0);
        resolve(ring);
      });
      window.addEventListener('keydown', onKey);
      this.draw = draw;
      this.map.addInteraction(draw);
    });
  }

  /** Shows a ring drawn earlier (restored state). */
  setDrawn(ring: [number, number][] | null): void {
    this.drawnSource.clear();
    if (!ring) return;
    const format = new GeoJSON();
    this.drawnSource.addFeature(format.readFeature({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} }) as Feature);
  }

  private stopDrawing(): void {
    if (this.draw) this.map.removeInteraction(this.draw);
    this.draw = null;
  }

  dispose(): void {
    this.stopDrawing();
    this.map.removeLayer(this.layer);
    this.map.removeLayer(this.drawnLayer);
  }
}
