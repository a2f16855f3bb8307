import type { EditOp, EditResult, XY } from '../../../shared/api/editing';
import { GwzError } from '../../../shared/api/errors';
import { inTransaction, type Db } from '../project/spatialite';
import { changeEdits, openSession, recordChange, redoCandidate, undoCandidate, type FeatureEdit } from './edit-store';
import { LayerGeometry } from './layer-geometry';
import { adjacentVertices, applyOp, opPoints } from './vertex-ops';
import { polygonalArea, ringArea, toGeoJson, type Polygonal } from './wkb';

export interface EditTolerances {
  /** Same-vertex distance, map units. */
  tol: number;
  /** Smallest polygon part accepted, square map units. */
  minArea: number;
  /** Overlaps and gaps smaller than this are floating-point noise of GEOS, not real. */
  noiseArea: number;
}

/** 1 mm in projected CRSs, ≈1 mm in lon/lat; minimum part area 1 m² — editable defaults (待核实). */
export function tolerances(geographic: boolean, req: { tolerance?: number | undefined; minArea?: number | undefined }): EditTolerances {
  const tol = req.tolerance ?? (geographic ? 1e-8 : 1e-3);
  const minArea = req.minArea ?? (geographic ? 1e-10 : 1);
  return { tol, minArea, noiseArea: Math.max((10 * tol) ** 2, 1e-12) };
}

const fmt = (p: XY): string => `${p[0].toFixed(3)}, ${p[1].toFixed(3)}`;

function boxAround(points: XY[], pad: number): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs) - pad, Math.min(...ys) - pad, Math.max(...xs) + pad, Math.max(...ys) + pad];
}

interface Holes {
  count: number;
  area: number;
  /** A point of each hole's ring, to say where. */
  at: XY[];
}

function holesOf(g: Polygonal | null, noise: number): Holes {
  const out: Holes = { count: 0, area: 0, at: [] };
  if (!g) return out;
  for (const part of g.parts)
    for (const ring of part.slice(1)) {
      const a = ringArea(ring);
      if (a <= noise) continue;
      out.count++;
      out.area += a;
      out.at.push(ring[0]!);
    }
  return out;
}

/** Features whose bounding boxes meet any of the given boxes: whose boundaries an edit could touch. */
export function featuresNear(lg: LayerGeometry, fids: number[], boxes: [number, number, number, number][]): number[] {
  const set = new Set(fids);
  for (const box of boxes) for (const n of lg.fidsInBox(box)) set.add(n);
  return [...set].sort((a, b) => a - b);
}

function neighbourhood(lg: LayerGeometry, fids: number[]): number[] {
  return featuresNear(lg, fids, fids.map((fid) => lg.box(fid)).filter((b): b is [number, number, number, number] => b !== null));
}

function boxOf(g: Polygonal): [number, number, number, number] {
  const pts = g.parts.flatMap((p) => p[0] ?? []);
  return boxAround(pts, 0);
}

export interface ApplyRequest {
  layerId: number;
  edit: EditOp;
  reason: string;
  user: string;
  tolerance?: number | undefined;
  minArea?: number | undefined;
}

/**
 * Applies one boundary edit to every polygon of the layer that has the edited vertex or segment, in
 * one transaction: validate (GEOS validity, slivers, no new overlap with any neighbour, no new gap in
 * the union), log with the reason, or throw and leave the layer exactly as it was.
 */
/**
 * New coordinates land on a grid of the tolerance (1 mm by default), so a vertex placed by a mouse
 * in two polygons is bit-for-bit the same in both and "shared" stays a matter of equality.
 */
