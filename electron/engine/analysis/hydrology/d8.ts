/**
 * D8 flow directions on a north-up grid, one byte per cell. Codes 0–7 name the neighbour a cell drains
 * to, in the order of the ESRI/ArcGIS direction raster (E, SE, S, SW, W, NW, N, NE), so the stored code
 * is simply `1 << k`: 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N, 128 NE — the encoding Chinese
 * practitioners know from ArcGIS Spatial Analyst.
 */
export const D8_DR = Int8Array.of(0, 1, 1, 1, 0, -1, -1, -1);
export const D8_DC = Int8Array.of(1, 1, 0, -1, -1, -1, 0, 1);
/** The cell drains out of the grid or into nodata (an outlet of the raster). */
export const D8_OUTLET = 8;
/** Nodata, or (while computing) not decided yet. */
export const D8_NONE = 255;
/** The direction pointing back: neighbour k of a cell sees the cell as its neighbour OPPOSITE[k]. */
export const D8_OPPOSITE = Uint8Array.of(4, 5, 6, 7, 0, 1, 2, 3);

/** Index offsets of the eight neighbours on a grid `width` cells wide. */
export function neighbourOffsets(width: number): Int32Array {
  const out = new Int32Array(8);
  for (let k = 0; k < 8; k++) out[k] = D8_DR[k]! * width + D8_DC[k]!;
  return out;
}

/** The stored (ESRI) code of an internal direction: 1…128, 0 for an outlet, 255 for nodata. */
export function esriCode(k: number): number {
  return k < 8 ? 1 << k : k === D8_OUTLET ? 0 : 255;
}

/** The internal direction of a stored ESRI code (anything else is nodata). */
export function fromEsriCode(code: number): number {
  if (code === 0) return D8_OUTLET;
  const k = Math.log2(code);
  return Number.isInteger(k) && k >= 0 && k < 8 ? k : D8_NONE;
}

/** Index of the cell `i` drains to, or -1 for an outlet or nodata. */
export function downstreamOf(dir: Uint8Array, i: number, width: number): number {
  const k = dir[i]!;
  if (k >= 8) return -1;
  return i + D8_DR[k]! * width + D8_DC[k]!;
}
