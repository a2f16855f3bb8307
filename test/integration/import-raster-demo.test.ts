import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

it('the demo project carries its DEM as a raster layer inside the project file', async () => {
  const { result } = await f.client.runJob('project.createDemo', { path: join(f.dir, 'demo.gwz') });
  const dem = result.layers.find((l) => l.kind === 'raster');
  expect(dem?.name).toBe('数字高程模型');
  const { layers } = await f.client.api.layers.list({});
  const layer = layers.find((l) => l.kind === 'raster')!;
  const info = await f.client.api.rasters.info({ layerId: layer.id });
  expect(info.stats.validCount).toBeGreaterThan(0);
  expect(info.srid).toBe(layer.srid);
  const head = await f.engine.readData(layer.dataUrl, new URLSearchParams(), 'bytes=0-3');
  expect(head.status).toBe(206);
}, 60_000);
