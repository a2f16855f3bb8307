import type { Extent } from '../../../../shared/api/common';

/**
 * The tile grid of one layer in the project CRS: square tiles of TILE_SIZE pixels over a square
 * extent, z0 one tile, each zoom halving the resolution — exactly OpenLayers'
 * `createXYZ({ extent, tileSize, maxZoom })` (origin top-left, y counted downwards), so the
 * renderer and the engine agree on every tile's bbox from the extent alone.
 *
 * The extent is the layer's bbox snapped outward to a power-of-two square on multiples of its side,
 * so an edit that moves the layer's bbox a little keeps the same grid (and the tiles it cached).
 */
export const TILE_SIZE = 512;
/** MVT coordinates per tile side: 8 per pixel, finer than the screen can show. */
export const TILE_EXTENT = 4096;
const MAX_ZOOM = 22;

export interface TileGrid {
  /** [minx, miny, maxx, maxy] of tile 0/0/0. */
  extent: Extent;
  maxZoom: number;
}

export function gridForExtent(layerExtent: Extent, geographic: boolean): TileGrid {
  const [minx, miny, maxx, maxy] = layerExtent;
  const span = Math.max(maxx - minx, maxy - miny, geographic ? 1e-6 : 1e-3);
  let side = 2 ** Math.ceil(Math.log2(span));
  let x0 = 0;
  let y0 = 0;
  // a bbox straddling a multiple of the side needs the next power up
  for (let i = 0; i < 64; i++) {
    x0 = Math.floor(minx / side) * side;
    y0 = Math.floor(miny / side) * side;
    if (x0 + side >= maxx && y0 + side >= maxy) break;
    side *= 2;
  }
  // deep enough for a quarter metre (or its share of a degree) per pixel; OpenLayers overzooms past it
  const finest = geographic ? 2.5e-6 : 0.25;
  const maxZoom = Math.max(0, Math.min(MAX_ZOOM, Math.ceil(Math.log2(side / TILE_SIZE / finest))));
  return { extent: [x0, y0, x0 + side, y0 + side], maxZoom };
}

/** The bbox of tile z/x/y (y from the top), or null outside the grid. */
export function tileBbox(grid: TileGrid, z: number, x: number, y: number): Extent | null {
  if (!Number.isInteger(z) || !Number.isInteger(x) || !Number.isInteger(y) || z < 0 || z > MAX_ZOOM) return null;
  const n = 2 ** z;
  if (x < 0 || y < 0 || x >= n || y >= n) return null;
  const side = (grid.extent[2] - grid.extent[0]) / n;
  const minx = grid.extent[0] + x * side;
  const maxy = grid.extent[3] - y * side;
  return [minx, maxy - side, minx + side, maxy];
}

/** The grid as the tile URL's query carries it: "minx,miny,side". */
export function gridParam(grid: TileGrid): string {
  return [grid.extent[0], grid.extent[1], grid.extent[2] - grid.extent[0]].join(',');
}

export function parseGridParam(text: string | null): TileGrid | null {
  if (!text) return null;
  const parts = text.split(',').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n)) || parts[2]! <= 0) return null;
  const [x0, y0, side] = parts as [number, number, number];
  return { extent: [x0, y0, x0 + side, y0 + side], maxZoom: MAX_ZOOM };
}
