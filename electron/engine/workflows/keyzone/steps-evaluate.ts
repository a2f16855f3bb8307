import { DRASTIC_FACTORS, type DrasticFactor } from '../../../../shared/domain/keyzone-profile';
import { classBreaks, rampColors } from '../../../../shared/style';
import type { RasterStyle } from '../../../../shared/style';
import { requireVector } from '../../analysis/core/analysis-grid';
import type { Grid } from '../../analysis/core/grid';
import { emptyRaster, type RasterArray } from '../../analysis/core/raster-array';
import type { Output } from '../../analysis/core/run-analysis';
import { classifyRaster, rasterBreaks } from '../../analysis/raster/classify';
import { influenceFromPoints, readPointSources, type PointSource } from '../../analysis/raster/influence';
import { weightedSum } from '../../analysis/raster/weighted-overlay';
import { GwzError, type StepTable } from '../../../../shared/api';
import { applyMask, classCounts, loadClasses, positiveValues, sensitivity, valueClasses } from './evaluate';
import { readFactor } from './factor-source';
import { areaOf, insideMask, resolveLayer, round, type StepImpl } from './step-context';

/**
 * Steps 3–5 of the wizard: functional value, vulnerability (DRASTIC) and pollution-source load,
 * each on the evaluation grid of the work area, each writing its factor, index and class rasters
 * and the tables that explain them.
 */

export const GROUP = '重点区划定';

/** A paletted style for class codes 1…n with the profile's names (and value ranges when known). */
export function namedClassStyle(labels_zh: readonly string[], labels_en: readonly string[], ramp = 'risk', breaks?: readonly number[]): string {
  const colors = rampColors(ramp, labels_zh.length);
  const fmt = (v: number) => String(Number(v.toPrecision(5)));
  const style: RasterStyle = {
    kind: 'raster',
    type: 'paletted',
    opacity: 0.85,
    entries: labels_zh.map((zh, i) => {
      const range = breaks && breaks[i + 1] !== undefined ? `（${fmt(breaks[i]!)}–${fmt(breaks[i + 1]!)}）` : '';
      return { value: i + 1, color: colors[i]!, label: { zh: `${zh}${range}`, en: `${labels_en[i] ?? zh}${range}` } };
    }),
  };
  return JSON.stringify(style);
}

function raster(name: string, r: RasterArray, group: string, type: 'Float32' | 'Byte' = 'Float32', style?: string): Output {
  return { kind: 'raster', name, raster: r, type, groupName: `${GROUP}/${group}`, ...(style ? { style } : {}) };
}

/** Area table of a class raster: class, name, cells, km², share. */
export function classAreaTable(title_zh: string, title_en: string, r: RasterArray, labels: readonly string[], grid: Grid, breaks?: readonly number[]): StepTable {
  const counts = classCounts(r);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const cellKm2 = (grid.dx * grid.dy) / 1e6;
  const columns = ['级别 Class', '名称 Name', ...(breaks ? ['下限 From', '上限 To'] : []), '像元 Cells', '面积 km²', '占比 %'];
  const rows = labels.map((label, i) => {
    const n = counts.get(i + 1) ?? 0;
    return [i + 1, label, ...(breaks ? [round(breaks[i] ?? Number.NaN, 3), round(breaks[i + 1] ?? Number.NaN, 3)] : []), n, round(n * cellKm2, 3), total > 0 ? round((100 * n) / total, 2) : 0];
  });
  return { title_zh, title_en, columns, rows };
}

function tableOutput(name: string, t: StepTable, group: string): Output {
  const isNumber = (k: number) => t.rows.length > 0 && t.rows.every((r) => r[k] === null || typeof r[k] === 'number');
  return {
    kind: 'table',
    name,
    groupName: `${GROUP}/${group}`,
    // SQLite column names are case-insensitive and must be unique
    columns: t.columns.map((c, k) => ({ name: c.toLowerCase() === 'fid' || t.columns.slice(0, k).some((o) => o.toLowerCase() === c.toLowerCase()) ? `${c}_${k + 1}` : c, sqlType: isNumber(k) ? 'REAL' : 'TEXT' })),
    rows: t.rows,
  };
}

export { tableOutput };

function countNaNInside(r: RasterArray, inside: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < inside.length; i++) if (inside[i] && r.data[i] !== r.data[i]) n++;
  return n;
}

