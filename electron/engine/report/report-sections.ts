import { geometryFamily as geometryKindOf } from '../../../shared/style';
import { classIIILimit, classOfValue, GBT14848_LIMITS, indicatorKey, limitsIndex } from '../../../shared/domain/gbt14848';
import { listRuns } from '../project/runs';
import type { LayerRow } from '../project/layers';
import type { Block } from './docx';
import type { ReportContext, ReportSection } from './report-context';
import {
  categorizedClasses,
  countyAreas,
  countyClassAreas,
  featureCount,
  findCountyLayer,
  hasColumn,
  km2,
  valueCounts,
  type CountyLayer,
} from './report-stats';

/**
 * The chapters of the technical report (domain.md §2.6), each filled from what the project holds.
 * Workflows plug their own chapters in by adding to REPORT_SECTIONS; what the software cannot know
 * (local context, countermeasures) is a highlighted placeholder, never invented text.
 */

const h = (level: 1 | 2 | 3, text: string): Block => ({ t: 'heading', level, text });
const p = (text: string): Block => ({ t: 'para', text });

const KIND_ZH: Record<string, string> = { vector: '矢量', raster: '栅格', table: '属性表' };
const GEOM_ZH: Record<string, string> = { polygon: '面', line: '线', point: '点' };

function county(ctx: ReportContext): CountyLayer | null {
  return findCountyLayer(ctx.project.db, ctx.layers, ctx.spec.countyLayerId, ctx.spec.countyField);
}

const geographic = (ctx: ReportContext): boolean => ctx.project.crs.srs.isGeographic();

/** Layers whose style says what they are: key zones (zone_class) and protection zones (zone_level). */
const byStyleField = (ctx: ReportContext, field: string): LayerRow[] => ctx.layers.filter((l) => categorizedClasses(l)?.field === field);

/** A per-county area table of a categorized polygon layer, one column per class. */
function perCountyTable(ctx: ReportContext, chapter: string, c: CountyLayer, layer: LayerRow, caption: string): Block {
  const cls = categorizedClasses(layer)!;
  const areas = countyClassAreas(ctx.project.db, c, layer, cls.field, geographic(ctx));
  const totals = countyAreas(ctx.project.db, c, geographic(ctx));
  const rows: (string | number)[][] = totals.map((t) => {
    const m = areas.get(t.county) ?? new Map<string, number>();
    return [t.county, km2(t.km2), ...cls.classes.map((k) => km2(m.get(k.value) ?? 0))];
  });
  const sum = (i: number): number => rows.reduce((s, r) => s + Number(r[i]), 0);
  rows.push(['合计', km2(sum(1)), ...cls.classes.map((_, i) => km2(sum(i + 2)))]);
  return ctx.table(chapter, caption, ['县（区）', '行政区面积/km²', ...cls.classes.map((k) => `${k.label}/km²`)], rows, `注：面积在工程坐标系（${ctx.project.crs.name}）中计算。`);
}

function baseLayers(ctx: ReportContext, c: CountyLayer | null): number[] {
  const ids: number[] = [];
  const rivers = ctx.layers.find((l) => l.kind === 'vector' && geometryKindOf(l.geometry_type) === 'line' && /水系|河流|河/.test(l.name));
  if (c) ids.push(c.row.id);
  if (rivers) ids.push(rivers.id);
  return ids;
}

const overview: ReportSection = {
  id: 'overview',
  chapter: '1',
  title: '第1章\u3000总论',
  async build(ctx) {
    const c = county(ctx);
    const out: Block[] = [h(1, this.title), h(2, '1.1\u3000项目背景'), ctx.placeholder('工作区地下水污染防治工作的背景、任务来源与目标。')];
    out.push(h(2, '1.2\u3000编制依据'));
    for (const basis of [
      '《地下水污染防治重点区划定技术指南（试行）》（生态环境部办公厅、水利部办公厅、自然资源部办公厅，2023年）；',
      '《地下水型饮用水水源补给区划定技术指南（试行）》（环办便函〔2022〕335号）；',
      '《饮用水水源保护区划分技术规范》（HJ 338-2018）；',
      '《地下水质量标准》（GB/T 14848-2017）。',
    ]) {
      out.push(p(basis));
    }
    out.push(ctx.placeholder('地方性法规、规划及其他依据。'));
    out.push(h(2, '1.3\u3000工作范围'));
    if (c) {
      const areas = countyAreas(ctx.project.db, c, geographic(ctx));
      const total = areas.reduce((s, a) => s + a.km2, 0);
      out.push(p(`工作范围为${areas.map((a) => a.county).join('、')}共 ${areas.length} 个县（区），总面积 ${km2(total)} km²。`));
    } else {
      out.push(ctx.placeholder('工作范围（工程中没有县界图层）。'));
    }
    out.push(h(2, '1.4\u3000技术路线'));
    out.push(
      p('按照资料收集与补充调查、保护类区域划定、管控类区域划定（地下水功能价值评估、脆弱性评估、污染源荷载评估及叠加分析）、重点区划定与边界协调、差别化管控对策的顺序开展工作，各步骤的参数与输入数据均记录于工程文件的运行记录中（见附录A）。'),
    );
    out.push(h(2, '1.5\u3000资料收集'));
    const rows = ctx.layers.map((l) => [
      l.name,
      KIND_ZH[l.kind] ?? l.kind,
      l.kind === 'vector' ? (GEOM_ZH[geometryKindOf(l.geometry_type)] ?? '') : '—',
      featureCount(ctx.project.db, l),
      l.origin === 'import' ? '导入' : l.origin === 'analysis' ? '分析生成' : '编辑',
    ]);
    out.push(ctx.table('1', '资料清单', ['图层', '类型', '几何', '要素数', '来源'], rows));
    return out;
  },
};

