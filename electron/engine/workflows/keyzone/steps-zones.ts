import { GwzError, type StepTable } from '../../../../shared/api';
import { PROTECTION_TYPES, ZONE, type ProtectionType } from '../../../../shared/domain/keyzone-profile';
import { keyZoneStyle, protectionZoneStyle, type VectorStyle } from '../../../../shared/style';
import { requireVector } from '../../analysis/core/analysis-grid';
import { gridForExtent, MAX_GRID_CELLS } from '../../analysis/core/grid';
import { polygonizeMask } from '../../analysis/core/polygonize';
import type { Output, VectorOutput } from '../../analysis/core/run-analysis';
import { rasterizeFeatureIds, requireField } from '../../analysis/core/vector-raster';
import { layerInfo } from '../../project/layers';
import { combineRasters } from './evaluate';
import { ZoneGeometry } from './geometry-sql';
import { areaOf, insideMask, needStep, resolveLayer, round, stepRaster, type StepContext, type StepImpl } from './step-context';
import { GROUP, namedClassStyle, tableOutput } from './steps-evaluate';

/** Steps 1, 2, 7 and 8: the work area, protection-type areas, control-type areas and the key zones by administrative unit. */

const KM2 = 1e6;

/** zone_level values of protection layers (shared/style presets) for each protection type. */
const LEVEL: Record<ProtectionType, string> = {
  一级保护区: 'level1',
  二级保护区: 'level2',
  准保护区: 'quasi',
  补给区: 'recharge',
  矿泉水保护区: 'mineral',
  名泉保护区: 'spring',
  其他保护区: 'other',
};

function protectionStyle(): string {
  const base = protectionZoneStyle();
  if (base.type !== 'categorized') return JSON.stringify(base);
  const extra = [
    { value: 'mineral', label: { zh: '矿泉水保护区', en: 'Mineral-water protection area' }, color: '#9ecae1' },
    { value: 'spring', label: { zh: '名泉保护区', en: 'Famous-spring protection area' }, color: '#6baed6' },
    { value: 'other', label: { zh: '其他保护区', en: 'Other protection area' }, color: '#c6dbef' },
  ];
  const style: VectorStyle = {
    ...base,
    categories: [
      ...base.categories,
      ...extra.map((e) => ({ value: e.value, label: e.label, symbol: { fill: e.color, fillOpacity: 0.5, stroke: { color: '#2171b5', width: 0.8 } } })),
    ],
  };
  return JSON.stringify(style);
}

function geometryOf(sc: StepContext): ZoneGeometry {
  return new ZoneGeometry(sc.op.db, sc.op.project.crs.srid);
}

/** A cell size giving at most ~2 million cells over the extent, starting from the profile's. */
export function suggestCellSize(extent: readonly number[], preferred: number): number {
  const w = extent[2]! - extent[0]!;
  const h = extent[3]! - extent[1]!;
  const nice = [10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000];
  for (const c of nice) if (c >= preferred && (w / c) * (h / c) <= 2_000_000) return c;
  return 10000;
}

function vector(name: string, group: string, columns: VectorOutput['columns'], rows: { values: unknown[]; wkb: Buffer }[], style?: string): Output {
  return { kind: 'vector', name, geometryType: 'MULTIPOLYGON', columns, rows, groupName: `${GROUP}/${group}`, ...(style ? { style } : {}) };
}

