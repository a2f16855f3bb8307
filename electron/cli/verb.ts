import type { Client, JobMethodName, JobResultOf, ProjectInfo, RequestOf } from '../../shared/api';
import type { Lang } from './lang';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Placeholder shown in usage, e.g. "EPSG:<code>". */
  value?: string;
  required?: boolean;
  zh: string;
  en: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface VerbContext {
  client: Client;
  /** Positionals after the verb. */
  args: string[];
  opts: OptionValues;
  lang: Lang;
  /** Absolute path of a user-given file, relative to the working directory. */
  resolvePath(path: string): string;
  /** Runs a job to its end, drawing progress on a terminal. */
  runJob<M extends JobMethodName>(method: M, req: RequestOf<M>): Promise<JobResultOf<M>>;
  /** A human-readable line printed as work goes (nothing under --json). */
  say(line: string): void;
}

export interface VerbOutcome {
  /** The one JSON document printed under --json. */
  data: unknown;
  human: string;
  /** Defaults to 0; a verb may report a finding (e.g. a failed check) with another code. */
  exitCode?: number;
}

export interface Verb {
  name: string;
  /** Positionals as shown in usage, e.g. "<project> <data…>". */
  args: string;
  minArgs: number;
  maxArgs: number;
  zh: string;
  en: string;
  options: Record<string, OptionSpec>;
  /** Options that depend on the positionals (e.g. `gwz run <operation>` takes that operation's parameters). */
  optionsFor?(positionals: string[]): Record<string, OptionSpec>;
  run(ctx: VerbContext): Promise<VerbOutcome>;
  /** Extra help text (e.g. the method list of `call`). */
  moreHelp?(lang: Lang): string;
}

export const str = (opts: OptionValues, name: string): string | undefined => {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
};
export const flag = (opts: OptionValues, name: string): boolean => opts[name] === true;

/** "4548" is accepted as shorthand for "EPSG:4548"; anything else goes to the contract as written. */
export function crsCode(text: string): string {
  return /^\d+$/.test(text) ? `EPSG:${text}` : text;
}

export function openProject(ctx: VerbContext, path: string, readOnly: boolean): Promise<ProjectInfo> {
  return ctx.client.api.project.open({ path: ctx.resolvePath(path), readOnly });
}