export function quantised(edit: EditOp, q: number): EditOp {
  // 1/q an integer (1e-3 → 1000): divide, so 421190.793 is the double nearest that decimal, not 421190.79300000006
  const inv = Math.round(1 / q);
  const exact = inv > 0 && Math.abs(1 / q - inv) < 1e-6;
  const snap = (v: number): number => (exact ? Math.round(v * inv) / inv : Math.round(v / q) * q);
  const r = (p: XY): XY => [snap(p[0]), snap(p[1])];
  switch (edit.op) {
    case 'moveVertex':
      return { ...edit, to: r(edit.to) };
    case 'moveVertices':
      return { ...edit, moves: edit.moves.map((m) => ({ from: m.from, to: r(m.to) })) };
    case 'insertVertex':
      return { ...edit, at: r(edit.at) };
    case 'deleteVertex':
      return edit;
  }
}

export function applyEdit(db: Db, geographic: boolean, request: ApplyRequest): EditResult {
  const t = tolerances(geographic, request);
  const req = { ...request, edit: quantised(request.edit, t.tol) };
  return inTransaction(db, () => {
    const lg = LayerGeometry.forEditing(db, req.layerId);
    const points = opPoints(req.edit);
    const changed: { fid: number; before: Buffer; beforeGeom: Polygonal; after: Polygonal }[] = [];
    const candidates = lg.fidsInBox(boxAround(points, t.tol)).flatMap((fid) => {
      const cur = lg.read(fid);
      return cur ? [{ fid, ...cur }] : [];
    });
    const nodes = adjacentVertices(candidates.map((c) => c.geom), points, t.tol);
    for (const cur of candidates) {
      const fid = cur.fid;
      const out = applyOp(cur.geom, req.edit, t.tol, nodes);
      if (out.collapsed) {
        throw new GwzError(
          'BAD_INPUT',
          `删除该顶点后要素 ${fid} 的边界不足三个顶点，已拒绝。`,
          `Deleting that vertex leaves feature ${fid} with fewer than three vertices; refused.`,
          { fid, edit: req.edit },
        );
      }
      if (out.changed) changed.push({ fid, before: cur.blob, beforeGeom: cur.geom, after: out.geom });
    }
    if (changed.length === 0) {
      throw new GwzError(
        'BAD_INPUT',
        `在 ${fmt(points[0]!)} 处（容差 ${t.tol}）没有找到要修改的顶点或边。`,
        `No vertex or edge to change at ${fmt(points[0]!)} (tolerance ${t.tol}).`,
        { edit: req.edit, tolerance: t.tol },
      );
    }
    const fids = changed.map((c) => c.fid);
    // neighbours of where the polygons were and of where they will be: a push into a polygon that
    // was not adjacent before is an overlap too
    const around = featuresNear(lg, fids, changed.flatMap((c) => [boxOf(c.beforeGeom), boxOf(c.after)]));
    const unionBefore = lg.union(around);
    const holesBefore = holesOf(unionBefore, t.noiseArea);

    const overlapsBefore = overlapsAround(lg, fids, around, t.noiseArea);
    for (const c of changed) lg.write(c.fid, c.after);
    validate(lg, fids, around, t, overlapsBefore);

    const unionAfter = lg.union(around);
    const holesAfter = holesOf(unionAfter, t.noiseArea);
    if (holesAfter.count > holesBefore.count && holesAfter.area - holesBefore.area > t.noiseArea) {
      const at = holesAfter.at.find((p) => !holesBefore.at.some((q) => q[0] === p[0] && q[1] === p[1])) ?? holesAfter.at[0]!;
      throw new GwzError(
        'BAD_INPUT',
        `修改会在相邻多边形之间留下缝隙（约 ${(holesAfter.area - holesBefore.area).toPrecision(3)} 平方单位，位于 ${fmt(at)} 附近），已拒绝。`,
        `The change would open a gap between neighbouring polygons (about ${(holesAfter.area - holesBefore.area).toPrecision(3)} square units, near ${fmt(at)}); refused.`,
        { kind: 'gap', location: at, area: holesAfter.area - holesBefore.area },
      );
    }

    const session = openSession(db, req.layerId);
    const edits: FeatureEdit[] = changed.map((c) => ({ fid: c.fid, action: 'update', before: c.before, after: lg.blob(c.fid)! }));
    const areaBefore = changed.reduce((s, c) => s + polygonalArea(c.beforeGeom), 0);
    const features = changed.map((c) => {
      const now = lg.read(c.fid)!;
      return { fid: c.fid, areaBefore: polygonalArea(c.beforeGeom), areaAfter: polygonalArea(now.geom), geometry: toGeoJson(now.geom) };
    });
    const areaAfter = features.reduce((s, f) => s + f.areaAfter, 0);
    const change = recordChange(db, {
      layerId: req.layerId,
      sessionId: session?.id ?? null,
      op: req.edit.op,
      params: req.edit,
      reason: req.reason,
      user: req.user,
      state: 'applied',
      targetId: null,
      areaBefore,
      areaAfter,
      edits,
    });
    return {
      change,
      features,
      areaChange: areaAfter - areaBefore,
      unionAreaBefore: unionBefore ? polygonalArea(unionBefore) : 0,
      unionAreaAfter: unionAfter ? polygonalArea(unionAfter) : 0,
      canUndo: true,
      canRedo: false,
    };
  });
}

