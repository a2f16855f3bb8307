import { checkpoints, type Cooperation } from '../core/cooperate';
import { AgedCellHeap, CellFifo, CellHeap } from './cell-queue';
import { D8_DC, D8_DR, D8_NONE, D8_OPPOSITE, D8_OUTLET, neighbourOffsets } from './d8';

/** The cell sizes D8 needs to weigh diagonal drops (metres, or the DEM's horizontal unit). */
export interface CellSize {
  dx: number;
  dy: number;
}

/** Basin 0 is everything outside the DEM: beyond its edge and its nodata. */
const OCEAN = 0;
/** Receivers besides a cell index. */
const PIT = -1;
const NODATA = -2;

function distances(size: CellSize): Float64Array {
  const d = new Float64Array(8);
  for (let k = 0; k < 8; k++) d[k] = Math.hypot(D8_DR[k]! * size.dy, D8_DC[k]! * size.dx);
  return d;
}

/** Added to steepestInterior's result when a neighbour is nodata. */
const BESIDE_NODATA = 16;

/**
 * The steepest-descent neighbour of a cell whose eight neighbours are all on the grid: 0–7, or 8
 * when none is lower, plus BESIDE_NODATA when a neighbour is nodata (a NaN drop compares false, so
 * it is never chosen). The hot loop of filling and D8, unrolled, with slopes as drop × 1/distance
 * (`inv`); ties go to the first direction, as a loop over k would.
 */
function steepestInterior(z: Float32Array, i: number, o: Int32Array, inv: Float64Array): number {
  const zi = z[i]!;
  const a0 = z[i + o[0]!]!;
  const a1 = z[i + o[1]!]!;
  const a2 = z[i + o[2]!]!;
  const a3 = z[i + o[3]!]!;
  const a4 = z[i + o[4]!]!;
  const a5 = z[i + o[5]!]!;
  const a6 = z[i + o[6]!]!;
  const a7 = z[i + o[7]!]!;
  let best = 8;
  let top = 0;
  let s = (zi - a0) * inv[0]!;
  if (s > top) {
    top = s;
    best = 0;
  }
  s = (zi - a1) * inv[1]!;
  if (s > top) {
    top = s;
    best = 1;
  }
  s = (zi - a2) * inv[2]!;
  if (s > top) {
    top = s;
    best = 2;
  }
  s = (zi - a3) * inv[3]!;
  if (s > top) {
    top = s;
    best = 3;
  }
  s = (zi - a4) * inv[4]!;
  if (s > top) {
    top = s;
    best = 4;
  }
  s = (zi - a5) * inv[5]!;
  if (s > top) {
    top = s;
    best = 5;
  }
  s = (zi - a6) * inv[6]!;
  if (s > top) {
    top = s;
    best = 6;
  }
  s = (zi - a7) * inv[7]!;
  if (s > top) best = 7;
  const sum = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
  return sum === sum ? best : best + BESIDE_NODATA;
}

const inverse = (d: Float64Array): Float64Array => d.map((x) => 1 / x);

/**
 * Depression filling: every cell raised to the lowest level at which water on it can leave the DEM
 * (across the grid's edge or into nodata) — the surface priority-flood produces (Barnes, Lehman &
 * Mulla 2014), computed the way TerraFlow does (Arge et al. 2003) so that only raster-order passes
 * touch every cell:
 *
 *  1. each cell's steepest-descent neighbour on the raw DEM; cells without one are pits (a flat of
 *     pits at one elevation is one pit);
 *  2. each cell labelled with the basin of the pit its descent ends in (edge cells without a lower
 *     neighbour drain off the DEM: basin 0);
 *  3. between neighbouring basins the spill elevation — the lowest max(z₁, z₂) over the cell pairs
 *     they share (and a basin on the edge spills off at its edge cells' elevations);
 *  4. priority-flood over that basin graph from basin 0 gives each basin its water level, the lowest
 *     possible highest spill on a way out;
 *  5. filled = max(z, level of its basin).
 *
 * Equal, cell for cell, to GRASS r.terraflow's filled DEM on the test DEMs. Nodata stays NaN.
 */
