import { GwzError } from '../../../shared/api';
import { findCrs } from '../../../shared/crs';
import { gdal } from '../gdal';
import type { Db } from './spatialite';

export interface ProjectCrs {
  code: string; // "EPSG:4548"
  srid: number;
  name: string;
  /** Area of use in lon/lat, when known */
  bounds: [number, number, number, number] | null;
  srs: gdal.SpatialReference;
}

/** A CRS code the contract accepts, checked against PROJ's EPSG database; shared/crs adds the Chinese name. */
export function resolveCrs(code: string): ProjectCrs {
  const srid = Number(/^EPSG:(\d+)$/i.exec(code)?.[1]);
  let srs: gdal.SpatialReference;
  try {
    srs = gdal.SpatialReference.fromEPSG(srid);
  } catch {
    throw new GwzError('CRS_UNKNOWN', `未知的坐标系：${code}`, `Unknown coordinate reference system: ${code}`, { crs: code });
  }
  const known = findCrs(`EPSG:${srid}`);
  const name = known?.name_zh ?? srs.getAttrValue(srs.isProjected() ? 'PROJCS' : 'GEOGCS') ?? code;
  return { code: `EPSG:${srid}`, srid, name, bounds: known?.bounds ?? null, srs };
}

/**
 * InitSpatialMetadata(1) copies PROJ's EPSG table into spatial_ref_sys, so the CGCS2000, Beijing 1954
 * and Xian 1980 codes are normally there. A SpatiaLite built without it would leave geometry columns
 * pointing at a missing SRID, which QGIS reports as an unknown CRS: add the definition from PROJ.
 */
export function ensureSrid(db: Db, crs: ProjectCrs): void {
  const row = db.prepare('SELECT 1 FROM spatial_ref_sys WHERE srid = ?').get(crs.srid);
  if (row) return;
  db.prepare(
    `INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, ref_sys_name, proj4text, srtext)
     VALUES (?, 'epsg', ?, ?, ?, ?)`,
  ).run(crs.srid, crs.srid, crs.name, crs.srs.toProj4(), crs.srs.toWKT());
}

/**
 * The CRS's area of use in project coordinates, for the first view of an empty project. Edges are
 * sampled because a lon/lat box is curved in a Gauss–Krüger projection.
 */
export function boundsInProject(crs: ProjectCrs): [number, number, number, number] | null {
  if (!crs.bounds) return null;
  const [w, s, e, n] = crs.bounds;
  const lonlat = gdal.SpatialReference.fromEPSG(4326);
  if (crs.srs.isSame(lonlat)) return [w, s, e, n];
  const ct = new gdal.CoordinateTransformation(lonlat, crs.srs);
  const xs: number[] = [];
  const ys: number[] = [];
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const lon = w + ((e - w) * i) / steps;
    const lat = s + ((n - s) * i) / steps;
    for (const [x, y] of [
      [lon, s],
      [lon, n],
      [w, lat],
      [e, lat],
    ] as const) {
      try {
        const p = ct.transformPoint(x, y);
        xs.push(p.x);
        ys.push(p.y);
      } catch {
        // outside the projection's domain: the other samples still bound the view
      }
    }
  }
  if (xs.length === 0) return null;
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
