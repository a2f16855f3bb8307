import { readFileSync } from 'node:fs';
import {
  analysisOperations,
  GwzError,
  requestJsonSchema,
  type AnalysisMethodName,
  type AnalysisResult,
  type RequestOf,
  type RunRecord,
} from '../../shared/api';
import type { Lang } from './lang';
import { kebab, optionsFromSchema, parseJson, requestFromOptions } from './schema-options';
import { table } from './text';
import { flag, openProject, str, type OptionSpec, type Verb } from './verb';

/** `gwz run slope` names `analysis.slope`; `weighted-overlay` names `analysis.weightedOverlay`. */
export function operationName(cliName: string): AnalysisMethodName | undefined {
  return (Object.keys(analysisOperations) as AnalysisMethodName[]).find((m) => kebab(m.slice('analysis.'.length)) === cliName);
}

const cliNameOf = (m: AnalysisMethodName): string => kebab(m.slice('analysis.'.length));

const paramsOption: OptionSpec = {
  type: 'string',
  value: '<json|@file>',
  zh: '全部参数（JSON，或 @文件名）；单项选项覆盖其中同名项',
  en: 'all parameters (JSON, or @file); single options override it',
};

function operationList(lang: Lang): string {
  const names = (Object.keys(analysisOperations) as AnalysisMethodName[]).map(cliNameOf);
  const width = Math.max(...names.map((n) => n.length));
  const lines = (Object.keys(analysisOperations) as AnalysisMethodName[]).map((m, i) => {
    const spec = analysisOperations[m];
    return `  ${names[i]!.padEnd(width)}  [${spec.category}] ${lang === 'en' ? spec.summary_en : spec.summary_zh}`;
  });
  return `${lang === 'en' ? 'Operations 运算:' : '运算 Operations:'}\n${lines.join('\n')}\n\n${
    lang === 'en' ? 'Parameters of one: gwz run <operation> --help' : '某个运算的参数：gwz run <运算> --help'
  }`;
}

function formatResult(r: AnalysisResult, lang: Lang): string {
  const lines = [
    `${lang === 'en' ? 'Run' : '运行'} #${r.runId} (${r.seconds.toFixed(1)} s)`,
    ...r.layers.map((l) => `  → 「${l.name}」 ${l.kind}${l.kind === 'vector' ? ` ${l.featureCount}` : ''} (id ${l.id})`),
    ...r.warnings.map((w) => `  ! ${lang === 'en' ? w.message_en : w.message_zh}`),
  ];
  const extra = Object.entries(r).filter(([k]) => !['runId', 'layers', 'warnings', 'seconds'].includes(k));
  for (const [k, v] of extra) lines.push(`  ${k}: ${typeof v === 'number' ? Number(v.toPrecision(6)) : JSON.stringify(v)}`);
  return lines.join('\n');
}

export const runVerb: Verb = {
  name: 'run',
  args: '<operation> <project>',
  minArgs: 2,
  maxArgs: 2,
  zh: '运行分析运算（坡度、重分类、插值、水文、叠加…），结果写为新图层并记录溯源',
  en: 'Run an analysis operation (slope, reclassify, interpolation, hydrology, overlay…); results become new layers with provenance',
  options: { params: paramsOption },
  optionsFor(positionals) {
    const op = positionals[0] === undefined ? undefined : operationName(positionals[0]);
    return op ? { params: paramsOption, ...optionsFromSchema(requestJsonSchema(analysisOperations[op].request)) } : { params: paramsOption };
  },
  moreHelp: operationList,
  async run(ctx) {
    const [cliName, project] = ctx.args as [string, string];
    const op = operationName(cliName);
    if (!op) {
      throw new GwzError('BAD_REQUEST', `未知的运算：${cliName}`, `Unknown operation: ${cliName}`, {
        operations: (Object.keys(analysisOperations) as AnalysisMethodName[]).map(cliNameOf),
      });
    }
    const text = str(ctx.opts, 'params');
    const base = text === undefined ? {} : parseJson('params', text.startsWith('@') ? readFileSync(ctx.resolvePath(text.slice(1)), 'utf8') : text);
    if (typeof base !== 'object' || base === null || Array.isArray(base)) {
      throw new GwzError('BAD_REQUEST', '--params 应为 JSON 对象', '--params must be a JSON object');
    }
    await openProject(ctx, project, false);
    const { layers } = await ctx.client.api.layers.list({});
    const options = optionsFromSchema(requestJsonSchema(analysisOperations[op].request));
    const req = requestFromOptions(options, ctx.opts, layers, base as Record<string, unknown>);
    // The contract validates the request; the cast only names the method it is for.
    const result = (await ctx.runJob(op, req as RequestOf<typeof op>)) as AnalysisResult;
    return { data: result, human: formatResult(result, ctx.lang) };
  },
};

function formatRuns(runs: RunRecord[]): string {
  return table(
    ['# ', '运算 Operation', '状态 Status', '开始 Started', '输出 Outputs'],
    runs.map((r) => {
      const outs = (r.outputs as { layers?: { name: string }[] } | null)?.layers?.map((l) => l.name).join(', ') ?? '';
      return [String(r.id), r.operation, r.status, r.startedAt.replace('T', ' ').slice(0, 19), outs];
    }),
  );
}

export const runsVerb: Verb = {
  name: 'runs',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '运行记录（溯源）；--rerun <编号> 用相同参数重新运行',
  en: 'Run history (provenance); --rerun <id> runs one again with the same parameters',
  options: {
    rerun: { type: 'string', value: '<id>', zh: '重新运行此记录', en: 're-run this record' },
    operation: { type: 'string', value: '<method>', zh: '只列此运算', en: 'only this operation' },
    full: { type: 'boolean', zh: '显示参数和输入（JSON）', en: 'show parameters and inputs (JSON)' },
  },
  async run(ctx) {
    const rerun = str(ctx.opts, 'rerun');
    if (rerun !== undefined) {
      const runId = Number(rerun);
      if (!Number.isInteger(runId)) throw new GwzError('BAD_REQUEST', `--rerun 应为整数：${rerun}`, `--rerun must be an integer: ${rerun}`);
      await openProject(ctx, ctx.args[0]!, false);
      const { runs } = await ctx.client.api.analysis.runs({ limit: 10000 });
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new GwzError('BAD_REQUEST', `没有这条运行记录：${runId}`, `No such run: ${runId}`, { runId });
      const op = operationName(cliNameOf(run.operation as AnalysisMethodName));
      if (!op) {
        throw new GwzError('BAD_REQUEST', `运行记录 ${runId}（${run.operation}）不是分析运算，不能重新运行。`, `Run ${runId} (${run.operation}) is not an analysis operation; it cannot be re-run.`, {
          runId,
        });
      }
      // The same request as then; the contract checks it against today's schema.
      const result = (await ctx.runJob(op, run.params as RequestOf<typeof op>)) as AnalysisResult;
      return { data: result, human: formatResult(result, ctx.lang) };
    }
    await openProject(ctx, ctx.args[0]!, true);
    const operation = str(ctx.opts, 'operation');
    const { runs } = await ctx.client.api.analysis.runs(operation ? { operation } : {});
    return { data: { runs }, human: flag(ctx.opts, 'full') ? JSON.stringify(runs, null, 2) : formatRuns(runs) };
  },
};

export const ANALYSIS_VERBS: readonly Verb[] = [runVerb, runsVerb];