export async function fillDepressions(dem: Float32Array, width: number, height: number, opts: Cooperation = {}): Promise<Float32Array> {
  const n = width * height;
  if (dem.length !== n) throw new Error(`fillDepressions: ${dem.length} values for ${width} × ${height} cells`);
  const tick = checkpoints(opts);
  const pause = async (fraction: number) => {
    const p = tick(fraction);
    if (p) await p;
  };
  const off = neighbourOffsets(width);
  const inv = inverse(distances({ dx: 1, dy: 1 }));
  const recv = new Int32Array(n);
  const label = new Int32Array(n).fill(-1);
  const edge = new Uint8Array(n);

  // 1. raw steepest descent; cells on the edge or beside nodata are marked: they can spill off the DEM
  for (let r = 0; r < height; r++) {
    const rowEdge = r === 0 || r === height - 1;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const z = dem[i]!;
      if (Number.isNaN(z)) {
        recv[i] = NODATA;
        label[i] = OCEAN;
        continue;
      }
      const inside = !rowEdge && c > 0 && c < width - 1;
      let side = !inside;
      let best = PIT;
      if (inside) {
        const k = steepestInterior(dem, i, off, inv);
        side = k >= BESIDE_NODATA;
        const d = k & 15;
        if (d < 8) best = i + off[d]!;
      } else {
        let bestSlope = 0;
        for (let k = 0; k < 8; k++) {
          const rr = r + D8_DR[k]!;
          const cc = c + D8_DC[k]!;
          if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
          const zn = dem[i + off[k]!]!;
          if (Number.isNaN(zn)) continue;
          const s = (z - zn) * inv[k]!;
          if (s > bestSlope) {
            bestSlope = s;
            best = i + off[k]!;
          }
        }
      }
      recv[i] = best;
      if (side) {
        edge[i] = 1;
        if (best === PIT) label[i] = OCEAN; // nothing lower on the DEM: it drains off
      }
    }
    if ((r & 63) === 0) await pause((0.25 * r) / height);
  }

  // 2a. pits, a connected flat of them at one elevation being one basin
  let basins = 1;
  const fifo = new CellFifo();
  for (let i = 0; i < n; i++) {
    if (recv[i] !== PIT || label[i] !== -1) continue;
    const b = basins++;
    const z = dem[i]!;
    label[i] = b;
    fifo.push(i);
    while (fifo.size > 0) {
      const c = fifo.shift();
      const r = (c / width) | 0;
      const col = c - r * width;
      for (let k = 0; k < 8; k++) {
        const rr = r + D8_DR[k]!;
        const cc = col + D8_DC[k]!;
        if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
        const j = c + off[k]!;
        if (recv[j] === PIT && label[j] === -1 && dem[j] === z) {
          label[j] = b;
          fifo.push(j);
        }
      }
    }
  }
  // 2b. every other cell takes the basin its descent ends in
  let stack = new Int32Array(1024);
  for (let i = 0; i < n; i++) {
    if (label[i] !== -1) continue;
    let top = 0;
    let j = i;
    while (label[j] === -1) {
      if (top === stack.length) {
        const bigger = new Int32Array(stack.length * 2);
        bigger.set(stack);
        stack = bigger;
      }
      stack[top++] = j;
      j = recv[j]!;
    }
    const b = label[j]!;
    while (top > 0) label[stack[--top]!] = b;
    if ((i & 0xfffff) === 0) await pause(0.25 + (0.25 * i) / n);
  }

  // 3. spill elevations between basins (each neighbouring cell pair once: E, SE, S, SW)
  const spill = new Map<number, number>();
  const link = (a: number, b: number, e: number): void => {
    const key = a < b ? a * basins + b : b * basins + a;
    const cur = spill.get(key);
    if (cur === undefined || e < cur) spill.set(key, e);
  };
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const z = dem[i]!;
      if (Number.isNaN(z)) continue;
      const a = label[i]!;
      if (edge[i] && a !== OCEAN) link(a, OCEAN, z);
      for (let k = 0; k < 4; k++) {
        const rr = r + D8_DR[k]!;
        const cc = c + D8_DC[k]!;
        if (rr >= height || cc < 0 || cc >= width) continue;
        const j = i + off[k]!;
        const b = label[j]!;
        if (b === a || recv[j] === NODATA) continue;
        const zj = dem[j]!;
        link(a, b, z > zj ? z : zj);
      }
    }
    if ((r & 63) === 0) await pause(0.5 + (0.3 * r) / height);
  }

  // 4. priority-flood over the basin graph (levels only rise along it, so the radix heap applies)
  const degree = new Int32Array(basins + 1);
  for (const key of spill.keys()) {
    const a = Math.floor(key / basins);
    degree[a + 1]!++;
    degree[key - a * basins + 1]!++;
  }
  for (let b = 0; b < basins; b++) degree[b + 1]! += degree[b]!;
  const other = new Int32Array(degree[basins]!);
  const spillAt = new Float32Array(degree[basins]!);
  const cursor = degree.slice(0, basins);
  for (const [key, e] of spill) {
    const a = Math.floor(key / basins);
    const b = key - a * basins;
    other[cursor[a]!] = b;
    spillAt[cursor[a]!++] = e;
    other[cursor[b]!] = a;
    spillAt[cursor[b]!++] = e;
  }
  const level = new Float32Array(basins).fill(Infinity);
  const done = new Uint8Array(basins);
  const heap = new CellHeap();
  level[OCEAN] = -Infinity;
  heap.push(OCEAN, -Infinity);
  for (;;) {
    const b = heap.pop();
    if (b < 0) break;
    if (done[b]) continue;
    done[b] = 1;
    const lb = level[b]!;
    for (let p = degree[b]!; p < degree[b + 1]!; p++) {
      const o = other[p]!;
      if (done[o]) continue;
      const lv = Math.max(lb, spillAt[p]!);
      if (lv < level[o]!) {
        level[o] = lv;
        heap.push(o, lv);
      }
    }
  }

  // 5. the filled surface
  const filled = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const z = dem[i]!;
    const l = level[label[i]!]!;
    filled[i] = Number.isNaN(z) ? Number.NaN : l > z ? l : z;
  }
  await pause(1);
  return filled;
}

