import type { Lang } from './lang';
import { padEnd, displayWidth } from './text';
import type { OptionSpec, Verb } from './verb';
import { VERBS } from './verbs';

/** Options every verb takes; parsed together with the verb's own. */
export const GLOBAL_OPTIONS = {
  json: { type: 'boolean', zh: '输出一个 JSON 文档', en: 'print one JSON document' },
  lang: { type: 'string', value: 'zh|en', zh: '界面语言（默认看 LANG）', en: 'language (default from LANG)' },
  help: { type: 'boolean', short: 'h', zh: '显示帮助', en: 'show help' },
} as const;

const pick = (lang: Lang, zh: string, en: string) => (lang === 'en' ? `${en} · ${zh}` : `${zh} · ${en}`);

/**
 * A verb's options for these arguments: its own, or those its positionals choose (`gwz run slope`).
 * Positionals are what does not start with "-" and is not an option's value — good enough to find the
 * first one, which is all optionsFor looks at.
 */
export function verbOptions(verb: Verb, argv: string[] = []): Record<string, OptionSpec> {
  if (!verb.optionsFor) return verb.options;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('-')) {
      const o = verb.options[a.replace(/^-+/, '').split('=')[0]!];
      if (o?.type === 'string' && !a.includes('=')) i++;
      continue;
    }
    positionals.push(a);
  }
  return verb.optionsFor(positionals);
}

export function verbUsage(verb: Verb, argv: string[] = []): string {
  const opts = Object.entries(verbOptions(verb, argv)).map(([name, o]) => {
    const text = o.type === 'string' ? `--${name} ${o.value ?? '<value>'}` : `--${name}`;
    return o.required ? text : `[${text}]`;
  });
  return ['gwz', verb.name, verb.args, ...opts, '[--json]'].filter((s) => s.length > 0).join(' ');
}

export function verbHelp(verb: Verb, lang: Lang, argv: string[] = []): string {
  const entries = Object.entries({ ...verbOptions(verb, argv), ...GLOBAL_OPTIONS });
  const labels = entries.map(([name, o]) => (o.type === 'string' ? `--${name} ${o.value ?? '<value>'}` : `--${name}`));
  const width = Math.max(...labels.map(displayWidth));
  const lines = [
    `${lang === 'en' ? 'Usage 用法' : '用法 Usage'}: ${verbUsage(verb, argv)}`,
    '',
    pick(lang, verb.zh, verb.en),
    '',
    ...entries.map(([, o], i) => `  ${padEnd(labels[i]!, width)}  ${pick(lang, o.zh, o.en)}`),
  ];
  const more = verb.moreHelp?.(lang);
  if (more) lines.push('', more);
  return lines.join('\n');
}

export function generalHelp(lang: Lang): string {
  const width = Math.max(...VERBS.map((v) => v.name.length));
  return [
    `gwz — ${pick(lang, '地下水污染防治分区工作台命令行', 'GWZ Workbench command line')}`,
    '',
    `${lang === 'en' ? 'Usage 用法' : '用法 Usage'}: gwz <verb> [args] [--json] [--lang zh|en]`,
    '',
    ...VERBS.map((v) => `  ${v.name.padEnd(width)}  ${pick(lang, v.zh, v.en)}`),
    `  ${'help'.padEnd(width)}  ${pick(lang, '帮助：gwz help <命令>', 'help: gwz help <verb>')}`,
    '',
    `gwz --version  ${pick(lang, '版本', 'version')}`,
    pick(
      lang,
      '退出码：0 成功，2 用法错误，3 输入数据有误，4 工程文件问题（不存在、被占用、损坏），5 内部错误',
      'Exit codes: 0 ok, 2 usage error, 3 bad input data, 4 project file problem (missing, locked, corrupt), 5 internal error',
    ),
  ].join('\n');
}
