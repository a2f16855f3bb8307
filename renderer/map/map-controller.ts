import OlMap from 'ol/Map';
import View from 'ol/View';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { containsCoordinate, createEmpty, extend, isEmpty, type Extent } from 'ol/extent';
import Graticule from 'ol/layer/Graticule';
import Layer from 'ol/layer/Layer';
import { transform, transformExtent, type Projection } from 'ol/proj';
import { Stroke, Text, Fill } from 'ol/style';
import type { LayerInfo } from '../../shared/api/layers';
import type { ProjectInfo } from '../../shared/api/project';
import type { MapStatusStore } from './map-status';
import { scaleDenominator } from './format';
import { DEFAULT_CENTER_LONLAT, DEFAULT_CRS, ensureLonLat, ensureProjection, LONLAT_CRS } from './projection';
import { createRasterLayer, type MapRasterLayer } from './raster-layers';
import { createVectorLayer, usesWebgl, type DataUrlFn, type LoadError, type MapVectorLayer } from './vector-layers';
import { styleFields } from '../../shared/style';
import type { BasemapState } from '../../shared/api/basemap';
import type TileLayer from 'ol/layer/Tile';
import type XYZ from 'ol/source/XYZ';
import type VectorSource from 'ol/source/Vector';
import { createBasemapLayer } from './basemap-layer';
import { ExtentHistory, type ViewState } from './extent-history';
import { resolutionForScale } from './format';

interface LayerEntry {
  handle: MapVectorLayer | MapRasterLayer;
  /** Reload the source when the engine rewrote the layer (same id, new content) or the style needs other fields. */
  signature: string;
  /** The style drawn now; a different one is applied in place. */
  style: string;
}

/**
 * What forces a new OpenLayers layer rather than a new style: other content, other attributes to
 * read, a switch of renderer, labels on or off (Canvas decluttering is a layer option).
 */
function signatureOf(info: LayerInfo): string {
  const label = info.style.kind === 'vector' && info.style.label ? (info.style.label.allowOverlap ? 'L' : 'D') : '';
  return [info.createdAt, info.featureCount, info.dataUrl, styleFields(info.style).join(','), usesWebgl(info) ? 'gl' : 'c', label].join('|');
}
const FIT_PADDING = [24, 24, 24, 24];
const DEFAULT_RESOLUTION = 120; // ≈ 1:430 000, the whole of Fuzhou city in a laptop window

/**
 * Owns the OpenLayers map outside React: React re-renders must not rebuild the map, and pointer
 * moves go straight to the status store.
 */
export class MapController {
  private readonly map: OlMap;
  private readonly graticule: Graticule;
  private readonly layers = new Map<number, LayerEntry>();
  private projection: Projection;
  private project: ProjectInfo | null = null;
  private layerInfos: LayerInfo[] = [];
  private readonly history = new ExtentHistory();
  private basemapLayer: TileLayer<XYZ> | null = null;
  private basemapState: BasemapState | null = null;
  /** A raster layer of the project chosen as the basemap: drawn beneath the others. */
  private basemapLayerId: number | null = null;

  constructor(
    private readonly status: MapStatusStore,
    private readonly dataUrl: DataUrlFn,
    private readonly onLoadError: (error: LoadError) => void,
  ) {
    ensureLonLat();
    this.projection = ensureProjection(DEFAULT_CRS)!;
    this.graticule = new Graticule({
      strokeStyle: new Stroke({ color: 'rgba(110, 120, 130, 0.35)', width: 1, lineDash: [2, 4] }),
      showLabels: true,
      targetSize: 140,
      lonLabelStyle: graticuleLabel('bottom'),
      latLabelStyle: graticuleLabel('end'),
      wrapX: false,
      zIndex: 1000,
    });
    this.map = new OlMap({
      controls: defaultControls({ attribution: false, rotate: false }).extend([
        new ScaleLine({ units: 'metric', minWidth: 80 }),
      ]),
      layers: [this.graticule],
      view: this.defaultView(),
    });
    this.map.on('pointermove', (event) => {
      if (event.dragging) return;
      const [x, y] = event.coordinate as [number, number];
      const [lon, lat] = transform([x, y], this.projection, LONLAT_CRS) as [number, number];
      this.status.set({ cursor: [x, y], lonLat: [lon, lat] });
    });
    this.map.on('moveend', () => this.recordView());
  }