export const areaStep: StepImpl = async (sc) => {
  const cfg = sc.config.area;
  const study = resolveLayer(sc, cfg.studyArea, '研究区', 'Study area');
  requireVector(sc.op, study.id, ['POLYGON']);
  const admin = resolveLayer(sc, cfg.adminUnits, '行政单元', 'Administrative units');
  requireVector(sc.op, admin.id, ['POLYGON']);
  requireField(sc.op, admin, cfg.adminNameField);
  if (cfg.adminCodeField) requireField(sc.op, admin, cfg.adminCodeField);
  const geo = geometryOf(sc);
  const work = geo.layerUnion(study);
  const workM2 = geo.area(work);
  if (!work || workM2 <= 0) throw new GwzError('BAD_INPUT', `研究区图层「${study.name}」没有面积。`, `The study-area layer "${study.name}" has no area.`, { layer: study.id });
  const extent = layerInfo(sc.op.db, study).extent!;
  const cellSize = cfg.cellSize ?? suggestCellSize(extent, sc.profile.cellSize);
  const grid = gridForExtent(extent, cellSize, sc.op.project.crs.srid);
  if (grid.width * grid.height > MAX_GRID_CELLS / 10) sc.op.warn(`评价格网较大（${grid.width} × ${grid.height}），运行较慢。`, `The evaluation grid is large (${grid.width} × ${grid.height}); runs will be slow.`);

  const units = geo.layerGeometries(admin, [cfg.adminNameField, ...(cfg.adminCodeField ? [cfg.adminCodeField] : [])]);
  const rows: (string | number | null)[][] = [];
  let covered = 0;
  for (const u of units) {
    const a = geo.area(geo.intersection(u.wkb, work)) / KM2;
    covered += a;
    rows.push([String(u.values[0] ?? ''), cfg.adminCodeField ? String(u.values[1] ?? '') : null, round(a, 4), round((100 * a * KM2) / workM2, 3)]);
  }
  if (covered <= 0) {
    throw new GwzError('BAD_INPUT', `行政单元「${admin.name}」与研究区不相交，请检查两者的范围和坐标系。`, `The administrative units "${admin.name}" do not overlap the study area; check their extents and CRS.`, {
      admin: admin.id,
      study: study.id,
    });
  }
  const outsideShare = 1 - (covered * KM2) / workM2;
  if (Math.abs(outsideShare) > 1e-4) {
    sc.op.warn(
      `行政单元覆盖研究区的 ${(100 * (1 - outsideShare)).toFixed(3)}%（重叠或缺口），统计时未归属的部分计入「行政区外」。`,
      `The administrative units cover ${(100 * (1 - outsideShare)).toFixed(3)}% of the study area (overlaps or gaps); unassigned parts count as "outside".`,
    );
  }
  const table: StepTable = {
    title_zh: `行政单元（研究区 ${round(workM2 / KM2, 3)} km²，格网 ${cellSize} m，${grid.width} × ${grid.height}）`,
    title_en: `Administrative units (study area ${round(workM2 / KM2, 3)} km², grid ${cellSize} m, ${grid.width} × ${grid.height})`,
    columns: ['行政区 Unit', '代码 Code', '面积 km²', '占研究区 %'],
    rows,
  };
  return {
    outputs: [
      {
        role: 'workArea',
        output: vector('工作区范围', '1 工作区', [{ name: '名称', sqlType: 'TEXT' }, { name: '面积_km2', sqlType: 'REAL' }], [{ values: ['工作区', round(workM2 / KM2, 4)], wkb: work }]),
      },
      { role: 'units', output: tableOutput('行政单元面积', table, '1 工作区') },
    ],
    tables: [table],
    extra: { grid, areaKm2: workM2 / KM2, cellSize },
  };
};

