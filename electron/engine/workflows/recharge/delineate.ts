import {
  GwzError,
  METHOD_LABELS,
  RechargeRequestSchema,
  type CaptureSummary,
  type RechargeMethod,
  type RechargeRequest,
  type RechargeResult,
  type RechargeSource,
  type ZoneSummary,
} from '../../../../shared/api';
import { PROTECTION_LEVELS, protectionZoneStyle } from '../../../../shared/style/presets';
import { jobStep } from '../../analysis/core/cooperate';
import { assertProjected } from '../../analysis/core/projected';
import { readRasterLayer } from '../../analysis/core/raster-array';
import type { TableOutput, VectorOutput } from '../../analysis/core/run-analysis';
import { sampleGradient } from '../../analysis/hydrology/gradient';
import { gdal } from '../../gdal';
import type { JobContext } from '../../jobs/job-runner';
import { getLayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { areaOf, featureContaining, pointOf, polygonal, validPolygon } from './geometry';
import { analyticalZones, areaKm2, demZones, empiricalZones, formulaZones, type Zone } from './methods';
import { screenZones } from './screen';
import { writeWorkflowResults, type Warnings } from './write';

// plain SQL types only, so the comparison table can take them too
export const ZONE_COLUMNS: TableOutput['columns'] = [
  { name: 'source', sqlType: 'TEXT' },
  { name: 'method', sqlType: 'TEXT' },
  { name: 'method_name', sqlType: 'TEXT' },
  { name: 'zone_level', sqlType: 'TEXT' },
  { name: 'zone_name', sqlType: 'TEXT' },
  { name: 'area_km2', sqlType: 'REAL' },
  { name: 'radius_m', sqlType: 'REAL' },
  { name: 'days', sqlType: 'REAL' },
  { name: 'upgrad_m', sqlType: 'REAL' },
  { name: 'downgrad_m', sqlType: 'REAL' },
  { name: 'clipped', sqlType: 'INTEGER' },
  { name: 'note', sqlType: 'TEXT' },
  { name: 'params', sqlType: 'TEXT' },
];

export const ZONE_STYLE = JSON.stringify(protectionZoneStyle());

function zoneRow(z: Zone & { clipped: boolean }): { values: unknown[]; wkb: Buffer } {
  return {
    values: [
      z.source,
      z.method,
      METHOD_LABELS[z.method].zh,
      z.level,
      PROTECTION_LEVELS[z.level].zh,
      areaKm2(z.geom),
      z.radiusM,
      z.days,
      z.upgradientM,
      z.downgradientM,
      z.clipped ? 1 : 0,
      z.note,
      JSON.stringify(z.params),
    ],
    wkb: polygonal(z.geom).toWKB(),
  };
}

/** A polygon for each source from a drawn ring (when it holds the source) or the feature of a layer containing it. */
function areaPerSource(project: Project, sources: RechargeSource[], spec: { polygon?: [number, number][] | undefined; layerId?: number | undefined }): (gdal.Geometry | null)[] {
  const drawn = spec.polygon ? validPolygon(spec.polygon) : null;
  const row = spec.layerId !== undefined ? getLayerRow(project.db, spec.layerId) : null;
  if (row && (row.kind !== 'vector' || !(row.geometry_type ?? '').toUpperCase().includes('POLYGON'))) {
    throw new GwzError('BAD_INPUT', `图层「${row.name}」不是面图层。`, `Layer "${row.name}" is not a polygon layer.`, { layerId: row.id, geometryType: row.geometry_type });
  }
  return sources.map((s) => {
    const at = pointOf(s.x, s.y);
    if (drawn && drawn.intersects(at)) return drawn;
    if (row) return featureContaining(project.db, row, s.x, s.y, project.crs.srid)?.geom ?? null;
    return null;
  });
}

/**
 * recharge.delineate: every requested method for every source, zones clipped to the hydrogeological
 * unit, one layer per method plus the comparison table (and the screening table), one run.
 */
export async function delineate(project: Project, req: RechargeRequest, job: JobContext, engineVersion: string): Promise<RechargeResult> {
  project.assertWritable();
  assertProjected(project.crs.srid, '工程坐标系', 'The project CRS');
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const warnings: Warnings = [];
  const warn = (message_zh: string, message_en: string) => warnings.push({ message_zh, message_en });
  const names = new Set<string>();
  for (const s of req.sources) {
    if (names.has(s.name)) throw new GwzError('BAD_REQUEST', `水源名称重复：${s.name}`, `Duplicate source name: ${s.name}`, { source: s.name });
    names.add(s.name);
  }
  const p = req.parameters;

  // Flow direction and gradient from a head surface, for sources that lack a direction.
  const sources = req.sources.map((s) => ({ ...s }));
  const sampledFlow: RechargeResult['sampledFlow'] = [];
  if (req.headLayerId !== undefined) {
    job.progress(2, '正在从水位面取水力坡度与流向', 'Sampling gradient and flow direction from the head surface');
    const head = await readRasterLayer(project.db, req.headLayerId);
    for (const s of sources) {
      if (s.azimuth !== null) continue;
      const g = sampleGradient(head, s.x, s.y);
      if (!g || g.azimuth === null) {
        warn(`水源「${s.name}」处水位面无梯度，未取得流向。`, `The head surface has no gradient at source "${s.name}"; no flow direction taken.`);
        continue;
      }
      s.azimuth = g.azimuth;
      s.I = g.gradient;
      s.provenance = { ...s.provenance, I: `水位面 / head surface #${req.headLayerId}`, azimuth: `水位面 / head surface #${req.headLayerId}` };
      sampledFlow.push({ source: s.name, I: g.gradient, azimuth: g.azimuth });
    }
  }

  const clipAreas = req.clip ? areaPerSource(project, sources, req.clip) : sources.map(() => null);
  const zones: Zone[] = [];
  const capture: CaptureSummary[] = [];
  const divides: { source: string; lines: [number, number][][] }[] = [];
  const methods = [...new Set(req.methods)];
  const share = 80 / methods.length;
  for (const [mi, m] of methods.entries()) {
    const from = 5 + mi * share;
    const step = jobStep(job, from, from + share, `正在计算：${METHOD_LABELS[m].zh}`, `Computing: ${METHOD_LABELS[m].en}`);
    if (m === 'empirical') for (const s of sources) zones.push(...empiricalZones(s, p, warn));
    else if (m === 'formula') for (const s of sources) zones.push(...formulaZones(s, p));
    else if (m === 'analytical') {
      for (const [si, s] of sources.entries()) {
        const r = await analyticalZones(s, p, {
          signal: job.signal,
          onProgress: (f) => step.onProgress?.((si + f) / sources.length),
        });
        zones.push(...r.zones);
        capture.push(r.capture);
        if (r.divide) divides.push({ source: s.name, lines: r.divide });
      }
    } else if (m === 'dem') {
      if (!req.dem) throw new GwzError('BAD_REQUEST', '汇水区法需要选择 DEM。', 'The DEM-catchment method needs a DEM.', { method: m });
      const row = getLayerRow(project.db, req.dem.demLayerId);
      if (row.kind !== 'raster') throw new GwzError('BAD_INPUT', `图层「${row.name}」不是栅格图层。`, `Layer "${row.name}" is not a raster layer.`, { layerId: row.id });
      const dem = await readRasterLayer(project.db, req.dem.demLayerId);
      assertProjected(dem.grid.srid, `DEM「${row.name}」`, `The DEM "${row.name}"`);
      zones.push(...(await demZones(sources, dem, req.dem.snapRadius, step)));
    } else if (m === 'boundary') {
      if (!req.boundary || (!req.boundary.polygon && req.boundary.layerId === undefined)) {
        throw new GwzError('BAD_REQUEST', '水文地质边界法需要绘制边界或选择边界面图层。', 'The boundary method needs a drawn boundary or a boundary polygon layer.', { method: m });
      }
      const areas = areaPerSource(project, sources, req.boundary);
      for (const [i, s] of sources.entries()) {
        const g = areas[i];
        if (!g) {
          warn(`水源「${s.name}」不在所给边界内，未划定边界法补给区。`, `Source "${s.name}" lies outside the given boundary; no boundary-method recharge area.`);
          continue;
        }
        zones.push({
          source: s.name,
          method: 'boundary',
          level: 'recharge',
          geom: g,
          radiusM: null,
          days: null,
          upgradientM: null,
          downgradientM: null,
          note: req.boundary.reason,
          params: { segmentTypes: req.boundary.segmentTypes, drawn: Boolean(req.boundary.polygon), layerId: req.boundary.layerId ?? null },
        });
      }
    }
    job.throwIfCancelled();
  }

  // Clip to the hydrogeological unit the source draws from.
  const byName = new Map(sources.map((s, i) => [s.name, i]));
  const clippedZones = zones.map((z) => {
    const area = clipAreas[byName.get(z.source)!];
    if (!area) return { ...z, clipped: false };
    const before = areaOf(z.geom);
    const geom = z.geom.intersection(area);
    return { ...z, geom, clipped: Math.abs(areaOf(geom) - before) > 1e-6 * Math.max(1, before) };
  });
  for (const z of clippedZones) {
    if (areaOf(z.geom) === 0) warn(`水源「${z.source}」的${METHOD_LABELS[z.method].zh}${PROTECTION_LEVELS[z.level].zh}为空（被裁剪掉）。`, `The ${METHOD_LABELS[z.method].en} ${PROTECTION_LEVELS[z.level].en} of "${z.source}" is empty (clipped away).`);
  }

  job.progress(86, '正在筛查风险源', 'Screening pollution sources');
  const screening = screenZones(
    project.db,
    req.screenLayerIds,
    clippedZones.map((z) => {
      const s = sources[byName.get(z.source)!]!;
      return { source: z.source, sourceX: s.x, sourceY: s.y, method: z.method, level: z.level, geom: z.geom };
    }),
  );

  const summaries: ZoneSummary[] = clippedZones.map((z) => ({
    source: z.source,
    method: z.method,
    level: z.level,
    areaKm2: areaKm2(z.geom),
    radiusM: z.radiusM,
    days: z.days,
    upgradientM: z.upgradientM,
    downgradientM: z.downgradientM,
    clipped: z.clipped,
    note: z.note,
  }));

  const prefix = req.outputPrefix;
  const outputs: (VectorOutput | TableOutput)[] = [];
  const methodLayers: { method: RechargeMethod; index: number }[] = [];
  for (const m of methods) {
    const rows = clippedZones.filter((z) => z.method === m && areaOf(z.geom) > 0).map(zoneRow);
    if (rows.length === 0) continue;
    methodLayers.push({ method: m, index: outputs.length });
    outputs.push({ kind: 'vector', name: `${prefix}_${METHOD_LABELS[m].zh}`, geometryType: 'MULTIPOLYGON', columns: ZONE_COLUMNS, rows, groupName: prefix, style: ZONE_STYLE });
  }
  if (divides.length > 0) {
    outputs.push({
      kind: 'vector',
      name: `${prefix}_解析法分水线`,
      geometryType: 'MULTILINESTRING',
      columns: [{ name: 'source', sqlType: 'TEXT' }],
      rows: divides.map((d) => {
        const multi = new gdal.MultiLineString();
        for (const line of d.lines) {
          const l = new gdal.LineString();
          for (const [x, y] of line) l.points.add(x, y);
          multi.children.add(l);
        }
        return { values: [d.source], wkb: multi.toWKB() };
      }),
      groupName: prefix,
    });
  }
  outputs.push({
    kind: 'table',
    name: `${prefix}_方法对比`,
    // the zone layers' columns without the per-feature ones (clip flag, parameter JSON)
    columns: ZONE_COLUMNS.filter((c) => c.name !== 'clipped' && c.name !== 'params'),
    rows: summaries.map((z) => [z.source, z.method, METHOD_LABELS[z.method].zh, z.level, PROTECTION_LEVELS[z.level].zh, z.areaKm2, z.radiusM, z.days, z.upgradientM, z.downgradientM, z.note]),
    groupName: prefix,
  });
  if (req.screenLayerIds.length > 0) outputs.push(screeningTable(`${prefix}_风险源筛查`, screening, prefix));

  const { runId, layers, ids } = await writeWorkflowResults({
    project,
    job,
    operation: 'recharge.delineate',
    schema: RechargeRequestSchema,
    request: req,
    outputs,
    summary: {
      methodLayers: methodLayers.map((ml) => ({ method: ml.method, index: ml.index })),
      zones: summaries,
      capture,
      sampledFlow,
    },
    engineVersion,
    startedAt,
    state: (id) => ({ request: req, runId: id }),
  });
  void ids;
  return { runId, layers, warnings, seconds: (Date.now() - started) / 1000, zones: summaries, capture, screening, sampledFlow };
}

export function screeningTable(name: string, hits: RechargeResult['screening'], group: string): TableOutput {
  return {
    kind: 'table',
    name,
    columns: [
      { name: 'source', sqlType: 'TEXT' },
      { name: 'method', sqlType: 'TEXT' },
      { name: 'zone_level', sqlType: 'TEXT' },
      { name: 'zone_name', sqlType: 'TEXT' },
      { name: 'layer', sqlType: 'TEXT' },
      { name: 'feature_fid', sqlType: 'INTEGER' },
      { name: 'name', sqlType: 'TEXT' },
      { name: 'type', sqlType: 'TEXT' },
      { name: 'distance_m', sqlType: 'REAL' },
    ],
    rows: hits.map((h) => [h.source, h.method, h.level, PROTECTION_LEVELS[h.level].zh, h.layer, h.fid, h.name, h.type, h.distanceM]),
    groupName: group,
  };
}