const LIMITS = limitsIndex(GBT14848_LIMITS);

const region: ReportSection = {
  id: 'region',
  chapter: '2',
  title: '第2章\u3000区域概况',
  async build(ctx) {
    const c = county(ctx);
    const db = ctx.project.db;
    const out: Block[] = [h(1, this.title), h(2, '2.1\u3000自然地理与社会经济'), ctx.placeholder('地形地貌、气象水文、人口与经济概况。')];
    const base = baseLayers(ctx, c);
    out.push(await ctx.figure('2', '工作区位置图', { layerIds: base, elements: { inset: true } }));
    const dem = ctx.layers.find((l) => l.kind === 'raster' && /高程|DEM/i.test(l.name));
    if (dem) out.push(await ctx.figure('2', '地形图', { layerIds: [dem.id, ...base] }));

    out.push(h(2, '2.2\u3000地质与水文地质条件'));
    out.push(ctx.placeholder('区域地质构造、含水岩组及其富水性、地下水补径排条件。'));
    const hydro = ctx.layers.find((l) => l.kind === 'vector' && /水文地质/.test(l.name));
    if (hydro) {
      out.push(await ctx.figure('2', `${hydro.name}图`, { layerIds: [...(c ? [c.row.id] : []), hydro.id] }));
      if (c && categorizedClasses(hydro)) out.push(perCountyTable(ctx, '2', c, hydro, `各县（区）${hydro.name}面积统计`));
    }

    out.push(h(2, '2.3\u3000地下水开发利用'));
    const sources = ctx.layers.find((l) => l.kind === 'vector' && /水源/.test(l.name));
    if (sources) {
      const fields = ['名称', '取水量', '服务人口', '含水层'].filter((f) => hasColumn(db, sources, f));
      const rows = (db.prepare(`SELECT ${fields.map((f) => `"${f}"`).join(', ') || 'fid'} FROM "${sources.table_name}" ORDER BY fid`).all() as Record<string, unknown>[]).map((r) =>
        fields.map((f) => (r[f] === null || r[f] === undefined ? '—' : String(r[f]))),
      );
      if (fields.length) out.push(ctx.table('2', '地下水型饮用水水源清单', fields.map((f) => (f === '取水量' ? '取水量/(m³/d)' : f)), rows));
      out.push(await ctx.figure('2', '地下水型饮用水水源分布图', { layerIds: [...base, sources.id] }));
    } else {
      out.push(ctx.placeholder('地下水开采量、集中式水源分布（工程中没有水源图层）。'));
    }

    out.push(h(2, '2.4\u3000地下水质量与污染状况'));
    const wq = db.prepare(`SELECT analyte, COUNT(*) AS n, COUNT(DISTINCT site) AS sites, MIN(value) AS lo, MAX(value) AS hi, AVG(value) AS mean FROM gw_quality GROUP BY analyte ORDER BY analyte`).all() as {
      analyte: string;
      n: number;
      sites: number;
      lo: number | null;
      hi: number | null;
      mean: number | null;
    }[];
    if (wq.length > 0) {
      // detected values worse than class III by shared/domain/gbt14848 (the same classing as the water-quality analysis)
      const values = db.prepare('SELECT site, value FROM gw_quality WHERE analyte = ? AND value IS NOT NULL AND qualifier IS NULL');
      const f = (v: number | null): string => (v === null ? '—' : Number(v.toPrecision(4)).toString());
      const rows = wq.map((r) => {
        const limits = LIMITS.get(indicatorKey(r.analyte));
        if (!limits) return [r.analyte, r.sites, r.n, f(r.lo), f(r.hi), f(r.mean), '—', '—'];
        const worse = (values.all(r.analyte) as { site: string; value: number }[]).filter((v) => classOfValue(limits, v.value) > 3);
        return [r.analyte, r.sites, r.n, f(r.lo), f(r.hi), f(r.mean), f(classIIILimit(limits)), `${worse.length}（${new Set(worse.map((w) => w.site)).size} 个点）`];
      });
      out.push(p(`工程中共有 ${wq.reduce((s, r) => s + r.n, 0)} 项次水质检测结果，按《地下水质量标准》（GB/T 14848-2017）Ⅲ类限值统计超标情况如下表。`));
      out.push(ctx.table('2', '地下水水质检测结果统计', ['指标', '监测点数', '样品数', '最小值/(mg/L)', '最大值/(mg/L)', '均值/(mg/L)', 'Ⅲ类限值/(mg/L)', '超Ⅲ类样品数'], rows, '注：未检出按检出限以下计，不计入超标。'));
    } else {
      out.push(ctx.placeholder('地下水质量现状（工程中没有水质监测数据）。'));
    }

    out.push(h(2, '2.5\u3000污染源'));
    const pollution = ctx.layers.find((l) => l.kind === 'vector' && /污染源/.test(l.name));
    if (pollution) {
      const typeField = ['类型', '行业', 'type'].find((f) => hasColumn(db, pollution, f));
      if (typeField) {
        const counts = valueCounts(db, pollution, typeField);
        out.push(p(`工作区共收集污染源 ${counts.reduce((s, r) => s + r.n, 0)} 处，按${typeField}统计如下表。`));
        out.push(ctx.table('2', '污染源统计', [typeField, '数量/处'], [...counts.map((r) => [r.value ?? '—', r.n]), ['合计', counts.reduce((s, r) => s + r.n, 0)]]));
      }
      const parks = ctx.layers.filter((l) => l.kind === 'vector' && /园区/.test(l.name)).map((l) => l.id);
      out.push(await ctx.figure('2', '污染源分布图', { layerIds: [...base, ...parks, pollution.id] }));
    } else {
      out.push(ctx.placeholder('污染源调查情况（工程中没有污染源图层）。'));
    }
    return out;
  },
};

