import { gdal } from '../../gdal';
import type { ProjectCrs } from '../../project/crs';

export interface AxisNote {
  message_zh: string;
  message_en: string;
}

export interface AxisChoice {
  /** true when the column mapped to `x` holds the northing (Chinese surveying: X = 北坐标). */
  swapped: boolean;
  /** Gauss–Krüger zone number prefixed to the easting and stripped, or null. */
  zonePrefix: number | null;
  notes: AxisNote[];
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

/**
 * Decides which of two coordinate columns is the easting. In China a northing is 2–6 million metres
 * and a Gauss–Krüger easting below 1 million, or 10–100 million when the zone number is written in
 * front; in degrees the longitude (73–135°E) is larger than the latitude. So magnitude decides, and
 * the report says what was chosen.
 */
export function chooseAxes(xs: number[], ys: number[], srs: gdal.SpatialReference): AxisChoice {
  const notes: AxisNote[] = [];
  if (xs.length === 0) return { swapped: false, zonePrefix: null, notes };
  const mx = Math.abs(median(xs));
  const my = Math.abs(median(ys));
  if (srs.isGeographic()) {
    const swapped = mx < my;
    if (swapped) {
      notes.push({
        message_zh: 'X 列的数值像纬度、Y 列像经度，已按 X = 纬度、Y = 经度读取。',
        message_en: 'The X column looks like latitudes and Y like longitudes; read as X = latitude, Y = longitude.',
      });
    }
    return { swapped, zonePrefix: null, notes };
  }
  const falseEasting = Number(/\+x_0=([-\d.]+)/.exec(srs.toProj4())?.[1] ?? 0);
  const prefixed = (v: number): boolean => v >= 1e7 && v < 1e8 && falseEasting < 1e6;
  // `swapped`: the X column holds the northing. A CRS whose false easting carries the zone number
  // has the larger value as easting; otherwise a prefixed value is the easting, else the smaller one.
  let swapped: boolean;
  if (falseEasting >= 1e6) swapped = my > mx;
  else if (prefixed(mx) !== prefixed(my)) swapped = prefixed(my);
  else swapped = mx > my;
  const easting = swapped ? my : mx;
  if (swapped) {
    notes.push({
      message_zh: `按测量坐标习惯读取：X 列为北坐标（纵坐标，约 ${Math.round(mx)}），Y 列为东坐标（横坐标，约 ${Math.round(my)}）。`,
      message_en: `Read the surveying way: X is the northing (about ${Math.round(mx)}) and Y the easting (about ${Math.round(my)}).`,
    });
  } else {
    notes.push({
      message_zh: 'X 列为东坐标、Y 列为北坐标（按数值大小判断）。',
      message_en: 'X is the easting and Y the northing (judged by magnitude).',
    });
  }
  let zonePrefix: number | null = null;
  if (prefixed(easting)) {
    zonePrefix = Math.floor(easting / 1e6);
    notes.push({
      message_zh: `东坐标带有带号 ${zonePrefix}（如 ${Math.round(easting)}），已去掉带号后按所选坐标系读取。`,
      message_en: `The eastings carry the zone number ${zonePrefix} (e.g. ${Math.round(easting)}); it was removed before reading them in the chosen CRS.`,
    });
  }
  return { swapped, zonePrefix, notes };
}

/** Projects points into the project CRS and tells which lie outside its area of use. */
export class CollarProjector {
  private readonly toProject: gdal.CoordinateTransformation | null;
  private readonly toLonLat: gdal.CoordinateTransformation | null;

  constructor(
    src: gdal.SpatialReference,
    private readonly project: ProjectCrs,
  ) {
    this.toProject = src.isSame(project.srs) ? null : new gdal.CoordinateTransformation(src, project.srs);
    const lonlat = gdal.SpatialReference.fromEPSG(4326);
    this.toLonLat = project.bounds ? new gdal.CoordinateTransformation(project.srs, lonlat) : null;
  }

  /** Project coordinates, or null when the point cannot be transformed or lies outside the area of use. */
  place(e: number, n: number): { x: number; y: number } | null {
    let x = e;
    let y = n;
    try {
      if (this.toProject) ({ x, y } = this.toProject.transformPoint(e, n));
      if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
      if (this.toLonLat && this.project.bounds) {
        const p = this.toLonLat.transformPoint(x, y);
        const [w, s, east, north] = this.project.bounds;
        if (!(p.x >= w && p.x <= east && p.y >= s && p.y <= north)) return null;
      }
    } catch {
      return null;
    }
    return { x, y };
  }
}
