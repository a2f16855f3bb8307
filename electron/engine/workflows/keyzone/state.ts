import { KEYZONE_STEPS, type FactorSource, type KeyZoneConfig, type KeyZoneState, type KeyZoneStep, type LayerRef } from '../../../../shared/api';
import { DRASTIC_FACTORS } from '../../../../shared/domain/keyzone-profile';
import { DEFAULT_PROFILE_ID } from '../../../../shared/domain/keyzone-profiles';
import { rasterInfo } from '../../io/raster/raster-store';
import type { LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { quoteIdent } from '../../project/spatialite';
import { getProfile } from './profiles-store';
import { readWorkflow, stepStatuses } from './workflow-store';

type Problem = { message_zh: string; message_en: string };

/**
 * The inline checks of each step's inputs (docs/ux.md: layer pickers with checks): missing layers,
 * wrong geometry, a CRS other than the project's, missing fields. Empty intersections are found
 * when the step runs (they need the geometry work).
 */
export function stepProblems(project: Project, config: KeyZoneConfig | null): Record<KeyZoneStep, Problem[]> {
  const out = Object.fromEntries(KEYZONE_STEPS.map((s) => [s, [] as Problem[]])) as Record<KeyZoneStep, Problem[]>;
  if (!config) {
    for (const s of KEYZONE_STEPS) out[s].push({ message_zh: '尚未配置（请选择图层）', message_en: 'Not configured yet (choose the layers)' });
    return out;
  }
  const db = project.db;
  const srid = project.crs.srid;
  const find = (ref: LayerRef): LayerRow | null => {
    const rows = (typeof ref === 'number' ? db.prepare('SELECT * FROM gwz_layers WHERE id = ?').all(ref) : db.prepare('SELECT * FROM gwz_layers WHERE name = ?').all(ref)) as LayerRow[];
    return rows.length === 1 ? rows[0]! : null;
  };
  const layer = (step: KeyZoneStep, ref: LayerRef, role_zh: string, role_en: string, kind: 'vector' | 'raster', geometry?: string, fields: string[] = []): void => {
    const row = find(ref);
    if (!row) {
      out[step].push({ message_zh: `${role_zh}：找不到图层「${ref}」`, message_en: `${role_en}: no layer "${ref}"` });
      return;
    }
    if (row.kind !== kind) {
      out[step].push({ message_zh: `${role_zh}：「${row.name}」不是${kind === 'raster' ? '栅格' : '矢量'}图层`, message_en: `${role_en}: "${row.name}" is not a ${kind} layer` });
      return;
    }
    if (geometry && !(row.geometry_type ?? '').toUpperCase().includes(geometry)) {
      out[step].push({ message_zh: `${role_zh}：「${row.name}」是${row.geometry_type ?? '?'}图层，需要${geometry === 'POINT' ? '点' : '面'}图层`, message_en: `${role_en}: "${row.name}" is ${row.geometry_type ?? '?'}; a ${geometry.toLowerCase()} layer is needed` });
    }
    const layerSrid = row.kind === 'raster' ? rasterInfo(db, row.id).srid : row.srid;
    if (layerSrid !== srid) {
      out[step].push({ message_zh: `${role_zh}：「${row.name}」坐标系 EPSG:${layerSrid ?? '?'} 与工程 EPSG:${srid} 不同，请先重投影`, message_en: `${role_en}: "${row.name}" is in EPSG:${layerSrid ?? '?'}, not the project's EPSG:${srid}; reproject it first` });
    }
    if (row.kind === 'vector' && fields.length > 0) {
      const cols = new Set((db.prepare(`PRAGMA table_info(${quoteIdent(row.table_name)})`).all() as { name: string }[]).map((c) => c.name));
      for (const f of fields) if (!cols.has(f)) out[step].push({ message_zh: `${role_zh}：「${row.name}」没有字段「${f}」`, message_en: `${role_en}: "${row.name}" has no field "${f}"` });
    }
  };
  const source = (step: KeyZoneStep, s: FactorSource, role_zh: string, role_en: string): void => {
    if (s.kind === 'raster') layer(step, s.layer, role_zh, role_en, 'raster');
    else if (s.kind === 'slope') layer(step, s.dem, role_zh, role_en, 'raster');
    else if (s.kind === 'polygon') layer(step, s.layer, role_zh, role_en, 'vector', 'POLYGON', [s.field]);
    else if (s.kind === 'points') layer(step, s.layer, role_zh, role_en, 'vector', 'POINT', [s.field]);
    else if (s.kind === 'wellQuality') {
      const n = (db.prepare('SELECT COUNT(*) AS n FROM gw_quality').get() as { n: number }).n;
      if (n === 0) out[step].push({ message_zh: `${role_zh}：工程中没有水质监测数据`, message_en: `${role_en}: the project has no water-quality data` });
    } else if (s.kind === 'boreholes') {
      const n = (db.prepare('SELECT COUNT(*) AS n FROM gw_levels').get() as { n: number }).n;
      if (n === 0) out[step].push({ message_zh: `${role_zh}：工程中没有钻孔水位数据`, message_en: `${role_en}: the project has no borehole water levels` });
    }
  };
  const a = config.area;
  layer('area', a.studyArea, '研究区', 'Study area', 'vector', 'POLYGON');
  layer('area', a.adminUnits, '行政单元', 'Administrative units', 'vector', 'POLYGON', [a.adminNameField, ...(a.adminCodeField ? [a.adminCodeField] : [])]);
  for (const p of config.protection.layers) layer('protection', p.layer, '保护类区域', 'Protection areas', 'vector', 'POLYGON', p.typeField ? [p.typeField] : []);
  for (const w of config.protection.wells) layer('protection', w.layer, '水源井', 'Source wells', 'vector', 'POINT');
  source('value', config.value.abundance, '富水性', 'Abundance');
  if (config.value.quality) source('value', config.value.quality, '水质类别', 'Quality class');
  for (const f of DRASTIC_FACTORS) {
    const s = config.vulnerability.factors[f];
    if (s) source('vulnerability', s, `因子 ${f}`, `Factor ${f}`);
    else out.vulnerability.push({ message_zh: `因子 ${f} 未指定数据来源`, message_en: `Factor ${f} has no source` });
  }
  for (const s of config.load.sources) layer('load', s.layer, '污染源', 'Pollution sources', 'vector', 'POINT', [s.typeField, ...(s.scaleField ? [s.scaleField] : [])]);
  return out;
}

export function keyZoneState(project: Project): KeyZoneState {
  const { id, state } = readWorkflow(project.db);
  let profile;
  try {
    profile = getProfile(project.db, state.config?.profileId ?? DEFAULT_PROFILE_ID);
  } catch {
    profile = getProfile(project.db, DEFAULT_PROFILE_ID);
  }
  const problems = stepProblems(project, state.config);
  const statuses = stepStatuses(state, profile, problems);
  return {
    workflowId: id,
    config: state.config,
    profile,
    steps: KEYZONE_STEPS.map((step) => {
      const s = state.steps[step];
      return {
        step,
        status: statuses[step],
        problems: problems[step],
        runId: s?.runId ?? null,
        finishedAt: s?.finishedAt ?? null,
        seconds: s?.seconds ?? null,
        layers: s?.layers ?? {},
        tables: s?.tables ?? [],
      };
    }),
  };
}