const protection: ReportSection = {
  id: 'protection',
  chapter: '3',
  title: '第3章\u3000保护类区域划定',
  async build(ctx) {
    const c = county(ctx);
    const out: Block[] = [h(1, this.title)];
    const zones = byStyleField(ctx, 'zone_level');
    if (zones.length === 0) {
      out.push(p('工程中尚无饮用水水源保护区或补给区成果图层。'));
      out.push(ctx.placeholder('已划定的饮用水水源保护区、补给区及特殊地下水资源保护区情况；未划定的按 HJ 338-2018 和环办便函〔2022〕335号划定后自动填入。'));
      return out;
    }
    for (const z of zones) {
      out.push(h(2, z.name));
      out.push(await ctx.figure('3', `${z.name}图`, { layerIds: [...baseLayers(ctx, c), z.id] }));
      if (c) out.push(perCountyTable(ctx, '3', c, z, `各县（区）${z.name}面积统计`));
      for (const t of groupTables(ctx, z)) out.push(dataTable(ctx, '3', t));
    }
    return out;
  },
};

const control: ReportSection = {
  id: 'control',
  chapter: '4',
  title: '第4章\u3000管控类区域划定',
  async build(ctx) {
    const out: Block[] = [h(1, this.title)];
    const analysis = ctx.layers.filter((l) => l.origin === 'analysis');
    const sections: [string, RegExp][] = [
      ['4.1\u3000地下水功能价值评估', /功能价值|价值/],
      ['4.2\u3000地下水脆弱性评估', /脆弱|DRASTIC/i],
      ['4.3\u3000地下水污染源荷载评估', /荷载/],
      ['4.4\u3000叠加与管控类区域确定', /管控/],
    ];
    const c = county(ctx);
    for (const [title, pattern] of sections) {
      out.push(h(2, title));
      const hits = analysis.filter((l) => pattern.test(l.name));
      if (hits.length === 0) {
        out.push(ctx.placeholder(`${title.slice(5)}的方法、参数与结果（相应工作流运行后自动填入）。`));
        continue;
      }
      for (const l of hits) out.push(await layerBlock(ctx, '4', l, baseLayers(ctx, c)));
    }
    const profiles = ctx.project.db.prepare('SELECT name, version, kind, body, builtin FROM gwz_profiles ORDER BY kind, name').all() as {
      name: string;
      version: string;
      kind: string;
      body: string;
      builtin: number;
    }[];
    if (profiles.length > 0) {
      // the method profiles carry their unconfirmed defaults marked [U] / 待核实 (domain.md): count them so a reader sees what is unverified
      const unverified = (body: string): number => (body.match(/"status"\s*:\s*"U"|待核实/g) ?? []).length;
      out.push(
        ctx.table(
          '4',
          '方法配置',
          ['名称', '类型', '版本', '来源', '待核实参数'],
          profiles.map((r) => [r.name, r.kind === 'keyzone' ? '重点区' : '补给区', r.version, r.builtin ? '内置' : '用户', unverified(r.body)]),
          '注：待核实参数为默认值尚未与正式文件核对的项目，使用前请核实。',
        ),
      );
    }
    const runs = listRuns(ctx.project.db, { limit: 1000 });
    out.push(p(runs.length > 0 ? `各项评估共运行 ${runs.length} 次分析运算，参数与输入数据见附录A。` : '工程中尚无分析运算记录。'));
    return out;
  },
};

