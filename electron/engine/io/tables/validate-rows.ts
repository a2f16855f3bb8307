import type { RejectedRow } from '../../../../shared/api';
import { findLithology } from '../../../../shared/domain/lithology';
import { headerUnit } from '../../../../shared/domain/header-synonyms';
import { normaliseConcentrationUnit, toMetresPerDay, toMgPerL } from '../../../../shared/domain/units';
import type { ColumnMap } from './map-columns';
import { parseDate, parseMeasured, parseNumber } from './parse-values';
import type { Table, TableRow } from './read-table';

/** What the project already holds, so new rows are checked against it too. */
export interface Existing {
  collars: Map<string, { depth: number | null; elevation: number | null }>;
  intervals: Map<string, Array<{ top: number; bottom: number }>>;
  levels: Set<string>;
}

/** Collects rejected rows; a row is rejected once, for its first problem. */
export class Rejections {
  readonly rows: RejectedRow[] = [];
  private readonly seen = new Set<number>();

  add(row: number, field: string | null, value: string | null, reason_zh: string, reason_en: string): void {
    if (this.seen.has(row)) return;
    this.seen.add(row);
    this.rows.push({ row, field, value, reason_zh, reason_en });
  }

  has(row: number): boolean {
    return this.seen.has(row);
  }
}

/** Reads one row's cells by field name, rejecting empty required cells and non-numbers. */
class Cells {
  constructor(
    private readonly row: TableRow,
    private readonly map: ColumnMap,
    private readonly out: Rejections,
  ) {}

  text(field: string): string {
    const i = this.map.index.get(field);
    return i === undefined ? '' : (this.row.values[i] ?? '');
  }

  required(field: string): string | null {
    const v = this.text(field);
    if (v === '') {
      this.out.add(this.row.row, field, null, `${field} 为空`, `${field} is empty`);
      return null;
    }
    return v;
  }

  /** A number, null for an empty optional cell, undefined when the row was rejected. */
  number(field: string, opts: { required?: boolean; min?: number } = {}): number | null | undefined {
    const v = this.text(field);
    if (v === '') {
      if (!opts.required) return null;
      this.out.add(this.row.row, field, null, `${field} 为空`, `${field} is empty`);
      return undefined;
    }
    const n = parseNumber(v);
    if (n === null || Number.isNaN(n)) {
      this.out.add(this.row.row, field, v, `“${v}”不是数字`, `"${v}" is not a number`);
      return undefined;
    }
    if (opts.min !== undefined && n < opts.min) {
      this.out.add(this.row.row, field, v, `${field} 不能小于 ${opts.min}`, `${field} cannot be below ${opts.min}`);
      return undefined;
    }
    return n;
  }

  /** A length in metres: headers like "孔深(cm)" or "Stand (cm t.o.v. MV)" scale the value. */
  metres(field: string, opts: { required?: boolean; min?: number } = {}): number | null | undefined {
    const n = this.number(field, opts);
    const header = this.map.mapping[field];
    if (n == null || header === undefined) return n;
    const unit = headerUnit(header).toLowerCase();
    const scale = /^(cm|厘米)\b/.test(unit) || unit.startsWith('厘米') ? 0.01 : /^(mm|毫米)/.test(unit) ? 0.001 : 1;
    return Number((n * scale).toFixed(6));
  }

  date(field: string, required: boolean): string | null | undefined {
    const v = this.text(field);
    if (v === '') {
      if (!required) return null;
      this.out.add(this.row.row, field, null, `${field} 为空`, `${field} is empty`);
      return undefined;
    }
    const d = parseDate(v);
    if (d === null) this.out.add(this.row.row, field, v, `“${v}”不是有效日期`, `"${v}" is not a valid date`);
    return d ?? undefined;
  }
}

const DEPTH_TOLERANCE_M = 0.1;

function rowsOf(table: Table, map: ColumnMap): TableRow[] {
  return map.skippedHeaderRow ? table.rows.slice(1) : table.rows;
}

