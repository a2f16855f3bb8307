import {
  GwzError,
  type AttributeEdit,
  type BoreholeLog,
  type CellValue,
  type FeaturePage,
  type FieldStats,
  type IdentifyLayerResult,
  type QualitySeries,
} from '../../shared/api';
import type { Lang } from './lang';
import { findLayer } from './schema-options';
import { fields as fieldLines, table } from './text';
import { flag, openProject, str, type OptionSpec, type Verb, type VerbContext } from './verb';

const cell = (v: CellValue): string => (v === null ? '∅' : typeof v === 'number' ? String(Number(v.toPrecision(10))) : v);
const num = (v: number | null, digits = 6): string => (v === null ? '—' : String(Number(v.toPrecision(digits))));

function intOption(ctx: VerbContext, name: string): number | undefined {
  const text = str(ctx.opts, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new GwzError('BAD_REQUEST', `--${name} 应为非负整数：${text}`, `--${name} must be a non-negative integer: ${text}`);
  return n;
}

async function layerId(ctx: VerbContext, text: string | undefined): Promise<number> {
  if (text === undefined) throw new GwzError('BAD_REQUEST', '缺少图层（名称或编号）', 'The layer (name or id) is missing');
  const { layers } = await ctx.client.api.layers.list({});
  return findLayer(layers, text);
}

export function formatPage(page: FeaturePage): string {
  const header = ['fid', ...page.fields.map((f) => f.name)];
  const body = page.rows.map((r, i) => [String(page.fids[i]), ...r.map(cell)]);
  const end = page.offset + page.rows.length;
  return `${table(header, body)}\n第 ${page.offset + 1}–${end} 行，共 ${page.total} 行 · Rows ${page.offset + 1}–${end} of ${page.total} (${page.millis.toFixed(1)} ms)`;
}

export function formatStats(s: FieldStats): string {
  const lines = fieldLines([
    ['字段 Field', `${s.field} (${s.kind})`],
    ['行数 Count', String(s.count)],
    ['空值 Nulls', String(s.nulls)],
    ['不同值 Distinct', String(s.distinct)],
    ['最小 Min', num(s.min)],
    ['最大 Max', num(s.max)],
    ['平均 Mean', num(s.mean)],
    ['标准差 Std', num(s.std)],
    ['合计 Sum', num(s.sum)],
  ]);
  const parts = [lines];
  if (s.histogram) {
    const peak = Math.max(...s.histogram.counts, 1);
    const h = s.histogram;
    parts.push(
      '直方图 Histogram',
      ...h.counts.map((c, i) => `  ${num(h.edges[i]!, 5).padStart(12)} – ${num(h.edges[i + 1]!, 5).padEnd(12)} ${'█'.repeat(Math.round((30 * c) / peak)).padEnd(30)} ${c}`),
    );
  }
  if (s.top.length > 0) parts.push(`常见值 Most frequent: ${s.top.map((t) => `${cell(t.value)} ×${t.count}`).join(', ')}`);
  return parts.join('\n');
}

function formatEdit(edit: AttributeEdit | null, what: 'undo' | 'redo'): string {
  if (!edit) return what === 'undo' ? '没有可撤销的属性修改 Nothing to undo' : '没有可重做的属性修改 Nothing to redo';
  const verb = what === 'undo' ? '已撤销 Undone' : '已重做 Redone';
  return `${verb}: #${edit.editId} ${edit.action} 「${edit.field}」 (${edit.rows} 行 rows)${edit.expression ? ` = ${edit.expression}` : ''}`;
}

function formatHistory(edits: readonly AttributeEdit[]): string {
  if (edits.length === 0) return '（没有属性修改）(no attribute edits)';
  return table(
    ['# ', '图层 Layer', '字段 Field', '操作 Action', '行 Rows', '表达式 Expression', '状态 State', '时间 Time'],
    edits.map((e) => [
      String(e.editId),
      String(e.layerId),
      e.field,
      e.action,
      String(e.rows),
      e.expression ?? '—',
      e.undone ? '已撤销 undone' : '有效 in force',
      e.createdAt.replace('T', ' ').slice(0, 19),
    ]),
  );
}

const SUBCOMMANDS = ['list', 'stats', 'calc', 'select', 'undo', 'redo', 'history'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const filterOption: OptionSpec = { type: 'string', value: '<expression>', zh: '筛选条件，如 "面积" > 5 and adcode in (361002)', en: 'filter, e.g. "面积" > 5 and adcode in (361002)' };

const featuresVerb: Verb = {
  name: 'features',
  args: '<list|stats|calc|select|undo|redo|history> <project> [layer]',
  minArgs: 2,
  maxArgs: 3,
  zh: '属性表：分页列出（排序、筛选）、字段统计、字段计算（可撤销）、按属性选择、撤销/重做',
  en: 'Attribute table: list rows (sort, filter), field statistics, field calculator (undoable), select by attribute, undo/redo',
  options: {
    filter: filterOption,
    sort: { type: 'string', value: '<field>', zh: '按此字段排序（list）', en: 'sort by this field (list)' },
    desc: { type: 'boolean', zh: '降序', en: 'descending' },
    offset: { type: 'string', value: '<n>', zh: '从第几行起（0 起算）', en: 'first row (0-based)' },
    limit: { type: 'string', value: '<n>', zh: '行数，默认 20', en: 'rows, default 20' },
    fields: { type: 'string', value: '<a,b,…>', zh: '只显示这些字段', en: 'only these fields' },
    field: { type: 'string', value: '<name>', zh: '字段（stats、calc）', en: 'field (stats, calc)' },
    expr: { type: 'string', value: '<expression>', zh: '字段值表达式（calc），如 "面积" / 1e6', en: 'value expression (calc), e.g. "面积" / 1e6' },
    type: { type: 'string', value: 'integer|real|text', zh: '新字段的类型（calc），默认按结果推断', en: 'type of a new field (calc), inferred by default' },
    bins: { type: 'string', value: '<n>', zh: '直方图分组数（stats），默认 10', en: 'histogram bins (stats), default 10' },
  },
  async run(ctx) {
    const [subText, project, layerText] = ctx.args as [string, string, string | undefined];
    if (!(SUBCOMMANDS as readonly string[]).includes(subText)) {
      throw new GwzError('BAD_REQUEST', `未知的子命令：${subText}（可用：${SUBCOMMANDS.join('、')}）`, `Unknown subcommand: ${subText} (one of: ${SUBCOMMANDS.join(', ')})`);
    }
    const sub = subText as Sub;
    const writes = sub === 'calc' || sub === 'undo' || sub === 'redo';
    await openProject(ctx, project, !writes);
    const filter = str(ctx.opts, 'filter');
    const filterReq = filter !== undefined ? { filter } : {};
    switch (sub) {
      case 'list': {
        const id = await layerId(ctx, layerText);
        const sort = str(ctx.opts, 'sort');
        const fieldsText = str(ctx.opts, 'fields');
        const page = await ctx.client.api.features.list({
          layerId: id,
          offset: intOption(ctx, 'offset') ?? 0,
          limit: intOption(ctx, 'limit') ?? 20,
          ...filterReq,
          ...(sort !== undefined ? { sort: { field: sort, descending: flag(ctx.opts, 'desc') } } : {}),
          ...(fieldsText !== undefined ? { fields: fieldsText.split(',').map((s) => s.trim()) } : {}),
        });
        return { data: page, human: formatPage(page) };
      }
      case 'stats': {
        const id = await layerId(ctx, layerText);
        const field = str(ctx.opts, 'field');
        if (field === undefined) throw new GwzError('BAD_REQUEST', 'stats 需要 --field', 'stats needs --field');
        const stats = await ctx.client.api.features.stats({ layerId: id, field, bins: intOption(ctx, 'bins') ?? 10, ...filterReq });
        return { data: stats, human: formatStats(stats) };
      }
      case 'calc': {
        const id = await layerId(ctx, layerText);
        const field = str(ctx.opts, 'field');
        const expression = str(ctx.opts, 'expr');
        if (field === undefined || expression === undefined) throw new GwzError('BAD_REQUEST', 'calc 需要 --field 和 --expr', 'calc needs --field and --expr');
        const type = str(ctx.opts, 'type');
        if (type !== undefined && !['integer', 'real', 'text'].includes(type)) {
          throw new GwzError('BAD_REQUEST', '--type 应为 integer、real 或 text', '--type must be integer, real or text');
        }
        const result = await ctx.runJob('features.calc', {
          layerId: id,
          field,
          expression,
          ...filterReq,
          ...(type !== undefined ? { type: type as 'integer' | 'real' | 'text' } : {}),
        });
        const what = result.added ? '新建并计算字段 Added and calculated' : '已更新字段 Updated';
        return { data: result, human: `${what} 「${result.field}」: ${result.rowsUpdated} 行 rows (${result.seconds.toFixed(2)} s) · 撤销 undo: gwz features undo ${project}` };
      }
      case 'select': {
        const id = await layerId(ctx, layerText);
        if (filter === undefined) throw new GwzError('BAD_REQUEST', 'select 需要 --filter', 'select needs --filter');
        const sel = await ctx.client.api.features.select({ layerId: id, filter, ...(intOption(ctx, 'limit') !== undefined ? { limit: intOption(ctx, 'limit')! } : {}) });
        const ids = sel.fids.slice(0, 50).join(', ') + (sel.fids.length > 50 ? ', …' : '');
        const extent = sel.extent ? sel.extent.map((n) => n.toFixed(2)).join(', ') : '—';
        return { data: sel, human: `选中 Selected: ${sel.count}\nfid: ${ids}\n范围 Extent: ${extent}` };
      }
      case 'undo':
      case 'redo': {
        const req = layerText !== undefined ? { layerId: await layerId(ctx, layerText) } : {};
        const { edit } = sub === 'undo' ? await ctx.client.api.features.undo(req) : await ctx.client.api.features.redo(req);
        return { data: { edit }, human: formatEdit(edit, sub) };
      }
      case 'history': {
        const req = layerText !== undefined ? { layerId: await layerId(ctx, layerText) } : {};
        const { edits } = await ctx.client.api.features.history(req);
        return { data: { edits }, human: formatHistory(edits) };
      }
    }
  },
};

function formatIdentify(results: readonly IdentifyLayerResult[], lang: Lang): string {
  if (results.length === 0) return lang === 'en' ? 'Nothing here 此处没有要素' : '此处没有要素 Nothing here';
  const parts: string[] = [];
  for (const r of results) {
    if (r.kind === 'raster') {
      parts.push(`「${r.layerName}」 (raster) 行列 cell ${r.cell[0]}, ${r.cell[1]}: ${r.values.map((v) => (v === null ? '无数据 nodata' : num(v, 8))).join(', ')}`);
      continue;
    }
    parts.push(`「${r.layerName}」 ${r.features.length}${r.truncated ? '+' : ''} 个要素 features`);
    for (const f of r.features) {
      parts.push(`  fid ${f.fid}${f.distance > 0 ? ` (${num(f.distance, 4)})` : ''}`);
      parts.push(
        fieldLines(Object.entries(f.properties).map(([k, v]) => [`    ${k}`, cell(v)] as const)),
      );
    }
  }
  return parts.join('\n');
}

const identifyVerb: Verb = {
  name: 'identify',
  args: '<project> <x> <y>',
  minArgs: 3,
  maxArgs: 3,
  zh: '识别：某点（工程坐标系）处各图层的要素属性与栅格值',
  en: 'Identify: features and raster values of every layer at a point (project CRS)',
  options: {
    tolerance: { type: 'string', value: '<metres>', zh: '点、线的搜索半径（地图单位），默认 0', en: 'search radius for points and lines (map units), default 0' },
    layers: { type: 'string', value: '<a,b,…>', zh: '只查这些图层（名称或编号）', en: 'only these layers (names or ids)' },
  },
  async run(ctx) {
    const [project, xText, yText] = ctx.args as [string, string, string];
    const x = Number(xText);
    const y = Number(yText);
    if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GwzError('BAD_REQUEST', `坐标应为数字：${xText} ${yText}`, `Coordinates must be numbers: ${xText} ${yText}`);
    await openProject(ctx, project, true);
    const tol = str(ctx.opts, 'tolerance');
    const tolerance = tol === undefined ? 0 : Number(tol);
    if (!Number.isFinite(tolerance) || tolerance < 0) throw new GwzError('BAD_REQUEST', `--tolerance 应为非负数：${tol}`, `--tolerance must be a non-negative number: ${tol}`);
    const layersText = str(ctx.opts, 'layers');
    let layerIds: number[] | undefined;
    if (layersText !== undefined) {
      const { layers } = await ctx.client.api.layers.list({});
      layerIds = layersText.split(',').map((s) => findLayer(layers, s.trim()));
    }
    const { results } = await ctx.client.api.features.identify({ x, y, tolerance, ...(layerIds ? { layerIds } : {}) });
    return { data: { results }, human: formatIdentify(results, ctx.lang) };
  },
};

export function formatLog(log: BoreholeLog, series: readonly QualitySeries[]): string {
  const head = fieldLines([
    ['编号 Hole', `${log.holeId}${log.name ? ` ${log.name}` : ''}`],
    ['坐标 X, Y', `${log.x.toFixed(2)}, ${log.y.toFixed(2)}`],
    ['孔口高程 Elevation', num(log.elevation)],
    ['孔深 Depth', num(log.depth)],
    ['含水层 Aquifer', log.aquifer ?? '—'],
  ]);
  const parts = [head];
  if (log.intervals.length > 0) {
    parts.push(
      table(
        ['顶 Top m', '底 Bottom m', '岩性 Lithology', '代码 Code'],
        log.intervals.map((i) => [num(i.top), num(i.bottom), i.lithology, i.code]),
      ),
    );
  }
  if (log.levels.length > 0) {
    const last = log.levels[log.levels.length - 1]!;
    parts.push(`水位 Water level: ${log.levels.length} 次观测 readings, 最近 latest ${last.date} 埋深 depth ${num(last.depthToWater)} m`);
  }
  for (const s of series) {
    parts.push(
      `水质 ${s.analyte} (${s.unit}): ${s.points.length} 个样 samples, Ⅲ类限值 class III ${num(s.classIII)}, 超Ⅲ类 above III: ${s.exceedances}`,
    );
  }
  return parts.join('\n');
}

const boreholeVerb: Verb = {
  name: 'borehole',
  args: '<project> <hole-id>',
  minArgs: 2,
  maxArgs: 2,
  zh: '钻孔柱状图数据（岩性、水位）与监测井水质序列（GB/T 14848 分类，超Ⅲ类计数）',
  en: 'Borehole log (lithology, water levels) and monitoring-well water-quality series (GB/T 14848 classes, counts above class III)',
  options: {},
  async run(ctx) {
    const [project, hole] = ctx.args as [string, string];
    await openProject(ctx, project, true);
    const log = await ctx.client.api.features.boreholeLog({ holeId: hole });
    const { series } = await ctx.client.api.features.quality({ site: hole });
    return { data: { log, series }, human: formatLog(log, series) };
  },
};

/** Verbs of the attribute table, identify and borehole logs; registered in verbs.ts. */
export const FEATURE_VERBS: readonly Verb[] = [featuresVerb, identifyVerb, boreholeVerb];
