import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/engine/project/spatialite';
import type { LayerInfo, XY } from '../../shared/api';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';
import { blobs, hasVertex, pairRelation, readOnly, sharedInteriorVertex, unionArea, vertices } from './editing-support';

let f: EngineFixture;
let path: string;
let ro: Db;
let units: LayerInfo;
let counties: LayerInfo;

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  await f.client.api.project.open({ path });
  const { layers } = await f.client.api.layers.list({});
  units = layers.find((l) => l.name === '水文地质分区')!;
  counties = layers.find((l) => l.name === '县级行政区')!;
  ro = readOnly(path);
}, 120_000);
afterAll(async () => {
  ro?.close();
  await f.dispose();
});

const REASON = '依据 1:5 万水文地质图，分界沿河道调整';

describe.each([
  ['hydrogeological units', () => units],
  ['county boundaries', () => counties],
])('moving a shared vertex of the %s', (_name, layerOf) => {
  it('moves it in both neighbours: union area kept, no overlap, reason logged, undo byte-identical, redo too', async () => {
    const layer = layerOf();
    const table = layer.tableName;
    const { at, fids } = sharedInteriorVertex(ro, table);
    const wanted: XY = [at[0] + 37.2504, at[1] + 21.5];
    const before = blobs(ro, table);
    const unionBefore = unionArea(ro, table);
    const areaOf = (fid: number) => (ro.prepare(`SELECT ST_Area(geom) AS a FROM "${table}" WHERE fid = ?`).get(fid) as { a: number }).a;
    const a0 = areaOf(fids[0]);
    const sumBefore = a0 + areaOf(fids[1]);

    const r = await f.client.api.editing.apply({ layerId: layer.id, edit: { op: 'moveVertex', from: at, to: wanted }, reason: REASON, user: '张工' });
    // the engine puts new coordinates on the 1 mm grid
    const to = (r.change.params as { to: XY }).to;
    expect(Math.abs(to[0] - wanted[0])).toBeLessThanOrEqual(0.0005);
    expect(Math.abs(to[1] - wanted[1])).toBeLessThanOrEqual(0.0005);

    expect(r.features.map((x) => x.fid).sort((a, b) => a - b)).toEqual([...fids].sort((a, b) => a - b));
    for (const fid of fids) {
      expect(hasVertex(ro, table, fid, to)).toBe(true);
      expect(hasVertex(ro, table, fid, at)).toBe(false);
      expect(ro.prepare(`SELECT ST_IsValid(geom) AS v FROM "${table}" WHERE fid = ?`).get(fid)).toEqual({ v: 1 });
    }
    // one polygon gained exactly what the other lost
    expect(Math.abs(areaOf(fids[0]) - a0)).toBeGreaterThan(1);
    expect(areaOf(fids[0]) + areaOf(fids[1])).toBeCloseTo(sumBefore, 4);
    expect(Math.abs(r.areaChange)).toBeLessThan(1e-4);
    expect(unionArea(ro, table)).toBeCloseTo(unionBefore, 3);
    expect(r.unionAreaAfter).toBeCloseTo(r.unionAreaBefore, 3);
    const rel = pairRelation(ro, table, fids[0], fids[1]);
    expect(rel.overlaps).toBe(0);
    expect(rel.interArea).toBeLessThan(1e-6);
    expect(rel.touches).toBe(1);
    // every other feature untouched, byte for byte
    const mid = blobs(ro, table);
    for (const [fid, blob] of before) if (!fids.includes(fid)) expect(mid.get(fid)!.equals(blob)).toBe(true);

    const log = await f.client.api.editing.log({ layerId: layer.id });
    expect(log.changes[0]).toMatchObject({ op: 'moveVertex', reason: REASON, user: '张工', state: 'applied' });
    expect(log.changes[0]!.fids.sort()).toEqual([...fids].sort());
    const stored = ro.prepare('SELECT COUNT(*) AS n FROM gwz_edits WHERE change_id = ? AND reason = ? AND geom_before IS NOT NULL AND geom_after IS NOT NULL').get(r.change.id, REASON);
    expect(stored).toEqual({ n: 2 });

    const u = await f.client.api.editing.undo({ layerId: layer.id });
    expect(u.change).toMatchObject({ op: 'undo', targetId: r.change.id, state: 'log' });
    const undone = blobs(ro, table);
    for (const [fid, blob] of before) expect(undone.get(fid)!.equals(blob)).toBe(true);
    expect((await f.client.api.editing.log({ layerId: layer.id })).changes.find((c) => c.id === r.change.id)!.state).toBe('undone');

    const re = await f.client.api.editing.redo({ layerId: layer.id });
    expect(re.change).toMatchObject({ op: 'redo', targetId: r.change.id });
    const redone = blobs(ro, table);
    for (const [fid, blob] of mid) expect(redone.get(fid)!.equals(blob)).toBe(true);
    await f.client.api.editing.undo({ layerId: layer.id });
    for (const [fid, blob] of before) expect(blobs(ro, table).get(fid)!.equals(blob)).toBe(true);
  });
});

