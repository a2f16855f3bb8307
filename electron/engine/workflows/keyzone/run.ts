import {
  GwzError,
  KEYZONE_STEPS,
  STEP_NEEDS,
  type KeyZoneConfig,
  type KeyZoneRunResult,
  type KeyZoneStep,
  type ParsedRequestOf,
} from '../../../../shared/api';
import type { KeyZoneProfile } from '../../../../shared/domain/keyzone-profile';
import { rasterToCog } from '../../analysis/core/raster-array';
import { writeTable, writeVector, type RasterOutput } from '../../analysis/core/run-analysis';
import { insertRaster } from '../../io/raster/raster-store';
import type { JobContext } from '../../jobs/job-runner';
import { subContext } from '../../jobs/sub-context';
import { layerChecksum } from '../../project/checksum';
import { registerLayer } from '../../project/layer-write';
import { GEOMETRY_COLUMN, getLayerRow, layerInfo, type LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { getRun, recordRun } from '../../project/runs';
import { quoteIdent, type Db } from '../../project/spatialite';
import { getProfile, validateProfile } from './profiles-store';
import { makeOperationContext, type StepContext, type StepImpl, type StepResult } from './step-context';
import { loadStep, valueStep, vulnerabilityStep } from './steps-evaluate';
import { areaStep, controlStep, protectionStep, zonesStep } from './steps-zones';
import { fingerprint, readWorkflow, stepInputs, stepStatuses, writeWorkflow, type StoredState } from './workflow-store';

export const STEP_IMPLS: Record<KeyZoneStep, StepImpl> = {
  area: areaStep,
  protection: protectionStep,
  value: valueStep,
  vulnerability: vulnerabilityStep,
  load: loadStep,
  control: controlStep,
  zones: zonesStep,
};

type Warning = { message_zh: string; message_en: string };

/** Removes a layer a previous run of the same step wrote (its table, raster bytes and registry row). */
function dropLayer(db: Db, id: number): void {
  let row: LayerRow;
  try {
    row = getLayerRow(db, id);
  } catch {
    return; // already gone (deleted by the user)
  }
  const t = row.table_name;
  if (row.kind === 'vector') {
    db.prepare('SELECT DisableSpatialIndex(?, ?)').get(t, GEOMETRY_COLUMN);
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(`idx_${t}_${GEOMETRY_COLUMN}`)}`);
    db.prepare('SELECT DiscardGeometryColumn(?, ?)').get(t, GEOMETRY_COLUMN);
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
  } else if (row.kind === 'raster') {
    db.exec(`DROP VIEW IF EXISTS ${quoteIdent(t)}`);
    db.prepare('DELETE FROM gwz_raster_chunks WHERE layer_id = ?').run(id);
    db.prepare('DELETE FROM gwz_rasters WHERE layer_id = ?').run(id);
  } else {
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(t)}`);
  }
  db.prepare('DELETE FROM gwz_layers WHERE id = ?').run(id);
}

/** Steps before `step` it reads, directly or through others. */
function upstreamOf(step: KeyZoneStep): KeyZoneStep[] {
  const out = new Set<KeyZoneStep>();
  const visit = (s: KeyZoneStep) => {
    for (const n of STEP_NEEDS[s]) {
      if (!out.has(n)) {
        out.add(n);
        visit(n);
      }
    }
  };
  visit(step);
  return KEYZONE_STEPS.filter((s) => out.has(s));
}

/**
 * Writes one step's results in one transaction on the writer: the step's previous layers are
 * replaced, the new layers written, one gwz_runs row records the profile, the step's configuration
 * and every input (with checksums, and the upstream runs with theirs), and the workflow state moves on.
 */
