/**
 * Status-bar number formats. Pure functions (no OpenLayers) so they are unit-tested directly.
 * Digit groups use U+202F (narrow no-break space), the SI separator, so "3 093 065.67" never wraps.
 */
const GROUP = '\u202f';

export function groupDigits(value: number, decimals: number, separator: string = GROUP): string {
  const sign = value < 0 ? '-' : '';
  const [whole = '0', frac] = Math.abs(value).toFixed(decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
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

/**
 * 1:48 732 reads as 1:48 700 — three significant digits is what a person can use. Chinese (and SI)
 * group thousands with a space (1:50 000), English with a comma (1:50,000).
 */
export function formatScale(denominator: number, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!Number.isFinite(denominator) || denominator <= 0) return '—';
  const digits = Math.floor(Math.log10(denominator)) + 1;
  const step = digits > 3 ? 10 ** (digits - 3) : 1;
  return `1:${groupDigits(Math.round(denominator / step) * step, 0, lang === 'en' ? ',' : GROUP)}`;
}

/** Scales a person may type: 1:50 000 is the smallest sheet anyone maps at here; 1:1 the largest. */
const MIN_DENOMINATOR = 1;
const MAX_DENOMINATOR = 100_000_000;

/**
 * What a person types into the scale box: "1:25000", "1:25 000", "1:25,000", "１：２５０００"
 * (full-width, from a Chinese IME), "25000" or "25 000". Returns the denominator, or null.
 */
export function parseScale(text: string): number | null {
  const plain = text
    .normalize('NFKC') // full-width digits and colon → ASCII
    .replace(/[\s,\u00a0\u202f']/g, '');
  const m = /^(?:1:)?(\d+(?:\.\d+)?)$/.exec(plain);
  if (!m) return null;
  const value = Number(m[1]);
  return value >= MIN_DENOMINATOR && value <= MAX_DENOMINATOR ? value : null;
}

/** Degrees as 27°57′03.6″ — seconds to one decimal (≈ 3 m), carried over so 59.96″ never shows as 60.0″. */
export function toDms(degrees: number): string {
  const tenths = Math.round(Math.abs(degrees) * 36000);
  const d = Math.floor(tenths / 36000);
  const m = Math.floor((tenths % 36000) / 600);
  const s = (tenths % 600) / 10;
  return `${d}°${String(m).padStart(2, '0')}′${s.toFixed(1).padStart(4, '0')}″`;
}

export function formatLonLatDms(lon: number, lat: number, hemispheres: Hemispheres): string {
  return `${toDms(lat)}${lat < 0 ? hemispheres.south : hemispheres.north} ${toDms(lon)}${lon < 0 ? hemispheres.west : hemispheres.east}`;
}

/** The resolution (map units per pixel) that shows a scale of 1:denominator; inverse of scaleDenominator. */
export function resolutionForScale(denominator: number, metersPerUnit: number): number {
  return (denominator * PIXEL_SIZE_M) / metersPerUnit;
}