function unknownHole(out: Rejections, row: number, field: string, id: string): void {
  out.add(row, field, id, `编号 ${id} 不在钻孔/监测井表中，请先导入钻孔基本信息`, `${id} is not a known borehole or well; import the collars first`);
}

export interface CollarDraft {
  row: number;
  hole_id: string;
  a: number;
  b: number;
  elevation: number | null;
  depth: number | null;
  aquifer: string | null;
  name: string | null;
}

/** Collars before their coordinates are placed: `a`/`b` are the two coordinate columns as read. */
export function collarDrafts(table: Table, map: ColumnMap, existing: Existing, out: Rejections, axes: [string, string]): CollarDraft[] {
  const drafts: CollarDraft[] = [];
  const ids = new Map<string, number>();
  for (const r of rowsOf(table, map)) {
    const c = new Cells(r, map, out);
    const id = c.required('hole_id');
    if (id === null) continue;
    if (existing.collars.has(id)) {
      out.add(r.row, 'hole_id', id, `编号 ${id} 在工程中已存在`, `${id} already exists in the project`);
      continue;
    }
    const first = ids.get(id);
    if (first !== undefined) {
      out.add(r.row, 'hole_id', id, `编号 ${id} 重复（与第 ${first} 行相同）`, `Duplicate ID ${id} (same as row ${first})`);
      continue;
    }
    ids.set(id, r.row);
    const a = c.number(axes[0], { required: true });
    const b = c.number(axes[1], { required: true });
    const elevation = c.metres('elevation');
    const depth = c.metres('depth', { min: 0 });
    if (a == null || b == null || elevation === undefined || depth === undefined) continue;
    drafts.push({ row: r.row, hole_id: id, a, b, elevation, depth, aquifer: c.text('aquifer') || null, name: c.text('name') || null });
  }
  return drafts;
}

export interface LithologyRecord {
  row: number;
  hole_id: string;
  top: number;
  bottom: number;
  code: string;
  lithology: string;
  description: string | null;
}

export function lithologyRecords(table: Table, map: ColumnMap, existing: Existing, out: Rejections): LithologyRecord[] {
  const candidates: LithologyRecord[] = [];
  for (const r of rowsOf(table, map)) {
    const c = new Cells(r, map, out);
    const id = c.required('hole_id');
    if (id === null) continue;
    const collar = existing.collars.get(id);
    if (!collar) {
      unknownHole(out, r.row, 'hole_id', id);
      continue;
    }
    const top = c.metres('top', { required: true, min: 0 });
    const bottom = c.metres('bottom', { required: true, min: 0 });
    const text = c.required('lithology');
    if (top == null || bottom == null || text === null) continue;
    if (bottom <= top) {
      out.add(r.row, 'bottom', String(bottom), `底深 ${bottom} 不大于顶深 ${top}`, `Bottom ${bottom} is not below top ${top}`);
      continue;
    }
    // 0.1 m: logs kept in feet and hole depths rounded to 0.1 m disagree by a few centimetres
    if (collar.depth !== null && bottom > collar.depth + DEPTH_TOLERANCE_M) {
      out.add(r.row, 'bottom', String(bottom), `底深 ${bottom} 超过孔深 ${collar.depth}`, `Bottom ${bottom} is deeper than the hole (${collar.depth})`);
      continue;
    }
    const lith = findLithology(text);
    if (!lith) {
      out.add(r.row, 'lithology', text, `未知的岩性代码或名称“${text}”`, `Unknown lithology code or name "${text}"`);
      continue;
    }
    candidates.push({ row: r.row, hole_id: id, top, bottom, code: lith.code, lithology: text, description: c.text('description') || null });
  }
  // Intervals of one hole must tile it from the top down: check each against its predecessor.
  const byHole = new Map<string, LithologyRecord[]>();
  for (const rec of candidates) byHole.set(rec.hole_id, [...(byHole.get(rec.hole_id) ?? []), rec]);
  const accepted: LithologyRecord[] = [];
  for (const [hole, recs] of byHole) {
    const kept = [...(existing.intervals.get(hole) ?? [])];
    for (const rec of [...recs].sort((p, q) => p.top - q.top || p.row - q.row)) {
      const clash = kept.find((k) => rec.top < k.bottom - 1e-6 && rec.bottom > k.top + 1e-6);
      if (clash) {
        out.add(rec.row, 'top', String(rec.top), `${rec.top}–${rec.bottom} m 与已有分层 ${clash.top}–${clash.bottom} m 重叠`, `${rec.top}–${rec.bottom} m overlaps ${clash.top}–${clash.bottom} m`);
        continue;
      }
      const above = kept.filter((k) => k.bottom <= rec.top + 1e-6).reduce((m, k) => Math.max(m, k.bottom), 0);
      if (rec.top - above > 1e-6) {
        out.add(rec.row, 'top', String(rec.top), `${above}–${rec.top} m 之间缺失分层`, `Gap between ${above} and ${rec.top} m`);
        continue;
      }
      kept.push(rec);
      accepted.push(rec);
    }
  }
  return accepted.filter((rec) => !out.has(rec.row));
}

