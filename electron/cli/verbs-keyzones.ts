import { readFileSync, writeFileSync } from 'node:fs';
import { GwzError, KEYZONE_STEPS, KeyZoneStepSchema, type KeyZoneRunResult, type KeyZoneState, type KeyZoneStep, type StepTable } from '../../shared/api';
import type { Lang } from './lang';
import { parseJson } from './schema-options';
import { padEnd, table } from './text';
import { flag, openProject, str, type Verb } from './verb';

/**
 * `gwz keyzones <project> --config keyzone.json` runs the key-zone workflow headless, writing the
 * same layers and tables as the wizard; `--init-config <file>` writes a commented configuration
 * for the project's layers. Comments are keys starting with "//", dropped when the file is read.
 */

const STATUS_ZH = { 'not-started': '未开始', ready: '可运行', done: '已完成', stale: '需重新运行' } as const;
const STEP_ZH: Record<KeyZoneStep, string> = {
  area: '1 工作区',
  protection: '2 保护类区域',
  value: '3 地下水功能价值',
  vulnerability: '4 地下水脆弱性',
  load: '5 污染源荷载',
  control: '7 管控类区域',
  zones: '8 重点区',
};

/** Drops "//" comment keys at any depth. */
export function stripComments(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripComments);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([k]) => !k.startsWith('//')).map(([k, x]) => [k, stripComments(x)]));
  }
  return v;
}

function commented(config: unknown, notes: { message_zh: string; message_en: string }[]): unknown {
  const c = config as Record<string, unknown>;
  return {
    '//': '地下水污染防治重点区划定配置（gwz keyzones --config）。图层可写名称或编号；“//” 开头的键为说明，读取时忽略。Key-zone workflow configuration; layers by name or id; keys starting with "//" are comments.',
    '// 建议 notes': notes.map((n) => `${n.message_zh} / ${n.message_en}`),
    '// profileId': '方法配置：keyzone-2023（默认）、keyzone-2019、keyzone-2014、drastic-generic、drastic-pesticide，或工程中的副本',
    profileId: c.profileId,
    '// area': '研究区、行政单元（名称字段、代码字段）、评价格网像元大小 cellSize（米，省略则按面积建议）',
    area: c.area,
    '// protection': '保护类区域：已划定的面图层（type 或 typeField + map），或水源井点（按方法配置的经验半径，待核实）',
    protection: c.protection,
    '// value': '功能价值：富水性（单井涌水量 m³/d 或属性 → 富水性级别 1 弱/2 中等/3 强）、水质类别（1–5，可省略）',
    value: c.value,
    '// vulnerability': 'DRASTIC 七因子的数据来源：raster / polygon（属性 → 评分表）/ boreholes（水位埋深 IDW）/ points / slope（由 DEM）/ constant',
    vulnerability: c.vulnerability,
    '// load': '污染源点图层、类型字段（对应方法配置的评分表）、规模字段（小型/中型/大型 → Q）',
    load: c.load,
    notes: c.notes,
  };
}

function formatTable(t: StepTable, lang: Lang): string {
  const title = lang === 'en' ? t.title_en : t.title_zh;
  return `${title}\n${table(t.columns, t.rows.map((r) => r.map((v) => (v === null ? '' : String(v)))))}`;
}

