import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testData } from '../../support/data';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { compareBands, hasTool, readBand, storedRaster } from './support';

const ZTS = testData('dem/zts_dem_25m.tif');

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

async function projectWithDem(): Promise<{ path: string; demId: number; demFile: string }> {
  const path = join(f.dir, 'slope.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4528' });
  const { result } = await f.client.runJob('layers.importRaster', { path: ZTS, name: '高程' });
  return { path, demId: result.layer.id, demFile: storedRaster(path, result.layer.id, f.dir) };
}

describe.runIf(hasTool('gdaldem'))('analysis.slope against gdaldem (real DEM zts_dem_25m)', () => {
  for (const units of ['degrees', 'percent'] as const) {
    it(`matches gdaldem slope${units === 'percent' ? ' -p' : ''} on interior cells within 1e-3`, async () => {
      const { path, demId, demFile } = await projectWithDem();
      const { result } = await f.client.runJob('analysis.slope', { dem: demId, units });
      expect(result.layers).toHaveLength(1);
      const ours = readBand(storedRaster(path, result.layers[0]!.id, f.dir));
      const peer = join(f.dir, `gdaldem-${units}.tif`);
      execFileSync('gdaldem', ['slope', demFile, peer, ...(units === 'percent' ? ['-p'] : []), '-q']);
      const ref = readBand(peer);
      expect([ours.width, ours.height]).toEqual([ref.width, ref.height]);
      // nodata must agree cell for cell (edges, and cells next to the DEM's nodata)
      const { compared, maxDiff, nodataMismatch } = compareBands(ours.data, ref.data);
      expect(nodataMismatch).toEqual([]);
      expect(compared).toBeGreaterThan(90_000);
      expect(maxDiff).toBeLessThanOrEqual(1e-3);
    });
  }

  it('records provenance: parameters, the DEM with its checksum, engine version; re-runs identically', async () => {
    const { demId } = await projectWithDem();
    const { result } = await f.client.runJob('analysis.slope', { dem: demId, units: 'degrees' });
    const { runs } = await f.client.api.analysis.runs({ operation: 'analysis.slope' });
    expect(runs[0]).toMatchObject({
      id: result.runId,
      status: 'succeeded',
      params: { dem: demId, units: 'degrees', zFactor: 1 },
      engineVersion: '0.0.0-test',
    });
    const inputs = runs[0]!.inputs as { layers: { layerId: number; sha256: string }[] };
    expect(inputs.layers).toEqual([expect.objectContaining({ layerId: demId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    const again = await f.client.api.analysis.rerun({ runId: result.runId });
    expect(again.operation).toBe('analysis.slope');
    await new Promise<void>((resolve) => {
      const stop = f.client.on((e) => {
        if (e.type === 'job.done' && e.jobId === again.jobId) {
          stop();
          resolve();
        }
      });
    });
    const { layers } = (await f.client.runJob('layers.checksum', {})).result;
    const slopes = layers.filter((l) => l.name.includes('坡度'));
    expect(slopes).toHaveLength(2);
    expect(slopes[0]!.sha256).toBe(slopes[1]!.sha256);
  });

  it('refuses a vector layer as DEM with BAD_INPUT and writes nothing', async () => {
    const path = join(f.dir, 'v.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4548' });
    const { result } = await f.client.runJob('layers.importVector', { path: testData('boundaries/361000_full.json') });
    const before = await f.client.api.analysis.runs({});
    const err = await errorOf(f.client.runJob('analysis.slope', { dem: result.layer.id }));
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message_zh).toContain('不是栅格图层');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(1);
    expect((await f.client.api.analysis.runs({})).runs).toHaveLength(before.runs.length);
  });
});
