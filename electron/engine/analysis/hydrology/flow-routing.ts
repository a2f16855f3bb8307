import { checkpoints, type Cooperation } from '../core/cooperate';
import { CellFifo, CellHeap } from './cell-queue';
import { D8_DC, D8_DR, D8_NONE, D8_OPPOSITE, D8_OUTLET, neighbourOffsets } from './d8';

/** The cell sizes D8 needs to weigh diagonal drops (metres, or the DEM's horizontal unit). */
export interface CellSize {
  dx: number;
  dy: number;
}

export interface FloodResult {
  /** The DEM with every depression raised to its spill elevation (NaN stays NaN). */
  filled: Float32Array;
  /**
   * D8 directions of the cells priority-flood reached through a depression or a flat (toward the
   * cell that reached them, i.e. toward the spill point); REACHED for the others, D8_NONE for nodata.
   */
  floodDir: Uint8Array;
}

/**
 * Priority-flood depression filling (Barnes, Lehman & Mulla 2014, "Priority-Flood: an optimal
 * depression-filling and watershed-labeling algorithm", with their plain queue for cells inside
 * depressions): the flood starts from the grid's edge and from cells beside nodata, always grows from
 * the lowest cell reached so far, and raises a newly reached cell that lies no higher than the cell it
 * was reached from to that cell's level. O(n log n) with a heap only for the cells outside depressions.
 *
 * Besides the filled DEM it records, for each cell inside a depression or on a flat, the neighbour the
 * flood reached it from: following those leads out of the depression by a shortest path to its spill
 * point, which is how flats get drainage without the ε-gradients that Float32 cannot hold.
 */
export async function priorityFlood(dem: Float32Array, width: number, height: number, opts: Cooperation = {}): Promise<FloodResult> {
  const n = width * height;
  if (dem.length !== n) throw new Error(`priorityFlood: ${dem.length} values for ${width} × ${height} cells`);
  const filled = new Float32Array(dem);
  // One byte per cell is both the flood's state and its result: UNREACHED, then either a flood
  // direction (0–7) or REACHED (queued by elevation; D8 decides later); nodata stays D8_NONE.
  const state = new Uint8Array(n);
  for (let i = 0; i < n; i++) state[i] = Number.isNaN(dem[i]!) ? D8_NONE : UNREACHED;
  const heap = new CellHeap();
  const pit = new CellFifo();
  const off = neighbourOffsets(width);

  // Seeds: data cells on the grid's edge or next to nodata drain out of the DEM.
  for (let r = 0; r < height; r++) {
    const edgeRow = r === 0 || r === height - 1;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (state[i] === D8_NONE) continue;
      let seed = edgeRow || c === 0 || c === width - 1;
      for (let k = 0; !seed && k < 8; k++) if (state[i + off[k]!] === D8_NONE) seed = true;
      if (seed) {
        state[i] = REACHED;
        heap.push(i, dem[i]!);
      }
    }
  }

  const tick = checkpoints(opts);
  let done = 0;
  for (;;) {
    const c = pit.size > 0 ? pit.shift() : heap.pop();
    if (c < 0) break;
    const zc = filled[c]!;
    const r = (c / width) | 0;
    const col = c - r * width;
    const interior = r > 0 && col > 0 && r < height - 1 && col < width - 1;
    for (let k = 0; k < 8; k++) {
      if (!interior) {
        const rr = r + D8_DR[k]!;
        const cc = col + D8_DC[k]!;
        if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
      }
      const nb = c + off[k]!;
      if (state[nb] !== UNREACHED) continue;
      if (filled[nb]! <= zc) {
        filled[nb] = zc;
        state[nb] = D8_OPPOSITE[k]!;
        pit.push(nb);
      } else {
        state[nb] = REACHED;
        heap.push(nb, filled[nb]!);
      }
    }
    if ((++done & 0xffff) === 0) {
      const p = tick(done / n);
      if (p) await p;
    }
  }
  return { filled, floodDir: state };
}

/** Flood states besides the directions 0–7 and D8_NONE (nodata). */
const REACHED = 9;
const UNREACHED = 254;

/**
 * D8 flow directions (O'Callaghan & Mark 1984): each cell drains to the neighbour with the steepest
 * drop on the filled DEM (diagonal drops divided by the diagonal distance); cells priority-flood
 * reached through a depression or a flat keep the direction it recorded. Edge cells and cells beside
 * nodata with no lower neighbour drain out of the grid (D8_OUTLET). Works in place on `floodDir`.
 * Every direction leads to a cell the flood reached earlier, so the result has no cycles.
 */
export async function d8Directions(flood: FloodResult, width: number, height: number, size: CellSize, opts: Cooperation = {}): Promise<Uint8Array> {
  const { filled, floodDir: dir } = flood;
  const off = neighbourOffsets(width);
  const dist = new Float64Array(8);
  for (let k = 0; k < 8; k++) dist[k] = Math.hypot(D8_DR[k]! * size.dy, D8_DC[k]! * size.dx);
  const tick = checkpoints(opts);
  for (let r = 0; r < height; r++) {
    const interior = r > 0 && r < height - 1;
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      if (dir[i] !== REACHED) continue;
      const z = filled[i]!;
      let best = D8_OUTLET;
      let bestSlope = 0;
      const inside = interior && c > 0 && c < width - 1;
      for (let k = 0; k < 8; k++) {
        if (!inside) {
          const rr = r + D8_DR[k]!;
          const cc = c + D8_DC[k]!;
          if (rr < 0 || cc < 0 || rr >= height || cc >= width) continue;
        }
        const drop = z - filled[i + off[k]!]!; // NaN for nodata: never steepest
        if (drop > 0) {
          const s = drop / dist[k]!;
          if (s > bestSlope) {
            bestSlope = s;
            best = k;
          }
        }
      }
      dir[i] = best;
    }
    if ((r & 63) === 0) {
      const p = tick(r / height);
      if (p) await p;
    }
  }
  return dir;
}

/** Priority-flood and D8 in one: the directions of an unfilled DEM (depressions are routed through). */
export async function flowDirections(dem: Float32Array, width: number, height: number, size: CellSize, opts: Cooperation = {}): Promise<{ filled: Float32Array; dir: Uint8Array }> {
  const flood = await priorityFlood(dem, width, height, { ...opts, onProgress: (f) => opts.onProgress?.(0.8 * f) });
  const dir = await d8Directions(flood, width, height, size, { ...opts, onProgress: (f) => opts.onProgress?.(0.8 + 0.2 * f) });
  return { filled: flood.filled, dir };
}
