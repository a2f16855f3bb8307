import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../shared/api';
import { grass } from './analysis/support';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/**
 * A seeded zone layer: a 5 × 3 grid of 1 km cells with known faults — cell (1,1) shrunk by 10 m on
 * every side (a ring-shaped gap of 1 000² − 980² = 39 600 m² around it), cell (3,1) missing (a 1 km²
 * hole), cell (4,0) pushed 50 m into (3,0) (an overlap of 50 000 m²), and a 0.5 m² sliver far away.
 */
const X0 = 440_000;
const Y0 = 3_090_000;
const KM = 1000;

type Ring = [number, number][];
const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

function seededLayer(path: string): void {
  const features: { name: string; ring: Ring }[] = [];
  for (let i = 0; i < 5; i++)
    for (let j = 0; j < 3; j++) {
      if (i === 3 && j === 1) continue;
      let [x0, y0, x1, y1] = [X0 + i * KM, Y0 + j * KM, X0 + (i + 1) * KM, Y0 + (j + 1) * KM];
      if (i === 1 && j === 1) [x0, y0, x1, y1] = [x0 + 10, y0 + 10, x1 - 10, y1 - 10];
      if (i === 4 && j === 0) x0 -= 50;
      features.push({ name: `c${i}${j}`, ring: rect(x0, y0, x1, y1) });
    }
  features.push({ name: 'sliver', ring: [[X0 + 9000, Y0], [X0 + 9001, Y0], [X0 + 9000, Y0 + 1], [X0 + 9000, Y0]] });
  writeFileSync(
    path,
    JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4548' } },
      features: features.map((f) => ({ type: 'Feature', properties: { name: f.name }, geometry: { type: 'Polygon', coordinates: [f.ring] } })),
    }),
  );
}

let f: EngineFixture;
let layer: LayerInfo;
let src: string;
beforeAll(async () => {
  f = await engineFixture();
  await f.client.api.project.create({ path: join(f.dir, 'seeded.gwz'), crs: 'EPSG:4548' });
  src = join(f.dir, 'zones.geojson');
  seededLayer(src);
  layer = (await f.client.runJob('layers.importVector', { path: src, name: '分区' })).result.layer;
});
afterAll(async () => {
  await f.dispose();
});

describe('editing.topology on a seeded layer', () => {
  it('finds every seeded overlap, gap and sliver, with its area and location', async () => {
    const { summary, problems } = await f.client.api.editing.topology({ layerId: layer.id });
    expect(summary.features).toBe(15);
    const fidOf = async (name: string): Promise<number> => {
      const fc = JSON.parse((await f.engine.readData(layer.dataUrl, new URLSearchParams())).body as string) as {
        features: { id: number; properties: { name: string } }[];
      };
      return fc.features.find((x) => x.properties.name === name)!.id;
    };

    const overlaps = problems.filter((p) => p.kind === 'overlap');
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]!.area).toBeCloseTo(50 * KM, 3);
    expect(overlaps[0]!.fids.sort((a, b) => a - b)).toEqual([await fidOf('c30'), await fidOf('c40')].sort((a, b) => a - b));
    const [ox, oy] = overlaps[0]!.location;
    expect(ox).toBeGreaterThan(X0 + 4 * KM - 50);
    expect(ox).toBeLessThan(X0 + 4 * KM);
    expect(oy).toBeGreaterThan(Y0);
    expect(oy).toBeLessThan(Y0 + KM);

    const gaps = problems.filter((p) => p.kind === 'gap').sort((a, b) => a.area - b.area);
    expect(gaps).toHaveLength(2);
    expect(gaps[0]!.area).toBeCloseTo(KM * KM - 980 * 980, 3);
    expect(gaps[1]!.area).toBeCloseTo(KM * KM, 3);
    // the ring gap: its point lies in the 10 m band around cell (1,1)
    const [gx, gy] = gaps[0]!.location;
    const inCell = gx > X0 + KM && gx < X0 + 2 * KM && gy > Y0 + KM && gy < Y0 + 2 * KM;
    const inCore = gx > X0 + KM + 10 && gx < X0 + 2 * KM - 10 && gy > Y0 + KM + 10 && gy < Y0 + 2 * KM - 10;
    expect(inCell && !inCore).toBe(true);
    expect(gaps[1]!.extent).toEqual([X0 + 3 * KM, Y0 + KM, X0 + 4 * KM, Y0 + 2 * KM]);
    // the four cells around the hole, and the pushed cell (4,0), whose top edge now runs 50 m along its rim
    const around = await Promise.all(['c21', 'c41', 'c30', 'c32', 'c40'].map(fidOf));
    expect(gaps[1]!.fids).toEqual(around.sort((a, b) => a - b));

    const slivers = problems.filter((p) => p.kind === 'sliver');
    expect(slivers).toHaveLength(1);
    expect(slivers[0]!.fids).toEqual([await fidOf('sliver')]);
    expect(slivers[0]!.area).toBeCloseTo(0.5, 6);
    expect(problems.filter((p) => p.kind === 'invalid')).toEqual([]);
    for (const p of problems) {
      expect(p.message_zh.length).toBeGreaterThan(0);
      expect(p.message_en.length).toBeGreaterThan(0);
    }
  });

  it('agrees with GRASS: v.in.ogr topology finds the same overlap and gaps, with the same areas', async () => {
    // GRASS builds its own topology on import: overlaps become areas with a category in layer 2,
    // gaps areas without centroid (given centroids from cat 100 up by v.centroids).
    const out = grass(
      4548,
      `v.in.ogr input='${src}' output=z -o >/dev/null 2>&1
       echo OVERLAP; v.to.db -p map=z layer=2 option=area columns=a units=meters 2>/dev/null
       v.centroids input=z output=z2 option=add cat=100 step=1 >/dev/null 2>&1
       echo GAPS; v.to.db -p map=z2 option=area columns=a units=meters 2>/dev/null`,
    );
    const section = (name: string, next: string | null): number[] =>
      (out.split(name)[1] ?? '')
        .split(next ?? '\u0000')[0]!
        .split('\n')
        .map((l) => l.split('|'))
        .filter((c) => c.length === 2 && /^\d+$/.test(c[0]!) && (name === 'OVERLAP' || Number(c[0]) >= 100))
        .map((c) => Number(c[1]))
        .sort((a, b) => a - b);
    const grassOverlaps = section('OVERLAP', 'GAPS');
    const grassGaps = section('GAPS', null);
    const { problems } = await f.client.api.editing.topology({ layerId: layer.id });
    const ours = (kind: string) => problems.filter((p) => p.kind === kind).map((p) => p.area).sort((a, b) => a - b);
    expect(grassOverlaps).toEqual([50_000]);
    expect(grassGaps).toEqual([39_600, 1_000_000]);
    expect(ours('overlap').map(Math.round)).toEqual(grassOverlaps);
    expect(ours('gap').map(Math.round)).toEqual(grassGaps);
  });

  it('counts arcs, shared arcs and nodes of the grid', async () => {
    const { summary } = await f.client.api.editing.topology({ layerId: layer.id });
    // the grid's cells share their edges, but the shifted and shrunk cells break some sharing
    expect(summary.sharedArcs).toBeGreaterThan(5);
    expect(summary.arcs).toBeGreaterThan(summary.sharedArcs);
    expect(summary.nodes).toBeGreaterThan(0);
    // cell corners of the pushed cell (4,0) lie on the edges of (3,0)'s neighbours: T-junctions
    expect(summary.tJunctions).toBeGreaterThan(0);
  });

  it('refuses an edit that would create an overlap, and leaves the layer as it was', async () => {
    // push a corner of the shrunk cell (1,1), which shares it with nobody, 100 m into cell (0,1)
    const before = await f.client.api.editing.topology({ layerId: layer.id });
    const err = await errorOf(
      f.client.api.editing.apply({ layerId: layer.id, edit: { op: 'moveVertex', from: [X0 + KM + 10, Y0 + KM + 10], to: [X0 + KM - 100, Y0 + KM + 10] }, reason: '测试' }),
    );
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('重叠');
    expect(err.message_en).toContain('overlap');
    expect((err.details as { kind: string }).kind).toBe('overlap');
    const after = await f.client.api.editing.topology({ layerId: layer.id });
    expect(after.problems).toEqual(before.problems);
  });
});

