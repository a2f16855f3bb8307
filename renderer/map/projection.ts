import proj4 from 'proj4';
import { get as getProjection, transformExtent, type Projection } from 'ol/proj';
import { register } from 'ol/proj/proj4';
import { findCrs } from '../../shared/crs';

/** Status-bar lon/lat are CGCS2000 geographic, the national datum. */
export const LONLAT_CRS = 'EPSG:4490';
/** Before a project is open the map still shows where users work: CGCS2000 3° GK CM 117E, Fuzhou. */
export const DEFAULT_CRS = 'EPSG:4548';
export const DEFAULT_CENTER_LONLAT: [number, number] = [116.36, 27.95];

/**
 * Makes an EPSG code known to OpenLayers from the offline table in shared/crs — never from epsg.io.
 * Returns null for codes the table does not know (the map then cannot show that project).
 */
export function ensureProjection(code: string): Projection | null {
  const existing = getProjection(code);
  if (existing && proj4.defs(code)) return existing;
  const def = findCrs(code);
  if (!def) return null;
  proj4.defs(def.code, def.proj4);
  register(proj4);
  const projection = getProjection(def.code);
  if (!projection) return null;
  projection.setWorldExtent(def.bounds);
  projection.setExtent(def.geographic ? def.bounds : transformExtent(def.bounds, 'EPSG:4326', projection));
  return projection;
}

/** The lon/lat system must exist before any pointer move asks for it. */
export function ensureLonLat(): Projection {
  const projection = ensureProjection(LONLAT_CRS);
  if (!projection) throw new Error(`${LONLAT_CRS} missing from shared/crs`);
  return projection;
}
