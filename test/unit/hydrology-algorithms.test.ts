import { describe, expect, it } from 'vitest';
import { flowAccumulation } from '../../electron/engine/analysis/hydrology/accumulation';
import { catchmentMask, snapOutlet } from '../../electron/engine/analysis/hydrology/catchment';
import { CellFifo, CellHeap } from '../../electron/engine/analysis/hydrology/cell-queue';
import { D8_NONE, D8_OUTLET, downstreamOf, esriCode, fromEsriCode, neighbourOffsets } from '../../electron/engine/analysis/hydrology/d8';
import { fillDepressions, flowDirections } from '../../electron/engine/analysis/hydrology/flow-routing';
import { flowAzimuth, gradientAtCell, sampleGradient } from '../../electron/engine/analysis/hydrology/gradient';
import { extractStreams } from '../../electron/engine/analysis/hydrology/streams';

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) | 0) >>> 0) / 4294967296;
}

/** A small random DEM with pits, flats (values rounded to 1 m) and a few nodata holes. */
function randomDem(w: number, h: number, seed: number): Float32Array {
  const r = rng(seed);
  const z = new Float32Array(w * h);
  for (let i = 0; i < z.length; i++) z[i] = Math.round(10 * r() + 0.3 * ((i % w) + Math.floor(i / w)));
  for (let k = 0; k < 3; k++) z[Math.floor(r() * z.length)] = Number.NaN;
  return z;
}

/** The depression-filled surface by its definition (Planchon & Darboux 2001 with ε = 0), iterated to a fixed point. */
function referenceFill(z: Float32Array, w: number, h: number): Float32Array {
  const out = new Float32Array(z.length);
  const edge = (r: number, c: number) => {
    if (r === 0 || c === 0 || r === h - 1 || c === w - 1) return true;
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (Number.isNaN(z[(r + dr) * w + c + dc]!)) return true;
    return false;
  };
  for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) out[r * w + c] = Number.isNaN(z[r * w + c]!) ? Number.NaN : edge(r, c) ? z[r * w + c]! : Infinity;
  for (let changed = true; changed; ) {
    changed = false;
    for (let r = 1; r < h - 1; r++) {
      for (let c = 1; c < w - 1; c++) {
        const i = r * w + c;
        if (!(out[i]! > z[i]!)) continue;
        let low = Infinity;
        for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (dr || dc) low = Math.min(low, out[(r + dr) * w + c + dc]! || Infinity);
        const v = Math.max(z[i]!, low);
        if (v < out[i]!) {
          out[i] = v;
          changed = true;
        }
      }
    }
  }
  return out;
}

describe('depression filling', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`equals the fixed-point definition of the filled surface (random 23 × 17 DEM, seed ${seed})`, async () => {
      const w = 23, h = 17;
      const z = randomDem(w, h, seed);
      const filled = await fillDepressions(z, w, h);
      const ref = referenceFill(z, w, h);
      for (let i = 0; i < z.length; i++) {
        if (Number.isNaN(z[i]!)) expect(Number.isNaN(filled[i]!)).toBe(true);
        else expect(filled[i], `cell ${i}`).toBe(ref[i]);
      }
    });
  }
});

