import { App as AntApp } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BasemapConfig, BasemapState } from '../../../shared/api/basemap';
import type { Client } from '../../../shared/api/client';
import type { MeasureResult } from '../../../shared/api/geometry';
import type { LayerInfo } from '../../../shared/api/layers';
import { currentLang } from '../../i18n';
import type { MapController } from '../../map/map-controller';
import { measureTool, type MeasureMode, type MeasureReadout } from '../../map/measure-tool';
import { BasemapDialog } from './BasemapDialog';
import { MeasurePanel } from './MeasurePanel';
import './map-tools.css';

export interface MapTools {
  measureMode: MeasureMode | null;
  toggleMeasure(mode: MeasureMode): void;
  previousExtent(): void;
  nextExtent(): void;
  zoomSelection(): void;
  openBasemap(): void;
  /** Over the map: the measure readout. */
  mapOverlay: ReactNode;
  dialogs: ReactNode;
}

const typingIn = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The map-navigation half of the workbench in one hook (measure, previous/next extent, zoom to
 * selection, basemap), so Workbench only places its pieces and wires its actions.
 */
export function useMapTools(opts: {
  client: Client;
  controller: MapController;
  projectPath: string | null;
  layers: LayerInfo[];
  onError(err: unknown): void;
}): MapTools {
  const { client, controller, projectPath, layers, onError } = opts;
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [measureMode, setMeasureMode] = useState<MeasureMode | null>(null);
  const [readout, setReadout] = useState<MeasureReadout | null>(null);
  const [engineFigure, setEngineFigure] = useState<MeasureResult | null>(null);
  const [basemap, setBasemap] = useState<BasemapState | null>(null);
  const [basemapOpen, setBasemapOpen] = useState(false);

  // measuring: the tool owns its layer and Draw interaction while a mode is on
  useEffect(() => {
    if (!measureMode) return;
    setReadout(null);
    setEngineFigure(null);
    return controller.attachTool(measureTool(measureMode, currentLang, setReadout));
  }, [controller, measureMode]);

  // the finished shape goes to the engine once for its second, ellipsoidal figure
  useEffect(() => {
    setEngineFigure(null);
    if (!readout?.done || !projectPath) return;
    let live = true;
    client.api.geometry
      .measure({ coordinates: readout.coordinates, kind: readout.mode === 'area' ? 'polygon' : 'line' })
      .then((r) => live && setEngineFigure(r), onError);
    return () => {
      live = false;
    };
  }, [client, readout, projectPath, onError]);

  // the basemap follows the project: read on open, again when another window changes it
  const loadBasemap = useCallback(() => {
    if (!projectPath) {
      setBasemap(null);
      return;
    }
    client.api.basemap.get({}).then(setBasemap, onError);
  }, [client, projectPath, onError]);
  useEffect(() => loadBasemap(), [loadBasemap]);
  useEffect(() => client.on((e) => e.type === 'project.changed' && e.reason === 'meta' && loadBasemap()), [client, loadBasemap]);
  useEffect(() => controller.setBasemap(basemap), [controller, basemap]);
  const layerIds = layers.map((l) => l.id).join(',');
  useEffect(() => {
    // a layer basemap needs its OpenLayers layer, which arrives with the layers
    if (basemap?.basemap.kind === 'layer') controller.setBasemap(basemap);
  }, [controller, basemap, layerIds]);

  const toggleMeasure = useCallback((mode: MeasureMode) => setMeasureMode((m) => (m === mode ? null : mode)), []);
  const previousExtent = useCallback(() => {
    if (!controller.previousExtent()) message.info(t('maptools.noMoreExtent'));
  }, [controller, message, t]);
  const nextExtent = useCallback(() => {
    if (!controller.nextExtent()) message.info(t('maptools.noMoreExtent'));
  }, [controller, message, t]);
  const zoomSelection = useCallback(() => {
    if (!controller.zoomToSelection()) message.info(t('maptools.noSelection'));
  }, [controller, message, t]);

  // QGIS's keys where it has them: Ctrl+Shift+M measure line, Ctrl+Shift+J area, Ctrl+J zoom to
  // selection; Alt+← / Alt+→ for previous / next extent (a browser's back/forward, taken over here)
  const keys = useRef({ toggleMeasure, previousExtent, nextExtent, zoomSelection, measureMode });
  keys.current = { toggleMeasure, previousExtent, nextExtent, zoomSelection, measureMode };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target)) return;
      const k = keys.current;
      const key = e.key.toLowerCase();
      const run = (fn: () => void) => {
        e.preventDefault();
        fn();
      };
      if (e.ctrlKey && e.shiftKey && key === 'm') run(() => k.toggleMeasure('line'));
      else if (e.ctrlKey && e.shiftKey && key === 'j') run(() => k.toggleMeasure('area'));
      else if (e.ctrlKey && !e.shiftKey && key === 'j') run(k.zoomSelection);
      else if (e.altKey && e.key === 'ArrowLeft') run(k.previousExtent);
      else if (e.altKey && e.key === 'ArrowRight') run(k.nextExtent);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    // a new project ends any measurement
    setMeasureMode(null);
  }, [projectPath]);

  const applyBasemap = useCallback(
    async (config: BasemapConfig) => {
      try {
        setBasemap(await client.api.basemap.set(config));
        message.success(t('maptools.basemapSaved'));
      } catch (err) {
        onError(err);
      }
    },
    [client, message, onError, t],
  );

  const mapOverlay = measureMode ? (
    <MeasurePanel mode={measureMode} readout={readout} engine={engineFigure} onClose={() => setMeasureMode(null)} />
  ) : null;
  const dialogs = (
    <BasemapDialog
      open={basemapOpen && projectPath !== null}
      state={basemap}
      layers={layers}
      onApply={applyBasemap}
      onZoom={() => controller.zoomToBasemap()}
      onClose={() => setBasemapOpen(false)}
    />
  );
  return {
    measureMode,
    toggleMeasure,
    previousExtent,
    nextExtent,
    zoomSelection,
    openBasemap: () => (projectPath ? setBasemapOpen(true) : message.info(t('toolbar.needsProject'))),
    mapOverlay,
    dialogs,
  };
}