const result: ReportSection = {
  id: 'result',
  chapter: '5',
  title: '第5章\u3000重点区划定结果',
  async build(ctx) {
    const c = county(ctx);
    const out: Block[] = [h(1, this.title)];
    const zones = byStyleField(ctx, 'zone_class');
    if (zones.length === 0) {
      out.push(p('工程中尚无重点区成果图层，下表列出各县（区）行政区面积，供划定后对照。'));
      out.push(ctx.placeholder('重点区划定结果、与国土空间规划和生态环境分区管控方案的衔接、边界调整情况（重点区工作流运行后自动填入）。'));
    }
    for (const z of zones) {
      out.push(h(2, z.name));
      out.push(await ctx.figure('5', `${z.name}图`, { layerIds: [...baseLayers(ctx, c), z.id] }));
      if (c) out.push(perCountyTable(ctx, '5', c, z, `各县（区）${z.name}面积统计`));
      const list = zoneList(ctx, z);
      if (list) out.push(list);
      for (const t of groupTables(ctx, z)) out.push(dataTable(ctx, '5', t));
    }
    if (c) {
      const areas = countyAreas(ctx.project.db, c, geographic(ctx));
      const rows: (string | number)[][] = areas.map((a) => [a.county, km2(a.km2)]);
      rows.push(['合计', km2(areas.reduce((s, a) => s + a.km2, 0))]);
      out.push(ctx.table('5', '各县（区）面积统计', ['县（区）', '面积/km²'], rows));
    }
    return out;
  },
};

const measures: ReportSection = {
  id: 'measures',
  chapter: '6',
  title: '第6章\u3000分区管控对策建议',
  async build(ctx) {
    return [
      h(1, this.title),
      h(2, '6.1\u3000保护类区域'),
      ctx.placeholder('保护类区域的管控要求与措施。'),
      h(2, '6.2\u3000管控类区域'),
      ctx.placeholder('一级、二级管控区的差别化管控措施。'),
      h(2, '6.3\u3000一般区'),
      ctx.placeholder('一般区的管理要求。'),
    ];
  },
};

const conclusion: ReportSection = {
  id: 'conclusion',
  chapter: '7',
  title: '第7章\u3000结论与建议',
  async build(ctx) {
    return [h(1, this.title), ctx.placeholder('主要结论、存在问题及下一步工作建议。')];
  },
};

const provenance: ReportSection = {
  id: 'provenance',
  chapter: 'A',
  title: '附录A\u3000运行记录',
  async build(ctx) {
    const runs = listRuns(ctx.project.db, { limit: 1000 }).reverse();
    const out: Block[] = [h(1, this.title), p('工程文件 gwz_runs 表记录的每一次分析运算（参数、输入图层及其校验和、软件版本、时间），据此可复核或重新运行任一成果。')];
    if (runs.length === 0) {
      out.push(p('（工程中尚无运行记录。）'));
      return out;
    }
    out.push(
      ctx.table(
        'A',
        '分析运算记录',
        ['编号', '运算', '状态', '开始时间', '参数', '输入（校验和前12位）'],
        runs.map((r) => [r.id, r.operation, r.status === 'succeeded' ? '完成' : r.status, r.startedAt.replace('T', ' ').slice(0, 19), paramsText(r.params), inputsText(r.inputs)]),
        undefined,
        [0.6, 1.7, 0.8, 1.5, 3.2, 2.6],
      ),
    );
    return out;
  },
};

