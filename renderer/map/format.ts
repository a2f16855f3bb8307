/**
 * Status-bar number formats. Pure functions (no OpenLayers) so they are unit-tested directly.
 * Digit groups use U+202F (narrow no-break space), the SI separator, so "3 093 065.67" never wraps.
 */
const GROUP = '\u202f';

export function groupDigits(value: number, decimals: number): string {
  const sign = value < 0 ? '-' : '';
  const [whole = '0', frac] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
  return sign + grouped + (frac ? `.${frac}` : '');
}

/**
 * Cursor coordinates as Chinese surveying writes them (ux.md status bar): for Gauss–Krüger X is the
 * northing and Y the easting (with the zone prefix when the CRS has one). Arguments stay in map
 * order (easting, northing). Geographic CRSs show longitude then latitude.
 */
export function formatXY(easting: number, northing: number, geographic: boolean): string {
  if (geographic) return `λ ${groupDigits(easting, 6)}  φ ${groupDigits(northing, 6)}`;
  return `X ${groupDigits(northing, 2)}  Y ${groupDigits(easting, 2)}`;
}

export interface Hemispheres {
  north: string;
  south: string;
  east: string;
  west: string;
}

export function formatLonLat(lon: number, lat: number, hemispheres: Hemispheres, decimals = 5): string {
  const latText = `${Math.abs(lat).toFixed(decimals)}°${lat < 0 ? hemispheres.south : hemispheres.north}`;
  const lonText = `${Math.abs(lon).toFixed(decimals)}°${lon < 0 ? hemispheres.west : hemispheres.east}`;
  return `${latText} ${lonText}`;
}

/** OGC's standardized rendering pixel of 0.28 mm, as WMS/WMTS and desktop GIS scale readouts assume. */
const PIXEL_SIZE_M = 0.00028;

export function scaleDenominator(resolution: number, metersPerUnit: number): number {
  return (resolution * metersPerUnit) / PIXEL_SIZE_M;
}

/** 1:48 732 reads as 1:48 700 — three significant digits is what a person can use. */
export function formatScale(denominator: number): string {
  if (!Number.isFinite(denominator) || denominator <= 0) return '—';
  const digits = Math.floor(Math.log10(denominator)) + 1;
  const step = digits > 3 ? 10 ** (digits - 3) : 1;
  return `1:${groupDigits(Math.round(denominator / step) * step, 0)}`;
}
