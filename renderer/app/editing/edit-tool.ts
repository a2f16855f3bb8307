import type Feature from 'ol/Feature';
import type OlMap from 'ol/Map';
import GeoJSON from 'ol/format/GeoJSON';
import type { Geometry } from 'ol/geom';
import MultiPoint from 'ol/geom/MultiPoint';
import type Polygon from 'ol/geom/Polygon';
import type MultiPolygon from 'ol/geom/MultiPolygon';
import { Draw, Modify, Snap } from 'ol/interaction';
import type { DrawEvent } from 'ol/interaction/Draw';
import type LineString from 'ol/geom/LineString';
import type MapBrowserEvent from 'ol/MapBrowserEvent';
import type { ModifyEvent } from 'ol/interaction/Modify';
import VectorLayer from 'ol/layer/Vector';
import type { Projection } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { Fill, RegularShape, Stroke, Style } from 'ol/style';
import type { EditOp, PolygonalGeometry, XY } from '../../../shared/api/editing';
import { gestureOp, ringsOf, type Rings } from './gesture-diff';

const EDIT = '#d46b08';
const polygonStyle = new Style({ stroke: new Stroke({ color: EDIT, width: 2 }), fill: new Fill({ color: 'rgba(250, 140, 22, 0.10)' }) });
const vertexStyle = new Style({
  image: new RegularShape({ points: 4, radius: 4, angle: Math.PI / 4, fill: new Fill({ color: '#ffffff' }), stroke: new Stroke({ color: EDIT, width: 1.5 }) }),
  geometry: (feature) => {
    const g = feature.getGeometry() as Polygon | MultiPolygon | undefined;
    if (!g) return undefined;
    const rings = ringsOf(g.getCoordinates(), g.getType());
    return new MultiPoint(rings.flat());
  },
});
const selectedStyle = [
  new Style({ stroke: new Stroke({ color: '#1677ff', width: 3 }), fill: new Fill({ color: 'rgba(22, 119, 255, 0.18)' }) }),
  vertexStyle,
];
const beforeStyle = new Style({ stroke: new Stroke({ color: '#cf1322', width: 2, lineDash: [6, 4] }) });
const afterStyle = new Style({ stroke: new Stroke({ color: '#389e0d', width: 2.5 }) });

type PolyGeom = Polygon | MultiPolygon;

export interface EditToolOptions {
  /** Where the layer's features are read (all of them: zone layers are small). */
  url: string;
  crs: string;
  /** One Modify gesture, as the engine's edit; `revert` puts the dragged geometries back. */
  onGesture(op: EditOp, revert: () => void): void;
  onLoadError(err: unknown): void;
  /** A split line was drawn (split mode). */
  onSplitLine?(line: XY[]): void;
  /** The polygons picked for merging changed (merge mode). */
  onSelection?(fids: number[]): void;
}

/** modify: drag vertices; split: draw a line across one polygon; merge: click polygons to pick them. */
export type EditMode = 'modify' | 'split' | 'merge';

/**
 * The editing mode on the map: the zone layer's polygons in their own Canvas source with Modify and
 * Snap on it. Modify moves coincident vertices of neighbouring polygons together (OpenLayers#13059),
 * but the engine is the authority: each gesture goes to it as one topological edit, and the
 * geometries it answers replace what the drag left.
 */
export class EditTool {
  readonly source = new VectorSource<Feature<Geometry>>();
  private readonly overlay = new VectorSource<Feature<Geometry>>();
  private readonly layer = new VectorLayer({ source: this.source, style: [polygonStyle, vertexStyle], zIndex: 5000 });
  private readonly overlayLayer = new VectorLayer({ source: this.overlay, zIndex: 5001 });
  private readonly modify = new Modify({ source: this.source, pixelTolerance: 8 });
  private readonly snap = new Snap({ source: this.source, pixelTolerance: 10 });
  private readonly format: GeoJSON;
  private readonly draw = new Draw({ type: 'LineString' });
  private mode: EditMode = 'modify';
  private active = false;
  private readonly picked = new Set<number>();
  private snapshot = new Map<string | number, { raw: unknown; rings: Rings }>();
  private map: OlMap | null = null;

  constructor(private readonly options: EditToolOptions) {
    this.format = new GeoJSON({ dataProjection: options.crs, featureProjection: options.crs });
    this.modify.on('modifystart', (e: ModifyEvent) => {
      this.overlay.clear(); // a before/after view of an old change would confuse the new one
      this.snapshot = new Map();
      e.features.forEach((f) => {
        const g = f.getGeometry() as PolyGeom | undefined;
        const id = f.getId();
        if (!g || id === undefined) return;
        const raw = structuredClone(g.getCoordinates());
        this.snapshot.set(id, { raw, rings: ringsOf(raw, g.getType()) });
      });
    });
    this.modify.on('modifyend', (e: ModifyEvent) => this.gestureEnded(e));
    this.draw.on('drawend', (e: DrawEvent) => {
      const line = (e.feature.getGeometry() as LineString).getCoordinates() as XY[];
      this.options.onSplitLine?.(line);
    });
    this.draw.setActive(false);
  }

