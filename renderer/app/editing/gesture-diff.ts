import type { EditOp, XY } from '../../../shared/api/editing';

/** Rings of a Polygon or MultiPolygon, as OpenLayers' getCoordinates() gives them. */
export type Rings = XY[][];

export function ringsOf(coordinates: unknown, type: string): Rings {
  if (type === 'Polygon') return coordinates as Rings;
  if (type === 'MultiPolygon') return (coordinates as Rings[]).flat();
  return [];
}

const same = (p: XY, q: XY): boolean => p[0] === q[0] && p[1] === q[1];
/** A closed ring without its closing vertex. */
const open = (r: XY[]): XY[] => (r.length > 1 && same(r[0]!, r[r.length - 1]!) ? r.slice(0, -1) : r);

/**
 * What one Modify gesture did to one polygon, as the engine's topological edit: a moved vertex, a
 * vertex inserted into a segment (and maybe dragged), or a removed vertex. The engine then applies it
 * to every polygon sharing that vertex or segment. null when the rings did not change.
 */
export function gestureOp(before: Rings, after: Rings): EditOp | null {
  if (before.length !== after.length) return null;
  for (let r = 0; r < before.length; r++) {
    const b = open(before[r]!);
    const a = open(after[r]!);
    if (a.length === b.length) {
      const moved: { from: XY; to: XY }[] = [];
      for (let i = 0; i < b.length; i++) if (!same(a[i]!, b[i]!)) moved.push({ from: b[i]!, to: a[i]! });
      if (moved.length === 1) return { op: 'moveVertex', from: moved[0]!.from, to: moved[0]!.to };
      if (moved.length > 1) return { op: 'moveVertices', moves: moved };
      continue;
    }
    if (a.length === b.length + 1) {
      // the first index where they part is the new vertex (between b[i-1] and b[i], cyclically)
      let i = 0;
      while (i < b.length && same(a[i]!, b[i]!)) i++;
      const prev = b[(i - 1 + b.length) % b.length]!;
      const next = b[i % b.length]!;
      return { op: 'insertVertex', a: prev, b: next, at: a[i]! };
    }
    if (a.length === b.length - 1) {
      let i = 0;
      while (i < a.length && same(a[i]!, b[i]!)) i++;
      return { op: 'deleteVertex', at: b[i]! };
    }
  }
  return null;
}
