import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { App as AntApp } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/api/client';
import type { LayerInfo } from '../../../shared/api/layers';
import type { MapController } from '../../map/map-controller';
import { BoreholeLogDrawer } from '../boreholes/BoreholeLogDrawer';
import { AttributeTable, type Selection } from './AttributeTable';
import { IdentifyPopup, type IdentifyState } from './IdentifyPopup';
import { MapHighlight } from './map-highlight';
import { useIdentifyTool } from './use-identify';

export interface AttributeTools {
  openAttributes(layerId?: number): void;
  toggleIdentify(): void;
  openBorehole(holeId: string): void;
  identifyActive: boolean;
  /** The bottom attribute panel (a row of the shell grid), or null when closed. */
  panel: ReactNode;
  /** Drawn over the map: the identify popup. */
  mapOverlay: ReactNode;
  /** Drawers and dialogs. */
  dialogs: ReactNode;
}

/** Test hook: e2e tests read how many features the map highlights. */
declare global {
  interface Window {
    __gwzHighlightCount?: () => number;
  }
}

/**
 * Everything the attribute half of the workbench adds to the main window, in one hook so the
 * Workbench only places its pieces: attribute table, selection ↔ map highlight, identify, borehole log.
 */
export function useAttributeTools(opts: {
  client: Client;
  controller: MapController;
  layers: LayerInfo[];
  hidden: ReadonlySet<number>;
  selectedLayerId: number | null;
  onError(err: unknown): void;
}): AttributeTools {
  const { client, controller, layers, hidden, selectedLayerId, onError } = opts;
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [tableLayerId, setTableLayerId] = useState<number | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [identifyActive, setIdentifyActive] = useState(false);
  const [identify, setIdentify] = useState<IdentifyState | null>(null);
  const [hole, setHole] = useState<string | null>(null);
  const [changeCount, setChangeCount] = useState(0);

  const highlight = useMemo(() => new MapHighlight(controller.olMap, client), [controller, client]);
  useEffect(() => {
    window.__gwzHighlightCount = () => highlight.count;
    return () => highlight.dispose();
  }, [highlight]);

  // Re-read the table whenever the project changes (a calculation here, an import or edit elsewhere).
  useEffect(
    () =>
      client.on((event) => {
        if (event.type === 'project.changed') setChangeCount((n) => n + 1);
      }),
    [client],
  );

  const layerIds = layers.map((l) => l.id).join(',');
  useEffect(() => {
    // a layer that went away takes its table and selection with it
    const ids = new Set(layerIds.split(',').filter(Boolean).map(Number));
    setTableLayerId((id) => (id !== null && !ids.has(id) ? null : id));
    setSelection((s) => (s && !ids.has(s.layerId) ? null : s));
  }, [layerIds]);

  useEffect(() => {
    if (selection) void highlight.show(selection.layerId, selection.fids).catch(onError);
    else if (!identify) highlight.clear();
  }, [selection, highlight, onError, identify]);

  const visible = useMemo(() => layers.filter((l) => !hidden.has(l.id)).map((l) => l.id), [layers, hidden]);
  const onIdentifyResults = useCallback(
    (results: NonNullable<IdentifyState['results']>) => {
      const sets = results.flatMap((r) => (r.kind === 'vector' ? [{ layerId: r.layerId, fids: r.features.map((f) => f.fid) }] : []));
      void highlight.showMany(sets).catch(onError);
    },
    [highlight, onError],
  );
  useIdentifyTool(controller, client, identifyActive, visible, setIdentify, onIdentifyResults, onError);

  const openAttributes = useCallback(
    (layerId?: number) => {
      const id = layerId ?? selectedLayerId;
      const layer = layers.find((l) => l.id === id);
      if (!layer || layer.kind === 'raster') {
        message.info(t('attributes.needLayer'));
        return;
      }
      setTableLayerId(layer.id);
    },
    [layers, message, selectedLayerId, t],
  );

  const toggleIdentify = useCallback(() => {
    setIdentifyActive((a) => {
      if (a) {
        setIdentify(null);
        highlight.clear();
      }
      return !a;
    });
  }, [highlight]);

  const zoomTo = useCallback(
    (extent: [number, number, number, number]) => {
      const map = controller.olMap;
      const [a, b, c, d] = extent;
      // a single point has no extent to fit: pad it to a neighbourhood
      const padded: [number, number, number, number] = c - a < 1 && d - b < 1 ? [a - 250, b - 250, c + 250, d + 250] : extent;
      map.getView().fit(padded, { size: map.getSize(), padding: [40, 40, 40, 40], duration: 250, maxZoom: 18 });
    },
    [controller],
  );

  // F6 opens the attribute table (as in QGIS), I toggles identify, Esc leaves identify
  const keys = useRef({ openAttributes, toggleIdentify, identifyActive });
  keys.current = { openAttributes, toggleIdentify, identifyActive };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'F6') {
        e.preventDefault();
        keys.current.openAttributes();
      } else if (e.key === 'i' || e.key === 'I') {
        keys.current.toggleIdentify();
      } else if (e.key === 'Escape' && keys.current.identifyActive) {
        keys.current.toggleIdentify();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // the panel takes height from the map: let OpenLayers measure again once the layout settled
  const panelOpen = tableLayerId !== null;
  useEffect(() => {
    const frame = requestAnimationFrame(() => controller.olMap.updateSize());
    return () => cancelAnimationFrame(frame);
  }, [panelOpen, controller]);

  const tableLayer = layers.find((l) => l.id === tableLayerId) ?? null;
  const panel = tableLayer ? (
    <AttributeTable
      client={client}
      layer={tableLayer}
      selection={selection}
      onSelect={setSelection}
      onZoomTo={zoomTo}
      onClose={() => setTableLayerId(null)}
      onError={onError}
      changeCount={changeCount}
    />
  ) : null;

  const mapOverlay = identify ? (
    <IdentifyPopup
      state={identify}
      layers={layers}
      onClose={() => {
        setIdentify(null);
        if (selection) void highlight.show(selection.layerId, selection.fids);
        else highlight.clear();
      }}
      onOpenBorehole={setHole}
    />
  ) : null;

  const dialogs = <BoreholeLogDrawer client={client} holeId={hole} onClose={() => setHole(null)} onError={onError} />;

  return { openAttributes, toggleIdentify, openBorehole: setHole, identifyActive, panel, mapOverlay, dialogs };
}
