import { describe, expect, it } from 'vitest';
import { buildArcs } from '../../electron/engine/editing/arcs';
import { adjacentVertices, applyOp } from '../../electron/engine/editing/vertex-ops';
import { readPolygonalWkb, writePolygonalWkb, polygonalArea, type Polygonal } from '../../electron/engine/editing/wkb';
import { gestureOp } from '../../renderer/app/editing/gesture-diff';
import type { XY } from '../../shared/api';

const sq = (x0: number, y0: number, x1: number, y1: number): Polygonal => ({
  multi: true,
  parts: [[[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]],
});

describe('WKB', () => {
  it('round-trips every bit of the doubles', () => {
    const g: Polygonal = { multi: true, parts: [[[[0.1, 0.2], [439123.123456789, 3093000.000000001], [1e-300, -5], [0.1, 0.2]]]] };
    const back = readPolygonalWkb(writePolygonalWkb(g));
    expect(back).toEqual(g);
    expect(writePolygonalWkb(back).equals(writePolygonalWkb(g))).toBe(true);
  });
});

describe('topological vertex edits', () => {
  // A | B side by side, C below both: A and B share x = 1 from y 0..1; C's top edge runs y = 0 from x 0..2
  const A = sq(0, 0, 1, 1);
  const B = sq(1, 0, 2, 1);
  const C = sq(0, -1, 2, 0);

  it('moves a shared vertex in both polygons and keeps the sum of their areas', () => {
    const edit = { op: 'moveVertex', from: [1, 1] as XY, to: [1.2, 1] as XY } as const;
    const a = applyOp(A, edit, 1e-9);
    const b = applyOp(B, edit, 1e-9);
    expect(a.changed && b.changed).toBe(true);
    expect(polygonalArea(a.geom) + polygonalArea(b.geom)).toBeCloseTo(2, 12);
    expect(polygonalArea(a.geom)).toBeCloseTo(1.1, 12);
  });

  it('bends a neighbour whose edge runs through the moved vertex (T-junction), through the same points', () => {
    const from: XY = [1, 0];
    const nodes = adjacentVertices([A, B, C], [from], 1e-9);
    const edit = { op: 'moveVertex', from, to: [1, -0.3] as XY } as const;
    const c = applyOp(C, edit, 1e-9, nodes);
    expect(c.changed).toBe(true);
    expect(c.geom.parts[0]![0]).toContainEqual([1, -0.3]);
    const total = [A, B, C].map((g) => polygonalArea(applyOp(g, edit, 1e-9, nodes).geom)).reduce((x, y) => x + y, 0);
    expect(total).toBeCloseTo(4, 12);
  });

  it('treats near-coincident vertices (within the tolerance) as one', () => {
    const B2 = sq(1 + 1e-7, 0, 2, 1);
    const edit = { op: 'moveVertex', from: [1, 1] as XY, to: [1.5, 1.5] as XY } as const;
    expect(applyOp(B2, edit, 1e-3).changed).toBe(true);
    expect(applyOp(B2, edit, 1e-9).changed).toBe(false);
  });

  it('inserts into the shared segment of both polygons, deletes from both, refuses a collapse', () => {
    const ins = { op: 'insertVertex', a: [1, 0] as XY, b: [1, 1] as XY, at: [1.1, 0.5] as XY } as const;
    expect(applyOp(A, ins, 1e-9).geom.parts[0]![0]).toHaveLength(6);
    expect(applyOp(B, ins, 1e-9).geom.parts[0]![0]).toHaveLength(6);
    expect(applyOp(C, ins, 1e-9).changed).toBe(false);
    const del = applyOp(A, { op: 'deleteVertex', at: [1, 1] }, 1e-9);
    expect(del.geom.parts[0]![0]).toHaveLength(4);
    const tri: Polygonal = { multi: false, parts: [[[[0, 0], [1, 0], [0, 1], [0, 0]]]] };
    expect(applyOp(tri, { op: 'deleteVertex', at: [1, 0] }, 1e-9).collapsed).toBe(true);
  });
});

describe('arcs', () => {
  it('finds the shared arcs and nodes of two squares side by side', () => {
    const s = buildArcs(
      [
        { fid: 1, geom: sq(0, 0, 1, 1) },
        { fid: 2, geom: sq(1, 0, 2, 1) },
      ],
      1e-6,
    );
    expect(s).toMatchObject({ vertices: 6, nodes: 2, arcs: 3, sharedArcs: 1, tJunctions: 0 });
  });

  it('counts a T-junction', () => {
    const s = buildArcs(
      [
        { fid: 1, geom: sq(0, 0, 1, 1) },
        { fid: 2, geom: sq(1, 0, 2, 1) },
        { fid: 3, geom: sq(0, -1, 2, 0) },
      ],
      1e-6,
    );
    expect(s.tJunctions).toBe(1);
  });
});

describe('gesture → edit', () => {
  const ring: XY[] = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]];
  it('a dragged vertex (also the first, which OpenLayers moves at both ends)', () => {
    const moved = ring.map((p) => [...p] as XY);
    moved[2] = [1.5, 1.5];
    expect(gestureOp([ring], [moved])).toEqual({ op: 'moveVertex', from: [1, 1], to: [1.5, 1.5] });
    const first = ring.map((p) => [...p] as XY);
    first[0] = [-1, -1];
    first[4] = [-1, -1];
    expect(gestureOp([ring], [first])).toEqual({ op: 'moveVertex', from: [0, 0], to: [-1, -1] });
  });
  it('an inserted vertex, also on the closing segment, and a deleted one', () => {
    const ins: XY[] = [[0, 0], [1, 0], [1.2, 0.5], [1, 1], [0, 1], [0, 0]];
    expect(gestureOp([ring], [ins])).toEqual({ op: 'insertVertex', a: [1, 0], b: [1, 1], at: [1.2, 0.5] });
    const closing: XY[] = [[0, 0], [1, 0], [1, 1], [0, 1], [-0.2, 0.5], [0, 0]];
    expect(gestureOp([ring], [closing])).toEqual({ op: 'insertVertex', a: [0, 1], b: [0, 0], at: [-0.2, 0.5] });
    const del: XY[] = [[0, 0], [1, 0], [0, 1], [0, 0]];
    expect(gestureOp([ring], [del])).toEqual({ op: 'deleteVertex', at: [1, 1] });
    expect(gestureOp([ring], [ring])).toBeNull();
  });
});

describe('quantising new coordinates', () => {
  it('puts them on the millimetre grid as the nearest doubles of the decimals', async () => {
    const { quantised } = await import('../../electron/engine/editing/apply-edit');
    const q = quantised({ op: 'moveVertex', from: [1, 1], to: [421190.79349, 3029539.4705] }, 1e-3);
    expect(q).toEqual({ op: 'moveVertex', from: [1, 1], to: [421190.793, 3029539.471] });
    expect(quantised({ op: 'deleteVertex', at: [0.12345, 1] }, 1e-3)).toEqual({ op: 'deleteVertex', at: [0.12345, 1] });
  });
});
