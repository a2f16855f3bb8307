import { checkpoints, type Cooperation } from '../core/cooperate';
import { neighbourOffsets } from './d8';

/** One stream link: from a source or a confluence down to the next confluence or an outlet. */
export interface StreamLink {
  /** 1-based, in row-major order of the link's first cell. */
  id: number;
  /** Strahler (1952) order. */
  order: number;
  /** Cell indices from upstream to downstream. */
  cells: Int32Array;
  /** The link this one flows into (its first cell is the confluence below), or null at an outlet. */
  downstream: number | null;
}

export interface StreamNetwork {
  /** Strahler order per cell, 0 off the network. */
  order: Uint8Array;
  links: StreamLink[];
  maxOrder: number;
}

/**
 * Streams as the cells draining at least `threshold` cells (the cell itself included), ordered by
 * Strahler's rule (two tributaries of order n make order n + 1, a smaller one joining changes
 * nothing) and split into links at confluences. Linear: one pass counts stream inflows, a walk from
 * every source carries orders downstream as each confluence receives all of its tributaries.
 */
export async function extractStreams(
  dir: Uint8Array,
  acc: Int32Array,
  width: number,
  height: number,
  threshold: number,
  opts: Cooperation = {},
): Promise<StreamNetwork> {
  const n = width * height;
  const off = neighbourOffsets(width);
  const down = (i: number): number => {
    const k = dir[i]!;
    return k < 8 ? i + off[k]! : -1;
  };
  // tributaries: stream cells draining into each stream cell (downstream of a stream cell is one too,
  // since accumulation only grows downstream)
  const tributaries = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (acc[i]! < threshold) continue;
    const j = down(i);
    if (j >= 0) tributaries[j]!++;
  }
  const order = new Uint8Array(n);
  const pending = new Uint8Array(n);
  const topIn = new Uint8Array(n);
  const topCount = new Uint8Array(n);
  pending.set(tributaries);
  const tick = checkpoints(opts);
  let maxOrder = 0;
  for (let s = 0; s < n; s++) {
    if (acc[s]! < threshold || tributaries[s] !== 0) continue;
    // a source: order 1, carried down until a confluence still waits for another tributary
    let i = s;
    let o = 1;
    for (;;) {
      order[i] = o;
      if (o > maxOrder) maxOrder = o;
      const j = down(i);
      if (j < 0) break;
      if (o > topIn[j]!) {
        topIn[j] = o;
        topCount[j] = 1;
      } else if (o === topIn[j]) {
        topCount[j]!++;
      }
      if (--pending[j]! > 0) break;
      o = topCount[j]! >= 2 ? topIn[j]! + 1 : topIn[j]!;
      i = j;
    }
    if ((s & 0xffff) === 0) {
      const p = tick(0.5 * (s / n));
      if (p) await p;
    }
  }

  // links start at sources and confluences (any stream cell without exactly one tributary)
  const linkAt = new Int32Array(n);
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (order[i] !== 0 && tributaries[i] !== 1) {
      starts.push(i);
      linkAt[i] = starts.length;
    }
  }
  const links: StreamLink[] = [];
  const path: number[] = [];
  for (const [li, start] of starts.entries()) {
    path.length = 0;
    let i = start;
    let downstream: number | null = null;
    for (;;) {
      path.push(i);
      const j = down(i);
      if (j < 0) break;
      if (tributaries[j] !== 1) {
        downstream = linkAt[j]!;
        break;
      }
      i = j;
    }
    links.push({ id: li + 1, order: order[start]!, cells: Int32Array.from(path), downstream });
    if ((li & 0x3ff) === 0) {
      const p = tick(0.5 + 0.5 * (li / starts.length));
      if (p) await p;
    }
  }
  return { order, links, maxOrder };
}
