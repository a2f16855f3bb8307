import { GwzError, type ExplainLine, type KeyZoneStep } from '../../../../shared/api';
import { DRASTIC_FACTORS, type KeyZoneProfile } from '../../../../shared/domain/keyzone-profile';
import type { Grid } from '../../analysis/core/grid';
import { readRasterLayer } from '../../analysis/core/raster-array';
import { getLayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { quoteIdent } from '../../project/spatialite';
import { ZoneGeometry } from './geometry-sql';
import { getProfile } from './profiles-store';
import type { ScoredSource } from './steps-evaluate';
import { readWorkflow, type StoredState } from './workflow-store';

const fmt = (v: number, d = 3): string => (Number.isFinite(v) ? String(Number(v.toFixed(d))) : '无数据');

/**
 * Why a place is in its class, number by number: the factor values and ratings, the weighted sum,
 * the breaks, the matrix cell, the sources that make up the load, and the zone it ended in — read
 * back from the layers the steps wrote, at the evaluation cell that holds the point.
 */
export async function explainPoint(project: Project, x: number, y: number): Promise<{ inside: boolean; zone: string | null; lines: ExplainLine[] }> {
  const { state } = readWorkflow(project.db);
  const area = state.steps.area;
  if (!area || !state.config) throw new GwzError('BAD_REQUEST', '请先运行重点区划定的“工作区”步骤。', 'Run the work-area step of the key-zone workflow first.');
  const profile = getProfile(project.db, state.config.profileId);
  const grid = (area.extra as { grid: Grid }).grid;
  const geo = new ZoneGeometry(project.db, project.crs.srid);
  const workLayer = getLayerRow(project.db, area.layers.workArea!);
  const inside = geo.contains(geo.layerUnion(workLayer), x, y);
  const lines: ExplainLine[] = [];
  const col = Math.floor((x - grid.x0) / grid.dx);
  const row = Math.floor((grid.y0 - y) / grid.dy);
  lines.push({
    topic: 'cell',
    text_zh: `点 (${fmt(x, 1)}, ${fmt(y, 1)}) 位于评价格网第 ${row + 1} 行、第 ${col + 1} 列（像元 ${grid.dx} m）${inside ? '' : '，在研究区外'}`,
    text_en: `Point (${fmt(x, 1)}, ${fmt(y, 1)}) is in row ${row + 1}, column ${col + 1} of the evaluation grid (${grid.dx} m cells)${inside ? '' : ', outside the study area'}`,
  });
  if (!inside) return { inside, zone: null, lines };
  const cell: Grid = { ...grid, x0: grid.x0 + col * grid.dx, y0: grid.y0 - row * grid.dy, width: 1, height: 1 };
  const at = async (step: KeyZoneStep, role: string): Promise<number> => {
    const id = state.steps[step]?.layers[role];
    if (id === undefined) return Number.NaN;
    return (await readRasterLayer(project.db, id, cell, 'nearest')).data[0]!;
  };

  const admin = state.config.area;
  const adminRow = project.db.prepare('SELECT * FROM gwz_layers WHERE ' + (typeof admin.adminUnits === 'number' ? 'id = ?' : 'name = ?')).get(admin.adminUnits) as { table_name: string } | undefined;
  if (adminRow) {
    const unit = project.db
      .prepare(`SELECT ${quoteIdent(admin.adminNameField)} AS n FROM ${quoteIdent(adminRow.table_name)} WHERE ST_Contains(geom, MakePoint(?, ?, ${project.crs.srid})) LIMIT 1`)
      .get(x, y) as { n: unknown } | undefined;
    if (unit) lines.push({ topic: 'admin', text_zh: `所在行政区：${String(unit.n)}`, text_en: `Administrative unit: ${String(unit.n)}` });
  }

  explainValue(profile, await at('value', 'abundance'), await at('value', 'quality'), await at('value', 'value'), state, lines);
  await explainVulnerability(profile, state, at, lines);
  explainLoad(profile, state, await at('load', 'load'), await at('load', 'classes'), grid, col, row, lines);

  let zone: string | null = null;
  const zonesId = state.steps.zones?.layers.zones;
  if (zonesId !== undefined) {
    const t = getLayerRow(project.db, zonesId).table_name;
    const z = project.db
      .prepare(`SELECT zone_code, 类别 AS cls, 子类 AS sub, 划定依据 AS why FROM ${quoteIdent(t)} WHERE ST_Contains(geom, MakePoint(?, ?, ${project.crs.srid})) LIMIT 1`)
      .get(x, y) as { zone_code: string; cls: string; sub: string; why: string } | undefined;
    if (z) {
      zone = z.zone_code;
      lines.push({ topic: 'zone', text_zh: `结果：${z.cls}${z.sub ? `（${z.sub}）` : ''}，编号 ${z.zone_code}。依据：${z.why}`, text_en: `Result: ${z.cls}${z.sub ? ` (${z.sub})` : ''}, code ${z.zone_code}. Because: ${z.why}` });
    }
  }
  return { inside, zone, lines };
}

function label(labels: readonly string[], code: number): string {
  return Number.isFinite(code) ? (labels[code - 1] ?? String(code)) : '无数据';
}

function explainValue(p: KeyZoneProfile, a: number, q: number, v: number, state: StoredState, lines: ExplainLine[]): void {
  if (!state.steps.value) return;
  const pv = p.value;
  const high = p.combination.valueHigh.includes(v);
  lines.push({
    topic: 'value',
    text_zh: `功能价值：富水性 ${label(pv.abundance.labels_zh, a)}（${fmt(a, 0)}）× 水质 ${fmt(q, 0)} 类 → 矩阵第 ${fmt(a, 0)} 行第 ${fmt(q, 0)} 列 = ${label(pv.labels_zh, v)}（${high ? '属于' : '不属于'}“高”：${p.combination.valueHigh.map((c) => pv.labels_zh[c - 1]).join('、')}）`,
    text_en: `Functional value: abundance ${label(pv.abundance.labels_en, a)} (${fmt(a, 0)}) × quality class ${fmt(q, 0)} → matrix row ${fmt(a, 0)}, column ${fmt(q, 0)} = ${label(pv.labels_en, v)} (${high ? 'counts' : 'does not count'} as high)`,
  });
}

async function explainVulnerability(p: KeyZoneProfile, state: StoredState, at: (step: KeyZoneStep, role: string) => Promise<number>, lines: ExplainLine[]): Promise<void> {
  const s = state.steps.vulnerability;
  if (!s) return;
  const pv = p.vulnerability;
  let sum = 0;
  const parts_zh: string[] = [];
  const parts_en: string[] = [];
  for (const f of DRASTIC_FACTORS) {
    const spec = pv.factors[f]!;
    const r = await at('vulnerability', `rating_${f}`);
    const raw = s.layers[`raw_${f}`] !== undefined ? await at('vulnerability', `raw_${f}`) : Number.NaN;
    const w = spec.weight;
    sum += r * w;
    const rawText = Number.isFinite(raw) ? `${fmt(raw, 2)} ${spec.unit} → ` : '';
    parts_zh.push(`${f} ${spec.name_zh}：${rawText}评分 ${fmt(r, 2)} × 权重 ${w} = ${fmt(r * w, 2)}`);
    parts_en.push(`${f} ${spec.name_en}: ${rawText}rating ${fmt(r, 2)} × weight ${w} = ${fmt(r * w, 2)}`);
  }
  const index = await at('vulnerability', 'index');
  const cls = await at('vulnerability', 'classes');
  const breaks = (s.extra as { breaks?: number[] }).breaks ?? [];
  const lo = breaks[cls - 1];
  const hi = breaks[cls];
  const high = p.combination.vulnerabilityHigh.includes(cls);
  lines.push({ topic: 'vulnerability', text_zh: parts_zh.join('；'), text_en: parts_en.join('; ') });
  lines.push({
    topic: 'vulnerability-index',
    text_zh: `DRASTIC 指数 = Σ 评分 × 权重 = ${fmt(sum, 2)}（图层值 ${fmt(index, 2)}）；落在第 ${fmt(cls, 0)} 级 ${label(pv.classes.labels_zh, cls)}（${lo !== undefined ? fmt(lo, 2) : '?'}–${hi !== undefined ? fmt(hi, 2) : '?'}），${high ? '属于' : '不属于'}“高”`,
    text_en: `DRASTIC index = Σ rating × weight = ${fmt(sum, 2)} (layer value ${fmt(index, 2)}); class ${fmt(cls, 0)} ${label(pv.classes.labels_en, cls)} (${lo !== undefined ? fmt(lo, 2) : '?'}–${hi !== undefined ? fmt(hi, 2) : '?'}), ${high ? 'counts' : 'does not count'} as high`,
  });
}

function explainLoad(p: KeyZoneProfile, state: StoredState, load: number, cls: number, grid: Grid, col: number, row: number, lines: ExplainLine[]): void {
  const s = state.steps.load;
  if (!s) return;
  const sources = ((s.extra as { sources?: ScoredSource[] }).sources ?? []).slice();
  const cx = grid.x0 + (col + 0.5) * grid.dx;
  const cy = grid.y0 - (row + 0.5) * grid.dy;
  const parts = sources
    .map((src) => {
      const d = Math.hypot(src.x - cx, src.y - cy);
      const k = d > src.radius ? 0 : p.load.kernel === 'linear' ? 1 - d / src.radius : p.load.kernel === 'exponential' ? Math.exp(-d / (src.radius / 3)) : 1;
      return { src, d, v: src.P * k };
    })
    .filter((c) => c.v > 0)
    .sort((a, b) => b.v - a.v);
  const top = parts.slice(0, 3);
  const high = p.combination.loadHigh.includes(cls);
  lines.push({
    topic: 'load',
    text_zh: `污染源荷载 ${fmt(load, 3)}（${parts.length} 个源在影响半径内${top.length > 0 ? `，主要：${top.map((c) => `${c.src.type} fid ${c.src.fid}，P=${c.src.T}×${c.src.L}×${c.src.Q}=${c.src.P}，距 ${fmt(c.d, 0)} m，贡献 ${fmt(c.v, 2)}`).join('；')}` : ''}）→ ${label(p.load.classes.labels_zh, cls)}，${high ? '属于' : '不属于'}“高”`,
    text_en: `Source load ${fmt(load, 3)} (${parts.length} sources within reach${top.length > 0 ? `; mainly ${top.map((c) => `${c.src.type} fid ${c.src.fid}, P=${c.src.P}, ${fmt(c.d, 0)} m away, adds ${fmt(c.v, 2)}`).join('; ')}` : ''}) → ${label(p.load.classes.labels_en, cls)}, ${high ? 'counts' : 'does not count'} as high`,
  });
}