export const protectionStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const geo = geometryOf(sc);
  const work = geo.layerUnion(sc.op.layer(area.workAreaLayer));
  const byType = new Map<ProtectionType, { parts: Buffer[]; sources: Set<string> }>();
  const add = (t: ProtectionType, wkb: Buffer | null, source: string) => {
    if (!wkb) return;
    const e = byType.get(t) ?? { parts: [], sources: new Set<string>() };
    e.parts.push(wkb);
    e.sources.add(source);
    byType.set(t, e);
  };
  for (const input of sc.config.protection.layers) {
    const row = resolveLayer(sc, input.layer, '保护类区域图层', 'Protection-area layer');
    requireVector(sc.op, row.id, ['POLYGON']);
    if (input.type) {
      add(input.type, geo.layerUnion(row), row.name);
      continue;
    }
    if (!input.typeField) {
      throw new GwzError('BAD_REQUEST', `保护类图层「${row.name}」需要指定类型或类型字段。`, `Protection layer "${row.name}" needs a type or a type field.`, { layer: row.id });
    }
    const field = requireField(sc.op, row, input.typeField);
    const unmatched = new Set<string>();
    for (const f of geo.layerGeometries(row, [field])) {
      const raw = String(f.values[0] ?? '').trim();
      const t = input.map?.[raw] ?? (PROTECTION_TYPES as readonly string[]).find((p) => p === raw || p.startsWith(raw));
      if (!t) unmatched.add(raw);
      else add(t as ProtectionType, f.wkb, row.name);
    }
    if (unmatched.size > 0) {
      sc.op.warn(`图层「${row.name}」中这些类型无法对应保护类区域类型，已略过：${[...unmatched].join('、')}`, `Layer "${row.name}": these types match no protection type and were left out: ${[...unmatched].join(', ')}`);
    }
  }
  const radius = sc.profile.protection.wellRadius;
  for (const w of sc.config.protection.wells) {
    const row = resolveLayer(sc, w.layer, '水源井图层', 'Source-well layer');
    requireVector(sc.op, row.id, ['POINT']);
    const label = `${row.name}（经验半径 ${radius.primary}/${radius.secondary}${radius.quasi ? `/${radius.quasi}` : ''} m，待核实）`;
    add('一级保护区', geo.buffers(row, radius.primary), label);
    add('二级保护区', geo.buffers(row, radius.secondary), label);
    if (radius.quasi) add('准保护区', geo.buffers(row, radius.quasi), label);
  }
  // most restrictive first: each type keeps only what the types before it did not take
  let taken: Buffer | null = null;
  const rows: { values: unknown[]; wkb: Buffer }[] = [];
  const tableRows: (string | number | null)[][] = [];
  for (const t of PROTECTION_TYPES) {
    const e = byType.get(t);
    if (!e) continue;
    const own = geo.difference(geo.intersection(geo.unionAll(e.parts), work), taken);
    const a = geo.area(own);
    if (!own || a <= 0) continue;
    taken = geo.unionAll([taken, own]);
    const sources = [...e.sources].join('；');
    rows.push({ values: [LEVEL[t], t, sources, round(a / KM2, 6)], wkb: own });
    tableRows.push([t, sources, round(a / KM2, 4), round((100 * a) / KM2 / area.areaKm2, 3)]);
  }
  if (rows.length === 0) sc.op.warn('没有保护类区域（未选择图层，或都在研究区外）。', 'No protection-type areas (no layer chosen, or all outside the study area).');
  const total = geo.area(taken) / KM2;
  tableRows.push(['合计 Total', '', round(total, 4), round((100 * total) / area.areaKm2, 3)]);
  const table: StepTable = { title_zh: '保护类区域面积（重叠部分归较严格的类型）', title_en: 'Protection-type areas (overlaps go to the stricter type)', columns: ['类型 Type', '来源 Source', '面积 km²', '占研究区 %'], rows: tableRows };
  return {
    outputs: [
      {
        role: 'protection',
        output: vector(
          '保护类区域',
          '2 保护类区域',
          [
            { name: 'zone_level', sqlType: 'TEXT' },
            { name: '类型', sqlType: 'TEXT' },
            { name: '来源', sqlType: 'TEXT' },
            { name: '面积_km2', sqlType: 'REAL' },
          ],
          rows,
          protectionStyle(),
        ),
      },
      { role: 'areas', output: tableOutput('保护类区域面积', table, '2 保护类区域') },
    ],
    tables: [table],
    extra: { areaKm2: total },
  };
};

function labelsOf(codes: readonly number[], labels: readonly string[]): string {
  return codes.map((c) => labels[c - 1] ?? String(c)).join('、');
}

/** Why a control-type polygon is what it is, in words (the 划定依据 column). */
export function controlReason(sc: StepContext, level: 1 | 2): string {
  const p = sc.profile;
  const c = p.combination;
  const v = labelsOf(c.valueHigh, p.value.labels_zh);
  const u = labelsOf(c.vulnerabilityHigh, p.vulnerability.classes.labels_zh);
  const l = labelsOf(c.loadHigh, p.load.classes.labels_zh);
  const base = `功能价值为「${v}」且脆弱性为「${u}」，不在保护类区域内`;
  return level === 1 ? `${base}；污染源荷载为「${l}」（方法配置 ${p.id}）` : `${base}；污染源荷载未达「${l}」（方法配置 ${p.id}）`;
}

