import type { EditResult, XY } from '../../../shared/api/editing';
import { GwzError } from '../../../shared/api/errors';
import { inTransaction, type Db } from '../project/spatialite';
import { featuresNear, overlapsAround, quantised, tolerances, validate } from './apply-edit';
import { openSession, recordChange, type FeatureEdit } from './edit-store';
import { LayerGeometry } from './layer-geometry';
import { repairTopology } from './repair';
import { polygonalArea, readPolygonalWkb, toGeoJson, writePolygonalWkb, type Polygonal } from './wkb';

interface Common {
  layerId: number;
  reason: string;
  user: string;
  tolerance?: number | undefined;
  minArea?: number | undefined;
}

const lineWkt = (line: XY[]): string => `LINESTRING(${line.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;

function box(points: XY[]): [number, number, number, number] {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function result(lg: LayerGeometry, change: EditResult['change'], edits: FeatureEdit[], areasBefore: Map<number, number>): EditResult {
  const features = edits
    .filter((e) => e.after !== null)
    .map((e) => {
      const now = lg.read(e.fid)!;
      return { fid: e.fid, areaBefore: areasBefore.get(e.fid) ?? 0, areaAfter: polygonalArea(now.geom), geometry: toGeoJson(now.geom) };
    });
  const removed = edits.filter((e) => e.after === null).map((e) => e.fid);
  return { change, features, removed, areaChange: change.areaAfter - change.areaBefore, unionAreaBefore: 0, unionAreaAfter: 0, canUndo: true, canRedo: false };
}

/**
 * Splits the one polygon a drawn line crosses (GEOS via SpatiaLite ST_Split): the first piece keeps
 * the feature, the others become new features with its attributes. The points where the line meets
 * the boundary are inserted into the neighbours' edges too, so the new boundary nodes are shared.
 */
export function splitFeature(db: Db, geographic: boolean, req: Common & { line: XY[] }): EditResult {
  const t = tolerances(geographic, req);
  const line = req.line.map((p) => (quantised({ op: 'moveVertex', from: p, to: p }, t.tol) as { to: XY }).to);
  return inTransaction(db, () => {
    const lg = LayerGeometry.forEditing(db, req.layerId);
    const srid = BigInt(lg.srid);
    const pieces = db.prepare(
      `SELECT ST_AsBinary(CastToMultiPolygon(CollectionExtract(ST_Split(geom, GeomFromText(?, ?)), 3))) AS wkb FROM ${lg.table} WHERE fid = ?`,
    );
    const hits: { fid: number; parts: Polygonal['parts'] }[] = [];
    for (const fid of lg.fidsInBox(box(line))) {
      const row = pieces.get(lineWkt(line), srid, fid) as { wkb: Buffer | null } | undefined;
      if (!row?.wkb) continue;
      const parts = readPolygonalWkb(row.wkb).parts;
      // a multipolygon has several parts already: split means more parts than before
      if (parts.length > (lg.read(fid)?.geom.parts.length ?? 1)) hits.push({ fid, parts });
    }
    if (hits.length !== 1) {
      throw new GwzError(
        'BAD_INPUT',
        hits.length === 0 ? '切分线没有完整穿过任何多边形（须从边界外画到边界外）。' : `切分线穿过了 ${hits.length} 个多边形，每次只能切分一个。`,
        hits.length === 0
          ? 'The split line does not cross any polygon completely (draw it from outside the boundary to outside).'
          : `The split line crosses ${hits.length} polygons; split one at a time.`,
        { fids: hits.map((h) => h.fid) },
      );
    }
    const { fid, parts } = hits[0]!;
    const original = lg.read(fid)!;
    const multi = original.geom.multi;
    const attrs = lg.attributesJson(fid);
    const around = featuresNear(lg, [fid], [box(parts.flatMap((p) => p[0] ?? []))]).filter((n) => n !== fid);
    const before = new Map<number, Buffer>([[fid, original.blob]]);
    const areasBefore = new Map<number, number>([[fid, polygonalArea(original.geom)]]);
    for (const n of around) {
      const r = lg.read(n)!;
      before.set(n, r.blob);
      areasBefore.set(n, polygonalArea(r.geom));
    }
    lg.write(fid, { multi, parts: [parts[0]!] });
    const created: number[] = [];
    for (const part of parts.slice(1)) {
      const wkb = writePolygonalWkb({ multi, parts: [part] });
      const blob = (db.prepare('SELECT GeomFromWKB(?, ?) AS g').get(wkb, srid) as { g: Buffer }).g;
      created.push(lg.insertFeature(null, attrs, blob));
    }
    // the boundary nodes the split made: into the neighbours' edges (and theirs into the pieces)
    const pieceFids = [fid, ...created];
    const group = [...pieceFids, ...around].map((f) => ({ fid: f, geom: lg.read(f)!.geom }));
    const overlapsBefore = overlapsAround(lg, pieceFids, around, t.noiseArea);
    const noded = repairTopology(group, t.tol);
    for (const [f, g] of noded.changed) lg.write(f, g);
    const touched = [...new Set([...pieceFids, ...noded.changed.keys()])].sort((a, b) => a - b);
    validate(lg, touched, [...pieceFids, ...around], t, overlapsBefore);

    const edits: FeatureEdit[] = touched.map((f) =>
      created.includes(f)
        ? { fid: f, action: 'insert', before: null, after: lg.blob(f)!, attrs }
        : { fid: f, action: 'update', before: before.get(f)!, after: lg.blob(f)! },
    );
    const areaBefore = touched.reduce((s, f) => s + (areasBefore.get(f) ?? 0), 0);
    const areaAfter = touched.reduce((s, f) => s + polygonalArea(lg.read(f)!.geom), 0);
    const change = recordChange(db, {
      layerId: req.layerId,
      sessionId: openSession(db, req.layerId)?.id ?? null,
      op: 'split',
      params: { fid, line, created },
      reason: req.reason,
      user: req.user,
      state: 'applied',
      targetId: null,
      areaBefore,
      areaAfter,
      edits,
    });
    return result(lg, change, edits, areasBefore);
  });
}

/**
 * Merges polygons into the first (lowest fid, whose attributes stay): the GEOS union of them; the
 * others are deleted, their attributes kept in the log so an undo brings them back as they were.
 */
export function mergeFeatures(db: Db, geographic: boolean, req: Common & { fids: number[] }): EditResult {
  const t = tolerances(geographic, req);
  return inTransaction(db, () => {
    const lg = LayerGeometry.forEditing(db, req.layerId);
    const fids = [...new Set(req.fids)].sort((a, b) => a - b);
    for (const f of fids) {
      if (!lg.exists(f)) throw new GwzError('BAD_INPUT', `要素 ${f} 不存在。`, `Feature ${f} does not exist.`, { fid: f });
    }
    if (fids.length < 2) throw new GwzError('BAD_INPUT', '合并至少需要两个多边形。', 'Merging needs at least two polygons.', { fids });
    const keep = fids[0]!;
    const union = lg.union(fids);
    const layerMulti = /^MULTI/i.test(lg.layer.geometry_type ?? '');
    const partsIn = fids.reduce((n, f) => n + (lg.read(f)?.geom.parts.length ?? 0), 0);
    // nothing joined (no shared boundary), or a multi result in a single-polygon layer
    if (!union || union.parts.length >= partsIn || (!layerMulti && union.parts.length > 1)) {
      throw new GwzError(
        'BAD_INPUT',
        '所选多边形不相邻，合并结果不是一个多边形，已拒绝。',
        'The selected polygons are not adjacent: the merge would not be one polygon; refused.',
        { fids },
      );
    }
    const rows = new Map(fids.map((f) => [f, lg.read(f)!]));
    const attrs = new Map(fids.map((f) => [f, lg.attributesJson(f)]));
    const areasBefore = new Map(fids.map((f) => [f, polygonalArea(rows.get(f)!.geom)]));
    lg.write(keep, { multi: layerMulti, parts: union.parts });
    for (const f of fids.slice(1)) lg.deleteFeature(f);
    validate(lg, [keep], [], t);
    const edits: FeatureEdit[] = [
      { fid: keep, action: 'update', before: rows.get(keep)!.blob, after: lg.blob(keep)! },
      ...fids.slice(1).map((f): FeatureEdit => ({ fid: f, action: 'delete', before: rows.get(f)!.blob, after: null, attrs: attrs.get(f)! })),
    ];
    const areaBefore = fids.reduce((s, f) => s + areasBefore.get(f)!, 0);
    const change = recordChange(db, {
      layerId: req.layerId,
      sessionId: openSession(db, req.layerId)?.id ?? null,
      op: 'merge',
      params: { fids, kept: keep },
      reason: req.reason,
      user: req.user,
      state: 'applied',
      targetId: null,
      areaBefore,
      areaAfter: polygonalArea(lg.read(keep)!.geom),
      edits,
    });
    return result(lg, change, edits, areasBefore);
  });
}