export const valueStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const { grid } = area;
  const inside = await insideMask(sc, area);
  const pv = sc.profile.value;
  sc.op.job.progress(10, '正在读取富水性', 'Reading water abundance');
  const abundanceRule = { ranges: pv.abundance.ranges, categories: [] };
  const ab = await readFactor(sc, sc.config.value.abundance, grid, abundanceRule, '富水性', 'Water abundance');
  const abundance = applyMask(ab.rating, inside);
  sc.op.job.progress(40, '正在读取水质类别', 'Reading water-quality classes');
  let qualityDescribe = { zh: `未提供水质数据，按方法配置默认 ${pv.defaultQualityClass} 类计（待核实）`, en: `no quality data: the profile's default class ${pv.defaultQualityClass} (to be verified)` };
  let quality: RasterArray;
  const extraOutputs: { role: string; output: Output }[] = [];
  let wellRows: (string | number | null)[][] | undefined;
  if (sc.config.value.quality) {
    const q = await readFactor(sc, sc.config.value.quality, grid, { ranges: [], categories: [], asClass: { min: 1, max: 5 } }, '水质类别', 'Water-quality class');
    quality = applyMask(q.rating, inside);
    qualityDescribe = { zh: q.describe_zh, en: q.describe_en };
    q.outputs.forEach((o, i) => extraOutputs.push({ role: i === 0 ? 'wells' : `wells${i}`, output: { ...o, groupName: `${GROUP}/3 功能价值` } as Output }));
    wellRows = q.rows;
  } else {
    quality = applyMask(emptyRaster(grid, pv.defaultQualityClass), inside);
    sc.op.warn(qualityDescribe.zh, qualityDescribe.en);
  }
  const value = applyMask(valueClasses(abundance, quality, pv.matrix), inside);
  const missing = countNaNInside(value, inside);
  if (missing > 0) sc.op.warn(`${missing} 个像元缺少富水性或水质类别，功能价值为无数据。`, `${missing} cells lack abundance or quality; their value is nodata.`);

  const qualityLabels = ['Ⅰ类', 'Ⅱ类', 'Ⅲ类', 'Ⅳ类', 'Ⅴ类'];
  const tables: StepTable[] = [
    {
      title_zh: '指标来源',
      title_en: 'Indicator sources',
      columns: ['指标 Indicator', '来源 Source', 'Source (en)'],
      rows: [
        ['富水性 Abundance', ab.describe_zh, ab.describe_en],
        ['水质类别 Quality class', qualityDescribe.zh, qualityDescribe.en],
      ],
    },
    {
      title_zh: '功能价值矩阵（富水性 × 水质类别）',
      title_en: 'Value matrix (abundance × quality class)',
      columns: ['富水性 Abundance', ...qualityLabels],
      rows: pv.matrix.map((row, i) => [pv.abundance.labels_zh[i] ?? String(i + 1), ...row.map((v) => pv.labels_zh[v - 1] ?? String(v))]),
    },
    classAreaTable('功能价值分级面积', 'Functional value classes', value, pv.labels_zh, grid),
  ];
  if (wellRows) {
    tables.push({
      title_zh: '地下水污染现状：监测井水质类别（GB/T 14848-2017）',
      title_en: 'Pollution status: monitoring-well quality classes (GB/T 14848-2017)',
      columns: ['监测井 Well', '类别 Class', '定类指标 Worst', '超Ⅲ类指标（超标倍数）', '日期 Date'],
      rows: wellRows,
    });
  }
  return {
    outputs: [
      { role: 'abundance', output: raster('富水性分级', abundance, '3 功能价值', 'Byte', namedClassStyle(pv.abundance.labels_zh, pv.abundance.labels_en, 'blues')) },
      { role: 'quality', output: raster('水质类别', quality, '3 功能价值', 'Byte', namedClassStyle(qualityLabels, ['I', 'II', 'III', 'IV', 'V'], 'gbt14848')) },
      { role: 'value', output: raster('地下水功能价值分级', value, '3 功能价值', 'Byte', namedClassStyle(pv.labels_zh, pv.labels_en, 'risk')) },
      { role: 'valueTable', output: tableOutput('功能价值分级面积', tables[2]!, '3 功能价值') },
      ...extraOutputs,
    ],
    tables,
    extra: {},
  };
};

