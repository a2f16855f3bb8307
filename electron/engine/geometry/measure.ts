import { GwzError, type MeasureResult, type ParsedRequestOf } from '../../../shared/api';
import { findCrs } from '../../../shared/crs';
import { measurePlanar, type MeasureGeometry } from '../../../shared/geo/measure';
import { openSpatialite, type Db } from '../project/spatialite';

/** The national datum's geographic CRS: geodesic figures are on its ellipsoid (CGCS2000 ≈ GRS 80). */
const GEODESIC_SRID = 4490;

/**
 * A private in-memory SpatiaLite for measuring, so a measure never touches the project file (and
 * works without one). InitSpatialMetadata(1) copies PROJ's EPSG table, which the transform needs.
 */
let scratch: Db | null = null;
function measureDb(): Db {
  if (!scratch) {
    scratch = openSpatialite(':memory:', { fileMustExist: false });
    scratch.prepare('SELECT InitSpatialMetadata(1)').get();
  }
  return scratch;
}

const MEASURABLE = new Set(['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

function badGeometry(zh: string, en: string, details?: unknown): GwzError {
  return new GwzError('BAD_INPUT', `无法量测：${zh}`, `Cannot measure: ${en}`, details);
}

/** The input as GeoJSON geometry in `crs`: from clicked vertices, or from WKT read by SpatiaLite. */
function toGeometry(db: Db, req: ParsedRequestOf<'geometry.measure'>, srid: number): MeasureGeometry {
  if (req.coordinates) {
    const coords = req.coordinates;
    if (req.kind === 'polygon') {
      if (coords.length < 3) throw badGeometry('面至少需要 3 个顶点', 'a polygon needs at least 3 vertices', { vertices: coords.length });
      return { type: 'Polygon', coordinates: [coords] };
    }
    return { type: 'LineString', coordinates: coords };
  }
  const json = db.prepare('SELECT AsGeoJSON(GeomFromText(?, CAST(? AS INTEGER)), 15) AS g').pluck().get(req.wkt, srid) as string | null;
  if (!json) throw badGeometry('WKT 无法解析', 'the WKT could not be read', { wkt: req.wkt!.slice(0, 200) });
  const geometry = JSON.parse(json) as { type: string };
  if (!MEASURABLE.has(geometry.type)) {
    throw badGeometry(`只能量测线或面，收到 ${geometry.type}`, `only lines and polygons can be measured, got ${geometry.type}`, { type: geometry.type });
  }
  return geometry as MeasureGeometry;
}

function toWkt(g: MeasureGeometry): string {
  const pts = (line: readonly (readonly number[])[]) => `(${line.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
  const poly = (rings: readonly (readonly (readonly number[])[])[]) => `(${rings.map((r) => pts(closed(r))).join(', ')})`;
  const closed = (r: readonly (readonly number[])[]) => {
    const [a, b] = [r[0]!, r[r.length - 1]!];
    return a[0] === b[0] && a[1] === b[1] ? r : [...r, a];
  };
  switch (g.type) {
    case 'LineString':
      return `LINESTRING${pts(g.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING(${g.coordinates.map(pts).join(', ')})`;
    case 'Polygon':
      return `POLYGON${poly(g.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON(${g.coordinates.map(poly).join(', ')})`;
  }
}

/**
 * Planar length/area from shared/geo/measure (the map tool's own math), and the geodesic figures on
 * the CGCS2000 ellipsoid from SpatiaLite (GeographicLib inside) after a PROJ transform to EPSG:4490.
 */
export function measure(req: ParsedRequestOf<'geometry.measure'>, projectCrs: string | null): MeasureResult {
  const crs = req.crs ?? projectCrs;
  if (!crs) {
    throw new GwzError('PROJECT_NOT_OPEN', '没有打开的工程：请给出坐标系（crs）', 'No project is open: give the CRS (crs)', {});
  }
  const srid = Number(crs.slice(5));
  const db = measureDb();
  if (!db.prepare('SELECT 1 FROM spatial_ref_sys WHERE srid = ?').get(srid)) {
    throw new GwzError('CRS_UNKNOWN', `未知的坐标系：${crs}`, `Unknown coordinate reference system: ${crs}`, { crs });
  }
  const geometry = toGeometry(db, req, srid);
  const geographic = findCrs(crs)?.geographic ?? Boolean(db.prepare('SELECT SridIsGeographic(?)').pluck().get(srid));
  const row = db
    .prepare(
      `SELECT CASE WHEN ST_Dimension(g) = 2 THEN ST_Perimeter(g, 1) ELSE ST_Length(g, 1) END AS length, CASE WHEN ST_Dimension(g) = 2 THEN ST_Area(g, 1) ELSE 0 END AS area
       FROM (SELECT ST_Transform(GeomFromText(?, CAST(? AS INTEGER)), ${GEODESIC_SRID}) AS g)`,
    )
    .get(toWkt(geometry), srid) as { length: number | null; area: number | null };
  if (row.length === null || row.area === null) {
    throw badGeometry('坐标无法换算到 CGCS2000 经纬度（是否超出坐标系范围？）', 'the coordinates do not transform to CGCS2000 lon/lat (outside the CRS?)', { crs });
  }
  return {
    crs,
    geometryType: geometry.type,
    planar: geographic ? null : measurePlanar(geometry),
    geodesic: { length: row.length, area: row.area },
  };
}
