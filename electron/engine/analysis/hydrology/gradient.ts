import { checkpoints, type Cooperation } from '../core/cooperate';
import type { RasterArray } from '../core/raster-array';

/** The hydraulic gradient at a place: dh/dx (east) and dh/dy (north), its magnitude I, and where water flows. */
export interface GradientSample {
  /** Head, m (bilinear between cell centres). */
  head: number;
  dhdx: number;
  dhdy: number;
  /** |∇h|, dimensionless (m/m). */
  gradient: number;
  /** Direction of flow (−∇h), degrees clockwise from grid north, [0, 360); null on a flat surface. */
  azimuth: number | null;
}

/**
 * The head gradient at one cell by a weighted least-squares plane through the cell and its eight
 * neighbours, weights 1 at the corners and 2 at the sides (Horn 1981): with all nine cells present this
 * is exactly Horn's formula — gdaldem's — and near nodata or the grid's edge it still fits the cells
 * there are (at least four, including the centre, not all in a line). Null when it cannot.
 */
export function gradientAtCell(head: RasterArray, row: number, col: number): [number, number] | null {
  const { grid, data } = head;
  const { width, height, dx, dy } = grid;
  const zc = data[row * width + col]!;
  if (Number.isNaN(zc)) return null;
  // normal equations of z − zc = a·x + b·y + c in cell units (x east, y north)
  let sw = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sz = 0, sxz = 0, syz = 0;
  let count = 0;
  for (let dr = -1; dr <= 1; dr++) {
    const r = row + dr;
    if (r < 0 || r >= height) continue;
    for (let dc = -1; dc <= 1; dc++) {
      const c = col + dc;
      if (c < 0 || c >= width) continue;
      const z = data[r * width + c]!;
      if (Number.isNaN(z)) continue;
      const w = dr === 0 && dc === 0 ? 4 : dr === 0 || dc === 0 ? 2 : 1;
      const x = dc;
      const y = -dr;
      const v = z - zc;
      sw += w; sx += w * x; sy += w * y; sxx += w * x * x; syy += w * y * y; sxy += w * x * y;
      sz += w * v; sxz += w * x * v; syz += w * y * v;
      count++;
    }
  }
  if (count < 4) return null;
  // solve [sxx sxy sx; sxy syy sy; sx sy sw] [a b c] = [sxz syz sz]
  const det = sxx * (syy * sw - sy * sy) - sxy * (sxy * sw - sy * sx) + sx * (sxy * sy - syy * sx);
  if (!(Math.abs(det) > 1e-9)) return null;
  const a = (sxz * (syy * sw - sy * sy) - sxy * (syz * sw - sy * sz) + sx * (syz * sy - syy * sz)) / det;
  const b = (sxx * (syz * sw - sz * sy) - sxz * (sxy * sw - sy * sx) + sx * (sxy * sz - syz * sx)) / det;
  return [a / dx, b / dy];
}

/** Flow azimuth of a head gradient: the direction of −∇h, degrees clockwise from grid north. */
export function flowAzimuth(dhdx: number, dhdy: number): number | null {
  if (dhdx === 0 && dhdy === 0) return null;
  const deg = (Math.atan2(-dhdx, -dhdy) * 180) / Math.PI;
  return deg < 0 ? deg + 360 : deg;
}

/** Gradient magnitude (m/m) and flow azimuth (°) rasters of a head surface. */
export async function gradientRasters(head: RasterArray, opts: Cooperation = {}): Promise<{ gradient: Float32Array; azimuth: Float32Array }> {
  const { width, height } = head.grid;
  const gradient = new Float32Array(width * height).fill(Number.NaN);
  const azimuth = new Float32Array(width * height).fill(Number.NaN);
  const tick = checkpoints(opts);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const g = gradientAtCell(head, r, c);
      if (!g) continue;
      const i = r * width + c;
      gradient[i] = Math.hypot(g[0], g[1]);
      const az = flowAzimuth(g[0], g[1]);
      if (az !== null) azimuth[i] = az;
    }
    if ((r & 31) === 0) {
      const p = tick(r / height);
      if (p) await p;
    }
  }
  return { gradient, azimuth };
}

/**
 * The hydraulic gradient I and the flow azimuth at a point (a well), for capture zones: the gradient
 * of the four cells around the point, bilinearly weighted by distance to their centres (cells without
 * a gradient left out). Null outside the surface.
 */
export function sampleGradient(head: RasterArray, x: number, y: number): GradientSample | null {
  const { grid, data } = head;
  const fx = (x - grid.x0) / grid.dx - 0.5;
  const fy = (grid.y0 - y) / grid.dy - 0.5;
  const c0 = Math.floor(fx);
  const r0 = Math.floor(fy);
  const tx = fx - c0;
  const ty = fy - r0;
  let gx = 0, gy = 0, h = 0, wg = 0, wh = 0;
  for (let dr = 0; dr <= 1; dr++) {
    for (let dc = 0; dc <= 1; dc++) {
      const r = Math.min(grid.height - 1, Math.max(0, r0 + dr));
      const c = Math.min(grid.width - 1, Math.max(0, c0 + dc));
      const w = (dr ? ty : 1 - ty) * (dc ? tx : 1 - tx);
      if (w === 0) continue;
      const z = data[r * grid.width + c]!;
      if (!Number.isNaN(z)) {
        h += w * z;
        wh += w;
      }
      const g = gradientAtCell(head, r, c);
      if (g) {
        gx += w * g[0];
        gy += w * g[1];
        wg += w;
      }
    }
  }
  const inside = x >= grid.x0 && x <= grid.x0 + grid.width * grid.dx && y <= grid.y0 && y >= grid.y0 - grid.height * grid.dy;
  if (!inside || wg === 0 || wh === 0) return null;
  const dhdx = gx / wg;
  const dhdy = gy / wg;
  return { head: h / wh, dhdx, dhdy, gradient: Math.hypot(dhdx, dhdy), azimuth: flowAzimuth(dhdx, dhdy) };
}
