import type { CrsIssue } from '../../../../shared/api';
import { CRS_LIST } from '../../../../shared/crs';

type Extent = [number, number, number, number];

/** What the checks need to know of a CRS: PROJ.4 text is enough to tell GK zones and datums apart. */
export interface CrsFacts {
  geographic: boolean;
  proj4: string;
  /** Area of use in lon/lat when known (shared/crs), else null. */
  bounds: [number, number, number, number] | null;
}

const param = (proj4: string, name: string): string | null => new RegExp(`\\+${name}=(\\S+)`).exec(proj4)?.[1] ?? null;

/** China's Gauss–Krüger northings run from ~1 900 km (Hainan) to ~5 900 km (Mohe). */
const isNorthing = (v: number): boolean => v > 1_500_000 && v < 6_200_000;
/** A GK easting without zone prefix lies around the 500 000 m false easting. */
const isCmEasting = (v: number): boolean => v > 0 && v < 1_000_000;
/** A zone-prefixed easting: zone 13–23 (6°) or 25–45 (3°) in the millions. */
const prefixedZone = (v: number): number | null => {
  const zone = Math.floor(v / 1_000_000);
  return (zone >= 13 && zone <= 23) || (zone >= 25 && zone <= 45) ? zone : null;
};
const inDegrees = (e: Extent): boolean => e[0] >= -180 && e[2] <= 180 && e[1] >= -90 && e[3] <= 90;

/** The known CRS on the same ellipsoid whose Gauss–Krüger parameters match a central meridian and false easting. */
function gkSibling(ellps: string | null, lon0: number, x0: number): string | null {
  const found = CRS_LIST.find(
    (c) =>
      !c.geographic &&
      param(c.proj4, 'ellps') === ellps &&
      Number(param(c.proj4, 'lon_0')) === lon0 &&
      Number(param(c.proj4, 'x_0')) === x0,
  );
  return found?.code ?? null;
}

function centralMeridianOfZone(zone: number): number {
  return zone >= 25 ? zone * 3 : zone * 6 - 3;
}

/**
 * Coordinates that cannot be in the given CRS, each explained with the fix: degrees in a projected
 * CRS, a zone prefix the CRS lacks (or the reverse), swapped northing/easting, data outside the area
 * of use. `extent` is in the source's own coordinates; `lonLat` is the same extent in degrees when
 * it could be computed.
 */