export const vulnerabilityStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const { grid } = area;
  const inside = await insideMask(sc, area);
  const pv = sc.profile.vulnerability;
  const ratings: RasterArray[] = [];
  const weights: number[] = [];
  const outputs: { role: string; output: Output }[] = [];
  const factorRows: (string | number | null)[][] = [];
  const cvRows: (string | number | null)[][] = [];
  for (const [k, f] of DRASTIC_FACTORS.entries()) {
    sc.op.job.throwIfCancelled();
    sc.op.job.progress(5 + 60 * (k / DRASTIC_FACTORS.length), `正在评分 ${f}`, `Rating ${f}`);
    const spec = pv.factors[f]!;
    const source = sc.config.vulnerability.factors[f];
    if (!source) throw new GwzError('BAD_REQUEST', `脆弱性因子 ${f}（${spec.name_zh}）没有指定数据来源。`, `Vulnerability factor ${f} (${spec.name_en}) has no data source.`, { factor: f });
    const read = await readFactor(sc, source, grid, { ranges: spec.ranges, categories: spec.categories }, `${f} ${spec.name_zh}`, `${f} ${spec.name_en}`);
    const rating = applyMask(read.rating, inside);
    const gaps = countNaNInside(rating, inside);
    if (gaps > 0) {
      sc.op.warn(`${f} ${spec.name_zh}：${gaps} 个像元无评分（${read.unmatchedValues.slice(0, 5).join('、') || '无数据'}）。`, `${f} ${spec.name_en}: ${gaps} cells have no rating (${read.unmatchedValues.slice(0, 5).join(', ') || 'no data'}).`);
    }
    ratings.push(rating);
    weights.push(spec.weight);
    if (read.raw) outputs.push({ role: `raw_${f}`, output: raster(`${f}_${spec.name_zh}${spec.unit ? `（${spec.unit}）` : ''}`, applyMask(read.raw, inside), '4 脆弱性/因子') });
    outputs.push({ role: `rating_${f}`, output: raster(`${f}_${spec.name_zh}_评分`, rating, '4 脆弱性/因子', 'Byte') });
    let sum = 0, n = 0;
    for (const v of rating.data) if (v === v) { sum += v; n++; }
    factorRows.push([f, spec.name_zh, spec.weight, read.describe_zh, read.describe_en, n > 0 ? round(sum / n, 3) : null, spec.source.status === 'U' ? '待核实' : spec.source.status]);
    if (read.cv) cvRows.push([f, read.cv.n, round(read.cv.me, 4), round(read.cv.mae, 4), round(read.cv.rmse, 4)]);
  }
  sc.op.job.progress(70, '正在计算 DRASTIC 指数', 'Computing the DRASTIC index');
  const index = applyMask(weightedSum(ratings, weights), inside);
  const breaks = rasterBreaks(index, pv.classes.method, pv.classes.count, pv.classes.breaks);
  const classes = classifyRaster(index, breaks);
  if (classes.outside > 0) sc.op.warn(`${classes.outside} 个像元的指数在分级断点之外，未分级。`, `${classes.outside} cells have an index outside the breaks; they are not classed.`);
  const classRaster: RasterArray = { grid, data: classes.data };
  sc.op.job.progress(85, '正在进行敏感性分析', 'Sensitivity analysis');
  const sens = sensitivity(DRASTIC_FACTORS, ratings, weights, index);
  const labels = pv.classes.labels_zh;
  const methodZh = { jenks: '自然断点', equal: '等间距', quantile: '分位数', manual: '手动断点' }[pv.classes.method];
  const tables: StepTable[] = [
    {
      title_zh: '因子、权重与数据来源',
      title_en: 'Factors, weights and data sources',
      columns: ['因子 Factor', '名称 Name', '权重 Weight', '来源', 'Source', '平均评分 Mean rating', '状态 Status'],
      rows: factorRows,
    },
    classAreaTable(`脆弱性分级（${methodZh}，断点如表）`, `Vulnerability classes (${pv.classes.method}; breaks as listed)`, classRaster, labels, grid, breaks),
    {
      title_zh: '敏感性分析（单参数：有效权重 %；移除参数：变化率 %）',
      title_en: 'Sensitivity (single parameter: effective weight %; map removal: variation %)',
      columns: ['因子 Factor', '理论权重 %', '有效权重均值 %', '有效权重最小', '有效权重最大', '有效权重标准差', '移除变化均值 %', '移除变化最小', '移除变化最大', '移除变化标准差'],
      rows: sens.map((s) => [
        s.factor,
        round(s.theoreticalWeight, 2),
        round(s.effectiveWeight.mean, 2),
        round(s.effectiveWeight.min, 2),
        round(s.effectiveWeight.max, 2),
        round(s.effectiveWeight.sd, 2),
        round(s.mapRemoval.mean, 2),
        round(s.mapRemoval.min, 2),
        round(s.mapRemoval.max, 2),
        round(s.mapRemoval.sd, 2),
      ]),
    },
  ];
  if (cvRows.length > 0) {
    tables.push({ title_zh: '插值交叉验证（留一法）', title_en: 'Interpolation cross-validation (leave one out)', columns: ['因子 Factor', '点数 n', 'ME', 'MAE', 'RMSE'], rows: cvRows });
  }
  outputs.push(
    { role: 'index', output: raster('DRASTIC_脆弱性指数', index, '4 脆弱性') },
    { role: 'classes', output: raster('地下水脆弱性分级', classRaster, '4 脆弱性', 'Byte', namedClassStyle(labels, pv.classes.labels_en, 'risk', breaks)) },
    { role: 'classTable', output: tableOutput('脆弱性分级面积', tables[1]!, '4 脆弱性') },
    { role: 'sensitivity', output: tableOutput('脆弱性敏感性分析', tables[2]!, '4 脆弱性') },
  );
  return { outputs, tables, extra: { breaks, weights: Object.fromEntries(DRASTIC_FACTORS.map((f, i) => [f, weights[i]!])) as Record<DrasticFactor, number> } };
};

