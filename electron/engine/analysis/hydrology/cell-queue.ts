/**
 * Queues of cell indices (or basin ids) for flow routing, all growable typed arrays, so a
 * 16-million-cell DEM costs tens of MB rather than millions of objects.
 *
 * CellHeap is for monotone priority-flood (every item queued at least as high as the one last taken,
 * as in the flood over the basin graph): a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over the
 * Float32 key's bits mapped to an order-preserving Uint32, O(1) per push, and each item moves between
 * at most 32 buckets over its life.
 */
export class CellHeap {
  private readonly keys: Uint32Array[] = [];
  private readonly cells: Int32Array[] = [];
  private readonly counts = new Int32Array(33);
  private last = 0;
  private n = 0;
  private readonly f32 = new Float32Array(1);
  private readonly u32 = new Uint32Array(this.f32.buffer);

  constructor() {
    for (let b = 0; b < 33; b++) {
      this.keys.push(new Uint32Array(b === 0 ? 1024 : 64));
      this.cells.push(new Int32Array(b === 0 ? 1024 : 64));
    }
  }

  get size(): number {
    return this.n;
  }

  /** Queues an item; `elevation` must not be below the key last popped (priority-flood's order). */
  push(cell: number, elevation: number): void {
    this.f32[0] = elevation;
    const bits = this.u32[0]!;
    // order-preserving map of IEEE bits: negatives reversed below positives
    const key = (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
    this.put(bucketOf(key, this.last), key, cell);
    this.n++;
  }

  /** Removes and returns a cell of the lowest elevation queued (-1 when empty). */
  pop(): number {
    if (this.n === 0) return -1;
    if (this.counts[0] === 0) {
      let b = 1;
      while (this.counts[b] === 0) b++;
      const keys = this.keys[b]!;
      const cells = this.cells[b]!;
      const count = this.counts[b]!;
      let min = keys[0]!;
      for (let i = 1; i < count; i++) if (keys[i]! < min) min = keys[i]!;
      this.last = min;
      this.counts[b] = 0;
      for (let i = 0; i < count; i++) this.put(bucketOf(keys[i]!, min), keys[i]!, cells[i]!);
    }
    this.n--;
    return this.cells[0]![--this.counts[0]!]!;
  }

  private put(b: number, key: number, cell: number): void {
    let count = this.counts[b]!;
    if (count === this.cells[b]!.length) {
      const keys = new Uint32Array(count * 2);
      keys.set(this.keys[b]!);
      this.keys[b] = keys;
      const cells = new Int32Array(count * 2);
      cells.set(this.cells[b]!);
      this.cells[b] = cells;
    }
    this.keys[b]![count] = key;
    this.cells[b]![count++] = cell;
    this.counts[b] = count;
  }
}

/** Bucket 0 holds keys equal to `last`; bucket b keys whose highest bit differing from `last` is bit b − 1. */
function bucketOf(key: number, last: number): number {
  return key === last ? 0 : 32 - Math.clz32(key ^ last);
}

/** A growable ring buffer of cell indices. */
export class CellFifo {
  private buf = new Int32Array(1024);
  private head = 0;
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(cell: number): void {
    if (this.n === this.buf.length) this.grow();
    this.buf[(this.head + this.n) & (this.buf.length - 1)] = cell;
    this.n++;
  }

  shift(): number {
    if (this.n === 0) return -1;
    const cell = this.buf[this.head]!;
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.n--;
    return cell;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    for (let i = 0; i < this.n; i++) next[i] = this.buf[(this.head + i) & (this.buf.length - 1)]!;
    this.buf = next;
    this.head = 0;
  }
}

/**
 * A binary min-heap of cells keyed by elevation, ties broken by age (older first) — for the cells
 * inside a depression, whose original elevations come in any order.
 */
export class AgedCellHeap {
  private keys = new Float32Array(1024);
  private ages = new Uint32Array(1024);
  private cells = new Int32Array(1024);
  private n = 0;
  private counter = 0;

  get size(): number {
    return this.n;
  }

  push(cell: number, elevation: number): void {
    if (this.n === this.cells.length) this.grow();
    const key = Math.fround(elevation);
    const age = this.counter++;
    const { keys, ages, cells } = this;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && ages[p]! < age)) break;
      keys[i] = pk;
      ages[i] = ages[p]!;
      cells[i] = cells[p]!;
      i = p;
    }
    keys[i] = key;
    ages[i] = age;
    cells[i] = cell;
  }

  /** Removes and returns the lowest (then oldest) cell, -1 when empty. */
  pop(): number {
    if (this.n === 0) return -1;
    const { keys, ages, cells } = this;
    const top = cells[0]!;
    const n = --this.n;
    if (n === 0) return top;
    const key = keys[n]!;
    const age = ages[n]!;
    const cell = cells[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r]! < keys[c]! || (keys[r] === keys[c] && ages[r]! < ages[c]!))) c = r;
      const ck = keys[c]!;
      if (key < ck || (key === ck && age < ages[c]!)) break;
      keys[i] = ck;
      ages[i] = ages[c]!;
      cells[i] = cells[c]!;
      i = c;
    }
    keys[i] = key;
    ages[i] = age;
    cells[i] = cell;
    return top;
  }

  private grow(): void {
    const size = this.cells.length * 2;
    const keys = new Float32Array(size);
    keys.set(this.keys);
    const ages = new Uint32Array(size);
    ages.set(this.ages);
    const cells = new Int32Array(size);
    cells.set(this.cells);
    this.keys = keys;
    this.ages = ages;
    this.cells = cells;
  }
}
