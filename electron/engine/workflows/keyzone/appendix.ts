import type { StepTable } from '../../../../shared/api';
import { DRASTIC_FACTORS, profileNotes, type KeyZoneProfile, type SourceNote } from '../../../../shared/domain/keyzone-profile';
import type { Project } from '../../project/project';
import { getProfile } from './profiles-store';
import { readWorkflow } from './workflow-store';

/**
 * The method profile as report tables (附录：评价参数表): every rating table, weight, class rule,
 * matrix, source score and the combination rule, each with its status — 待核实 where the domain
 * reference could not confirm it — so the report prints exactly what the runs used.
 */

const status = (n: SourceNote): string => (n.status === 'U' ? '待核实' : n.status === 'C' ? '已核实' : n.status === 'S' ? '标准原文' : '设计取值');
const range = (from: number | null, to: number | null): string => `${from ?? '−∞'} – ${to ?? '+∞'}`;

export function profileTables(p: KeyZoneProfile): StepTable[] {
  const v = p.vulnerability;
  const tables: StepTable[] = [
    {
      title_zh: `方法配置 ${p.id}（${p.version}）：${p.name_zh}`,
      title_en: `Method profile ${p.id} (${p.version}): ${p.name_en}`,
      columns: ['参数表 Table', '状态 Status', '来源说明 Note'],
      rows: profileNotes(p).map((n) => [n.table_zh, status(n.note), n.note.note_zh]),
    },
    {
      title_zh: 'DRASTIC 因子、权重与评分',
      title_en: 'DRASTIC factors, weights and ratings',
      columns: ['因子 Factor', '名称 Name', '权重 Weight', '评分 Ratings', '状态 Status'],
      rows: DRASTIC_FACTORS.map((f) => {
        const s = v.factors[f]!;
        const ratings = s.ranges.length > 0 ? s.ranges.map((r) => `${range(r.from, r.to)} ${s.unit} → ${r.rating}`).join('；') : s.categories.map((c) => `${c.label_zh} ${c.rating}${c.min !== undefined ? `（${c.min}–${c.max}）` : ''}`).join('；');
        return [f, s.name_zh, s.weight, ratings, status(s.source)];
      }),
    },
    {
      title_zh: '脆弱性分级',
      title_en: 'Vulnerability classes',
      columns: ['方法 Method', '级数 Classes', '断点 Breaks', '级别名称 Names', '状态 Status'],
      rows: [[v.classes.method, v.classes.breaks ? v.classes.breaks.length - 1 : v.classes.count, v.classes.breaks?.join(' – ') ?? '按数据计算', v.classes.labels_zh.join('、'), status(v.classes.source)]],
    },
    {
      title_zh: '功能价值矩阵（行：富水性；列：水质类别 Ⅰ–Ⅴ）',
      title_en: 'Functional value matrix (rows: abundance; columns: quality classes I–V)',
      columns: ['富水性 Abundance', '单井涌水量 m³/d', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ'],
      rows: p.value.matrix.map((row, i) => {
        const r = p.value.abundance.ranges[i];
        return [p.value.abundance.labels_zh[i] ?? String(i + 1), r ? range(r.from, r.to) : '', ...row.map((c) => p.value.labels_zh[c - 1] ?? String(c))];
      }),
    },
    {
      title_zh: `污染源评分（P = T × L × Q，${p.load.kernel} 衰减）`,
      title_en: `Source scores (P = T × L × Q, ${p.load.kernel} decay)`,
      columns: ['类型 Type', '别名 Aliases', 'T', 'L', 'Q', '影响半径 R (m)'],
      rows: p.load.sourceTypes.map((t) => [t.type, t.aliases.join('、'), t.toxicity, t.likelihood, t.quantity, t.radius_m]),
    },
    {
      title_zh: '叠加规则',
      title_en: 'Combination rule',
      columns: ['项 Item', '取值 Value'],
      rows: [
        ['功能价值“高”', p.combination.valueHigh.map((c) => p.value.labels_zh[c - 1]).join('、')],
        ['脆弱性“高”', p.combination.vulnerabilityHigh.map((c) => v.classes.labels_zh[c - 1]).join('、')],
        ['荷载“高”（一级管控区）', p.combination.loadHigh.map((c) => p.load.classes.labels_zh[c - 1]).join('、')],
        ['最小上图面积 km²', p.minAreaKm2],
        ['边界平滑（像元）', p.smoothCells],
        ['水源井经验半径 m（一级/二级/准）', `${p.protection.wellRadius.primary} / ${p.protection.wellRadius.secondary} / ${p.protection.wellRadius.quasi ?? '—'}`],
        ['状态', status(p.combination.source)],
      ],
    },
  ];
  return tables;
}

/** The profile tables of the project's workflow and every step's result tables, in step order. */
export function keyZoneAppendix(project: Project): { profileId: string | null; tables: StepTable[] } {
  const { state } = readWorkflow(project.db);
  if (!state.config) return { profileId: null, tables: [] };
  const profile = getProfile(project.db, state.config.profileId);
  const steps = Object.values(state.steps).flatMap((s) => s?.tables ?? []);
  return { profileId: profile.id, tables: [...profileTables(profile), ...steps] };
}
