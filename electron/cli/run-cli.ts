import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createClient,
  EXIT,
  exitCodeFor,
  GwzError,
  toErrorData,
  type ErrorData,
  type JobMethodName,
  type JobResultOf,
  type RequestOf,
} from '../../shared/api';
import type { EngineApi } from '../engine';
import { APP_VERSION } from '../server/node-engine-options';
import { generalHelp, GLOBAL_OPTIONS, verbHelp, verbOptions, verbUsage } from './help';
import { createInProcessTransport } from './in-process-transport';
import { bilingual, detectLang, type Lang } from './lang';
import { createProgress, type ProgressStream } from './progress';
import type { OptionValues, Verb, VerbContext } from './verb';
import { findVerb } from './verbs';

export interface CliIo {
  /** stdout: results only (one JSON document under --json). */
  out(text: string): void;
  /** stderr: errors, usage and the progress bar (drawn only when isTTY). */
  err: ProgressStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  createEngine(): Promise<EngineApi>;
}

function usageError(zh: string, en: string): GwzError {
  return new GwzError('BAD_REQUEST', zh, en);
}

function reportError(io: CliIo, error: ErrorData, json: boolean, lang: Lang, usage?: string): void {
  if (json) {
    io.out(JSON.stringify({ error }, null, 2));
    return;
  }
  const text = bilingual(lang, `错误 [${error.code}]：${error.message_zh}`, `Error [${error.code}]: ${error.message_en}`);
  const usageText = usage ? `\n${usage.startsWith('gwz ') ? `${lang === 'en' ? 'Usage 用法' : '用法 Usage'}: ${usage}` : usage}\n` : '';
  io.err.write(`${text}\n${usageText}`);
}

/** node:util's parse errors are English prose; name the offending option in both languages instead. */
function parseArgsError(err: unknown): GwzError {
  const why = err instanceof Error ? err.message : String(err);
  const code = (err as { code?: unknown }).code;
  const option = /'(-[^' ]*)/.exec(why)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return usageError(`未知选项 ${option}`, `Unknown option ${option}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return usageError(`选项 ${option} 的取值无效（缺少值，或开关不能带值）`, `Invalid value for option ${option} (missing, or given to a switch)`);
  }
  return usageError(`参数错误：${why}`, `Bad arguments: ${why}`);
}

interface Parsed {
  verb: Verb;
  args: string[];
  opts: OptionValues;
}

/** Verb options plus the global ones, strictly: an unknown option is a usage error, not ignored. */
function parseVerbArgs(verb: Verb, argv: string[]): Parsed {
  const options = { ...verbOptions(verb, argv), ...GLOBAL_OPTIONS };
  const config = Object.fromEntries(
    Object.entries(options).map(([name, o]) => [name, 'short' in o && o.short ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (err) {
    throw parseArgsError(err);
  }
  const { values, positionals } = parsed;
  if (values.help !== true) {
    if (positionals.length < verb.minArgs) {
      throw usageError(`缺少参数：${verb.args}`, `Missing arguments: ${verb.args}`);
    }
    if (positionals.length > verb.maxArgs) {
      const extra = positionals.slice(verb.maxArgs).join(' ');
      throw usageError(`多余的参数：${extra}`, `Unexpected arguments: ${extra}`);
    }
    for (const [name, o] of Object.entries(verbOptions(verb, argv))) {
      if (o.required && values[name] === undefined) throw usageError(`缺少选项 --${name}`, `Missing option --${name}`);
    }
    const lang = values.lang;
    if (lang !== undefined && lang !== 'zh' && lang !== 'en') throw usageError('--lang 只能是 zh 或 en', '--lang must be zh or en');
  }
  return { verb, args: positionals, opts: values };
}

/**
 * The whole CLI as a function: parse, run one verb against an in-process engine, print, and answer
 * the exit code. The engine is created only once the arguments are valid and always shut down (which
 * releases the project lock) before returning.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const lang = detectLang(argv, io.env);
  const json = argv.includes('--json');
  const [first, ...rest] = argv;

  if (first === undefined) {
    io.err.write(`${generalHelp(lang)}\n`);
    return EXIT.usage;
  }
  if (first === '--version' || first === '-V') {
    io.out(json ? JSON.stringify({ version: APP_VERSION }) : `gwz ${APP_VERSION}`);
    return EXIT.ok;
  }
  if (first === 'help' || first === '--help' || first === '-h') {
    const topic = rest.find((a) => !a.startsWith('-'));
    const verb = topic === undefined ? undefined : findVerb(topic);
    if (topic !== undefined && !verb) {
      reportError(io, usageError(`未知命令：${topic}`, `Unknown verb: ${topic}`).toData(), json, lang, generalHelp(lang));
      return EXIT.usage;
    }
    io.out(verb ? verbHelp(verb, lang) : generalHelp(lang));
    return EXIT.ok;
  }

  const verb = findVerb(first);
  if (!verb) {
    reportError(io, usageError(`未知命令：${first}`, `Unknown verb: ${first}`).toData(), json, lang, generalHelp(lang));
    return EXIT.usage;
  }
  let parsed: Parsed;
  try {
    parsed = parseVerbArgs(verb, rest);
  } catch (err) {
    reportError(io, toErrorData(err), json, lang, verbUsage(verb, rest));
    return EXIT.usage;
  }
  if (parsed.opts.help === true) {
    io.out(verbHelp(verb, lang, rest));
    return EXIT.ok;
  }

  let engine: EngineApi | null = null;
  let code: number;
  try {
    engine = await io.createEngine();
    const client = createClient(createInProcessTransport(engine));
    const progress = createProgress(io.err, lang);
    const ctx: VerbContext = {
      client,
      args: parsed.args,
      opts: parsed.opts,
      lang,
      resolvePath: (p) => resolve(io.cwd, p),
      async runJob<M extends JobMethodName>(method: M, req: RequestOf<M>): Promise<JobResultOf<M>> {
        try {
          return (await client.runJob(method, req, (e) => progress.update(e))).result;
        } finally {
          progress.done();
        }
      },
      say: (line) => {
        if (!json) io.out(line);
      },
    };
    const outcome = await verb.run(ctx);
    if (json) io.out(JSON.stringify(outcome.data, null, 2));
    else if (outcome.human.length > 0) io.out(outcome.human);
    code = outcome.exitCode ?? EXIT.ok;
  } catch (err) {
    const error = toErrorData(err);
    // A usage problem found by the contract (BAD_REQUEST) is still best explained with the usage line.
    reportError(io, error, json, lang, error.code === 'BAD_REQUEST' ? verbUsage(verb, rest) : undefined);
    code = exitCodeFor(error.code);
  } finally {
    if (engine) {
      try {
        await engine.shutdown();
      } catch (err) {
        io.err.write(`${bilingual(lang, '关闭引擎失败', 'Engine shutdown failed')}: ${String(err)}\n`);
        code = code! === EXIT.ok ? EXIT.internal : code!;
      }
    }
  }
  return code;
}