describe('a T-junction (a vertex of two units lying on the straight edge of a third)', () => {
  it('bends the third unit through the moved vertex too: no gap, no overlap, union area kept', async () => {
    const table = units.tableName;
    const { at, fids, touching } = sharedInteriorVertex(ro, table, true);
    expect(touching.length).toBe(3);
    const unionBefore = unionArea(ro, table);
    const r = await f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: at, to: [at[0] - 20, at[1] + 30] }, reason: REASON });
    expect(r.features.map((x) => x.fid).sort((a, b) => a - b)).toEqual(touching);
    const third = touching.find((t) => !fids.includes(t))!;
    expect(hasVertex(ro, table, third, [at[0] - 20, at[1] + 30])).toBe(true);
    expect(unionArea(ro, table)).toBeCloseTo(unionBefore, 3);
    for (const [p, q] of [[touching[0]!, touching[1]!], [touching[0]!, touching[2]!], [touching[1]!, touching[2]!]] as const) {
      const rel = pairRelation(ro, table, p, q);
      expect(rel.overlaps).toBe(0);
      expect(rel.interArea).toBeLessThan(1e-6);
    }
    const check = await f.client.api.editing.topology({ layerId: units.id });
    expect(check.problems.filter((p) => p.kind === 'gap' || p.kind === 'overlap')).toEqual([]);
    await f.client.api.editing.undo({ layerId: units.id });
  });
});

describe('bad edits', () => {
  it('refuses a self-intersecting move with a bilingual error; nothing changes and the engine keeps serving', async () => {
    const table = units.tableName;
    const { at, fids } = sharedInteriorVertex(ro, table);
    // Throw the vertex far across its own polygon: the ring must cross itself.
    const ring = vertices(ro, table, fids[0]);
    const far = ring.reduce((best, v) => (Math.hypot(v[0] - at[0], v[1] - at[1]) > Math.hypot(best[0] - at[0], best[1] - at[1]) ? v : best), at);
    const to: XY = [far[0] + (far[0] - at[0]) * 0.5, far[1] + (far[1] - at[1]) * 0.5];
    const before = blobs(ro, table);
    const logBefore = (await f.client.api.editing.log({ layerId: units.id })).changes.length;
    const err = await errorOf(f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: at, to }, reason: '测试' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toMatch(/自相交|重叠|缝隙/);
    expect(err.message_en).toMatch(/Self-intersection|overlap|gap/i);
    expect(err.message_zh).toContain('已拒绝');
    const after = blobs(ro, table);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
    expect((await f.client.api.editing.log({ layerId: units.id })).changes.length).toBe(logBefore);
    expect((await f.client.api.layers.list({})).layers.length).toBeGreaterThan(0);
  });

  it('says self-intersection when a square is twisted into a bow tie', async () => {
    const table = units.tableName;
    // a 1 km unit square (5 vertices) with a corner shared by neighbours
    const sq = ro.prepare(`SELECT fid FROM "${table}" WHERE ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - 1e6) < 1 ORDER BY fid`).all() as { fid: number }[];
    let tried = 0;
    for (const { fid } of sq) {
      const v = vertices(ro, table, fid);
      const [a, , c] = v as [XY, XY, XY];
      // move corner a past the opposite corner c: the two edges at a swap sides and cross
      const to: XY = [c[0] + (c[0] - a[0]) * 0.2, c[1] + (a[1] - c[1]) * 0.4];
      const err = await errorOf(f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: a, to }, reason: '测试自相交' }));
      tried++;
      expect(err.code).toBe('BAD_INPUT');
      if (/自相交/.test(err.message_zh)) {
        expect(err.message_en).toMatch(/Self-intersection/);
        expect((err.details as { location: XY | null }).location).not.toBeNull();
        return;
      }
    }
    throw new Error(`no bow tie reported as a self-intersection in ${tried} tries`);
  });

  it('refuses a change without a reason, and an edit of a line layer', async () => {
    const err = await errorOf(f.client.api.editing.apply({ layerId: units.id, edit: { op: 'deleteVertex', at: [0, 0] }, reason: '  ' }));
    expect(err.code).toBe('BAD_REQUEST');
    const { layers } = await f.client.api.layers.list({});
    const rivers = layers.find((l) => l.name === '水系')!;
    const e2 = await errorOf(f.client.api.editing.apply({ layerId: rivers.id, edit: { op: 'deleteVertex', at: [0, 0] }, reason: 'x' }));
    expect(e2.code).toBe('BAD_INPUT');
    expect(e2.message_zh).toContain('不是面图层');
  });

  it('says where nothing was found', async () => {
    const err = await errorOf(f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: [1, 1], to: [2, 2] }, reason: 'x' }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_en).toContain('No vertex or edge');
  });
});

