import { isAbsolute, resolve } from 'node:path';
import type { OptionValues, VerbContext } from '../../../electron/cli/verb';
import type { EngineFixture } from './engine-fixture';

/**
 * A CLI verb's context over a fixture's real engine, as run-cli builds it (minus the terminal):
 * relative paths resolve in the fixture's folder, jobs run to their result, lines said go to `said`.
 */
export function verbContext(f: EngineFixture, args: string[], opts: OptionValues = {}, said: string[] = []): VerbContext {
  return {
    client: f.client,
    args,
    opts,
    lang: 'zh',
    resolvePath: (p) => (isAbsolute(p) ? p : resolve(f.dir, p)),
    runJob: async (method, req) => (await f.client.runJob(method, req)).result,
    say: (line) => said.push(line),
  };
}
