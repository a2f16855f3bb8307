import { GwzError } from '../../../../shared/api';
import { gdal } from '../../gdal';

/**
 * Distances, gradients and areas need metres: an operation that measures them refuses a grid or
 * layer in a geographic CRS rather than treat degrees as metres.
 */
export function assertProjected(srid: number, what_zh: string, what_en: string): void {
  let geographic = false;
  try {
    geographic = gdal.SpatialReference.fromEPSG(srid).isGeographic();
  } catch {
    return; // a CRS GDAL cannot resolve was refused at import already
  }
  if (geographic) {
    throw new GwzError(
      'BAD_INPUT',
      `${what_zh}在地理坐标系（经纬度，EPSG:${srid}）下，无法按米计算距离和面积；请使用投影坐标系（如 CGCS2000 高斯-克吕格）的工程。`,
      `${what_en} is in a geographic CRS (degrees, EPSG:${srid}); distances and areas need metres — use a project in a projected CRS (e.g. CGCS2000 Gauss–Krüger).`,
      { srid },
    );
  }
}
