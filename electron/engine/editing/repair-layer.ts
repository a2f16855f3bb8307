import type { EditResult } from '../../../shared/api/editing';
import { inTransaction, type Db } from '../project/spatialite';
import { overlapsAround, tolerances, validate } from './apply-edit';
import { openSession, recordChange, type FeatureEdit } from './edit-store';
import { LayerGeometry } from './layer-geometry';
import { repairTopology } from './repair';
import { polygonalArea, toGeoJson } from './wkb';

/**
 * Runs the repair tool over a whole layer as one logged, undoable change (op "repair"): the
 * validation of every edit applies, so a repair that would break a polygon is refused whole.
 */
export function repairLayer(
  db: Db,
  geographic: boolean,
  req: { layerId: number; reason: string; user: string; tolerance?: number | undefined; minArea?: number | undefined },
): { result: EditResult | null; snapped: number; inserted: number } {
  const t = tolerances(geographic, req);
  return inTransaction(db, () => {
    const lg = LayerGeometry.forEditing(db, req.layerId);
    const features = lg.allFids().flatMap((fid) => {
      const r = lg.read(fid);
      return r ? [{ fid, ...r }] : [];
    });
    const { changed, snapped, inserted } = repairTopology(features, t.tol);
    if (changed.size === 0) return { result: null, snapped, inserted };
    const blobsBefore = new Map(features.map((f) => [f.fid, f.blob]));
    const areasBefore = new Map(features.map((f) => [f.fid, polygonalArea(f.geom)]));
    const fids = [...changed.keys()].sort((a, b) => a - b);
    const around = features.map((f) => f.fid);
    const overlapsBefore = overlapsAround(lg, fids, around, t.noiseArea);
    for (const fid of fids) lg.write(fid, changed.get(fid)!);
    validate(lg, fids, around, t, overlapsBefore);
    const edits: FeatureEdit[] = fids.map((fid) => ({ fid, action: 'update', before: blobsBefore.get(fid)!, after: lg.blob(fid)! }));
    const out = fids.map((fid) => {
      const now = lg.read(fid)!;
      return { fid, areaBefore: areasBefore.get(fid)!, areaAfter: polygonalArea(now.geom), geometry: toGeoJson(now.geom) };
    });
    const areaBefore = out.reduce((s, f) => s + f.areaBefore, 0);
    const areaAfter = out.reduce((s, f) => s + f.areaAfter, 0);
    const change = recordChange(db, {
      layerId: req.layerId,
      sessionId: openSession(db, req.layerId)?.id ?? null,
      op: 'repair',
      params: { tolerance: t.tol, snapped, inserted },
      reason: req.reason,
      user: req.user,
      state: 'applied',
      targetId: null,
      areaBefore,
      areaAfter,
      edits,
    });
    return {
      result: { change, features: out, areaChange: areaAfter - areaBefore, unionAreaBefore: 0, unionAreaAfter: 0, canUndo: true, canRedo: false },
      snapped,
      inserted,
    };
  });
}