export interface LevelRecord {
  row: number;
  hole_id: string;
  date: string;
  depth_to_water: number | null;
  level: number | null;
}

export function levelRecords(table: Table, map: ColumnMap, existing: Existing, out: Rejections): LevelRecord[] {
  if (!map.index.has('depth_to_water') && !map.index.has('level')) {
    // reported per row so the table explains itself; the column check in mapColumns cannot express "one of"
    for (const r of rowsOf(table, map)) out.add(r.row, 'depth_to_water', null, '缺少水位埋深或水位标高列', 'Neither depth to water nor water level column');
    return [];
  }
  const seen = new Set(existing.levels);
  const recs: LevelRecord[] = [];
  for (const r of rowsOf(table, map)) {
    const c = new Cells(r, map, out);
    const id = c.required('hole_id');
    if (id === null) continue;
    const collar = existing.collars.get(id);
    if (!collar) {
      unknownHole(out, r.row, 'hole_id', id);
      continue;
    }
    const date = c.date('date', true);
    const depth = c.metres('depth_to_water');
    const level = c.metres('level');
    if (date == null || depth === undefined || level === undefined) continue;
    if (depth === null && level === null) {
      out.add(r.row, 'depth_to_water', null, '水位埋深和水位标高都为空', 'Both depth to water and water level are empty');
      continue;
    }
    const key = `${id}\u0000${date}`;
    if (seen.has(key)) {
      out.add(r.row, 'date', date, `${id} 在 ${date} 的水位重复`, `Duplicate level for ${id} on ${date}`);
      continue;
    }
    seen.add(key);
    const derived = level ?? (depth !== null && collar.elevation !== null ? Number((collar.elevation - depth).toFixed(3)) : null);
    recs.push({ row: r.row, hole_id: id, date, depth_to_water: depth, level: derived });
  }
  return recs;
}

export interface TestRecord {
  row: number;
  hole_id: string;
  date: string | null;
  test_type: string | null;
  k: number | null;
  specific_yield: number | null;
  effective_porosity: number | null;
  well_yield: number | null;
}

