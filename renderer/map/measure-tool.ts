import type OlMap from 'ol/Map';
import { LineString, Point, Polygon, type Geometry } from 'ol/geom';
import Draw from 'ol/interaction/Draw';
import VectorLayer from 'ol/layer/Vector';
import type { Projection } from 'ol/proj';
import VectorSource from 'ol/source/Vector';
import { getArea, getLength } from 'ol/sphere';
import { Circle as CircleStyle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import { closeRing, formatArea, formatLength, measurePlanar, type MeasureLang } from '../../shared/geo/measure';

export type MeasureMode = 'line' | 'area';

/** What the measure panel shows while drawing (done = false) and after the double-click (done = true). */
export interface MeasureReadout {
  mode: MeasureMode;
  /** Line length, or polygon perimeter; metres. */
  length: number;
  /** m², 0 for a line. */
  area: number;
  segments: number[];
  /** The vertices in the map CRS, for the engine's second (ellipsoidal) figure once done. */
  coordinates: [number, number][];
  done: boolean;
}

const COLOR = '#d4380d';
const halo = new Stroke({ color: 'rgba(255, 255, 255, 0.95)', width: 3 });
const labelFill = new Fill({ color: '#5c0011' });

function label(text: string, at: Point, bold = false): Style {
  return new Style({
    geometry: at,
    text: new Text({
      text,
      font: `${bold ? '600 13px' : '12px'} system-ui, sans-serif`,
      fill: labelFill,
      stroke: halo,
      offsetY: bold ? -14 : -9,
      overflow: true,
    }),
  });
}

/**
 * The measure tool: an OpenLayers Draw on its own layer. Planar figures from shared/geo/measure —
 * the same code the engine's geometry.measure runs — when the map CRS is projected; a geographic
 * CRS falls back to OpenLayers' sphere (the engine's figure is then the one to trust).
 */
export function measureTool(
  mode: MeasureMode,
  lang: () => MeasureLang,
  onReadout: (readout: MeasureReadout | null) => void,
): (map: OlMap, projection: Projection) => () => void {
  return (map, projection) => {
    const planar = projection.getUnits() !== 'degrees';
    const measureOf = (coords: [number, number][]): Pick<MeasureReadout, 'length' | 'area' | 'segments'> => {
      if (planar) {
        const m = measurePlanar(mode === 'area' ? { type: 'Polygon', coordinates: [coords] } : { type: 'LineString', coordinates: coords });
        return m;
      }
      const geom = mode === 'area' ? new Polygon([closeRing(coords) as [number, number][]]) : new LineString(coords);
      const segments = coords.slice(1).map((c, i) => getLength(new LineString([coords[i]!, c]), { projection }));
      return { length: getLength(geom, { projection }), area: mode === 'area' ? getArea(geom, { projection }) : 0, segments };
    };

    /** The vertices of a line sketch or of a polygon's outer ring (without the closing repeat). */
    const verticesOf = (geometry: Geometry | undefined): [number, number][] => {
      if (geometry instanceof LineString) return geometry.getCoordinates() as [number, number][];
      if (geometry instanceof Polygon) {
        const ring = (geometry.getCoordinates()[0] ?? []) as [number, number][];
        return ring.length > 1 ? ring.slice(0, -1) : ring;
      }
      return [];
    };

    const style = (feature: FeatureLike): Style[] => {
      const geometry = feature.getGeometry() as Geometry | undefined;
      if (!(geometry instanceof LineString || geometry instanceof Polygon)) return [];
      const coords = verticesOf(geometry);
      const styles: Style[] = [
        new Style({ stroke: new Stroke({ color: 'rgba(255, 255, 255, 0.9)', width: 5 }) }),
        new Style({
          stroke: new Stroke({ color: COLOR, width: 2, lineDash: [8, 5] }),
          fill: new Fill({ color: 'rgba(250, 84, 28, 0.15)' }),
        }),
      ];
      if (coords.length < 2) return styles;
      const m = measureOf(coords);
      const path = mode === 'area' ? (closeRing(coords) as [number, number][]) : coords;
      // each segment's length at its middle, then the total at the last vertex (the cursor while drawing)
      for (let i = 1; i < path.length; i++) {
        const [a, b] = [path[i - 1]!, path[i]!];
        const seg = m.segments[i - 1];
        if (seg !== undefined && seg > 0) styles.push(label(formatLength(seg), new Point([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2])));
      }
      const total = mode === 'area' ? formatArea(m.area, lang()) : formatLength(m.length);
      styles.push(label(total, new Point(coords[coords.length - 1]!), true));
      for (const c of coords) {
        styles.push(new Style({ geometry: new Point(c), image: new CircleStyle({ radius: 3.5, fill: new Fill({ color: '#fff' }), stroke: new Stroke({ color: COLOR, width: 1.5 }) }) }));
      }
      return styles;
    };

    const source = new VectorSource();
    const layer = new VectorLayer({ source, style, zIndex: 6000 });
    layer.set('gwzMeasure', true);
    const draw = new Draw({
      source,
      type: mode === 'area' ? 'Polygon' : 'LineString',
      style: (f) => (f.getGeometry() instanceof Point ? new Style({ image: new CircleStyle({ radius: 4, fill: new Fill({ color: COLOR }) }) }) : style(f)),
      // a double-click ends the line or polygon (its two clicks must not zoom the map as well)
      stopClick: true,
    });

    const report = (geometry: Geometry | undefined, done: boolean): void => {
      const coordinates = verticesOf(geometry);
      if (coordinates.length < 2) return;
      onReadout({ mode, ...measureOf(coordinates), coordinates, done });
    };
    let unwatch: (() => void) | null = null;
    draw.on('drawstart', (event) => {
      source.clear(); // one measurement at a time, as QGIS does
      const geometry = event.feature.getGeometry();
      const onChange = () => report(geometry, false);
      geometry?.on('change', onChange);
      unwatch = () => geometry?.un('change', onChange);
    });
    draw.on('drawend', (event) => {
      unwatch?.();
      unwatch = null;
      report(event.feature.getGeometry(), true);
    });
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      draw.abortDrawing();
      unwatch?.();
      unwatch = null;
      source.clear();
      onReadout(null);
    };

    map.addLayer(layer);
    map.addInteraction(draw);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      unwatch?.();
      map.removeInteraction(draw);
      map.removeLayer(layer);
    };
  };
}
