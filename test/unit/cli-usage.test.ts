import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GwzError, methodNames } from '../../shared/api';
import { runCli, type CliIo } from '../../electron/cli/run-cli';
import { VERBS } from '../../electron/cli/verbs';
import { resourcesDir } from '../../electron/engine/resources';

const pkg = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version: string };

/** Runs the CLI on argv; usage paths must answer before any engine exists, so starting one fails the test. */
async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  let enginesStarted = 0;
  const io: CliIo = {
    out: (text) => (out += `${text}\n`),
    err: { write: (text: string) => (err += text), isTTY: false },
    env,
    cwd: '/tmp',
    createEngine: () => {
      enginesStarted += 1;
      throw new Error('no engine may start for a usage error');
    },
  };
  const code = await runCli(argv, io);
  return { code, out, err, enginesStarted };
}

describe('gwz usage errors (exit 2, no engine started)', () => {
  it.each([
    ['no verb', []],
    ['unknown verb', ['frobnicate', 'a.gwz']],
    ['missing project', ['new']],
    ['missing --crs', ['new', 'a.gwz']],
    ['--crs without value', ['new', 'a.gwz', '--crs']],
    ['unknown option', ['info', 'a.gwz', '--frob']],
    ['too many arguments', ['info', 'a.gwz', 'b.gwz']],
    ['import without data', ['import', 'a.gwz']],
    ['switch given a value', ['new', 'a.gwz', '--crs', 'EPSG:4548', '--overwrite=yes']],
    ['bad --lang', ['crs', '--lang', 'fr']],
  ])('%s', async (_label, argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.enginesStarted).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/用法 Usage|Usage 用法/);
  });

  it('names the unknown verb in Chinese and English and prints the verb list', async () => {
    const r = await cli(['frobnicate']);
    expect(r.err).toContain('未知命令：frobnicate');
    expect(r.err).toContain('Unknown verb: frobnicate');
    for (const verb of VERBS) expect(r.err).toContain(`  ${verb.name} `);
  });

  it('under --json prints exactly one JSON error document on stdout and nothing on stderr', async () => {
    const r = await cli(['new', 'a.gwz', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as { error: { code: string; message_zh: string; message_en: string } };
    expect(doc.error.code).toBe('BAD_REQUEST');
    expect(doc.error.message_zh).toContain('--crs');
    expect(doc.error.message_en).toBe('Missing option --crs');
  });
});

describe('gwz language choice', () => {
  const firstLine = (text: string) => text.split('\n')[0]!;

  it('prints Chinese first by default and for a non-English LANG', async () => {
    expect(firstLine((await cli(['frob'])).err)).toMatch(/^错误/);
    expect(firstLine((await cli(['frob'], { LANG: 'zh_CN.UTF-8' })).err)).toMatch(/^错误/);
  });

  it('prints English first when LANG starts with en, and --lang overrides LANG', async () => {
    expect(firstLine((await cli(['frob'], { LANG: 'en_US.UTF-8' })).err)).toMatch(/^Error \[BAD_REQUEST\]/);
    expect(firstLine((await cli(['frob', '--lang', 'zh'], { LANG: 'en_US.UTF-8' })).err)).toMatch(/^错误/);
    expect(firstLine((await cli(['frob', '--lang=en'])).err)).toMatch(/^Error/);
  });
});

describe('gwz help and version (exit 0, no engine)', () => {
  it('--version prints the package version, plain or as JSON', async () => {
    const plain = await cli(['--version']);
    expect(plain.code).toBe(0);
    expect(plain.out.trim()).toBe(`gwz ${pkg.version}`);
    const json = await cli(['--version', '--json']);
    expect(JSON.parse(json.out)).toEqual({ version: pkg.version });
  });

  it('help lists every verb; help call lists every contract method', async () => {
    const general = await cli(['help']);
    expect(general.code).toBe(0);
    for (const verb of VERBS) expect(general.out).toContain(`  ${verb.name} `);
    const call = await cli(['help', 'call']);
    for (const name of methodNames) expect(call.out).toContain(name);
    expect(call.out).toMatch(/layers\.importVector .*\[job\]/);
  });

  it('<verb> --help shows that verb\'s options without needing its arguments', async () => {
    const r = await cli(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.enginesStarted).toBe(0);
    for (const option of ['--name', '--layer', '--encoding', '--src-crs', '--json']) expect(r.out).toContain(option);
  });

  it('help for an unknown verb is a usage error', async () => {
    expect((await cli(['help', 'frob'])).code).toBe(2);
  });
});

describe('gwz engine failures', () => {
  it('maps an engine that cannot start to its error code and exit code', async () => {
    let out = '';
    const code = await runCli(['crs', '--json'], {
      out: (t) => (out += t),
      err: { write: () => true, isTTY: false },
      env: {},
      cwd: '/tmp',
      createEngine: () => Promise.reject(new GwzError('SPATIALITE_MISSING', '找不到 SpatiaLite', 'SpatiaLite not found')),
    });
    expect(code).toBe(5);
    expect(JSON.parse(out)).toEqual({
      error: { code: 'SPATIALITE_MISSING', message_zh: '找不到 SpatiaLite', message_en: 'SpatiaLite not found' },
    });
  });
});

describe('gwz demo data', () => {
  it('finds the shipped 抚州市 boundaries next to the sources, or where GWZ_RESOURCES says', () => {
    expect(existsSync(`${resourcesDir({})}/sample/fuzhou_counties/抚州市.shp`)).toBe(true);
    expect(resourcesDir({ GWZ_RESOURCES: '/elsewhere' })).toBe('/elsewhere');
  });
});
