import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client, type KeyZoneConfig, type KeyZoneStep } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';

// The key-zone workflow on the demo project (抚州市, 18 801 km²) at two evaluation cell sizes: the
// whole run, and the vulnerability step alone (seven factors, IDW of 200 boreholes, sensitivity).
// Run: npx vitest bench --run --project bench test/bench/keyzones.bench.ts
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-kz-'));
let engine: EngineApi;
let client: Client;
let config: KeyZoneConfig;
const ALL: KeyZoneStep[] = ['area', 'protection', 'value', 'vulnerability', 'load', 'control', 'zones'];

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.runJob('project.createDemo', { path: join(dir, 'demo.gwz') });
  ({ config } = await client.api.keyzones.suggestConfig({}));
});

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

for (const cellSize of [250, 100]) {
  describe(`key zones on the demo, ${cellSize} m cells`, () => {
    bench(
      'all seven steps',
      async () => {
        await client.runJob('keyzones.run', { config: { ...config, area: { ...config.area, cellSize } }, steps: ALL });
      },
      { iterations: 3, warmupIterations: 0, time: 0 },
    );
    bench(
      'vulnerability step',
      async () => {
        await client.runJob('keyzones.run', { steps: ['vulnerability'] });
      },
      { iterations: 3, warmupIterations: 0, time: 0 },
    );
  });
}
