import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createClient, type Client, type LayerInfo, type XY } from '../../shared/api';
import { readOnly, sharedInteriorVertex } from '../integration/editing-support';

// Latency of one boundary edit (find, change, validate, log, commit) and its undo on the demo's
// county boundaries (11 polygons, ~6 000 vertices) and hydrogeological units (34 polygons), and of
// the whole-layer topology check. Run: npx vitest bench --run --project bench test/bench/editing.bench.ts
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-edit-'));
const path = join(dir, 'demo.gwz');
let engine: EngineApi;
let client: Client;
const layers: Record<string, { layer: LayerInfo; at: XY }> = {};

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.runJob('project.createDemo', { path });
  await client.api.project.open({ path });
  const ro = readOnly(path);
  for (const l of (await client.api.layers.list({})).layers) {
    if (l.name === '县级行政区' || l.name === '水文地质分区') layers[l.name] = { layer: l, at: sharedInteriorVertex(ro, l.tableName).at };
  }
  ro.close();
}, 120_000);

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

for (const name of ['县级行政区', '水文地质分区']) {
  describe(`${name}`, () => {
    bench(
      'editing.apply (move a shared vertex) + editing.undo',
      async () => {
        const { layer, at } = layers[name]!;
        await client.api.editing.apply({ layerId: layer.id, edit: { op: 'moveVertex', from: at, to: [at[0] + 5, at[1] + 5] }, reason: 'bench' });
        await client.api.editing.undo({ layerId: layer.id });
      },
      { iterations: 20, warmupIterations: 2 },
    );
    bench('editing.topology (whole layer)', async () => {
      await client.api.editing.topology({ layerId: layers[name]!.layer.id });
    }, { iterations: 5, warmupIterations: 1 });
  });
}