/** Refuses (throws, so the transaction rolls back) invalid geometry, slivers and new overlaps. */
const pairKey = (a: number, b: number): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

/** Overlap areas between the features to change and the features around them, before the change. */
export function overlapsAround(lg: LayerGeometry, fids: number[], around: number[], noise: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const fid of fids)
    for (const other of around) {
      if (other === fid || out.has(pairKey(fid, other))) continue;
      const a = lg.overlapArea(fid, other).area;
      if (a > noise) out.set(pairKey(fid, other), a);
    }
  return out;
}

export function validate(lg: LayerGeometry, fids: number[], around: number[], t: EditTolerances, overlapsBefore?: Map<string, number>): void {
  // Validity of every changed polygon first: an overlap report about a self-crossing ring would mislead.
  for (const fid of fids) {
    const bad = lg.invalidity(fid);
    if (!bad) continue;
    const where = bad.at ? fmt(bad.at) : '?';
    const selfCross = /self-intersection/i.test(bad.reason);
    throw new GwzError(
      'BAD_INPUT',
      `修改后要素 ${fid} 的几何无效（${selfCross ? '边界自相交' : bad.reason}，位于 ${where}），已拒绝，图层未改变。`,
      `After the change feature ${fid} is invalid (${bad.reason} at ${where}); refused, the layer is unchanged.`,
      { kind: 'invalid', fid, reason: bad.reason, location: bad.at },
    );
  }
  for (const fid of fids) {
    const g = lg.read(fid)!.geom;
    for (const part of g.parts) {
      const a = polygonalArea({ multi: false, parts: [part] });
      if (a >= t.minArea) continue;
      throw new GwzError(
        'BAD_INPUT',
        `修改后要素 ${fid} 出现碎多边形（面积 ${a.toPrecision(3)}，小于最小面积 ${t.minArea}），已拒绝。`,
        `After the change feature ${fid} has a sliver (area ${a.toPrecision(3)}, below the minimum ${t.minArea}); refused.`,
        { kind: 'sliver', fid, area: a, location: part[0]?.[0] ?? null },
      );
    }
  }
  for (const fid of fids) {
    for (const other of around) {
      if (other === fid || (fids.includes(other) && other < fid)) continue;
      const o = lg.overlapArea(fid, other);
      // an overlap that was there before (and did not grow) is the topology check's business, not this edit's
      if (o.area <= t.noiseArea + (overlapsBefore?.get(pairKey(fid, other)) ?? 0)) continue;
      const where = o.at ? fmt(o.at) : '?';
      throw new GwzError(
        'BAD_INPUT',
        `修改会使要素 ${fid} 与 ${other} 重叠（${o.area.toPrecision(3)} 平方单位，位于 ${where}），已拒绝。`,
        `The change would make features ${fid} and ${other} overlap (${o.area.toPrecision(3)} square units at ${where}); refused.`,
        { kind: 'overlap', fids: [fid, other], area: o.area, location: o.at },
      );
    }
  }
}

