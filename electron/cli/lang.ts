export type Lang = 'zh' | 'en';

/** `--lang en|zh` wins; otherwise English only when LANG says so, Chinese by default. */
export function detectLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value === 'en' || value === 'zh') return value;
  }
  return (env.LANG ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** Both languages, the chosen one first. */
export function bilingual(lang: Lang, zh: string, en: string): string {
  return lang === 'en' ? `${en}\n${zh}` : `${zh}\n${en}`;
}
