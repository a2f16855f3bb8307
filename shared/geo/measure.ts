/**
 * Distance and area on the projected plane (the project CRS, metres), shared by the map's measure
 * tool and the engine's geometry.measure so both give the same figure for the same clicks.
 * Pure arithmetic: no OpenLayers, no Node.
 */
export type Position = readonly [number, number] | readonly number[];

export interface PlanarMeasure {
  /** Line: the sum of its segments; polygon: its perimeter (every ring). Metres. */
  length: number;
  /** Polygon area (outer rings minus holes), 0 for lines. Square metres. */
  area: number;
  /** Length of each segment of the first line / outer ring, in drawing order. */
  segments: number[];
}

/** The geometries the measure accepts, as GeoJSON writes them. */
export type MeasureGeometry =
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] };

export function segmentLengths(line: readonly Position[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    out.push(Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!));
  }
  return out;
}

export function lineLength(line: readonly Position[]): number {
  return segmentLengths(line).reduce((s, v) => s + v, 0);
}

/** A ring closed (last = first) whether or not the caller repeated the first vertex. */
export function closeRing(ring: readonly Position[]): Position[] {
  if (ring.length === 0) return [];
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? [...ring] : [...ring, first];
}

/**
 * Shoelace area of one ring, unsigned. Coordinates are shifted to the first vertex first: Gauss–
 * Krüger northings are ~3 000 000 m, and their squares would cost float64 digits.
 */
export function ringArea(ring: readonly Position[]): number {
  const r = closeRing(ring);
  if (r.length < 4) return 0;
  const [x0, y0] = [r[0]![0]!, r[0]![1]!];
  let twice = 0;
  for (let i = 1; i < r.length; i++) {
    const a = r[i - 1]!;
    const b = r[i]!;
    twice += (a[0]! - x0) * (b[1]! - y0) - (b[0]! - x0) * (a[1]! - y0);
  }
  return Math.abs(twice) / 2;
}

function polygonArea(rings: readonly (readonly Position[])[]): number {
  const [outer, ...holes] = rings;
  if (!outer) return 0;
  return Math.max(0, ringArea(outer) - holes.reduce((s, h) => s + ringArea(h), 0));
}

export function measurePlanar(geometry: MeasureGeometry): PlanarMeasure {
  switch (geometry.type) {
    case 'LineString':
      return { length: lineLength(geometry.coordinates), area: 0, segments: segmentLengths(geometry.coordinates) };
    case 'MultiLineString':
      return {
        length: geometry.coordinates.reduce((s, l) => s + lineLength(l), 0),
        area: 0,
        segments: segmentLengths(geometry.coordinates[0] ?? []),
      };
    case 'Polygon':
      return {
        length: geometry.coordinates.reduce((s, r) => s + lineLength(closeRing(r)), 0),
        area: polygonArea(geometry.coordinates),
        segments: segmentLengths(closeRing(geometry.coordinates[0] ?? [])),
      };
    case 'MultiPolygon':
      return {
        length: geometry.coordinates.reduce((s, p) => s + p.reduce((t, r) => t + lineLength(closeRing(r)), 0), 0),
        area: geometry.coordinates.reduce((s, p) => s + polygonArea(p), 0),
        segments: segmentLengths(closeRing(geometry.coordinates[0]?.[0] ?? [])),
      };
  }
}

/** 'en' writes ha; any Chinese tag (zh, zh-CN) writes 公顷. */
export type MeasureLang = 'en' | 'zh' | 'zh-CN';

function fixed(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** 856.3 m below a kilometre, 12.457 km above (what a field technician reads off a 1:50 000 sheet). */
export function formatLength(metres: number): string {
  if (!Number.isFinite(metres)) return '—';
  return metres < 1000 ? `${fixed(metres, 1)} m` : `${fixed(metres / 1000, 3)} km`;
}

/**
 * Area in m² below a hectare, then in hectares (公顷, what land-use tables use) and km² side by
 * side from 1 km² up; km² alone from 100 km².
 */
export function formatArea(squareMetres: number, lang: MeasureLang): string {
  if (!Number.isFinite(squareMetres)) return '—';
  const ha = lang === 'en' ? 'ha' : '公顷';
  if (squareMetres < 10_000) return `${fixed(squareMetres, 1)} m²`;
  if (squareMetres < 1_000_000) return `${fixed(squareMetres / 10_000, 2)} ${ha}`;
  if (squareMetres < 100_000_000) return `${fixed(squareMetres / 1_000_000, 3)} km² (${fixed(squareMetres / 10_000, 1)} ${ha})`;
  return `${fixed(squareMetres / 1_000_000, 2)} km²`;
}
