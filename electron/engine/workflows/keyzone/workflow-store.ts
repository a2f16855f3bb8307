import { createHash } from 'node:crypto';
import { KEYZONE_STEPS, KeyZoneConfigSchema, STEP_NEEDS, type KeyZoneConfig, type KeyZoneStep, type StepStatus, type StepTable } from '../../../../shared/api';
import type { KeyZoneProfile } from '../../../../shared/domain/keyzone-profile';
import type { Db } from '../../project/spatialite';

/**
 * The workflow's state in gwz_workflows (one 'keyzone' row per project): the configuration and,
 * per step, what its last run wrote and a fingerprint of what it was run with — a step whose
 * fingerprint no longer matches (its configuration, its profile tables or an upstream run changed)
 * is stale.
 */

export interface StoredStep {
  runId: number;
  finishedAt: string;
  seconds: number;
  fingerprint: string;
  layers: Record<string, number>;
  tables: StepTable[];
  /** What later steps need of this one (e.g. the grid, breaks). */
  extra: Record<string, unknown>;
}

export interface StoredState {
  config: KeyZoneConfig | null;
  steps: Partial<Record<KeyZoneStep, StoredStep>>;
}

export const WORKFLOW_NAME = '地下水污染防治重点区划定';

export function readWorkflow(db: Db): { id: number | null; state: StoredState } {
  const row = db.prepare(`SELECT id, state FROM gwz_workflows WHERE kind = 'keyzone' ORDER BY id LIMIT 1`).get() as { id: number; state: string } | undefined;
  if (!row) return { id: null, state: { config: null, steps: {} } };
  const raw = JSON.parse(row.state) as { config?: unknown; steps?: StoredState['steps'] };
  const parsed = raw.config ? KeyZoneConfigSchema.safeParse(raw.config) : null;
  return { id: row.id, state: { config: parsed?.success ? parsed.data : null, steps: raw.steps ?? {} } };
}

/** Writes the state (inside the caller's transaction when there is one). */
export function writeWorkflow(db: Db, state: StoredState): number {
  const now = new Date().toISOString();
  const existing = db.prepare(`SELECT id FROM gwz_workflows WHERE kind = 'keyzone' ORDER BY id LIMIT 1`).get() as { id: number } | undefined;
  const json = JSON.stringify(state);
  if (existing) {
    db.prepare('UPDATE gwz_workflows SET state = ?, updated_at = ? WHERE id = ?').run(json, now, existing.id);
    return existing.id;
  }
  return Number(
    db.prepare(`INSERT INTO gwz_workflows (kind, name, state, created_at, updated_at) VALUES ('keyzone', ?, ?, ?, ?)`).run(WORKFLOW_NAME, json, now, now).lastInsertRowid,
  );
}

/** The part of the configuration and profile a step depends on. */
export function stepInputs(step: KeyZoneStep, config: KeyZoneConfig, profile: KeyZoneProfile): unknown {
  switch (step) {
    case 'area':
      return { area: config.area, cellSize: profile.cellSize };
    case 'protection':
      return { protection: config.protection, profile: profile.protection, names: profile.zoneNames };
    case 'value':
      return { value: config.value, profile: profile.value };
    case 'vulnerability':
      return { vulnerability: config.vulnerability, profile: profile.vulnerability };
    case 'load':
      return { load: config.load, profile: profile.load };
    case 'control':
      return { combination: profile.combination, minAreaKm2: profile.minAreaKm2, smoothCells: profile.smoothCells, names: profile.zoneNames };
    case 'zones':
      return { admin: config.area, names: profile.zoneNames };
  }
}

export function fingerprint(step: KeyZoneStep, config: KeyZoneConfig, profile: KeyZoneProfile, steps: StoredState['steps']): string {
  const upstream = STEP_NEEDS[step].map((s) => steps[s]?.runId ?? null);
  return createHash('sha256')
    .update(JSON.stringify({ step, profileId: profile.id, inputs: stepInputs(step, config, profile), upstream }))
    .digest('hex');
}

/** Status of every step: done, stale (re-run needed), ready (can run) or not started. */
export function stepStatuses(state: StoredState, profile: KeyZoneProfile, problems: Partial<Record<KeyZoneStep, unknown[]>>): Record<KeyZoneStep, StepStatus> {
  const out = {} as Record<KeyZoneStep, StepStatus>;
  for (const step of KEYZONE_STEPS) {
    const stored = state.steps[step];
    const needs = STEP_NEEDS[step];
    const upstreamStale = needs.some((s) => out[s] === 'stale');
    if (stored && state.config) {
      const same = stored.fingerprint === fingerprint(step, state.config, profile, state.steps);
      out[step] = same && !upstreamStale ? 'done' : 'stale';
    } else {
      const canRun = state.config !== null && needs.every((s) => out[s] === 'done') && (problems[step]?.length ?? 0) === 0;
      out[step] = canRun ? 'ready' : 'not-started';
    }
  }
  return out;
}
