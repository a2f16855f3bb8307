import { GwzError } from '../../../shared/api/errors';
import { toGeoJson, readPolygonalWkb } from '../editing/wkb';
import { applyEdit, revertChange } from '../editing/apply-edit';
import { checkLayer } from '../editing/check-layer';
import { repairLayer } from '../editing/repair-layer';
import { mergeFeatures, splitFeature } from '../editing/split-merge';
import { changeEdits, defaultUser, getChange, listChanges } from '../editing/edit-store';
import { beginSession, editState, finishSession } from '../editing/sessions';
import type { Db } from '../project/spatialite';
import type { EngineContext, GroupHandlers } from './context';

/** Boundary editing (engine/editing): short synchronous writes on the project's main connection. */
export function editingHandlers(ctx: EngineContext): GroupHandlers<'editing'> {
  const writable = () => {
    const p = ctx.requireProject();
    p.assertWritable();
    return p;
  };
  const geographic = (): boolean => ctx.requireProject().crs.srs.isGeographic();
  return {
    'editing.start': (req) => beginSession(writable().db, req.layerId, req.user ?? defaultUser()),
    'editing.end': (req) => finishSession(writable().db, req.layerId, req.action, req.reason, defaultUser()),
    'editing.state': (req) => editState(ctx.requireProject().db, req.layerId),
    'editing.apply': (req) =>
      applyEdit(writable().db, geographic(), {
        layerId: req.layerId,
        edit: req.edit,
        reason: req.reason,
        user: req.user ?? defaultUser(),
        tolerance: req.tolerance,
        minArea: req.minArea,
      }),
    'editing.undo': (req) => revertChange(writable().db, req.layerId, 'undo', req.reason, req.user ?? defaultUser()),
    'editing.redo': (req) => revertChange(writable().db, req.layerId, 'redo', req.reason, req.user ?? defaultUser()),
    'editing.log': (req) => ({ changes: listChanges(ctx.requireProject().db, req.layerId, req.limit ?? 500) }),
    'editing.changeGeometry': (req) => {
      const db = ctx.requireProject().db;
      const change = getChange(db, req.changeId);
      if (!change) {
        throw new GwzError('BAD_INPUT', `没有这条编辑记录：#${req.changeId}`, `No such edit: #${req.changeId}`, { changeId: req.changeId });
      }
      return {
        change,
        features: changeEdits(db, change.id).map((e) => ({ fid: e.fid, before: geoJsonOfBlob(db, e.before), after: geoJsonOfBlob(db, e.after) })),
      };
    },
    'editing.split': (req) =>
      splitFeature(writable().db, geographic(), {
        layerId: req.layerId,
        line: req.line,
        reason: req.reason,
        user: req.user ?? defaultUser(),
        tolerance: req.tolerance,
        minArea: req.minArea,
      }),
    'editing.merge': (req) =>
      mergeFeatures(writable().db, geographic(), {
        layerId: req.layerId,
        fids: req.fids,
        reason: req.reason,
        user: req.user ?? defaultUser(),
        tolerance: req.tolerance,
        minArea: req.minArea,
      }),
    'editing.repair': (req) =>
      repairLayer(writable().db, geographic(), {
        layerId: req.layerId,
        reason: req.reason,
        user: req.user ?? defaultUser(),
        tolerance: req.tolerance,
        minArea: req.minArea,
      }),
    'editing.topology': (req) => checkLayer(ctx.requireProject().db, geographic(), req),
  };
}

function geoJsonOfBlob(db: Db, blob: Buffer | null): ReturnType<typeof toGeoJson> | null {
  if (!blob) return null;
  const row = db.prepare('SELECT ST_AsBinary(?) AS wkb').get(blob) as { wkb: Buffer | null };
  return row.wkb ? toGeoJson(readPolygonalWkb(row.wkb)) : null;
}