export function formatState(s: KeyZoneState, lang: Lang): string {
  const lines = [`${lang === 'en' ? 'Profile' : '方法配置'}: ${s.profile.id} (${lang === 'en' ? s.profile.name_en : s.profile.name_zh})`];
  for (const step of s.steps) {
    lines.push(`  ${padEnd(STEP_ZH[step.step], 16)} ${lang === 'en' ? step.status : STATUS_ZH[step.status]}${step.runId !== null ? `  #${step.runId}` : ''}${step.seconds !== null ? ` ${step.seconds.toFixed(1)} s` : ''}`);
    for (const p of step.problems) lines.push(`      ! ${lang === 'en' ? p.message_en : p.message_zh}`);
  }
  return lines.join('\n');
}

function formatRun(r: KeyZoneRunResult, lang: Lang): string {
  const lines: string[] = [];
  for (const s of r.steps) {
    lines.push(`${STEP_ZH[s.step]}  #${s.runId}  ${s.seconds.toFixed(1)} s`);
    for (const l of s.layers) lines.push(`  → 「${l.name}」 ${l.kind}${l.kind === 'vector' ? ` ${l.featureCount}` : ''} (id ${l.id})`);
    for (const t of s.tables) lines.push(formatTable(t, lang).replace(/^/gm, '    '));
  }
  for (const w of r.warnings) lines.push(`! ${lang === 'en' ? w.message_en : w.message_zh}`);
  lines.push(`${lang === 'en' ? 'Total' : '合计'} ${r.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

function parseSteps(text: string): KeyZoneStep[] {
  return text.split(',').map((s) => {
    const parsed = KeyZoneStepSchema.safeParse(s.trim());
    if (!parsed.success) throw new GwzError('BAD_REQUEST', `未知的步骤：${s}（可用：${KEYZONE_STEPS.join(', ')}）`, `Unknown step: ${s} (steps: ${KEYZONE_STEPS.join(', ')})`);
    return parsed.data;
  });
}

const keyzonesVerb: Verb = {
  name: 'keyzones',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '地下水污染防治重点区划定：按配置运行各步骤（与向导相同的图层和表），或生成配置、查看状态、解释某点结果',
  en: 'Groundwater pollution prevention key zones: run the steps from a configuration (the wizard’s layers and tables), write a configuration, show the state, explain a point',
  options: {
    config: { type: 'string', value: '<file.json>', zh: '工作流配置文件（保存到工程后运行）', en: 'workflow configuration (saved into the project, then run)' },
    'init-config': { type: 'string', value: '<file.json>', zh: '按工程图层写出带说明的配置文件（不运行）', en: 'write a commented configuration for the project’s layers (no run)' },
    steps: { type: 'string', value: 'area,protection,…', zh: '只运行这些步骤', en: 'run only these steps' },
    all: { type: 'boolean', zh: '重新运行全部步骤', en: 're-run every step' },
    status: { type: 'boolean', zh: '只显示各步骤状态', en: 'only show the step status' },
    explain: { type: 'string', value: '<x,y>', zh: '解释该点（工程坐标）的结果', en: 'explain the result at this point (project CRS)' },
    profiles: { type: 'boolean', zh: '列出方法配置', en: 'list the method profiles' },
    'export-profile': { type: 'string', value: '<id>', zh: '导出方法配置（与 --out 一起）', en: 'export a method profile (with --out)' },
    'import-profile': { type: 'string', value: '<file.json>', zh: '导入方法配置到工程', en: 'import a method profile into the project' },
    out: { type: 'string', value: '<file.json>', zh: '导出文件', en: 'output file' },
  },
  async run(ctx) {
    const project = ctx.args[0]!;
    const api = ctx.client.api.keyzones;
    const init = str(ctx.opts, 'init-config');
    const readOnly = flag(ctx.opts, 'status') || flag(ctx.opts, 'profiles') || str(ctx.opts, 'explain') !== undefined || init !== undefined || str(ctx.opts, 'export-profile') !== undefined;
    await openProject(ctx, project, readOnly);
    if (init !== undefined) {
      const { config, notes } = await api.suggestConfig({});
      writeFileSync(ctx.resolvePath(init), `${JSON.stringify(commented(config, notes), null, 2)}\n`);
      return { data: { path: ctx.resolvePath(init), config, notes }, human: [`已写出配置 Wrote ${ctx.resolvePath(init)}`, ...notes.map((n) => `  · ${ctx.lang === 'en' ? n.message_en : n.message_zh}`)].join('\n') };
    }
    if (flag(ctx.opts, 'profiles')) {
      const { profiles } = await api.profiles({});
      return {
        data: { profiles },
        human: table(['编号 Id', '名称 Name', '版本 Version', '内置 Built-in'], profiles.map((p) => [p.profile.id, ctx.lang === 'en' ? p.profile.name_en : p.profile.name_zh, p.profile.version, p.builtin ? '是 yes' : '否 no'])),
      };
    }
    const exportId = str(ctx.opts, 'export-profile');
    if (exportId !== undefined) {
      const out = str(ctx.opts, 'out');
      if (!out) throw new GwzError('BAD_REQUEST', '--export-profile 需要 --out <文件>', '--export-profile needs --out <file>');
      const r = await api.exportProfile({ id: exportId, path: ctx.resolvePath(out) });
      return { data: r, human: `已导出 Exported ${r.path}` };
    }
    const importPath = str(ctx.opts, 'import-profile');
    if (importPath !== undefined) {
      const r = await api.importProfile({ path: ctx.resolvePath(importPath) });
      return { data: r, human: `已导入方法配置 Imported profile ${r.profile.id}` };
    }
    const explain = str(ctx.opts, 'explain');
    if (explain !== undefined) {
      const [x, y] = explain.split(',').map(Number);
      if (!Number.isFinite(x) || !Number.isFinite(y)) throw new GwzError('BAD_REQUEST', `--explain 应为 x,y：${explain}`, `--explain must be x,y: ${explain}`);
      const r = await api.explain({ x: x!, y: y! });
      return { data: r, human: r.lines.map((l) => `· ${ctx.lang === 'en' ? l.text_en : l.text_zh}`).join('\n') };
    }
    if (flag(ctx.opts, 'status')) {
      const s = await api.state({});
      return { data: s, human: formatState(s, ctx.lang) };
    }
    const configPath = str(ctx.opts, 'config');
    let config: unknown;
    if (configPath !== undefined) {
      let text: string;
      try {
        text = readFileSync(ctx.resolvePath(configPath), 'utf8');
      } catch {
        throw new GwzError('FILE_NOT_FOUND', `找不到配置文件：${configPath}`, `Configuration file not found: ${configPath}`, { path: configPath });
      }
      config = stripComments(parseJson('config', text));
    }
    const stepsText = str(ctx.opts, 'steps');
    const steps = stepsText !== undefined ? parseSteps(stepsText) : flag(ctx.opts, 'all') ? [...KEYZONE_STEPS] : undefined;
    const result = await ctx.runJob('keyzones.run', {
      ...(config !== undefined ? { config: config as NonNullable<Parameters<typeof api.setConfig>[0]>['config'] } : {}),
      ...(steps ? { steps } : { remaining: true }),
    });
    return { data: result, human: formatRun(result, ctx.lang) };
  },
};

/** The issue's spelling, `gwz keyzone`, runs the same verb. */
const keyzoneAlias: Verb = { ...keyzonesVerb, name: 'keyzone', zh: '同 keyzones', en: 'same as keyzones' };

export const KEYZONE_VERBS: readonly Verb[] = [keyzonesVerb, keyzoneAlias];