export const controlStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const { grid } = area;
  const inside = await insideMask(sc, area);
  const value = await stepRaster(sc, 'value', 'value');
  const vul = await stepRaster(sc, 'vulnerability', 'classes');
  const load = await stepRaster(sc, 'load', 'classes');
  const protectionLayer = sc.op.layer(needStep(sc, 'protection').layers.protection!);
  sc.inputs.add(protectionLayer.id);
  const pids = await rasterizeFeatureIds(sc.op, protectionLayer, grid);
  const protection = new Uint8Array(pids.length);
  for (let i = 0; i < pids.length; i++) protection[i] = pids[i]! > 0 ? 1 : 0;
  sc.op.job.progress(30, '正在叠加', 'Overlaying');
  const zones = combineRasters(sc.profile.combination, value, vul, load, protection, inside);
  const codes = new Uint8Array(zones.data.length);
  for (let i = 0; i < codes.length; i++) codes[i] = zones.data[i] === zones.data[i] ? zones.data[i]! : 255;
  const window = { row0: 0, col0: 0, row1: grid.height - 1, col1: grid.width - 1 };
  sc.op.job.progress(50, '正在矢量化管控类区域', 'Polygonizing control-type areas');
  const geo = geometryOf(sc);
  const work = geo.layerUnion(sc.op.layer(area.workAreaLayer));
  const protectionUnion = geo.layerUnion(protectionLayer);
  const minArea = sc.profile.minAreaKm2 * KM2;
  const names = sc.profile.zoneNames;
  const rows: { values: unknown[]; wkb: Buffer }[] = [];
  const tableRows: (string | number | null)[][] = [];
  let droppedParts = 0;
  let taken: Buffer | null = null;
  for (const [level, code] of [
    [1, ZONE.control1],
    [2, ZONE.control2],
  ] as const) {
    const cells = geo.simplify(await polygonizeMask(codes, grid, window, code), sc.profile.smoothCells * grid.dx);
    const clipped = geo.difference(geo.difference(geo.intersection(cells, work), protectionUnion), taken);
    const { kept, dropped, droppedArea } = geo.withoutSlivers(clipped, minArea);
    droppedParts += dropped;
    const a = geo.area(kept);
    const name = level === 1 ? names.control1_zh : names.control2_zh;
    tableRows.push([name, geo.parts(kept).length, round(a / KM2, 4), round((100 * a) / KM2 / area.areaKm2, 3), dropped, round(droppedArea / KM2, 4)]);
    if (!kept || a <= 0) continue;
    taken = geo.unionAll([taken, kept]);
    rows.push({ values: [level === 1 ? 'control1' : 'control2', level, name, round(a / KM2, 6), controlReason(sc, level)], wkb: kept });
  }
  if (droppedParts > 0) {
    sc.op.warn(`${droppedParts} 块小于最小上图面积 ${sc.profile.minAreaKm2} km² 的管控类图斑已并入一般区。`, `${droppedParts} control-type patches smaller than the minimum mapping unit ${sc.profile.minAreaKm2} km² went to the general area.`);
  }
  const table: StepTable = {
    title_zh: `管控类区域（最小上图面积 ${sc.profile.minAreaKm2} km²）`,
    title_en: `Control-type areas (minimum mapping unit ${sc.profile.minAreaKm2} km²)`,
    columns: ['级别 Level', '图斑数 Parts', '面积 km²', '占研究区 %', '剔除图斑 Dropped', '剔除面积 km²'],
    rows: tableRows,
  };
  const zoneLabels_zh = [names.general_zh, names.protection_zh, names.control1_zh, names.control2_zh];
  const zoneLabels_en = [names.general_en, names.protection_en, names.control1_en, names.control2_en];
  // paletted codes must start at 1 for namedClassStyle: shift by one in a copy for display only? keep codes and build the style by hand
  const style = JSON.parse(namedClassStyle(zoneLabels_zh, zoneLabels_en, 'risk')) as { entries: { value: number; color: string }[] };
  style.entries.forEach((e, i) => {
    e.value = i;
    e.color = ['#f0f0f0', '#6baed6', '#e31a1c', '#fd8d3c'][i]!;
  });
  return {
    outputs: [
      { role: 'cells', output: { kind: 'raster', name: '叠加分区（栅格）', raster: zones, type: 'Byte', groupName: `${GROUP}/7 管控类区域`, style: JSON.stringify(style) } },
      {
        role: 'control',
        output: vector(
          '管控类区域',
          '7 管控类区域',
          [
            { name: 'zone_class', sqlType: 'TEXT' },
            { name: '级别', sqlType: 'INTEGER' },
            { name: '名称', sqlType: 'TEXT' },
            { name: '面积_km2', sqlType: 'REAL' },
            { name: '划定依据', sqlType: 'TEXT' },
          ],
          rows,
          JSON.stringify(keyZoneStyle()),
        ),
      },
      { role: 'areas', output: tableOutput('管控类区域面积', table, '7 管控类区域') },
    ],
    tables: [table],
    extra: { droppedParts },
  };
};

