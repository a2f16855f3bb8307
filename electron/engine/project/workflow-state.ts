import { GwzError, WORKFLOW_STATE_MAX_BYTES, WorkflowStateSchema, type WorkflowKind, type WorkflowState } from '../../../shared/api';
import { inTransaction, type Db } from './spatialite';

/**
 * Wizard progress (shared/api/workflow-state.ts) in gwz_meta, one key per wizard: a small JSON value
 * that needs no table of its own, travels with the project file and is rewritten in one statement,
 * so a crash keeps either the previous or the new progress, never half of it.
 */
const key = (workflow: WorkflowKind): string => `workflow_state.${workflow}`;

export function readWorkflowState(db: Db, workflow: WorkflowKind): WorkflowState | null {
  const row = db.prepare('SELECT value FROM gwz_meta WHERE key = ?').get(key(workflow)) as { value: string } | undefined;
  if (!row) return null;
  try {
    const parsed = WorkflowStateSchema.safeParse(JSON.parse(row.value));
    // a value written by a future version, or damaged: the wizard starts afresh rather than failing
    return parsed.success && parsed.data.workflow === workflow ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeWorkflowState(db: Db, workflow: WorkflowKind, step: number, inputs: Record<string, unknown>): WorkflowState {
  const state: WorkflowState = { workflow, step, inputs, updatedAt: new Date().toISOString() };
  const json = JSON.stringify(state);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > WORKFLOW_STATE_MAX_BYTES) {
    throw new GwzError(
      'BAD_REQUEST',
      `向导进度过大（${bytes} 字节，上限 ${WORKFLOW_STATE_MAX_BYTES}），未保存`,
      `The wizard progress is too large (${bytes} bytes, limit ${WORKFLOW_STATE_MAX_BYTES}); not saved`,
      { bytes, limit: WORKFLOW_STATE_MAX_BYTES },
    );
  }
  inTransaction(db, () => db.prepare('INSERT OR REPLACE INTO gwz_meta (key, value) VALUES (?, ?)').run(key(workflow), json));
  return state;
}

export function clearWorkflowState(db: Db, workflow: WorkflowKind): boolean {
  return inTransaction(db, () => db.prepare('DELETE FROM gwz_meta WHERE key = ?').run(key(workflow)).changes > 0);
}
