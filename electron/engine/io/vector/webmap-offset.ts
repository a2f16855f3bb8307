/**
 * Chinese web-map coordinate offsets. GCJ-02 ("Mars coordinates", AMap/Tencent/DataV) and BD-09
 * (Baidu) are lon/lat deliberately shifted by a few hundred metres from WGS84. The forward formulas
 * (WGS84 → GCJ-02 → BD-09) are the widely published ones; the way back is found by fixed-point
 * iteration to 1e-9°. Honest accuracy: the published formulas themselves reproduce the official
 * offset to about 1 m, so a corrected layer is good to ~1–2 m, not survey grade.
 */
export type WebOffset = 'gcj02' | 'bd09';

export const WEB_OFFSET_NOTE = {
  zh: '已按公开算法纠正网络地图偏移（精度约 1–2 米）',
  en: 'Web-map offset corrected with the published formulas (accurate to about 1–2 m)',
};

const A = 6378245.0; // Krasovsky semi-major axis used by GCJ-02
const EE = 0.006693421622965943;
const X_PI = (Math.PI * 3000.0) / 180.0;

/** GCJ-02 applies only inside China's rough bounding box; outside it the offset is zero. */
export function outsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function shiftLon(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

export function wgs84ToGcj02(lon: number, lat: number): [number, number] {
  if (outsideChina(lon, lat)) return [lon, lat];
  const radLat = (lat / 180.0) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (shiftLat(lon - 105.0, lat - 35.0) * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (shiftLon(lon - 105.0, lat - 35.0) * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

export function gcj02ToBd09(lon: number, lat: number): [number, number] {
  const z = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * X_PI);
  const theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

export function wgs84ToBd09(lon: number, lat: number): [number, number] {
  const [x, y] = wgs84ToGcj02(lon, lat);
  return gcj02ToBd09(x, y);
}

/** Inverts a forward offset: the offset varies slowly, so w ← w − (f(w) − target) converges in a few steps. */
function invert(forward: (lon: number, lat: number) => [number, number], lon: number, lat: number): [number, number] {
  let w: [number, number] = [lon, lat];
  for (let i = 0; i < 30; i++) {
    const [fx, fy] = forward(w[0], w[1]);
    const dx = fx - lon;
    const dy = fy - lat;
    w = [w[0] - dx, w[1] - dy];
    if (Math.abs(dx) < 1e-9 && Math.abs(dy) < 1e-9) break;
  }
  return w;
}

export function gcj02ToWgs84(lon: number, lat: number): [number, number] {
  if (outsideChina(lon, lat)) return [lon, lat];
  return invert(wgs84ToGcj02, lon, lat);
}

export function bd09ToWgs84(lon: number, lat: number): [number, number] {
  return invert(wgs84ToBd09, lon, lat);
}

export function toWgs84(offset: WebOffset, lon: number, lat: number): [number, number] {
  return offset === 'gcj02' ? gcj02ToWgs84(lon, lat) : bd09ToWgs84(lon, lat);
}

/** Metres between two lon/lat points (spherical; enough for offsets of a few hundred metres). */
export function distanceMetres(a: [number, number], b: [number, number]): number {
  const R = 6371008.8;
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

type Box = [number, number, number, number];

/**
 * Whether a source layer looks like a web-map-offset copy of a layer already in the project: both
 * corners differ by a few hundred metres, and applying a correction makes them agree. Returns the
 * correction that explains the shift, or null.
 */
export function likelyWebOffset(source: Box, reference: Box): WebOffset | null {
  const gap = (a: Box, b: Box): number =>
    Math.max(distanceMetres([a[0], a[1]], [b[0], b[1]]), distanceMetres([a[2], a[3]], [b[2], b[3]]));
  const before = gap(source, reference);
  if (before < 250 || before > 1500) return null;
  for (const offset of ['gcj02', 'bd09'] as const) {
    const [x0, y0] = toWgs84(offset, source[0], source[1]);
    const [x1, y1] = toWgs84(offset, source[2], source[3]);
    // the two layers were digitised apart: agreement to a third of the shift is what an offset explains
    if (gap([x0, y0, x1, y1], reference) < before / 3) return offset;
  }
  return null;
}