describe('D8 directions and flow accumulation', () => {
  it('every data cell drains to an outlet without cycles, downhill or level on the filled DEM; accumulation counts upstream cells', async () => {
    const w = 31, h = 19;
    const z = randomDem(w, h, 11);
    const { filled, dir } = await flowDirections(z, w, h, { dx: 10, dy: 10 });
    const acc = await flowAccumulation(dir, w, h);
    const counted = new Int32Array(w * h);
    for (let i = 0; i < w * h; i++) {
      if (Number.isNaN(z[i]!)) {
        expect(dir[i]).toBe(D8_NONE);
        expect(acc[i]).toBe(0);
        continue;
      }
      let j = i;
      for (let steps = 0; ; steps++) {
        expect(steps).toBeLessThan(w * h);
        counted[j]!++;
        const k = downstreamOf(dir, j, w);
        if (k < 0) {
          expect(dir[j]).toBe(D8_OUTLET);
          break;
        }
        expect(filled[k]!).toBeLessThanOrEqual(filled[j]!);
        j = k;
      }
    }
    expect(Array.from(acc)).toEqual(Array.from(counted));
  });

  it('takes the steepest drop, weighing diagonals by their length', async () => {
    // centre 10; east neighbour 7 (drop 3 over 10 m), south-east 5 (drop 5 over 14.1 m)
    const z = Float32Array.from([20, 20, 20, 20, 10, 7, 20, 20, 5]);
    const { dir } = await flowDirections(z, 3, 3, { dx: 10, dy: 10 });
    expect(esriCode(dir[4]!)).toBe(2); // 5/14.14 = 0.354 > 3/10: south-east
    const z2 = Float32Array.from([20, 20, 20, 20, 10, 6, 20, 20, 5]);
    const { dir: dir2 } = await flowDirections(z2, 3, 3, { dx: 10, dy: 10 });
    expect(esriCode(dir2[4]!)).toBe(1); // 4/10 > 5/14.14: east
    expect(fromEsriCode(128)).toBe(7);
    expect(fromEsriCode(0)).toBe(D8_OUTLET);
    expect(fromEsriCode(3)).toBe(D8_NONE);
  });

  it('routes a closed depression and a flat out through the spill point', async () => {
    // a bowl whose rim is lowest at the east edge (row 2): everything leaves there — the rim too, since
    // edge cells with a lower neighbour inside drain inward (as in r.watershed)
    const w = 5, h = 5;
    const z = Float32Array.from([9, 9, 9, 9, 9, 9, 1, 1, 1, 9, 9, 1, 0, 1, 4, 9, 1, 1, 1, 9, 9, 9, 9, 9, 9]);
    const { filled, dir } = await flowDirections(z, w, h, { dx: 1, dy: 1 });
    for (const i of [6, 7, 8, 11, 12, 13, 16, 17, 18]) expect(filled[i]).toBe(4);
    expect(filled[0]).toBe(9);
    const acc = await flowAccumulation(dir, w, h);
    expect(esriCode(dir[14]!)).toBe(0);
    expect(acc[14]).toBe(25);
    const { cells } = await catchmentMask(dir, w, h, { row: 2, col: 4 });
    expect(cells).toBe(25);
    // the bowl's cells reach the spill by a shortest path over the flat: the centre in two steps
    expect([1, 2, 128]).toContain(esriCode(dir[12]!));
    expect(downstreamOf(dir, downstreamOf(dir, 12, w), w)).toBe(14);
  });
});

describe('outlet snapping', () => {
  it('moves to the highest accumulation within the radius, the nearest on ties, and stays put with radius 0', () => {
    const grid = { srid: 0, x0: 0, y0: 50, dx: 10, dy: 10, width: 5, height: 5 };
    const acc = new Int32Array(25).fill(1);
    acc[7] = 50; // row 1, col 2
    acc[17] = 50; // row 3, col 2
    expect(snapOutlet(acc, grid, 25, 34, 15)).toEqual({ row: 1, col: 2 });
    expect(snapOutlet(acc, grid, 25, 14, 15)).toEqual({ row: 3, col: 2 });
    expect(snapOutlet(acc, grid, 5, 45, 0)).toEqual({ row: 0, col: 0 });
    expect(snapOutlet(acc, grid, 60, 45, 100)).toBeNull();
  });
});

describe('Strahler stream order', () => {
  it('orders a network where two order-1 streams make order 2 and a side stream does not raise it', async () => {
    // 7 × 5 grid, directions by hand (internal codes: 0 E, 1 SE, 2 S, 3 SW, 4 W, 5 NW, 6 N, 7 NE)
    //   sources at (0,0) and (0,4) meet at (2,2); a side stream from (1,6)… joins at (3,2); outlet (4,2)
    const w = 7, h = 5;
    const dir = new Uint8Array(w * h).fill(D8_NONE);
    const set = (r: number, c: number, k: number) => (dir[r * w + c] = k);
    set(0, 0, 1); set(1, 1, 1); // SE, SE → (2,2)
    set(0, 4, 3); set(1, 3, 3); // SW, SW → (2,2)
    set(2, 2, 2); // S → (3,2)
    set(1, 6, 3); set(2, 5, 3); set(3, 4, 4); set(3, 3, 4); // to (3,2)
    set(3, 2, 2); // S → (4,2)
    set(4, 2, D8_OUTLET);
    const acc = await flowAccumulation(dir, w, h);
    const net = await extractStreams(dir, acc, w, h, 1);
    const at = (r: number, c: number) => net.order[r * w + c];
    expect([at(0, 0), at(1, 1), at(0, 4), at(1, 3)]).toEqual([1, 1, 1, 1]);
    expect(at(2, 2)).toBe(2);
    expect(at(3, 3)).toBe(1);
    expect([at(3, 2), at(4, 2)]).toEqual([2, 2]);
    expect(net.maxOrder).toBe(2);
    // links: three sources, the confluence at (2,2), the confluence at (3,2)
    expect(net.links).toHaveLength(5);
    const last = net.links.find((l) => l.cells.includes(4 * w + 2))!;
    expect(last.downstream).toBeNull();
    expect(last.order).toBe(2);
  });
});