const ABBR = { protection: 'BH', control1: 'GK1', control2: 'GK2', general: 'YB' } as const;

export const zonesStep: StepImpl = async (sc) => {
  const area = areaOf(sc);
  const geo = geometryOf(sc);
  const names = sc.profile.zoneNames;
  const cfg = sc.config.area;
  const work = geo.layerUnion(sc.op.layer(area.workAreaLayer));
  const protectionLayer = sc.op.layer(needStep(sc, 'protection').layers.protection!);
  const controlLayer = sc.op.layer(needStep(sc, 'control').layers.control!);
  sc.inputs.add(protectionLayer.id);
  sc.inputs.add(controlLayer.id);
  const admin = resolveLayer(sc, cfg.adminUnits, '行政单元', 'Administrative units');

  // the classes, each as one geometry, disjoint by construction (protection first, then control 1, 2)
  type Cls = { zoneClass: keyof typeof ABBR; sub: string; reason: string; wkb: Buffer | null };
  const classes: Cls[] = [];
  for (const f of geo.layerGeometries(protectionLayer, ['类型', '来源'])) {
    classes.push({ zoneClass: 'protection', sub: String(f.values[0]), reason: `位于${String(f.values[0])}（${String(f.values[1])}）；保护类区域优先，不参与管控类叠加`, wkb: f.wkb });
  }
  for (const f of geo.layerGeometries(controlLayer, ['zone_class', '划定依据'])) {
    const zc = f.values[0] === 'control1' ? 'control1' : 'control2';
    classes.push({ zoneClass: zc, sub: '', reason: String(f.values[1]), wkb: f.wkb });
  }
  const key = geo.unionAll(classes.map((c) => c.wkb));
  const general = geo.difference(work, key);
  classes.push({ zoneClass: 'general', sub: '', reason: '既不属于保护类区域，也不同时满足功能价值高与脆弱性高', wkb: general });

  const nameOf = { protection: names.protection_zh, control1: names.control1_zh, control2: names.control2_zh, general: names.general_zh };
  const units = geo.layerGeometries(admin, [cfg.adminNameField, ...(cfg.adminCodeField ? [cfg.adminCodeField] : [])]);
  const adminUnion = geo.layerUnion(admin);
  const outside = geo.difference(work, adminUnion);
  const unitList = units.map((u, i) => ({ name: String(u.values[0] ?? ''), code: cfg.adminCodeField ? String(u.values[1] ?? '') : String(i + 1).padStart(2, '0'), wkb: geo.intersection(u.wkb, work) }));
  if (geo.area(outside) > 1) unitList.push({ name: '（行政区外）', code: '00', wkb: outside });

  const rows: { values: unknown[]; wkb: Buffer }[] = [];
  type Stat = { area: number; count: number };
  const stats = new Map<string, Map<string, Stat>>();
  const unitArea = new Map<string, number>();
  // a unit's pieces are taken one after the other so overlapping units do not count an area twice
  let assigned: Buffer | null = null;
  for (const [k, unit] of unitList.entries()) {
    sc.op.job.throwIfCancelled();
    sc.op.job.progress(10 + (80 * k) / unitList.length, `正在统计「${unit.name}」`, `Summarising "${unit.name}"`);
    const own = geo.difference(unit.wkb, assigned);
    assigned = geo.unionAll([assigned, own]);
    unitArea.set(unit.name, geo.area(own));
    const per = new Map<string, Stat>();
    const seq: Record<string, number> = {};
    for (const cls of classes) {
      const piece = geo.intersection(cls.wkb, own);
      if (!piece) continue;
      const parts = cls.zoneClass === 'general' ? [piece] : geo.parts(piece);
      for (const part of parts) {
        const a = geo.area(part);
        if (a <= 0) continue;
        const n = (seq[cls.zoneClass] = (seq[cls.zoneClass] ?? 0) + 1);
        const code = cls.zoneClass === 'general' ? `${unit.code}-${ABBR.general}` : `${unit.code}-${ABBR[cls.zoneClass]}-${String(n).padStart(2, '0')}`;
        const isKey = cls.zoneClass !== 'general';
        rows.push({
          values: [code, cls.zoneClass, isKey ? names.key_zh : names.general_zh, nameOf[cls.zoneClass], cls.sub, unit.name, round(a / KM2, 6), cls.reason],
          wkb: part,
        });
        const s = per.get(cls.zoneClass) ?? { area: 0, count: 0 };
        s.area += a;
        s.count++;
        per.set(cls.zoneClass, s);
      }
    }
    stats.set(unit.name, per);
  }

  const order = ['protection', 'control1', 'control2', 'general'] as const;
  const statRows: (string | number | null)[][] = [];
  const totals = new Map<string, Stat>();
  for (const [unit, per] of stats) {
    const ua = unitArea.get(unit) ?? 0;
    let keyArea = 0;
    for (const zc of order) {
      const s = per.get(zc) ?? { area: 0, count: 0 };
      if (zc !== 'general') keyArea += s.area;
      const t = totals.get(zc) ?? { area: 0, count: 0 };
      t.area += s.area;
      t.count += s.count;
      totals.set(zc, t);
      statRows.push([unit, nameOf[zc], round(s.area / KM2, 4), ua > 0 ? round((100 * s.area) / ua, 3) : 0, s.count]);
    }
    statRows.push([unit, `${names.key_zh}合计`, round(keyArea / KM2, 4), ua > 0 ? round((100 * keyArea) / ua, 3) : 0, null]);
  }
  const workM2 = geo.area(work);
  let sumAll = 0;
  for (const zc of order) {
    const t = totals.get(zc) ?? { area: 0, count: 0 };
    sumAll += t.area;
    statRows.push(['全区 Total', nameOf[zc], round(t.area / KM2, 4), round((100 * t.area) / workM2, 3), t.count]);
  }
  const diff = (sumAll - workM2) / workM2;
  const table: StepTable = {
    title_zh: `分县统计（各类面积之和与研究区相差 ${(diff * 100).toExponential(2)}%）`,
    title_en: `By administrative unit (classes sum to the study area within ${(diff * 100).toExponential(2)}%)`,
    columns: ['行政区 Unit', '类别 Class', '面积 km²', '占本区 %', '图斑数 Count'],
    rows: statRows,
  };
  const keyKm2 = ((totals.get('protection')?.area ?? 0) + (totals.get('control1')?.area ?? 0) + (totals.get('control2')?.area ?? 0)) / KM2;
  return {
    outputs: [
      {
        role: 'zones',
        output: vector(
          '重点区划定结果',
          '8 重点区',
          [
            { name: 'zone_code', sqlType: 'TEXT' },
            { name: 'zone_class', sqlType: 'TEXT' },
            { name: '分区', sqlType: 'TEXT' },
            { name: '类别', sqlType: 'TEXT' },
            { name: '子类', sqlType: 'TEXT' },
            { name: '行政区', sqlType: 'TEXT' },
            { name: '面积_km2', sqlType: 'REAL' },
            { name: '划定依据', sqlType: 'TEXT' },
          ],
          rows,
          JSON.stringify(keyZoneStyle()),
        ),
      },
      { role: 'stats', output: tableOutput('重点区分县统计', table, '8 重点区') },
    ],
    tables: [table],
    extra: { keyKm2, generalKm2: (totals.get('general')?.area ?? 0) / KM2, workKm2: workM2 / KM2, relativeDifference: diff, zones: rows.length },
  };
};