describe('sessions', () => {
  it('discarding a session undoes its changes (logged), saving keeps them; the log survives a reopen', async () => {
    const table = units.tableName;
    const before = blobs(ro, table);
    const s = await f.client.api.editing.start({ layerId: units.id });
    expect(s.session).toMatchObject({ status: 'open', changes: 0 });
    const { at } = sharedInteriorVertex(ro, table);
    await f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: at, to: [at[0] + 10, at[1]] }, reason: '第一步' });
    await f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: [at[0] + 10, at[1]], to: [at[0] + 20, at[1] - 5] }, reason: '第二步' });
    expect((await f.client.api.editing.state({ layerId: units.id })).session!.changes).toBe(2);
    const end = await f.client.api.editing.end({ layerId: units.id, action: 'discard' });
    expect(end.undone).toBe(2);
    expect(end.session!.status).toBe('discarded');
    const after = blobs(ro, table);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);

    await f.client.api.editing.start({ layerId: units.id });
    const kept = await f.client.api.editing.apply({ layerId: units.id, edit: { op: 'moveVertex', from: at, to: [at[0] - 15, at[1] + 5] }, reason: '保留的调整' });
    const saved = await f.client.api.editing.end({ layerId: units.id, action: 'save' });
    expect(saved.session!.status).toBe('saved');
    await f.client.api.project.close({});
    await f.client.api.project.open({ path });
    const log = await f.client.api.editing.log({ layerId: units.id });
    expect(log.changes[0]).toMatchObject({ id: kept.change.id, reason: '保留的调整', state: 'applied' });
    expect(log.changes.filter((c) => c.op === 'undo' && c.reason.includes('放弃')).length).toBeGreaterThanOrEqual(2);
    expect(hasVertex(ro, table, kept.features[0]!.fid, [at[0] - 15, at[1] + 5])).toBe(true);
    // the saved change can still be undone after the reopen
    await f.client.api.editing.undo({ layerId: units.id });
    const back = blobs(ro, table);
    for (const [fid, blob] of before) expect(back.get(fid)!.equals(blob)).toBe(true);
  });
});

