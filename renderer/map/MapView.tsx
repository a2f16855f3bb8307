import { useEffect, useRef } from 'react';
import 'ol/ol.css';
import type { MapController } from './map-controller';

/** The DOM home of the map; the controller (created by the app) does the rest. */
export function MapView({ controller }: { controller: MapController }) {
  const target = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!target.current) return;
    controller.mount(target.current);
    return () => controller.dispose();
  }, [controller]);
  return <div ref={target} className="gwz-map" data-testid="map" />;
}
