import {
  CombineRequestSchema,
  GwzError,
  METHOD_LABELS,
  type CombineRequest,
  type JobResultOf,
  type RechargeMethod,
  type RechargeRequest,
  type ZoneLevel,
} from '../../../../shared/api';
import { PROTECTION_LEVELS } from '../../../../shared/style/presets';
import type { TableOutput, VectorOutput } from '../../analysis/core/run-analysis';
import { gdal } from '../../gdal';
import type { JobContext } from '../../jobs/job-runner';
import { GEOMETRY_COLUMN, getLayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { getRun, listRuns } from '../../project/runs';
import { quoteIdent } from '../../project/spatialite';
import { ZONE_STYLE, screeningTable } from './delineate';
import { areaOf, polygonal, unionAll } from './geometry';
import { screenZones } from './screen';
import { writeWorkflowResults } from './write';

type CombineResult = JobResultOf<'recharge.combine'>;

interface RunOutputs {
  layers: { layerId: number; name: string; kind: string }[];
  methodLayers: { method: RechargeMethod; index: number }[];
}

/** The zones of a delineation run: method → source → level → geometry, read back from its layers. */
function readRunZones(project: Project, runId: number | undefined) {
  const run = runId !== undefined ? getRun(project.db, runId) : (listRuns(project.db, { operation: 'recharge.delineate', limit: 1 })[0] ?? null);
  if (!run || run.operation !== 'recharge.delineate') {
    throw new GwzError('BAD_REQUEST', '没有可综合的补给区划分运行记录，请先运行划分。', 'No recharge delineation run to combine; run the delineation first.', { runId: runId ?? null });
  }
  const outputs = run.outputs as RunOutputs;
  const zones = new Map<string, gdal.Geometry>();
  const key = (m: string, s: string, l: string) => `${m}\u0000${s}\u0000${l}`;
  const layerIds: number[] = [];
  for (const ml of outputs.methodLayers) {
    const id = outputs.layers[ml.index]!.layerId;
    const row = getLayerRow(project.db, id);
    layerIds.push(id);
    const rows = project.db.prepare(`SELECT source, zone_level, AsBinary(${quoteIdent(GEOMETRY_COLUMN)}) AS wkb FROM ${quoteIdent(row.table_name)}`).all() as { source: string; zone_level: string; wkb: Buffer }[];
    for (const r of rows) zones.set(key(ml.method, r.source, r.zone_level), gdal.Geometry.fromWKB(r.wkb));
  }
  return { run, layerIds, get: (m: RechargeMethod, s: string, l: ZoneLevel) => zones.get(key(m, s, l)) ?? null };
}

/**
 * recharge.combine: per source, 一级 from one method, 二级 from one method (its full level-2 area
 * outside the chosen 一级), and the recharge area from one method or the union of several; 准保护区
 * is the recharge area outside 一级 and 二级. Written as two layers — the protection zones (exclusive
 * parts) and the recharge area — with the rationale on every feature and in the workflow state.
 */
export async function combine(project: Project, req: CombineRequest, job: JobContext, engineVersion: string): Promise<CombineResult> {
  project.assertWritable();
  const started = Date.now();
  const { run, layerIds, get } = readRunZones(project, req.runId);
  const request = run.params as RechargeRequest;
  const missing = (m: RechargeMethod, s: string, what_zh: string, what_en: string) =>
    new GwzError('BAD_INPUT', `运行 #${run.id} 中没有水源「${s}」的${METHOD_LABELS[m].zh}${what_zh}。`, `Run #${run.id} has no ${METHOD_LABELS[m].en} ${what_en} for source "${s}".`, { method: m, source: s });

  const parts: { source: string; level: ZoneLevel; method: string; geom: gdal.Geometry }[] = [];
  const recharge: { source: string; method: string; geom: gdal.Geometry }[] = [];
  for (const c of req.choices) {
    const l1 = get(c.level1, c.source, 'level1');
    if (!l1) throw missing(c.level1, c.source, '一级保护区', 'level-1 zone');
    const l2ring = get(c.level2, c.source, 'level2');
    if (!l2ring) throw missing(c.level2, c.source, '二级保护区', 'level-2 zone');
    const l2own1 = get(c.level2, c.source, 'level1');
    const l2full = l2own1 ? l2ring.union(l2own1) : l2ring;
    const inner = l1.union(l2full);
    const rs = c.recharge.map((m) => {
      const g = get(m, c.source, 'recharge');
      if (!g) throw missing(m, c.source, '补给区', 'recharge area');
      return g;
    });
    const rAll = unionAll(rs)!;
    const methodsText = c.recharge.map((m) => METHOD_LABELS[m].zh).join('+');
    parts.push({ source: c.source, level: 'level1', method: METHOD_LABELS[c.level1].zh, geom: l1 });
    parts.push({ source: c.source, level: 'level2', method: METHOD_LABELS[c.level2].zh, geom: l2full.difference(l1) });
    parts.push({ source: c.source, level: 'quasi', method: methodsText, geom: rAll.difference(inner) });
    recharge.push({ source: c.source, method: methodsText, geom: rAll.union(inner) });
  }
  job.progress(60, '正在筛查风险源', 'Screening pollution sources');
  const sourceAt = new Map(request.sources.map((s) => [s.name, s]));
  const screening = screenZones(
    project.db,
    request.screenLayerIds ?? [],
    parts.map((p) => ({ source: p.source, sourceX: sourceAt.get(p.source)?.x ?? 0, sourceY: sourceAt.get(p.source)?.y ?? 0, method: p.method, level: p.level, geom: p.geom })),
  );
  const name = req.outputName ?? '水源保护区';
  const prefix = request.outputPrefix ?? '补给区划分';
  const columns: VectorOutput['columns'] = [
    { name: 'source', sqlType: 'TEXT' },
    { name: 'zone_level', sqlType: 'TEXT' },
    { name: 'zone_name', sqlType: 'TEXT' },
    { name: 'method_name', sqlType: 'TEXT' },
    { name: 'area_km2', sqlType: 'REAL' },
    { name: 'rationale', sqlType: 'TEXT' },
    { name: 'run_id', sqlType: 'INTEGER' },
  ];
  const row = (p: { source: string; level: ZoneLevel; method: string; geom: gdal.Geometry }) => ({
    values: [p.source, p.level, PROTECTION_LEVELS[p.level].zh, p.method, areaOf(p.geom) / 1e6, req.rationale, run.id],
    wkb: polygonal(p.geom).toWKB(),
  });
  const outputs: (VectorOutput | TableOutput)[] = [
    { kind: 'vector', name, geometryType: 'MULTIPOLYGON', columns, rows: parts.filter((p) => areaOf(p.geom) > 0).map(row), groupName: prefix, style: ZONE_STYLE },
    {
      kind: 'vector',
      name: `${name}_补给区`,
      geometryType: 'MULTIPOLYGON',
      columns,
      rows: recharge.map((r) => row({ ...r, level: 'recharge' })),
      groupName: prefix,
      style: ZONE_STYLE,
    },
  ];
  if ((request.screenLayerIds ?? []).length > 0) outputs.push(screeningTable(`${name}_风险源筛查`, screening, prefix));
  const zones = [...parts, ...recharge.map((r) => ({ ...r, level: 'recharge' as const }))].map((p) => ({ source: p.source, level: p.level, method: p.method, areaKm2: areaOf(p.geom) / 1e6 }));
  const { runId, layers } = await writeWorkflowResults({
    project,
    job,
    operation: 'recharge.combine',
    schema: CombineRequestSchema,
    request: { ...req, runId: run.id },
    extraInputs: layerIds,
    outputs,
    summary: { zones },
    engineVersion,
    startedAt: new Date(started).toISOString(),
    state: (id) => ({ combineRunId: id, rationale: req.rationale }),
  });
  return { runId, layers, warnings: [], seconds: (Date.now() - started) / 1000, zones, screening };
}