export interface ScoredSource {
  layer: string;
  fid: number;
  x: number;
  y: number;
  type: string;
  matched: string;
  scale: string | null;
  T: number;
  L: number;
  Q: number;
  P: number;
  radius: number;
}

export const loadStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const { grid } = area;
  const inside = await insideMask(sc, area);
  const pl = sc.profile.load;
  const scored: ScoredSource[] = [];
  const unmatched = new Map<string, number>();
  for (const src of sc.config.load.sources) {
    const row = resolveLayer(sc, src.layer, '污染源图层', 'Pollution-source layer');
    requireVector(sc.op, row.id, ['POINT']);
    const points = readPointSources(sc.op, row, { weight: src.typeField, ...(src.scaleField ? { radius: src.scaleField } : {}) });
    for (const p of points) {
      const type = p.weight === null || p.weight === undefined ? '' : String(p.weight).trim();
      const spec = pl.sourceTypes.find((t) => t.type === type || t.aliases.includes(type));
      if (!spec) {
        unmatched.set(type || '（空）', (unmatched.get(type || '（空）') ?? 0) + 1);
        continue;
      }
      const scale = src.scaleField && p.radius !== null && p.radius !== undefined ? String(p.radius).trim() : null;
      const Q = scale !== null && pl.scaleQuantity[scale] !== undefined ? pl.scaleQuantity[scale]! : spec.quantity;
      scored.push({ layer: row.name, fid: p.fid, x: p.x, y: p.y, type, matched: spec.type, scale, T: spec.toxicity, L: spec.likelihood, Q, P: spec.toxicity * spec.likelihood * Q, radius: spec.radius_m });
    }
  }
  if (unmatched.size > 0) {
    const list = [...unmatched.entries()].map(([t, n]) => `${t}（${n}）`).join('、');
    sc.op.warn(`这些污染源类型不在方法配置的评分表中，未计入荷载：${list}`, `These source types are not in the profile's scoring table and were left out: ${list}`);
  }
  if (scored.length === 0) {
    throw new GwzError('BAD_INPUT', '没有可评分的污染源（类型均不在评分表中，或图层没有点）。', 'No source could be scored (no type is in the scoring table, or the layers have no points).', {
      unmatched: [...unmatched.keys()],
    });
  }
  sc.op.job.progress(30, '正在计算污染源荷载', 'Computing the source load');
  const sources: PointSource[] = scored.map((s) => ({ x: s.x, y: s.y, weight: s.P, radius: s.radius }));
  const load = applyMask(influenceFromPoints(grid, sources, { kernel: pl.kernel, combine: 'sum' }), inside);
  const positives = positiveValues(load);
  let breaks: number[] = [];
  if (positives.length > 0) breaks = classBreaks(positives, pl.classes.method, pl.classes.count, pl.classes.breaks);
  else sc.op.warn('研究区内没有污染源影响，荷载全部为低。', 'No source reaches the study area; the load is low everywhere.');
  const classes = applyMask(loadClasses(load, breaks), inside);
  const labels = pl.classes.labels_zh;
  const tables: StepTable[] = [
    {
      title_zh: `污染源评分（P = T × L × Q，${pl.kernel === 'linear' ? '线性衰减 P·(1 − d/R)' : pl.kernel === 'exponential' ? '指数衰减' : '半径内阶跃'}）`,
      title_en: `Source scores (P = T × L × Q, ${pl.kernel} decay)`,
      columns: ['图层 Layer', '要素 Feature', '类型 Type', '评分类型 Scored as', '规模 Scale', 'T', 'L', 'Q', 'P', '半径 R (m)'],
      rows: scored.map((s) => [s.layer, s.fid, s.type, s.matched, s.scale, s.T, s.L, s.Q, s.P, s.radius]),
    },
    classAreaTable('污染源荷载分级（无荷载计为低）', 'Load classes (no load counts as low)', classes, labels, grid, breaks.length > 0 ? [0, ...breaks.slice(1)] : undefined),
  ];
  return {
    outputs: [
      { role: 'load', output: raster('污染源荷载', load, '5 污染源荷载') },
      { role: 'classes', output: raster('污染源荷载分级', classes, '5 污染源荷载', 'Byte', namedClassStyle(labels, pl.classes.labels_en, 'risk')) },
      { role: 'sources', output: tableOutput('污染源评分', tables[0]!, '5 污染源荷载') },
    ],
    tables,
    extra: { breaks, sources: scored },
  };
};