export function testRecords(table: Table, map: ColumnMap, existing: Existing, out: Rejections): TestRecord[] {
  const kHeader = map.mapping.k;
  const kUnit = kHeader ? headerUnit(kHeader) : '';
  const recs: TestRecord[] = [];
  for (const r of rowsOf(table, map)) {
    const c = new Cells(r, map, out);
    const id = c.required('hole_id');
    if (id === null) continue;
    if (!existing.collars.has(id)) {
      unknownHole(out, r.row, 'hole_id', id);
      continue;
    }
    const date = c.date('date', false);
    const k = c.number('k', { min: 0 });
    const sy = c.number('specific_yield', { min: 0 });
    const ne = c.number('effective_porosity', { min: 0 });
    const q = c.number('well_yield', { min: 0 });
    if (date === undefined || k === undefined || sy === undefined || ne === undefined || q === undefined) continue;
    for (const [field, v] of [['specific_yield', sy], ['effective_porosity', ne]] as const) {
      if (v !== null && v > 1) out.add(r.row, field, String(v), `${field} 应在 0–1 之间`, `${field} must lie between 0 and 1`);
    }
    if (out.has(r.row)) continue;
    if (k === null && sy === null && ne === null && q === null) {
      out.add(r.row, null, null, '没有任何试验结果', 'No test result in the row');
      continue;
    }
    const kmd = k === null ? null : toMetresPerDay(k, kUnit);
    if (k !== null && kmd === null) {
      out.add(r.row, 'k', kUnit, `渗透系数单位“${kUnit}”无法换算为 m/d`, `Conductivity unit "${kUnit}" cannot be converted to m/d`);
      continue;
    }
    recs.push({ row: r.row, hole_id: id, date, test_type: c.text('test_type') || null, k: kmd, specific_yield: sy, effective_porosity: ne, well_yield: q });
  }
  return recs;
}

export interface QualityRecord {
  row: number;
  site: string;
  date: string;
  analyte: string;
  value: number | null;
  qualifier: '<' | 'ND' | null;
  detection_limit: number | null;
  source_value: string;
  source_unit: string;
}

export function qualityRecords(table: Table, map: ColumnMap, existing: Existing, out: Rejections): QualityRecord[] {
  const recs: QualityRecord[] = [];
  for (const r of rowsOf(table, map)) {
    const c = new Cells(r, map, out);
    const site = c.required('site');
    if (site === null) continue;
    if (!existing.collars.has(site)) {
      unknownHole(out, r.row, 'site', site);
      continue;
    }
    const date = c.date('date', true);
    const analyte = c.required('analyte');
    const raw = c.required('value');
    const unit = c.required('unit');
    if (date == null || analyte === null || raw === null || unit === null) continue;
    const measured = parseMeasured(raw);
    if (measured.kind === 'invalid') {
      out.add(r.row, 'value', raw, `浓度“${raw}”不是数字、<检出限或未检出`, `Concentration "${raw}" is neither a number, <limit nor ND`);
      continue;
    }
    if (normaliseConcentrationUnit(unit) === null) {
      out.add(r.row, 'unit', unit, `未知的浓度单位“${unit}”（支持 mg/L、μg/L、mmol/L）`, `Unknown concentration unit "${unit}" (mg/L, μg/L, mmol/L are supported)`);
      continue;
    }
    const dlText = c.text('detection_limit');
    const dlMeasured = dlText === '' ? null : parseMeasured(dlText);
    if (dlMeasured && dlMeasured.kind !== 'value') {
      out.add(r.row, 'detection_limit', dlText, `检出限“${dlText}”不是数字`, `Detection limit "${dlText}" is not a number`);
      continue;
    }
    const convert = (v: number): number | null => {
      const conv = toMgPerL(v, unit, analyte);
      if (conv.ok) return conv.mgPerL;
      out.add(
        r.row,
        'unit',
        unit,
        `${analyte} 没有定义摩尔质量，无法将 mmol/L 换算为 mg/L`,
        `No molar mass is defined for ${analyte}: mmol/L cannot be converted to mg/L`,
      );
      return null;
    };
    let value: number | null = null;
    let qualifier: '<' | 'ND' | null = null;
    let dl = dlMeasured?.kind === 'value' ? convert(dlMeasured.value) : null;
    if (measured.kind === 'nd') {
      qualifier = 'ND';
    } else {
      value = convert(measured.value);
      if (measured.qualifier === '<') {
        qualifier = '<';
        dl = dl ?? value;
      }
    }
    if (out.has(r.row)) continue;
    recs.push({ row: r.row, site, date, analyte, value, qualifier, detection_limit: dl, source_value: raw, source_unit: unit });
  }
  return recs;
}