describe('priority queues', () => {
  it('the radix heap pops in elevation order under monotone pushes (negative elevations too)', () => {
    const heap = new CellHeap();
    const r = rng(3);
    const popped: number[] = [];
    const keys = new Map<number, number>();
    let last = -50;
    let id = 0;
    for (let round = 0; round < 2000; round++) {
      const pushes = Math.floor(r() * 4);
      for (let p = 0; p < pushes; p++) {
        const k = Math.fround(last + r() * 20 - (round === 0 ? 10 : 0));
        keys.set(id, Math.max(k, last));
        heap.push(id, Math.max(k, last));
        id++;
      }
      const c = heap.pop();
      if (c >= 0) {
        expect(keys.get(c)!).toBeGreaterThanOrEqual(last);
        last = keys.get(c)!;
        popped.push(c);
      }
    }
    while (heap.size > 0) popped.push(heap.pop());
    expect(new Set(popped).size).toBe(id);
  });

  it('the FIFO keeps order across growth', () => {
    const q = new CellFifo();
    for (let i = 0; i < 5000; i++) q.push(i);
    for (let i = 0; i < 2500; i++) expect(q.shift()).toBe(i);
    for (let i = 5000; i < 9000; i++) q.push(i);
    for (let i = 2500; i < 9000; i++) expect(q.shift()).toBe(i);
    expect(q.shift()).toBe(-1);
  });

  it('neighbour offsets follow the ESRI order E, SE, S, SW, W, NW, N, NE', () => {
    expect(Array.from(neighbourOffsets(10))).toEqual([1, 11, 10, 9, -1, -11, -10, -9]);
  });
});

describe('water-table gradient', () => {
  const grid = { srid: 0, x0: 1000, y0: 2000, dx: 50, dy: 25, width: 12, height: 9 };
  // h = 100 − 0.003·x + 0.004·y: gradient 0.005, flow toward +x and −y (east-south-east… azimuth 143.13°)
  const data = new Float32Array(grid.width * grid.height);
  for (let r = 0; r < grid.height; r++) for (let c = 0; c < grid.width; c++) data[r * grid.width + c] = 100 - 0.003 * (c + 0.5) * 50 + 0.004 * (grid.height - r - 0.5) * 25;
  const head = { grid, data };
  const az = (Math.atan2(0.003, -0.004) * 180) / Math.PI;

  it('is exact on a plane, inside, at the edge and beside nodata, and the azimuth points down the gradient', () => {
    for (const [r, c] of [[4, 5], [0, 0], [8, 11], [0, 6]] as const) {
      const g = gradientAtCell(head, r, c)!;
      expect(g[0]).toBeCloseTo(-0.003, 6);
      expect(g[1]).toBeCloseTo(0.004, 6);
    }
    const holed = { grid, data: Float32Array.from(data) };
    holed.data[4 * grid.width + 6] = Number.NaN;
    expect(gradientAtCell(holed, 4, 5)![0]).toBeCloseTo(-0.003, 6);
    expect(flowAzimuth(-0.003, 0.004)).toBeCloseTo(az, 9);
    expect(flowAzimuth(-1, 0)).toBeCloseTo(90, 9); // head falls to the east: water flows east
    expect(flowAzimuth(0, 1)).toBeCloseTo(180, 9);
    expect(flowAzimuth(0, 0)).toBeNull();
  });

  it('samples I and the flow azimuth at a well', () => {
    const s = sampleGradient(head, 1237, 1873)!;
    expect(s.gradient).toBeCloseTo(0.005, 6);
    expect(s.azimuth!).toBeCloseTo(az, 3);
    expect(s.head).toBeCloseTo(100 - 0.003 * 237 + 0.004 * (1873 - (2000 - 9 * 25)), 3);
    expect(sampleGradient(head, 0, 0)).toBeNull();
  });
});
