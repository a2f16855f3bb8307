import { userInfo } from 'node:os';
import type { EditChange, EditSession } from '../../../shared/api/editing';
import type { Db } from '../project/spatialite';

/**
 * The edit log tables (migration 10): gwz_edit_sessions, gwz_edit_changes (one row per gesture, with
 * its reason and state) and gwz_edits (per feature: before/after geometry, pointing at its change).
 * All writes here run inside the caller's transaction.
 */

interface SessionRow {
  id: number;
  layer_id: number;
  user_name: string;
  started_at: string;
  ended_at: string | null;
  status: EditSession['status'];
}

interface ChangeRow {
  id: number;
  layer_id: number;
  session_id: number | null;
  op: string;
  params: string;
  reason: string;
  user_name: string;
  created_at: string;
  state: EditChange['state'];
  target_id: number | null;
  area_before: number;
  area_after: number;
}

export interface FeatureEdit {
  fid: number;
  /** update: both; insert (a split's new piece): after only; delete (merged away): before only. */
  action: 'insert' | 'update' | 'delete';
  before: Buffer | null;
  after: Buffer | null;
  /** The attributes (JSON) of an inserted or deleted feature. */
  attrs?: string | null;
}

export function defaultUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function sessionOf(db: Db, row: SessionRow): EditSession {
  const { n } = db
    .prepare("SELECT COUNT(*) AS n FROM gwz_edit_changes WHERE session_id = ? AND state = 'applied'")
    .get(row.id) as { n: number };
  return {
    id: row.id,
    layerId: row.layer_id,
    user: row.user_name,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    status: row.status,
    changes: n,
  };
}

export function openSession(db: Db, layerId: number): EditSession | null {
  const row = db
    .prepare("SELECT * FROM gwz_edit_sessions WHERE layer_id = ? AND status = 'open' ORDER BY id DESC LIMIT 1")
    .get(layerId) as SessionRow | undefined;
  return row ? sessionOf(db, row) : null;
}

export function getSession(db: Db, id: number): EditSession | null {
  const row = db.prepare('SELECT * FROM gwz_edit_sessions WHERE id = ?').get(id) as SessionRow | undefined;
  return row ? sessionOf(db, row) : null;
}

export function startSession(db: Db, layerId: number, user: string): EditSession {
  const existing = openSession(db, layerId);
  if (existing) return existing;
  const id = Number(
    db
      .prepare("INSERT INTO gwz_edit_sessions (layer_id, user_name, started_at, status) VALUES (?, ?, ?, 'open')")
      .run(layerId, user, new Date().toISOString()).lastInsertRowid,
  );
  return getSession(db, id)!;
}

export function endSession(db: Db, id: number, status: 'saved' | 'discarded'): void {
  db.prepare('UPDATE gwz_edit_sessions SET status = ?, ended_at = ? WHERE id = ?').run(status, new Date().toISOString(), id);
}

function changeOf(db: Db, row: ChangeRow): EditChange {
  const fids = (db.prepare('SELECT feature_id FROM gwz_edits WHERE change_id = ? ORDER BY id').all(row.id) as { feature_id: number }[]).map(
    (r) => r.feature_id,
  );
  return {
    id: row.id,
    layerId: row.layer_id,
    sessionId: row.session_id,
    op: row.op,
    params: JSON.parse(row.params) as unknown,
    reason: row.reason,
    user: row.user_name,
    createdAt: row.created_at,
    state: row.state,
    targetId: row.target_id,
    fids,
    areaBefore: row.area_before,
    areaAfter: row.area_after,
  };
}

export function getChange(db: Db, id: number): EditChange | null {
  const row = db.prepare('SELECT * FROM gwz_edit_changes WHERE id = ?').get(id) as ChangeRow | undefined;
  return row ? changeOf(db, row) : null;
}

export function listChanges(db: Db, layerId: number | undefined, limit: number): EditChange[] {
  const rows = (
    layerId === undefined
      ? db.prepare('SELECT * FROM gwz_edit_changes ORDER BY id DESC LIMIT ?').all(limit)
      : db.prepare('SELECT * FROM gwz_edit_changes WHERE layer_id = ? ORDER BY id DESC LIMIT ?').all(layerId, limit)
  ) as ChangeRow[];
  return rows.map((r) => changeOf(db, r));
}

/** The change an undo acts on: the newest one in effect. */
export function undoCandidate(db: Db, layerId: number): EditChange | null {
  const row = db
    .prepare("SELECT * FROM gwz_edit_changes WHERE layer_id = ? AND state = 'applied' ORDER BY id DESC LIMIT 1")
    .get(layerId) as ChangeRow | undefined;
  return row ? changeOf(db, row) : null;
}

/** The change a redo acts on: undos go newest first, so the one undone last is the oldest undone. */
export function redoCandidate(db: Db, layerId: number): EditChange | null {
  const row = db
    .prepare("SELECT * FROM gwz_edit_changes WHERE layer_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1")
    .get(layerId) as ChangeRow | undefined;
  return row ? changeOf(db, row) : null;
}

export interface NewChange {
  layerId: number;
  sessionId: number | null;
  op: string;
  params: unknown;
  reason: string;
  user: string;
  state: 'applied' | 'log';
  targetId: number | null;
  areaBefore: number;
  areaAfter: number;
  edits: FeatureEdit[];
}

export function recordChange(db: Db, c: NewChange): EditChange {
  const now = new Date().toISOString();
  if (c.state === 'applied') {
    // A new change ends the redo chain (linear history, as every editor's undo stack does).
    db.prepare("UPDATE gwz_edit_changes SET state = 'dropped' WHERE layer_id = ? AND state = 'undone'").run(c.layerId);
  }
  const id = Number(
    db
      .prepare(
        `INSERT INTO gwz_edit_changes (layer_id, session_id, op, params, reason, user_name, created_at, state, target_id, area_before, area_after)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.layerId, c.sessionId, c.op, JSON.stringify(c.params), c.reason, c.user, now, c.state, c.targetId, c.areaBefore, c.areaAfter)
      .lastInsertRowid,
  );
  const put = db.prepare(
    `INSERT INTO gwz_edits (layer_id, feature_id, action, geom_before, geom_after, reason, user_name, created_at, change_id, attrs)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const e of c.edits) put.run(c.layerId, e.fid, e.action, e.before, e.after, c.reason, c.user, now, id, e.attrs ?? null);
  return getChange(db, id)!;
}

export function setChangeState(db: Db, id: number, state: EditChange['state']): void {
  db.prepare('UPDATE gwz_edit_changes SET state = ? WHERE id = ?').run(state, id);
}

/** Per-feature geometry of a change, as stored (SpatiaLite blobs). */
export function changeEdits(db: Db, changeId: number): FeatureEdit[] {
  return db
    .prepare('SELECT feature_id AS fid, action, geom_before AS before, geom_after AS after, attrs FROM gwz_edits WHERE change_id = ? ORDER BY id')
    .all(changeId) as FeatureEdit[];
}