export function crsIssues(extent: Extent, crs: CrsFacts, lonLat: Extent | null): CrsIssue[] {
  const [minX, minY, maxX, maxY] = extent;
  const issues: CrsIssue[] = [];
  if (crs.geographic) {
    if (minX >= 15 && maxX <= 55 && minY >= 73 && maxY <= 136) {
      issues.push({
        kind: 'axes-swapped',
        message_zh: 'X 像纬度、Y 像经度：经纬度可能写反了，可选择交换坐标轴。',
        message_en: 'X looks like latitude and Y like longitude: the axes seem swapped; swapping them is offered.',
        swapAxes: true,
      });
    } else if (!inDegrees(extent)) {
      issues.push({
        kind: 'metres-in-geographic',
        message_zh: `坐标（X ${fmt(minX)}…${fmt(maxX)}）是米而不是经纬度度数，源坐标系应为投影坐标系（如高斯-克吕格）。`,
        message_en: `The coordinates (X ${fmt(minX)}…${fmt(maxX)}) are metres, not degrees: the source CRS should be a projected one (e.g. Gauss–Krüger).`,
      });
    }
    return [...issues, ...outsideArea(crs, lonLat, issues.length > 0)];
  }

  const ellps = param(crs.proj4, 'ellps') ?? (crs.proj4.includes('+datum=WGS84') ? 'WGS84' : null);
  const lon0 = Number(param(crs.proj4, 'lon_0') ?? NaN);
  const x0 = Number(param(crs.proj4, 'x_0') ?? 0);
  const crsHasPrefix = x0 >= 13_000_000;

  if (inDegrees(extent) && Math.abs(maxX - minX) < 360) {
    issues.push({
      kind: 'degrees-in-projected',
      message_zh: `坐标（X ${fmt(minX)}…${fmt(maxX)}，Y ${fmt(minY)}…${fmt(maxY)}）是经纬度度数，而源坐标系是投影坐标系（米）；应选择经纬度坐标系，如 EPSG:4490。`,
      message_en: `The coordinates (X ${fmt(minX)}…${fmt(maxX)}, Y ${fmt(minY)}…${fmt(maxY)}) are degrees but the source CRS is projected (metres); choose a geographic CRS such as EPSG:4490.`,
      suggestedCrs: 'EPSG:4490',
    });
    return issues;
  }

  if (isNorthing(minX) && isNorthing(maxX) && (isCmEasting(minY) || prefixedZone(minY) !== null) && !isNorthing(minY)) {
    issues.push({
      kind: 'axes-swapped',
      message_zh: `X（${fmt(minX)}…${fmt(maxX)}）像北坐标、Y（${fmt(minY)}…${fmt(maxY)}）像东坐标：北坐标与东坐标写反了，可选择交换坐标轴。`,
      message_en: `X (${fmt(minX)}…${fmt(maxX)}) looks like a northing and Y (${fmt(minY)}…${fmt(maxY)}) like an easting: northing and easting are swapped; swapping the axes is offered.`,
      swapAxes: true,
    });
    return issues;
  }

  const zone = prefixedZone(minX);
  if (!crsHasPrefix && zone !== null && prefixedZone(maxX) === zone && isNorthing(minY)) {
    const suggested = gkSibling(ellps, centralMeridianOfZone(zone), zone * 1_000_000 + 500_000);
    issues.push({
      kind: 'zone-prefix-unexpected',
      message_zh: `X 坐标（${fmt(minX)}…）带有高斯-克吕格带号 ${zone}，而所选坐标系不带带号${suggested ? `；应使用带带号的 ${suggested}` : ''}。`,
      message_en: `The X coordinates (${fmt(minX)}…) carry the Gauss–Krüger zone prefix ${zone}, but the chosen CRS has none${suggested ? `; use the zone-prefixed ${suggested}` : ''}.`,
      ...(suggested ? { suggestedCrs: suggested } : {}),
    });
    return issues;
  }
  if (crsHasPrefix && isCmEasting(minX) && isCmEasting(maxX) && isNorthing(minY)) {
    const suggested = gkSibling(ellps, lon0, 500_000);
    issues.push({
      kind: 'zone-prefix-missing',
      message_zh: `X 坐标（${fmt(minX)}…${fmt(maxX)}）没有带号，而所选坐标系的东坐标带带号（${fmt(x0)}）${suggested ? `；应使用不带带号的 ${suggested}` : ''}。`,
      message_en: `The X coordinates (${fmt(minX)}…${fmt(maxX)}) carry no zone prefix, but the chosen CRS's eastings do (${fmt(x0)})${suggested ? `; use ${suggested} without prefix` : ''}.`,
      ...(suggested ? { suggestedCrs: suggested } : {}),
    });
    return issues;
  }
  return outsideArea(crs, lonLat, false);
}

function outsideArea(crs: CrsFacts, lonLat: Extent | null, alreadyExplained: boolean): CrsIssue[] {
  if (alreadyExplained || !crs.bounds) return [];
  if (!lonLat || lonLat.some((v) => !Number.isFinite(v))) {
    return [outsideIssue(crs.bounds, null)];
  }
  const [w, s, e, n] = crs.bounds;
  // Only data that miss the area altogether are "clearly outside": national layers reach the South
  // China Sea islands beyond the nominal area, and data straddle zone edges all the time.
  const margin = 1;
  const outside = lonLat[2] < w - margin || lonLat[0] > e + margin || lonLat[3] < s - margin || lonLat[1] > n + margin;
  return outside ? [outsideIssue(crs.bounds, lonLat)] : [];
}

function outsideIssue(bounds: Extent, lonLat: Extent | null): CrsIssue {
  const where = lonLat ? `${fmt(lonLat[0])}°E…${fmt(lonLat[2])}°E, ${fmt(lonLat[1])}°N…${fmt(lonLat[3])}°N` : '?';
  return {
    kind: 'outside-area',
    message_zh: `数据范围（${where}）超出该坐标系的适用范围（${bounds.join(', ')}），源坐标系可能选错了。`,
    message_en: `The data (${where}) lie outside the CRS's area of use (${bounds.join(', ')}); the source CRS is probably wrong.`,
  };
}

function fmt(v: number): string {
  return Math.abs(v) >= 1000 ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000);
}
