import type { RechargeState } from '../../../../shared/api';
import type { Db } from '../../project/spatialite';

/** The recharge workflow keeps one row in gwz_workflows (schema version 4): the wizard reopens where the user left. */
const NAME = '补给区划分';

export function readState(db: Db): RechargeState | null {
  const row = db.prepare(`SELECT state FROM gwz_workflows WHERE kind = 'recharge' AND name = ? ORDER BY id DESC LIMIT 1`).get(NAME) as { state: string } | undefined;
  return row ? (JSON.parse(row.state) as RechargeState) : null;
}

/** Inside the caller's transaction, so the state commits with the layers it names. */
export function writeState(db: Db, patch: Partial<RechargeState>): void {
  const now = new Date().toISOString();
  const current = readState(db) ?? { request: null, runId: null, combineRunId: null, rationale: null, updatedAt: now };
  const next: RechargeState = { ...current, ...patch, updatedAt: now };
  const updated = db.prepare(`UPDATE gwz_workflows SET state = ?, updated_at = ? WHERE kind = 'recharge' AND name = ?`).run(JSON.stringify(next), now, NAME);
  if (updated.changes === 0) {
    db.prepare(`INSERT INTO gwz_workflows (kind, name, state, created_at, updated_at) VALUES ('recharge', ?, ?, ?, ?)`).run(NAME, JSON.stringify(next), now, now);
  }
}
