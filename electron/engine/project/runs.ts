import type { Db } from './spatialite';

export interface RunRecord {
  operation: string;
  params: unknown;
  inputs: unknown;
  outputs: unknown;
  engineVersion: string;
  startedAt: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
}

/** One provenance row in gwz_runs (inside the caller's transaction, so it commits with the result). */
export function recordRun(db: Db, run: RunRecord): number {
  const info = db
    .prepare(
      `INSERT INTO gwz_runs (operation, params, inputs, outputs, engine_version, started_at, ended_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.operation,
      JSON.stringify(run.params),
      JSON.stringify(run.inputs),
      JSON.stringify(run.outputs),
      run.engineVersion,
      run.startedAt,
      run.status === 'running' ? null : new Date().toISOString(),
      run.status,
    );
  return Number(info.lastInsertRowid);
}

interface RunRow {
  id: number;
  operation: string;
  params: string;
  inputs: string;
  outputs: string | null;
  engine_version: string;
  started_at: string;
  ended_at: string | null;
  status: RunRecord['status'];
}

export interface StoredRun extends Omit<RunRecord, 'status'> {
  id: number;
  endedAt: string | null;
  status: RunRecord['status'];
}

function fromRow(r: RunRow): StoredRun {
  return {
    id: r.id,
    operation: r.operation,
    params: JSON.parse(r.params) as unknown,
    inputs: JSON.parse(r.inputs) as unknown,
    outputs: r.outputs === null ? null : (JSON.parse(r.outputs) as unknown),
    engineVersion: r.engine_version,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    status: r.status,
  };
}

/** Newest first. */
export function listRuns(db: Db, options: { limit?: number; operation?: string } = {}): StoredRun[] {
  const where = options.operation ? 'WHERE operation = ?' : '';
  const args: unknown[] = options.operation ? [options.operation] : [];
  const rows = db.prepare(`SELECT * FROM gwz_runs ${where} ORDER BY id DESC LIMIT ?`).all(...args, options.limit ?? 1000) as RunRow[];
  return rows.map(fromRow);
}

export function getRun(db: Db, id: number): StoredRun | null {
  const row = db.prepare('SELECT * FROM gwz_runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? fromRow(row) : null;
}
