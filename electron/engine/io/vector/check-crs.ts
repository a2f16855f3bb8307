import type { CrsIssue } from '../../../../shared/api';
import { findCrs } from '../../../../shared/crs';
import { gdal } from '../../gdal';
import { crsIssues } from './crs-sanity';
import { epsgCode } from './source';

type Extent = [number, number, number, number];

/** CRS issues for a layer extent read in `srs` (after the optional axis swap). */
export function checkSourceCrs(extent: Extent | null, srs: gdal.SpatialReference, swapAxes: boolean): CrsIssue[] {
  if (!extent) return [];
  const e: Extent = swapAxes ? [extent[1], extent[0], extent[3], extent[2]] : extent;
  const code = epsgCode(srs.clone());
  return crsIssues(e, { geographic: srs.isGeographic(), proj4: srs.toProj4(), bounds: code ? (findCrs(code)?.bounds ?? null) : null }, lonLatExtent(e, srs));
}

/** The extent in lon/lat, from its corners and edge midpoints; null when they do not transform. */
function lonLatExtent(e: Extent, srs: gdal.SpatialReference): Extent | null {
  try {
    const wgs84 = gdal.SpatialReference.fromEPSG(4326);
    if (srs.isSame(wgs84)) return e;
    const ct = new gdal.CoordinateTransformation(srs, wgs84);
    const xs: number[] = [];
    const ys: number[] = [];
    const mx = (e[0] + e[2]) / 2;
    const my = (e[1] + e[3]) / 2;
    for (const [x, y] of [[e[0], e[1]], [e[2], e[1]], [e[0], e[3]], [e[2], e[3]], [mx, e[1]], [mx, e[3]], [e[0], my], [e[2], my]] as const) {
      const p = ct.transformPoint(x, y);
      xs.push(p.x);
      ys.push(p.y);
    }
    const out: Extent = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    return out.every(Number.isFinite) ? out : null;
  } catch {
    return null;
  }
}