  /** The OpenLayers map, for tools that add their own layers and interactions (identify, highlight, drawing, editing). */
  get olMap(): OlMap {
    return this.map;
  }

  mount(target: HTMLElement): void {
    this.map.setTarget(target);
    // scripted pan/zoom and frame timing in the e2e tests and the map benchmark reach the map here
    Object.assign(window, { gwzMap: this.map });
    target.addEventListener('mouseleave', this.clearCursor);
    this.updateScale();
  }

  dispose(): void {
    const target = this.map.getTargetElement();
    target?.removeEventListener('mouseleave', this.clearCursor);
    this.map.setTarget(undefined);
  }

  /** A new project (or none) means a new CRS and view; its layers arrive through setLayers. */
  setProject(project: ProjectInfo | null): void {
    const same = project && this.project && project.path === this.project.path && project.crs === this.project.crs;
    this.project = project;
    if (same) return;
    this.clearLayers();
    const previous = this.currentPlace();
    const projection = project ? ensureProjection(project.crs) : null;
    this.projection = projection ?? ensureProjection(DEFAULT_CRS)!;
    const view = projection ? new View({ projection }) : this.defaultView();
    this.history.clear();
    this.map.setView(view);
    if (this.basemapState) this.setBasemap(this.basemapState);
    this.watchView(view);
    if (projection) this.placeProjectView(view, projection, project!, previous);
    this.status.set({ crs: this.projection.getCode(), geographic: this.projection.getUnits() === 'degrees' });
    this.updateScale();
  }

  setLayers(infos: LayerInfo[], hidden: ReadonlySet<number> = new Set()): void {
    this.layerInfos = infos;
    const crs = this.projection.getCode();
    const wanted = new Set(infos.map((info) => info.id));
    for (const [id, entry] of this.layers) {
      if (!wanted.has(id)) {
        this.map.removeLayer(entry.handle.layer);
        this.layers.delete(id);
      }
    }
    // layers.list is in drawing order from the top: the first entry draws last.
    infos.forEach((info, index) => {
      if (info.kind === 'table') return;
      let entry = this.layers.get(info.id);
      const signature = signatureOf(info);
      const style = JSON.stringify(info.style);
      if (entry && entry.signature !== signature) {
        this.map.removeLayer(entry.handle.layer);
        entry = undefined;
      }
      if (!entry) {
        const handle =
          info.kind === 'raster'
            ? createRasterLayer(info, crs, this.dataUrl)
            : createVectorLayer(info, crs, this.dataUrl, this.onLoadError);
        entry = { handle, signature, style };
        this.layers.set(info.id, entry);
        this.map.addLayer(handle.layer);
      } else if (entry.style !== style) {
        entry.style = style;
        if (info.style.kind === 'raster') (entry.handle as MapRasterLayer).setStyle(info.style);
        else (entry.handle as MapVectorLayer).setStyle(info.style);
      }
      entry.handle.layer.setZIndex(info.id === this.basemapLayerId ? -500 : infos.length - index);
      entry.handle.layer.setVisible(info.visible && !hidden.has(info.id));
    });
  }

  /** Visibility at the click, before the engine stores it. */
  previewVisibility(id: number, visible: boolean): void {
    this.layers.get(id)?.handle.layer.setVisible(visible);
  }

  /** Opacity while a slider moves, before the engine stores it. */
  previewOpacity(id: number, opacity: number): void {
    this.layers.get(id)?.handle.layer.setOpacity(opacity);
  }

  /** Fit one layer's extent (zoom to layer). */
  zoomToLayer(id: number): void {
    const info = this.layerInfos.find((l) => l.id === id);
    if (!info?.extent) return;
    const extent = this.toMapExtent(info);
    if (extent && !isEmpty(extent)) this.map.getView().fit(extent, { size: this.map.getSize(), padding: FIT_PADDING, duration: 250, maxZoom: 28 });
  }

