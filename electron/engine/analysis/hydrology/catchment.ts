import { GwzError } from '../../../../shared/api';
import { checkpoints, type Cooperation } from '../core/cooperate';
import type { Grid } from '../core/grid';
import { D8_DC, D8_DR, D8_OPPOSITE } from './d8';

/** A grid cell by row and column. */
export interface Cell {
  row: number;
  col: number;
}

/** The cell whose area holds (x, y), or null outside the grid. */
export function cellAt(grid: Grid, x: number, y: number): Cell | null {
  const col = Math.floor((x - grid.x0) / grid.dx);
  const row = Math.floor((grid.y0 - y) / grid.dy);
  if (col < 0 || row < 0 || col >= grid.width || row >= grid.height) return null;
  return { row, col };
}

/** Centre of a cell in grid coordinates. */
export function cellCentre(grid: Grid, cell: Cell): { x: number; y: number } {
  return { x: grid.x0 + (cell.col + 0.5) * grid.dx, y: grid.y0 - (cell.row + 0.5) * grid.dy };
}

/**
 * Outlet snapping: the cell of highest flow accumulation whose centre lies within `radius` of
 * (x, y) (ties: the nearest, then the first in row order), so an outlet digitised beside a stream
 * lands on it. The cell under the point is always a candidate, so a radius of 0 takes that cell.
 */
export function snapOutlet(acc: Int32Array, grid: Grid, x: number, y: number, radius: number): Cell | null {
  const at = cellAt(grid, x, y);
  if (!at) return null;
  let best = at;
  let bestAcc = acc[at.row * grid.width + at.col]!;
  let bestD2 = centreDistance2(grid, at, x, y);
  const r2 = radius * radius;
  const rows = Math.ceil(radius / grid.dy) + 1;
  const cols = Math.ceil(radius / grid.dx) + 1;
  for (let row = Math.max(0, at.row - rows); row <= Math.min(grid.height - 1, at.row + rows); row++) {
    for (let col = Math.max(0, at.col - cols); col <= Math.min(grid.width - 1, at.col + cols); col++) {
      const d2 = centreDistance2(grid, { row, col }, x, y);
      if (d2 > r2) continue;
      const a = acc[row * grid.width + col]!;
      if (a > bestAcc || (a === bestAcc && d2 < bestD2)) {
        best = { row, col };
        bestAcc = a;
        bestD2 = d2;
      }
    }
  }
  return best;
}

function centreDistance2(grid: Grid, cell: Cell, x: number, y: number): number {
  const c = cellCentre(grid, cell);
  return (c.x - x) ** 2 + (c.y - y) ** 2;
}

/**
 * The catchment (upslope area) of one outlet cell: every cell whose D8 path passes through it, the
 * outlet included, as a 0/1 mask over the grid plus its cell count and bounding rows/columns. A
 * traversal against the flow, linear in the catchment's size.
 */
export async function catchmentMask(
  dir: Uint8Array,
  width: number,
  height: number,
  outlet: Cell,
  opts: Cooperation = {},
): Promise<{ mask: Uint8Array; cells: number; bounds: { row0: number; col0: number; row1: number; col1: number } }> {
  if (outlet.row < 0 || outlet.col < 0 || outlet.row >= height || outlet.col >= width) {
    throw new GwzError('BAD_INPUT', '出口点不在 DEM 范围内。', 'The outlet is outside the DEM.', { outlet });
  }
  const mask = new Uint8Array(width * height);
  let stack = new Int32Array(4096);
  let top = 0;
  const start = outlet.row * width + outlet.col;
  mask[start] = 1;
  stack[top++] = start;
  let cells = 0;
  let row0 = outlet.row, row1 = outlet.row, col0 = outlet.col, col1 = outlet.col;
  const tick = checkpoints(opts);
  while (top > 0) {
    const i = stack[--top]!;
    cells++;
    const r = (i / width) | 0;
    const c = i - r * width;
    if (r < row0) row0 = r;
    if (r > row1) row1 = r;
    if (c < col0) col0 = c;
    if (c > col1) col1 = c;
    for (let k = 0; k < 8; k++) {
      const rr = r + D8_DR[k]!;
      const cc = c + D8_DC[k]!;
      if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
      const j = rr * width + cc;
      // neighbour k drains into i when its direction points back along k
      if (mask[j] || dir[j] !== D8_OPPOSITE[k]) continue;
      mask[j] = 1;
      if (top === stack.length) {
        const bigger = new Int32Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      stack[top++] = j;
    }
    if ((cells & 0xffff) === 0) {
      const p = tick(cells / (width * height));
      if (p) await p;
    }
  }
  return { mask, cells, bounds: { row0, col0, row1, col1 } };
}