/**
 * Undo / redo restore stored blobs exactly. Each checks first that the features are still as the
 * change left them (nothing edited them outside this log), so a restore never clobbers other work.
 */
export function revertChange(db: Db, layerId: number, direction: 'undo' | 'redo', reason: string | undefined, user: string): EditResult {
  return inTransaction(db, () => {
    const lg = LayerGeometry.forEditing(db, layerId);
    const target = direction === 'undo' ? undoCandidate(db, layerId) : redoCandidate(db, layerId);
    if (!target) {
      throw new GwzError(
        'BAD_INPUT',
        direction === 'undo' ? '没有可撤销的修改。' : '没有可重做的修改。',
        direction === 'undo' ? 'Nothing to undo.' : 'Nothing to redo.',
        { layerId },
      );
    }
    const edits = changeEdits(db, target.id);
    const around = neighbourhood(lg, edits.map((e) => e.fid));
    const unionBefore = lg.union(around);
    const out: FeatureEdit[] = [];
    for (const e of edits) {
      const expected = direction === 'undo' ? e.after : e.before;
      const restore = direction === 'undo' ? e.before : e.after;
      const now = lg.blob(e.fid);
      const same = expected === null ? !lg.exists(e.fid) : now !== null && now.equals(expected);
      if (!same) {
        throw new GwzError(
          'BAD_INPUT',
          `要素 ${e.fid} 在修改 #${target.id} 之后又被改动过，无法${direction === 'undo' ? '撤销' : '重做'}。`,
          `Feature ${e.fid} was changed after change #${target.id}; cannot ${direction} it.`,
          { changeId: target.id, fid: e.fid },
        );
      }
      // a split's new piece goes away on undo and comes back on redo; a merged-away feature the other way round
      if (restore === null) lg.deleteFeature(e.fid);
      else if (expected === null) lg.insertFeature(e.fid, e.attrs ?? '{}', restore);
      else lg.writeBlob(e.fid, restore);
      out.push({ fid: e.fid, action: restore === null ? 'delete' : expected === null ? 'insert' : 'update', before: expected, after: restore, attrs: e.attrs ?? null });
    }
    db.prepare('UPDATE gwz_edit_changes SET state = ? WHERE id = ?').run(direction === 'undo' ? 'undone' : 'applied', target.id);
    const unionAfter = lg.union(around.filter((fid) => lg.exists(fid)));
    const features = out
      .filter((e) => e.after !== null)
      .map((e) => {
        const now = lg.read(e.fid)!;
        return { fid: e.fid, areaBefore: e.before ? areaOfBlob(db, e.before) : 0, areaAfter: polygonalArea(now.geom), geometry: toGeoJson(now.geom) };
      });
    const removed = out.filter((e) => e.after === null).map((e) => e.fid);
    const areaBefore = direction === 'undo' ? target.areaAfter : target.areaBefore;
    const areaAfter = direction === 'undo' ? target.areaBefore : target.areaAfter;
    const label = direction === 'undo' ? '撤销' : '重做';
    const change = recordChange(db, {
      layerId,
      sessionId: openSession(db, layerId)?.id ?? null,
      op: direction,
      params: { target: target.id },
      reason: reason && reason.length > 0 ? reason : `${label} #${target.id}：${target.reason}`,
      user,
      state: 'log',
      targetId: target.id,
      areaBefore,
      areaAfter,
      edits: out,
    });
    return {
      change,
      features,
      removed,
      areaChange: areaAfter - areaBefore,
      unionAreaBefore: unionBefore ? polygonalArea(unionBefore) : 0,
      unionAreaAfter: unionAfter ? polygonalArea(unionAfter) : 0,
      canUndo: undoCandidate(db, layerId) !== null,
      canRedo: redoCandidate(db, layerId) !== null,
    };
  });
}

function areaOfBlob(db: Db, blob: Buffer): number {
  const row = db.prepare('SELECT ST_Area(?) AS a').get(blob) as { a: number | null };
  return row.a ?? 0;
}