  private toMapExtent(info: LayerInfo): Extent | null {
    if (!info.extent) return null;
    const layerCrs = info.srid ? `EPSG:${info.srid}` : this.projection.getCode();
    if (layerCrs === this.projection.getCode()) return info.extent;
    return ensureProjection(layerCrs) ? transformExtent(info.extent, layerCrs, this.projection) : null;
  }

  /** The visible extent in the view's projection (the project CRS), for layouts "from the current view". */
  viewExtent(): [number, number, number, number] | null {
    const size = this.map.getSize();
    if (!size || !this.project) return null;
    return this.map.getView().calculateExtent(size) as [number, number, number, number];
  }

  /** Fit the union of the layers' extents; the project's default view if there are none. */
  zoomToFull(): void {
    const extent = createEmpty();
    for (const info of this.layerInfos) {
      const e = this.toMapExtent(info);
      if (e) extend(extent, e);
    }
    const view = this.map.getView();
    if (!isEmpty(extent)) view.fit(extent, { size: this.map.getSize(), padding: FIT_PADDING, duration: 250 });
    else if (this.project?.extent) view.fit(this.project.extent, { size: this.map.getSize(), padding: FIT_PADDING });
    else this.centerOnDefault(view);
  }

  /** Back to the extent before the last pan/zoom (QGIS: Zoom Last). */
  previousExtent(): boolean {
    return this.goTo(this.history.back());
  }

  /** Forward again after previousExtent (QGIS: Zoom Next). */
  nextExtent(): boolean {
    return this.goTo(this.history.forward());
  }

  /** Zoom so the map shows 1:denominator at the view centre (0.28 mm pixels, as the status bar reads it). */
  zoomToScale(denominator: number): void {
    const view = this.map.getView();
    view.setResolution(resolutionForScale(denominator, view.getProjection().getMetersPerUnit() ?? 1));
  }

  /** Fit the selected (highlighted) features; false when nothing is selected. */
  zoomToSelection(): boolean {
    const layer = this.map.getLayers().getArray().find((l) => l.get('gwzHighlight') === true) as Layer | undefined;
    const source = layer?.getSource() as VectorSource | null | undefined;
    if (!source || source.getFeatures().length === 0) return false;
    const found = source.getExtent();
    if (!found || isEmpty(found)) return false;
    const [a, b, c, d] = found;
    // a single point has no extent to fit: pad it to a neighbourhood
    const extent: Extent = c! - a! < 1 && d! - b! < 1 ? [a! - 250, b! - 250, c! + 250, d! + 250] : [a!, b!, c!, d!];
    this.map.getView().fit(extent, { size: this.map.getSize(), padding: FIT_PADDING, duration: 250, maxZoom: 28 });
    return true;
  }

  /** The project's basemap (or none): MBTiles/XYZ tiles beneath everything, or a raster layer moved to the bottom. */
  setBasemap(state: BasemapState | null): void {
    this.basemapState = state;
    if (this.basemapLayer) this.map.removeLayer(this.basemapLayer);
    this.basemapLayer = state ? createBasemapLayer(state, this.dataUrl, this.projection) : null;
    if (this.basemapLayer) this.map.addLayer(this.basemapLayer);
    const layerId = state?.basemap.kind === 'layer' ? state.basemap.layerId : null;
    if (layerId !== this.basemapLayerId) {
      this.basemapLayerId = layerId;
      this.setLayers(this.layerInfos);
    }
    if (state?.basemap.kind === 'layer') this.layers.get(state.basemap.layerId)?.handle.layer.setOpacity(state.basemap.opacity);
  }

  /** Fit the MBTiles file's bounds (to find a basemap that lies outside the project's layers). */
  zoomToBasemap(): boolean {
    const bounds = this.basemapState?.mbtiles?.bounds;
    if (!bounds) return false;
    this.map.getView().fit(transformExtent(bounds, 'EPSG:4326', this.projection), { size: this.map.getSize(), padding: FIT_PADDING, duration: 250 });
    return true;
  }