async function commitStep(
  project: Project,
  sc: StepContext,
  result: StepResult,
  startedAt: string,
  seconds: () => number,
  warnings: Warning[],
  engineVersion: string,
): Promise<{ runId: number; layers: Record<string, number> }> {
  const { step, config, profile, state } = sc;
  const inputs: { layerId: number; name: string; kind: string; featureCount: number; sha256: string }[] = [];
  for (const id of [...sc.inputs].sort((a, b) => a - b)) {
    const row = getLayerRow(project.db, id);
    const sum = await layerChecksum(project.db, row, undefined, sc.op.job.signal);
    inputs.push({ layerId: id, name: row.name, kind: row.kind, featureCount: sum.featureCount, sha256: sum.sha256 });
  }
  const upstream = upstreamOf(step).map((s) => {
    const runId = state.steps[s]?.runId ?? null;
    const run = runId !== null ? getRun(project.db, runId) : null;
    return { step: s, runId, inputs: (run?.inputs as { layers?: unknown } | undefined)?.layers ?? [] };
  });
  const cogs = new Map<RasterOutput, Awaited<ReturnType<typeof rasterToCog>>>();
  for (const { output } of result.outputs) {
    if (output.kind === 'raster') cogs.set(output, await rasterToCog(output.raster, output.type, { signal: sc.op.job.signal }));
  }
  sc.op.job.throwIfCancelled();
  const operation = `keyzones.${step}`;
  const previous = state.steps[step];
  return project.exclusiveWrite(async (db) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      for (const id of Object.values(previous?.layers ?? {})) dropLayer(db, id);
      const layers: Record<string, number> = {};
      for (const { role, output } of result.outputs) {
        if (output.kind === 'raster') {
          const built = cogs.get(output)!;
          const { id, tableName } = registerLayer(db, {
            name: output.name,
            kind: 'raster',
            origin: 'analysis',
            source: operation,
            srid: output.raster.grid.srid,
            geometryType: null,
            groupName: output.groupName ?? null,
            style: output.style ?? null,
          });
          insertRaster(db, id, tableName, built.meta, built.cog);
          layers[role] = id;
        } else if (output.kind === 'vector') {
          layers[role] = writeVector(db, output, project.crs.srid, operation);
        } else {
          layers[role] = writeTable(db, output, operation);
        }
      }
      const runId = recordRun(db, {
        operation,
        params: { profileId: profile.id, profileVersion: profile.version, step: stepInputs(step, config, profile), profile, notes: config.notes[step] ?? null },
        inputs: { layers: inputs, upstream },
        outputs: {
          layers: Object.entries(layers).map(([role, layerId]) => ({ role, layerId })),
          tables: result.tables,
          extra: result.extra,
          warnings,
        },
        engineVersion,
        startedAt,
        status: 'succeeded',
      });
      const next: StoredState = {
        config,
        steps: {
          ...state.steps,
          [step]: {
            runId,
            finishedAt: new Date().toISOString(),
            seconds: seconds(),
            fingerprint: '',
            layers,
            tables: result.tables,
            extra: result.extra,
          },
        },
      };
      next.steps[step]!.fingerprint = fingerprint(step, config, profile, next.steps);
      writeWorkflow(db, next);
      db.exec('COMMIT');
      state.steps = next.steps;
      return { runId, layers };
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  });
}

/** The steps a run request names, in workflow order, with their prerequisites checked. */
export function plannedSteps(req: { steps?: KeyZoneStep[] | undefined; remaining: boolean }, state: StoredState, profile: KeyZoneProfile): KeyZoneStep[] {
  const statuses = stepStatuses(state, profile, {});
  const wanted = req.steps && !req.remaining ? new Set(req.steps) : new Set(KEYZONE_STEPS.filter((s) => statuses[s] !== 'done'));
  const planned = KEYZONE_STEPS.filter((s) => wanted.has(s));
  for (const s of planned) {
    for (const need of upstreamOf(s)) {
      if (!planned.includes(need) && statuses[need] !== 'done') {
        throw new GwzError('BAD_REQUEST', `步骤「${s}」需要先完成「${need}」（当前：${statuses[need]}）。`, `Step "${s}" needs "${need}" done first (now: ${statuses[need]}).`, { step: s, need, status: statuses[need] });
      }
    }
  }
  return planned;
}

export function saveConfig(project: Project, config: KeyZoneConfig): StoredState {
  project.assertWritable();
  getProfile(project.db, config.profileId);
  const { state } = readWorkflow(project.db);
  const next = { ...state, config };
  project.db.transaction(() => writeWorkflow(project.db, next)).immediate();
  return next;
}

export async function runKeyZones(project: Project, req: ParsedRequestOf<'keyzones.run'>, job: JobContext, engineVersion: string): Promise<KeyZoneRunResult> {
  project.assertWritable();
  const started = Date.now();
  const state = req.config ? saveConfig(project, req.config) : readWorkflow(project.db).state;
  const config = state.config;
  if (!config) {
    throw new GwzError('BAD_REQUEST', '还没有工作流配置：请先在向导中选择图层，或用 gwz keyzones --init-config 生成配置。', 'No workflow configuration yet: choose the layers in the wizard, or write one with gwz keyzones --init-config.');
  }
  const profile = getProfile(project.db, config.profileId);
  validateProfile(profile);
  const steps = plannedSteps(req, state, profile);
  const warnings: Warning[] = [];
  const done: KeyZoneRunResult['steps'] = [];
  for (const [k, step] of steps.entries()) {
    job.throwIfCancelled();
    const stepJob = subContext(job, (100 * k) / steps.length, (100 * (k + 1)) / steps.length);
    const stepStarted = Date.now();
    const stepWarnings: Warning[] = [];
    const inputs = new Set<number>();
    const sc: StepContext = { step, op: makeOperationContext(project, stepJob, stepWarnings, inputs), config, profile, state, inputs };
    const result = await STEP_IMPLS[step](sc);
    stepJob.progress(92, '正在保存结果', 'Saving the results');
    const { runId, layers } = await commitStep(project, sc, result, new Date(stepStarted).toISOString(), () => (Date.now() - stepStarted) / 1000, stepWarnings, engineVersion);
    warnings.push(...stepWarnings);
    done.push({
      step,
      runId,
      seconds: (Date.now() - stepStarted) / 1000,
      layers: Object.values(layers).map((id) => layerInfo(project.db, getLayerRow(project.db, id))),
      tables: result.tables,
    });
  }
  return { steps: done, warnings, seconds: (Date.now() - started) / 1000 };
}
