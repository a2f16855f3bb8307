import type { MapBrowserEvent } from 'ol';
import { useEffect, useRef } from 'react';
import type { Client } from '../../../shared/api/client';
import type { IdentifyLayerResult } from '../../../shared/api/features';
import type { MapController } from '../../map/map-controller';
import type { IdentifyState } from './IdentifyPopup';

/** Pixels around the click that still count as "on" a point or a line. */
const TOLERANCE_PX = 6;

/**
 * The identify tool: while active, a click on the map asks the engine what the visible layers hold
 * there and reports it (first with results: null, to show a spinner at once).
 */
export function useIdentifyTool(
  controller: MapController,
  client: Client,
  active: boolean,
  visibleLayerIds: readonly number[],
  onState: (state: IdentifyState | null) => void,
  onResults: (results: IdentifyLayerResult[]) => void,
  onError: (err: unknown) => void,
): void {
  const visible = useRef(visibleLayerIds);
  visible.current = visibleLayerIds;
  const callbacks = useRef({ onState, onResults, onError });
  callbacks.current = { onState, onResults, onError };

  useEffect(() => {
    const map = controller.olMap;
    const target = map.getTargetElement();
    if (!active) {
      target?.classList.remove('identify-mode');
      return;
    }
    target?.classList.add('identify-mode');
    let request = 0;
    const onClick = (event: MapBrowserEvent) => {
      const [x, y] = event.coordinate as [number, number];
      const pixel = event.pixel as [number, number];
      const resolution = map.getView().getResolution() ?? 1;
      const mine = ++request;
      const mapSize = (map.getSize() ?? [800, 600]) as [number, number];
      callbacks.current.onState({ pixel, mapSize, coordinate: [x, y], results: null });
      client.api.features.identify({ x, y, tolerance: resolution * TOLERANCE_PX, layerIds: [...visible.current] }).then(
        ({ results }) => {
          if (mine !== request) return;
          callbacks.current.onState({ pixel, mapSize, coordinate: [x, y], results });
          callbacks.current.onResults(results);
        },
        (err: unknown) => callbacks.current.onError(err),
      );
    };
    map.on('singleclick', onClick);
    return () => {
      map.un('singleclick', onClick);
      target?.classList.remove('identify-mode');
    };
  }, [controller, client, active]);
}
