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