/** Direction states while routing, besides 0–7 and D8_OUTLET. */
const FLAT = 9;
const IN_REGION = 10;

/**
 * D8 flow directions (O'Callaghan & Mark 1984) on a filled DEM: each cell drains to the neighbour of
 * steepest drop (diagonal drops divided by the diagonal distance); an edge cell, or one beside
 * nodata, with no lower neighbour drains off the grid (D8_OUTLET). Cells on flats — filled
 * depressions and level ground — drain across the flat to its outlets, visiting the flat's cells in
 * order of their original elevation (GRASS r.watershed's least-cost idea): the path through a filled
 * depression follows its original valley floor to the spill point rather than a straight line.
 * Every path strictly descends except across a flat, and every flat has an outlet, so there are no cycles.
 */
export async function d8Directions(
  filled: Float32Array,
  dem: Float32Array,
  width: number,
  height: number,
  size: CellSize,
  opts: Cooperation = {},
): Promise<Uint8Array> {
  const n = width * height;
  const dir = new Uint8Array(n).fill(D8_NONE);
  const off = neighbourOffsets(width);
  const inv = inverse(distances(size));
  const tick = checkpoints(opts);
  const pause = async (fraction: number) => {
    const p = tick(fraction);
    if (p) await p;
  };
  for (let r = 0; r < height; r++) {
    const rowEdge = r === 0 || r === height - 1;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const z = filled[i]!;
      if (Number.isNaN(z)) continue;
      const inside = !rowEdge && c > 0 && c < width - 1;
      let side = !inside;
      let best = -1;
      if (inside) {
        const k = steepestInterior(filled, i, off, inv);
        side = k >= BESIDE_NODATA;
        if ((k & 15) < 8) best = k & 15;
      } else {
        let bestSlope = 0;
        for (let k = 0; k < 8; k++) {
          const rr = r + D8_DR[k]!;
          const cc = c + D8_DC[k]!;
          if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
          const zn = filled[i + off[k]!]!;
          if (Number.isNaN(zn)) continue;
          const s = (z - zn) * inv[k]!;
          if (s > bestSlope) {
            bestSlope = s;
            best = k;
          }
        }
      }
      dir[i] = best >= 0 ? best : side ? D8_OUTLET : FLAT;
    }
    if ((r & 63) === 0) await pause((0.6 * r) / height);
  }

  // flats, one connected region at a time (keeps the work local): find it, then route it
  const region = new CellFifo();
  const heap = new AgedCellHeap();
  for (let s = 0; s < n; s++) {
    if (dir[s] !== FLAT) continue;
    dir[s] = IN_REGION;
    region.push(s);
    const level = filled[s]!;
    while (region.size > 0) {
      const c = region.shift();
      const r = (c / width) | 0;
      const col = c - r * width;
      for (let k = 0; k < 8; k++) {
        const rr = r + D8_DR[k]!;
        const cc = col + D8_DC[k]!;
        if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
        const j = c + off[k]!;
        const d = dir[j]!;
        if (d === FLAT) {
          dir[j] = IN_REGION;
          region.push(j);
        } else if (d <= D8_OUTLET && filled[j] === level) {
          // an outlet of the flat: a cell at its level that already drains away (queued once per visit; cheap)
          heap.push(j, dem[j]!);
        }
      }
    }
    while (heap.size > 0) {
      const c = heap.pop();
      const r = (c / width) | 0;
      const col = c - r * width;
      for (let k = 0; k < 8; k++) {
        const rr = r + D8_DR[k]!;
        const cc = col + D8_DC[k]!;
        if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
        const j = c + off[k]!;
        if (dir[j] !== IN_REGION) continue;
        dir[j] = D8_OPPOSITE[k]!;
        heap.push(j, dem[j]!);
      }
    }
    if ((s & 0xffff) === 0) await pause(0.6 + (0.4 * s) / n);
  }
  // a flat without an outlet cannot come out of fillDepressions; given an unfilled DEM, it drains off the grid
  for (let i = 0; i < n; i++) if (dir[i] === IN_REGION) dir[i] = D8_OUTLET;
  return dir;
}

/** Filling and D8 in one: the directions of an unfilled DEM, its depressions routed through. */
export async function flowDirections(
  dem: Float32Array,
  width: number,
  height: number,
  size: CellSize,
  opts: Cooperation = {},
): Promise<{ filled: Float32Array; dir: Uint8Array }> {
  const filled = await fillDepressions(dem, width, height, { ...opts, onProgress: (f) => opts.onProgress?.(0.6 * f) });
  const dir = await d8Directions(filled, dem, width, height, size, { ...opts, onProgress: (f) => opts.onProgress?.(0.6 + 0.4 * f) });
  return { filled, dir };
}
