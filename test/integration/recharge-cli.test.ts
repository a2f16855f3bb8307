import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResultOf, RechargeResult } from '../../shared/api';
import { buildCli, gwzIn, jsonOf } from './harness/cli';

/** `gwz recharge <project> --config …` on the demo project: the same steps as the wizard. */
let dir: string;
const gwz = (args: string[]) => gwzIn(dir, args);
const A = '东乡区小璜镇查家地下水型水源';
const B = '乐安县南村乡集镇地下水型水源';

beforeAll(() => {
  buildCli();
  dir = mkdtempSync(join(tmpdir(), 'gwz-recharge-'));
  const r = gwz(['demo', 'demo.gwz']);
  expect(r.status, r.stderr).toBe(0);
}, 180_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('gwz recharge', () => {
  it('runs the methods from a config file, with measured parameters overriding the type defaults, then combines', () => {
    writeFileSync(
      join(dir, 'recharge.json'),
      JSON.stringify({
        sources: {
          layer: '地下水型饮用水水源',
          overrides: {
            [A]: { K: 20, b: 12, n: 0.22, I: 0.003, azimuth: 45, provenance: { K: 'ZK012 抽水试验' } },
            [B]: { azimuth: 300 },
          },
        },
        methods: ['formula', 'analytical', 'dem'],
        parameters: { alpha: 2 },
        dem: { layer: '数字高程模型' },
        clip: { layer: '水文地质分区' },
        screen: ['污染源'],
        combine: {
          choices: [
            { source: A, level1: 'formula', level2: 'analytical', recharge: ['analytical', 'dem'] },
            { source: B, level1: 'formula', level2: 'formula', recharge: ['dem'] },
          ],
          rationale: '按含水层类型选择方法（示例）',
        },
      }),
    );
    const r = gwz(['recharge', 'demo.gwz', '--config', 'recharge.json', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { delineation, combined } = jsonOf<{ delineation: RechargeResult; combined: JobResultOf<'recharge.combine'> }>(r);
    const l1 = delineation.zones.find((z) => z.source === A && z.method === 'formula' && z.level === 'level1')!;
    expect(l1.radiusM).toBeCloseTo((2 * 20 * 0.003 * 100) / 0.22, 9); // 54.5 m
    const cap = delineation.capture.find((c) => c.source === A)!;
    expect(cap.captureWidthM).toBeCloseTo(1200 / (20 * 12 * 0.003), 6); // Q/(K b i) = 1666.7 m
    expect(cap.stagnationM).toBeCloseTo(1200 / (2 * Math.PI * 20 * 12 * 0.003), 6);
    expect(combined.zones.filter((z) => z.source === A).map((z) => z.level).sort()).toEqual(['level1', 'level2', 'quasi', 'recharge']);
    expect(combined.layers.map((l) => l.name)).toContain('水源保护区');

    const human = gwz(['recharge', 'demo.gwz', '--config', 'recharge.json']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain('经验公式法');
    expect(human.stdout).toContain('驻点');
    expect(human.stdout).toContain('综合确定');
  }, 120_000);

  it('bad config: exit 2 for an unknown key, 3 for an analytical run without a flow direction', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ sources: { layer: '地下水型饮用水水源' }, methods: ['formula'], colour: 'red' }));
    const r = gwz(['recharge', 'demo.gwz', '--config', 'bad.json', '--json']);
    expect(r.status).toBe(2);
    writeFileSync(join(dir, 'noflow.json'), JSON.stringify({ sources: { layer: '地下水型饮用水水源' }, methods: ['analytical'] }));
    const n = gwz(['recharge', 'demo.gwz', '--config', 'noflow.json', '--json']);
    expect(n.status).toBe(3);
    expect(n.stderr + n.stdout).toMatch(/流向/);
    const missing = gwz(['recharge', 'demo.gwz', '--config', 'nope.json', '--json']);
    expect(missing.status).not.toBe(0);
  }, 60_000);
});
