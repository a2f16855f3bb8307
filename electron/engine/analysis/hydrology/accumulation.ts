import { checkpoints, type Cooperation } from '../core/cooperate';
import { D8_DC, D8_DR, D8_NONE } from './d8';

/**
 * Flow accumulation on D8 directions: the number of cells draining through each cell, the cell
 * itself included (as GRASS r.watershed counts; ArcGIS's Flow Accumulation is this minus one).
 * Linear: count each cell's inflows, then walk downstream from every cell nothing drains into,
 * passing the total on and continuing only while the next cell has received all its inflows.
 * Nodata cells (direction D8_NONE) get 0.
 */
/** Marks a cell whose total has been passed on, so the scan does not start a walk from it again. */
const DONE = 255;

export async function flowAccumulation(dir: Uint8Array, width: number, height: number, opts: Cooperation = {}): Promise<Int32Array> {
  const n = width * height;
  const inflow = new Uint8Array(n);
  const acc = new Int32Array(n);
  const step = new Int32Array(8);
  for (let k = 0; k < 8; k++) step[k] = D8_DR[k]! * width + D8_DC[k]!;
  for (let i = 0; i < n; i++) {
    const k = dir[i]!;
    if (k < 8) inflow[i + step[k]!]!++;
    if (k !== D8_NONE) acc[i] = 1;
  }
  const tick = checkpoints(opts);
  for (let s = 0; s < n; s++) {
    if (inflow[s] !== 0 || acc[s] === 0) continue;
    let i = s;
    for (;;) {
      const k = dir[i]!;
      if (k >= 8) {
        inflow[i] = DONE;
        break;
      }
      const j = i + step[k]!;
      acc[j]! += acc[i]!;
      inflow[i] = DONE;
      if (--inflow[j]! > 0) break;
      i = j;
    }
    if ((s & 0xffff) === 0) {
      const p = tick(s / n);
      if (p) await p;
    }
  }
  return acc;
}

