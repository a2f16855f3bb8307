import { GwzError, type KeyZoneConfig, type KeyZoneStep, type LayerRef, type StepTable } from '../../../../shared/api';
import type { KeyZoneProfile } from '../../../../shared/domain/keyzone-profile';
import type { Grid } from '../../analysis/core/grid';
import { readRasterLayer, type RasterArray } from '../../analysis/core/raster-array';
import type { OperationContext, Output } from '../../analysis/core/run-analysis';
import { rasterizeFeatureIds } from '../../analysis/core/vector-raster';
import type { JobContext } from '../../jobs/job-runner';
import { getLayerRow, type LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import type { StoredState, StoredStep } from './workflow-store';

/** What a step's implementation sees. */
export interface StepContext {
  step: KeyZoneStep;
  op: OperationContext;
  config: KeyZoneConfig;
  profile: KeyZoneProfile;
  state: StoredState;
  /** Layers the step read (for the provenance checksums). */
  inputs: Set<number>;
}

/** What a step produces: outputs by role, the tables it shows, and what later steps need. */
export interface StepResult {
  outputs: { role: string; output: Output }[];
  tables: StepTable[];
  extra: Record<string, unknown>;
}

export type StepImpl = (sc: StepContext) => Promise<StepResult>;

export function makeOperationContext(project: Project, job: JobContext, warnings: { message_zh: string; message_en: string }[], inputs: Set<number>): OperationContext {
  return {
    project,
    db: project.db,
    job,
    warn: (message_zh, message_en) => warnings.push({ message_zh, message_en }),
    layer: (id) => getLayerRow(project.db, id),
    readRaster: (layerId, grid, resampling) => readRasterLayer(project.db, layerId, grid, resampling),
    addInput: (id) => inputs.add(id),
  };
}

/** A layer by id or name (a name must be unique in the project); recorded as an input. */
export function resolveLayer(sc: Pick<StepContext, 'op' | 'inputs'>, ref: LayerRef, role_zh: string, role_en: string): LayerRow {
  let row: LayerRow | undefined;
  if (typeof ref === 'number') {
    try {
      row = getLayerRow(sc.op.db, ref);
    } catch {
      row = undefined;
    }
  } else {
    const rows = sc.op.db.prepare('SELECT * FROM gwz_layers WHERE name = ? ORDER BY id').all(ref) as LayerRow[];
    if (rows.length > 1) {
      throw new GwzError('BAD_INPUT', `${role_zh}：工程中有 ${rows.length} 个名为「${ref}」的图层，请改用图层编号。`, `${role_en}: the project has ${rows.length} layers named "${ref}"; use the layer id.`, {
        name: ref,
        ids: rows.map((r) => r.id),
      });
    }
    row = rows[0];
  }
  if (!row) {
    throw new GwzError('LAYER_NOT_FOUND', `${role_zh}：找不到图层「${ref}」。`, `${role_en}: no layer "${ref}".`, { layer: ref });
  }
  sc.inputs.add(row.id);
  return row;
}

/** A stored step the current one needs, or a clear message to run it first. */
export function needStep(sc: StepContext, step: KeyZoneStep): StoredStep {
  const s = sc.state.steps[step];
  if (!s) {
    const zh: Record<KeyZoneStep, string> = { area: '工作区', protection: '保护类区域', value: '地下水功能价值', vulnerability: '地下水脆弱性', load: '污染源荷载', control: '管控类区域', zones: '重点区' };
    throw new GwzError('BAD_REQUEST', `请先运行「${zh[step]}」步骤。`, `Run the "${step}" step first.`, { step });
  }
  return s;
}

export interface AreaExtra {
  grid: Grid;
  workAreaLayer: number;
  areaKm2: number;
}

export function areaOf(sc: StepContext): AreaExtra {
  const s = needStep(sc, 'area');
  const extra = s.extra as { grid: Grid; areaKm2: number };
  return { grid: extra.grid, areaKm2: extra.areaKm2, workAreaLayer: s.layers.workArea! };
}

/** Cells whose centre lies in the work area (1) or not (0). */
export async function insideMask(sc: StepContext, area: AreaExtra): Promise<Uint8Array> {
  const ids = await rasterizeFeatureIds(sc.op, sc.op.layer(area.workAreaLayer), area.grid);
  const out = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = ids[i]! > 0 ? 1 : 0;
  return out;
}

/** A raster another step wrote, by role. */
export function stepRaster(sc: StepContext, step: KeyZoneStep, role: string): Promise<RasterArray> {
  const s = needStep(sc, step);
  const id = s.layers[role];
  if (id === undefined) throw new GwzError('INTERNAL', `步骤 ${step} 缺少结果 ${role}`, `Step ${step} has no output ${role}`, { step, role });
  sc.inputs.add(id);
  return readRasterLayer(sc.op.db, id, areaOf(sc).grid, 'nearest');
}

export const round = (v: number, digits = 4): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : v);