describe('editing.repair', () => {
  it('merges near-coincident vertices and fills T-junctions, as one undoable change; then shared means equal', async () => {
    // A and B side by side, B's left edge 0.4 mm off A's right edge; C on top of both, its bottom edge
    // one straight segment past the corners of A and B (a T-junction)
    const path2 = join(f.dir, 'near.geojson');
    const poly = (name: string, ring: Ring) => ({ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } });
    writeFileSync(
      path2,
      JSON.stringify({
        type: 'FeatureCollection',
        crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4548' } },
        features: [
          poly('A', rect(X0, Y0, X0 + KM, Y0 + KM)),
          poly('B', rect(X0 + KM + 0.0004, Y0, X0 + 2 * KM, Y0 + KM)),
          poly('C', rect(X0, Y0 + KM, X0 + 2 * KM, Y0 + 2 * KM)),
        ],
      }),
    );
    const near = (await f.client.runJob('layers.importVector', { path: path2, name: '近重合' })).result.layer;
    const before = await f.client.api.editing.topology({ layerId: near.id });
    expect(before.summary.tJunctions).toBeGreaterThan(0);
    const r = await f.client.api.editing.repair({ layerId: near.id, reason: '入库前拓扑修复' });
    expect(r.snapped).toBe(2);
    expect(r.inserted).toBe(1);
    expect(r.result!.change).toMatchObject({ op: 'repair', reason: '入库前拓扑修复', state: 'applied' });
    const after = await f.client.api.editing.topology({ layerId: near.id });
    expect(after.summary.tJunctions).toBe(0);
    expect(after.summary.sharedArcs).toBe(3);
    expect(after.problems).toEqual([]);
    // nothing left to do the second time
    expect((await f.client.api.editing.repair({ layerId: near.id, reason: '再次' })).result).toBeNull();
    // and an edit now moves all three at the shared corner
    const moved = await f.client.api.editing.apply({ layerId: near.id, edit: { op: 'moveVertex', from: [X0 + KM, Y0 + KM], to: [X0 + KM + 30, Y0 + KM + 20] }, reason: '测试' });
    expect(moved.features).toHaveLength(3);
    await f.client.api.editing.undo({ layerId: near.id });
    const undone = await f.client.api.editing.undo({ layerId: near.id });
    expect(undone.change.targetId).toBe(r.result!.change.id);
    expect((await f.client.api.editing.topology({ layerId: near.id })).summary).toEqual(before.summary);
  });
});