const baseName = (v: string): string => v.split(/[\\/]/).pop() ?? v;
const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Parameters as key=value, file paths by their names (the full paths are in the project's gwz_runs). */
function paramsText(params: unknown): string {
  if (!params || typeof params !== 'object') return clip(JSON.stringify(params) ?? '', 200);
  return clip(
    Object.entries(params as Record<string, unknown>)
      .map(([k, v]) => `${k}=${typeof v === 'string' && /[\\/]/.test(v) ? baseName(v) : typeof v === 'object' ? clip(JSON.stringify(v), 60) : String(v)}`)
      .join('；'),
    240,
  );
}

/** Input files or layers with the start of their checksums. */
function inputsText(inputs: unknown): string {
  const o = (inputs ?? {}) as { files?: { path?: string; sha256?: string }[]; layers?: { name?: string; layerId?: number; sha256?: string }[] };
  const parts = [
    ...(o.files ?? []).map((f) => `${baseName(f.path ?? '')} ${String(f.sha256 ?? '').slice(0, 12)}`),
    ...(o.layers ?? []).map((l) => `「${l.name ?? l.layerId}」 ${String(l.sha256 ?? '').slice(0, 12)}`),
  ];
  return clip(parts.length ? parts.join('；') : JSON.stringify(inputs), 240);
}

/**
 * A table layer a workflow wrote (area statistics, sensitivity…) as a report table, its columns as
 * they are; long tables are cut at 200 rows with a note.
 */
function dataTable(ctx: ReportContext, chapter: string, layer: LayerRow): Block {
  const db = ctx.project.db;
  const cols = (db.prepare(`PRAGMA table_info("${layer.table_name}")`).all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'fid' && c !== 'geom');
  const all = db.prepare(`SELECT ${cols.map((c) => `"${c.replace(/"/g, '""')}"`).join(', ')} FROM "${layer.table_name}" ORDER BY fid`).raw().all() as unknown[][];
  const cell = (v: unknown): string | number => (v === null || v === undefined ? '—' : typeof v === 'number' ? Number(v.toPrecision(6)) : String(v));
  const rows = all.slice(0, 200).map((r) => r.map(cell));
  return ctx.table(chapter, layer.name, cols, rows, all.length > 200 ? `注：共 ${all.length} 行，此处列出前 200 行，全部见工程文件。` : undefined);
}

/** A workflow's layer drawn as a figure over the base layers, or printed as a table. */
async function layerBlock(ctx: ReportContext, chapter: string, layer: LayerRow, base: number[]): Promise<Block> {
  if (layer.kind === 'table') return dataTable(ctx, chapter, layer);
  return ctx.figure(chapter, `${layer.name}图`, { layerIds: layer.kind === 'raster' ? [layer.id, ...base] : [...base, layer.id] });
}

/** The tables a workflow step wrote beside a result layer (same layer group), e.g. 重点区分县统计. */
function groupTables(ctx: ReportContext, layer: LayerRow): LayerRow[] {
  return layer.group_name ? ctx.layers.filter((l) => l.kind === 'table' && l.group_name === layer.group_name) : [];
}

const CODE_FIELDS = ['zone_code', 'code', '编号', '分区编号', '代码'];

/** The list of zones with their codes, class and area (成果表), when the layer has a code field. */
function zoneList(ctx: ReportContext, layer: LayerRow): Block | null {
  const db = ctx.project.db;
  const code = CODE_FIELDS.find((f) => hasColumn(db, layer, f));
  const cls = categorizedClasses(layer);
  if (!code || !cls) return null;
  const label = new Map(cls.classes.map((k) => [k.value, k.label]));
  const area = geographic(ctx) ? 'ST_Area(geom, 1)' : 'ST_Area(geom)';
  const rows = (db.prepare(`SELECT CAST("${code}" AS TEXT) AS code, CAST("${cls.field}" AS TEXT) AS cls, ${area} AS a FROM "${layer.table_name}" ORDER BY 1`).all() as { code: string | null; cls: string | null; a: number | null }[]).map(
    (r) => [r.code ?? '—', label.get(r.cls ?? '') ?? r.cls ?? '—', km2((r.a ?? 0) / 1e6)],
  );
  return ctx.table('5', `${layer.name}一览`, ['编号', '类型', '面积/km²'], rows);
}

/** In chapter order. A workflow adds its chapter by inserting a section here (before the appendices). */
export const REPORT_SECTIONS: ReportSection[] = [overview, region, protection, control, result, measures, conclusion, provenance];