  /** For MapController.attachTool. Snap goes last: it must see pointer moves before Modify does. */
  readonly attach = (map: OlMap, _projection: Projection): (() => void) => {
    this.map = map;
    map.addLayer(this.layer);
    map.addLayer(this.overlayLayer);
    map.addInteraction(this.modify);
    map.addInteraction(this.draw);
    map.addInteraction(this.snap);
    map.on('singleclick', this.pick);
    void this.load();
    return () => {
      map.un('singleclick', this.pick);
      map.removeInteraction(this.snap);
      map.removeInteraction(this.draw);
      map.removeInteraction(this.modify);
      map.removeLayer(this.overlayLayer);
      map.removeLayer(this.layer);
      this.map = null;
    };
  };

  setActive(active: boolean): void {
    this.active = active;
    this.modify.setActive(active && this.mode === 'modify');
    this.draw.setActive(active && this.mode === 'split');
    this.snap.setActive(active && this.mode !== 'merge');
  }

  setMode(mode: EditMode): void {
    this.mode = mode;
    this.clearPicked();
    this.setActive(this.active);
  }

  clearPicked(): void {
    for (const fid of this.picked) this.source.getFeatureById(fid)?.setStyle(undefined);
    this.picked.clear();
    this.options.onSelection?.([]);
  }

  private readonly pick = (e: MapBrowserEvent): void => {
    if (!this.active || this.mode !== 'merge' || !this.map) return;
    const hit = this.map.forEachFeatureAtPixel(e.pixel, (f) => f, { layerFilter: (l) => l === this.layer });
    const id = hit?.getId();
    if (typeof id !== 'number') return;
    const feature = this.source.getFeatureById(id);
    if (this.picked.has(id)) {
      this.picked.delete(id);
      feature?.setStyle(undefined);
    } else {
      this.picked.add(id);
      feature?.setStyle(selectedStyle);
    }
    this.options.onSelection?.([...this.picked].sort((a, b) => a - b));
  };

  async load(): Promise<void> {
    try {
      const response = await fetch(this.options.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.source.clear();
      this.source.addFeatures(this.format.readFeatures(await response.json()) as Feature<Geometry>[]);
    } catch (err) {
      this.options.onLoadError(err);
    }
  }

  /** Replaces geometries with the engine's (after an edit, undo or redo). */
  applyGeometries(features: { fid: number; geometry: PolygonalGeometry }[], removed: number[] = []): void {
    for (const f of features) {
      const feature = this.source.getFeatureById(f.fid);
      const geometry = this.format.readGeometry(f.geometry);
      if (feature) feature.setGeometry(geometry);
      else {
        // a split's new piece (or one an undo brought back)
        const created = this.format.readFeature({ type: 'Feature', id: f.fid, geometry: f.geometry, properties: {} }) as Feature<Geometry>;
        this.source.addFeature(created);
      }
    }
    for (const fid of removed) {
      const feature = this.source.getFeatureById(fid);
      if (feature) this.source.removeFeature(feature);
    }
  }

  /** Before (red, dashed) and after (green) of one logged change. */
  showOverlay(features: { before: PolygonalGeometry | null; after: PolygonalGeometry | null }[]): void {
    this.overlay.clear();
    for (const f of features) {
      if (f.before) this.overlay.addFeature(this.styled(f.before, beforeStyle));
      if (f.after) this.overlay.addFeature(this.styled(f.after, afterStyle));
    }
  }

  clearOverlay(): void {
    this.overlay.clear();
  }

  zoomTo(extent: [number, number, number, number]): void {
    const view = this.map?.getView();
    if (!view) return;
    // Some context around the place (≥ 1.5 km in projected units), clear of the editing panel on the right.
    const pad = Math.max(extent[2] - extent[0], extent[3] - extent[1], view.getProjection().getUnits() === 'degrees' ? 0.015 : 1500) * 0.6;
    view.fit([extent[0] - pad, extent[1] - pad, extent[2] + pad, extent[3] + pad], { duration: 250, padding: [40, 380, 40, 40] });
  }

  private styled(geometry: PolygonalGeometry, style: Style): Feature<Geometry> {
    const feature = this.format.readFeature({ type: 'Feature', geometry, properties: {} }) as Feature<Geometry>;
    feature.setStyle(style);
    return feature;
  }

  private gestureEnded(e: ModifyEvent): void {
    const snapshot = this.snapshot;
    const revert = (): void => {
      for (const [id, saved] of snapshot) {
        const g = this.source.getFeatureById(id)?.getGeometry() as PolyGeom | undefined;
        g?.setCoordinates(saved.raw as never);
      }
    };
    for (const f of e.features.getArray()) {
      const id = f.getId();
      const g = f.getGeometry() as PolyGeom | undefined;
      const before = id === undefined ? undefined : snapshot.get(id);
      if (!g || !before) continue;
      const op = gestureOp(before.rings, ringsOf(g.getCoordinates(), g.getType()));
      if (op) {
        this.options.onGesture(op, revert);
        return;
      }
    }
  }
}