describe('split and merge', () => {
  it('splits a unit by a line (nodes shared with the neighbours), merges it back, and undoes both to the same bytes', async () => {
    const table = units.tableName;
    const squares = ro.prepare(`SELECT fid, MbrMinX(geom) AS x0, MbrMinY(geom) AS y0, MbrMaxX(geom) AS x1, MbrMaxY(geom) AS y1 FROM "${table}"
        WHERE ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - 1e6) < 1
          AND ST_Within(ST_Buffer(geom, 200), (SELECT ST_Union(geom) FROM "${table}")) ORDER BY fid`).all() as { fid: number; x0: number; y0: number; x1: number; y1: number }[];
    const sq = squares[0]!;
    const before = blobs(ro, table);
    const unionBefore = unionArea(ro, table);
    const xm = (sq.x0 + sq.x1) / 2;
    const split = await f.client.api.editing.split({ layerId: units.id, line: [[xm, sq.y0 - 100], [xm, sq.y1 + 100]], reason: '沿断层切分' });
    expect(split.change.op).toBe('split');
    const created = (split.change.params as { created: number[] }).created;
    expect(created).toHaveLength(1);
    const halves = [sq.fid, created[0]!];
    for (const h of halves) expect((ro.prepare(`SELECT ST_Area(geom) AS a FROM "${table}" WHERE fid = ?`).get(h) as { a: number }).a).toBeCloseTo(5e5, 3);
    // attributes copied to the new piece
    const attrs = ro.prepare(`SELECT 代码, 类型, 名称 FROM "${table}" WHERE fid IN (?, ?)`).all(...halves) as unknown[];
    expect(attrs[0]).toEqual(attrs[1]);
    expect(unionArea(ro, table)).toBeCloseTo(unionBefore, 3);
    expect(pairRelation(ro, table, halves[0]!, halves[1]!).interArea).toBeLessThan(1e-6);
    // the new nodes on the square's top and bottom edges are vertices of the neighbours there too
    for (const y of [sq.y0, sq.y1]) {
      const owners = [...blobs(ro, table).keys()].filter((fid) => hasVertex(ro, table, fid, [xm, y]));
      expect(owners.length).toBeGreaterThanOrEqual(3);
    }
    const check = await f.client.api.editing.topology({ layerId: units.id });
    expect(check.problems.filter((p) => p.kind === 'gap' || p.kind === 'overlap')).toEqual([]);

    const merged = await f.client.api.editing.merge({ layerId: units.id, fids: halves, reason: '恢复为一个单元' });
    expect(merged.removed).toEqual([created[0]]);
    expect((ro.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE fid = ?`).get(created[0]) as { n: number }).n).toBe(0);
    expect((ro.prepare(`SELECT ST_Area(geom) AS a FROM "${table}" WHERE fid = ?`).get(sq.fid) as { a: number }).a).toBeCloseTo(1e6, 3);
    expect(unionArea(ro, table)).toBeCloseTo(unionBefore, 3);

    const um = await f.client.api.editing.undo({ layerId: units.id });
    expect(um.features.map((x) => x.fid).sort()).toEqual([...halves].sort());
    const us = await f.client.api.editing.undo({ layerId: units.id });
    expect(us.removed).toEqual([created[0]]);
    const after = blobs(ro, table);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
    // redo the split: the piece comes back with the same fid and attributes
    await f.client.api.editing.redo({ layerId: units.id });
    expect(hasVertex(ro, table, created[0]!, [xm, sq.y0])).toBe(true);
    await f.client.api.editing.undo({ layerId: units.id });
  });

  it('refuses a line that crosses nothing, and a merge of polygons that do not touch', async () => {
    const e1 = await errorOf(f.client.api.editing.split({ layerId: units.id, line: [[0, 0], [1, 1]], reason: 'x' }));
    expect(e1.message_zh).toContain('没有完整穿过');
    const fids = (ro.prepare(`SELECT a.fid AS a, b.fid AS b FROM "${units.tableName}" a, "${units.tableName}" b WHERE a.fid < b.fid AND NOT ST_Intersects(a.geom, b.geom) LIMIT 1`).get() as { a: number; b: number });
    const before = blobs(ro, units.tableName);
    const e2 = await errorOf(f.client.api.editing.merge({ layerId: units.id, fids: [fids.a, fids.b], reason: 'x' }));
    expect(e2.code).toBe('BAD_INPUT');
    expect(e2.message_en).toContain('not adjacent');
    const after = blobs(ro, units.tableName);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
  });
});