  private recordView(): void {
    const view = this.map.getView();
    const center = view.getCenter();
    const resolution = view.getResolution();
    if (!center || !resolution) return;
    this.history.record({ center: [center[0]!, center[1]!], resolution });
    this.status.set({ canBack: this.history.canBack(), canForward: this.history.canForward() });
  }

  private goTo(state: ViewState | null): boolean {
    if (!state) return false;
    const view = this.map.getView();
    const center = view.getCenter();
    if (center && center[0] === state.center[0] && center[1] === state.center[1] && view.getResolution() === state.resolution) {
      this.history.settled();
    } else {
      view.setCenter([...state.center]);
      view.setResolution(state.resolution);
    }
    this.status.set({ canBack: this.history.canBack(), canForward: this.history.canForward() });
    return true;
  }

  /**
   * Hook for interactive tools (boundary editing…): the tool adds its own layers and interactions
   * to the OpenLayers map and returns how to take them away again.
   */
  attachTool(tool: (map: OlMap, projection: Projection) => () => void): () => void {
    return tool(this.map, this.projection);
  }

  /** Re-reads one layer's features from the engine (an edit changed them in place). */
  reloadLayer(id: number): void {
    const layer = this.layers.get(id)?.handle.layer;
    if (layer instanceof Layer) layer.getSource()?.refresh();
  }

  /** Where the user was looking, in lon/lat, with the ground resolution (m/px). */
  private currentPlace(): { lonLat: [number, number]; metres: number } | null {
    const view = this.map.getView();
    const center = view.getCenter();
    const resolution = view.getResolution();
    if (!center || !resolution) return null;
    const lonLat = transform(center, view.getProjection(), LONLAT_CRS) as [number, number];
    return { lonLat, metres: resolution * (view.getProjection().getMetersPerUnit() ?? 1) };
  }

  /**
   * A project's default extent is its CRS's whole area of use (a 3° zone is 37° tall), which shows
   * nothing useful; if the user was already looking at a place inside it, stay there. Layers, once
   * they arrive, are fitted by zoomToFull.
   */
  private placeProjectView(view: View, projection: Projection, project: ProjectInfo, previous: ReturnType<MapController['currentPlace']>): void {
    const world = projection.getWorldExtent();
    const inside =
      previous && world && containsCoordinate(world, previous.lonLat) && project.layerCount === 0;
    if (inside) {
      view.setCenter(transform(previous.lonLat, LONLAT_CRS, projection));
      view.setResolution(previous.metres / (projection.getMetersPerUnit() ?? 1));
    } else if (project.extent) {
      view.fit(project.extent, { size: this.map.getSize(), padding: FIT_PADDING });
    } else {
      this.centerOnDefault(view);
    }
  }

  private readonly clearCursor = (): void => this.status.set({ cursor: null, lonLat: null });

  private defaultView(): View {
    const view = new View({ projection: this.projection });
    this.centerOnDefault(view);
    this.watchView(view);
    return view;
  }

  private centerOnDefault(view: View): void {
    view.setCenter(transform(DEFAULT_CENTER_LONLAT, LONLAT_CRS, view.getProjection()));
    view.setResolution(DEFAULT_RESOLUTION);
  }

  private watchView(view: View): void {
    view.on('change:resolution', () => this.updateScale());
  }

  private updateScale(): void {
    const view = this.map.getView();
    const resolution = view.getResolution();
    const metersPerUnit = view.getProjection().getMetersPerUnit() ?? 1;
    this.status.set({ scale: resolution ? scaleDenominator(resolution, metersPerUnit) : null });
  }

  private clearLayers(): void {
    for (const entry of this.layers.values()) this.map.removeLayer(entry.handle.layer);
    this.layers.clear();
  }
}

function graticuleLabel(align: 'bottom' | 'end'): Text {
  return new Text({
    font: '11px system-ui, sans-serif',
    fill: new Fill({ color: 'rgba(70, 80, 90, 0.85)' }),
    stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 3 }),
    textBaseline: align === 'bottom' ? 'bottom' : 'middle',
    textAlign: align === 'end' ? 'end' : 'center',
    offsetY: align === 'bottom' ? -4 : 0,
    offsetX: align === 'end' ? -4 : 0,
  });
}

export type { Extent };
