import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { overlappingPairs, type Box } from '../../electron/engine/analysis/vector/inputs';
import { chaikin, coverageArcs, openArcs, rebuildCoverage } from '../../electron/engine/analysis/vector/shared-arcs';
import { linesOf, polygonWkb, polygonsOf, vertexCount } from '../../electron/engine/analysis/vector/wkb';
import { prng } from '../support/synthetic';

const db = new Database(':memory:');
db.loadExtension('mod_spatialite');
afterAll(() => db.close());

const square = (x: number, y: number, s = 1) => polygonWkb([Float64Array.from([x, y, x + s, y, x + s, y + s, x, y + s, x, y])]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const area = (w: Buffer | null) => (w ? (db.prepare('SELECT ST_Area(GeomFromWKB(?)) AS a').get(w) as { a: number }).a : 0);

describe('shared arcs of a coverage', () => {
  // a 3 × 3 block of unit squares plus a square with a hole holding an island
  const ring = (x0: number, y0: number, x1: number, y1: number) => Float64Array.from([x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]);
  const sources = [
    ...Array.from({ length: 9 }, (_, i) => square(i % 3, Math.floor(i / 3))),
    polygonWkb([ring(10, 0, 14, 4), ring(11, 1, 13, 3)]),
    square(11, 1, 2),
  ];

  it('has every shared edge once: arcs between junctions, islands as closed arcs', () => {
    const arcs = coverageArcs(db, sources);
    const length = arcs.reduce((s, a) => {
      for (let i = 2; i < a.length; i += 2) s += Math.hypot(a[i]! - a[i - 2]!, a[i + 1]! - a[i - 1]!);
      return s;
    }, 0);
    // grid: 4 horizontal + 4 vertical lines of length 3; the holed square: 16 outside + 8 around the island
    expect(length).toBeCloseTo(24 + 16 + 8, 9);
    const split = openArcs(arcs);
    expect(split.every((a) => a[0] !== a[a.length - 2] || a[1] !== a[a.length - 1])).toBe(true);
  });

  it('gives every source back exactly when the arcs are unchanged (faces sharing edges included, holes respected)', async () => {
    const { geometries } = await rebuildCoverage(db, sources, coverageArcs(db, sources));
    expect(geometries.map(area)).toEqual(sources.map(area));
    expect(area(geometries[9]!)).toBe(12);
  });

  it('smooths with Chaikin keeping the junction ends; neighbours stay seamless', async () => {
    const open = Float64Array.from([0, 0, 1, 0, 1, 1, 2, 1]);
    const once = chaikin(open, 1);
    expect([once[0], once[1], once[once.length - 2], once[once.length - 1]]).toEqual([0, 0, 2, 1]);
    expect(once.length / 2).toBe(6);
    const arcs = coverageArcs(db, sources).map((a) => chaikin(a, 3));
    const { geometries } = await rebuildCoverage(db, sources, arcs);
    expect(geometries.every((g) => g !== null)).toBe(true);
    const sum = geometries.reduce((s, g) => s + area(g), 0);
    // no overlaps, no gaps between neighbours: the parts add up to their union
    const all = geometries.flatMap((g) => polygonsOf(g!));
    const union = (db.prepare('SELECT ST_Area(ST_UnaryUnion(GeomFromWKB(?))) AS a').get(Buffer.concat([Buffer.from([1, 7, 0, 0, 0]), u32(all.length), ...all])) as { a: number }).a;
    expect(union).toBeCloseTo(sum, 9);
    // corner cutting rounds the convex corners of squares off (the block's four, the island's)
    expect(sum).toBeGreaterThan(0.85 * sources.reduce((s, g) => s + area(g), 0));
    expect(vertexCount(geometries[0]!)).toBeGreaterThan(vertexCount(sources[0]!));
    expect(polygonsOf(geometries[9]!).length).toBe(1);
    expect(linesOf(geometries[9]!).length).toBe(2);
  });
});

describe('candidate pairs of an overlay', () => {
  it('finds exactly the overlapping boxes (brute force on random boxes)', () => {
    const rnd = prng(3);
    const box = (fid: number): Box => {
      const x = rnd() * 100;
      const y = rnd() * 100;
      return { fid, minX: x, minY: y, maxX: x + rnd() * 10, maxY: y + rnd() * 10 };
    };
    const a = Array.from({ length: 300 }, (_, i) => box(i + 1));
    const b = Array.from({ length: 200 }, (_, i) => box(i + 1));
    const got = overlappingPairs(a, b);
    let n = 0;
    for (const p of a) {
      const expected = b.filter((q) => p.minX <= q.maxX && q.minX <= p.maxX && p.minY <= q.maxY && q.minY <= p.maxY).map((q) => q.fid).sort((x, y) => x - y);
      expect([...(got.get(p.fid) ?? [])].sort((x, y) => x - y)).toEqual(expected);
      n += expected.length;
    }
    expect(n).toBeGreaterThan(100);
  });
});
