import type { EditSession, EditState } from '../../../shared/api/editing';
import { inTransaction, type Db } from '../project/spatialite';
import { revertChange } from './apply-edit';
import { endSession, getSession, openSession, redoCandidate, startSession, undoCandidate } from './edit-store';
import { LayerGeometry } from './layer-geometry';

/**
 * Edit sessions: a layer is "being edited" between start and save/discard. Every change is already
 * committed when it is made (a crash loses at most the change being written); "save" closes the
 * session, "discard" undoes the session's changes (each undo logged) and closes it.
 */
export function editState(db: Db, layerId: number): EditState {
  const undo = undoCandidate(db, layerId);
  const redo = redoCandidate(db, layerId);
  return { layerId, session: openSession(db, layerId), canUndo: undo !== null, canRedo: redo !== null, undoChange: undo, redoChange: redo };
}

export function beginSession(db: Db, layerId: number, user: string): EditState {
  inTransaction(db, () => {
    LayerGeometry.forEditing(db, layerId);
    startSession(db, layerId, user);
  });
  return editState(db, layerId);
}

export function finishSession(
  db: Db,
  layerId: number,
  action: 'save' | 'discard',
  reason: string | undefined,
  user: string,
): { state: EditState; session: EditSession | null; undone: number } {
  const session = openSession(db, layerId);
  if (!session) return { state: editState(db, layerId), session: null, undone: 0 };
  let undone = 0;
  if (action === 'discard') {
    // Newest first, each one logged, until the top of the stack is no longer this session's.
    for (;;) {
      const top = undoCandidate(db, layerId);
      if (!top || top.sessionId !== session.id) break;
      revertChange(db, layerId, 'undo', reason && reason.length > 0 ? reason : `放弃编辑 Discarded edits: #${top.id}`, user);
      undone++;
    }
  }
  inTransaction(db, () => endSession(db, session.id, action === 'save' ? 'saved' : 'discarded'));
  return { state: editState(db, layerId), session: getSession(db, session.id), undone };
}
