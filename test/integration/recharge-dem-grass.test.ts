import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellCentre, snapOutlet } from '../../electron/engine/analysis/hydrology/catchment';
import { testData } from '../support/data';
import { grass, grassCellCount, hasTool, layerGrid, readBand, storedRaster } from './analysis/support';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

/**
 * The recharge workflow's DEM-catchment method on the real zts DEM (CGCS2000 GK zone 40) against GRASS
 * r.watershed -s + r.water.outlet: sources given beside the main stream, each tool snapping them to
 * its own highest accumulation within 2 cells; cell counts within 1%.
 */
const SOURCES: [number, number][] = [
  [40442012, 3456736],
  [40441387, 3454961],
  [40441162, 3451986],
];

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(async () => {
  await f.dispose();
});

describe.runIf(hasTool('grass'))('recharge DEM method against GRASS r.water.outlet', () => {
  it('zts_dem_25m: each source catchment within 1% of the GRASS cell count', async () => {
    const path = join(f.dir, 'zts.gwz');
    await f.client.api.project.create({ path, crs: 'EPSG:4528' });
    const dem = (await f.client.runJob('layers.importRaster', { path: testData('dem/zts_dem_25m.tif'), name: 'DEM' })).result.layer;
    const { result } = await f.client.runJob('recharge.delineate', {
      sources: SOURCES.map(([x, y], i) => ({ name: `泉${i + 1}`, x, y, Q: 500, aquiferType: 'fissure', K: 1, b: 20, n: 0.05, I: 0.01 })),
      methods: ['dem'],
      dem: { demLayerId: dem.id },
    });
    const demFile = storedRaster(path, dem.id, f.dir);
    const setup = [`r.in.gdal input='${demFile}' output=dem -o --quiet`, 'g.region raster=dem', 'r.watershed -s elevation=dem drainage=dir accumulation=acc --quiet'];
    const accFile = join(f.dir, 'grass-acc.tif');
    grass(4528, [...setup, `r.out.gdal input=acc output='${accFile}' type=Float64 --quiet -c`].join('\n'));
    const grid = layerGrid(path, dem.id);
    const gacc = Int32Array.from(readBand(accFile).data, (v) => (Number.isNaN(v) ? 0 : Math.abs(v)));
    const coords = SOURCES.map(([x, y]) => {
      const c = cellCentre(grid, snapOutlet(gacc, grid, x, y, 2 * Math.max(grid.dx, grid.dy))!);
      return `${c.x},${c.y}`;
    });
    const out = grass(4528, [...setup, ...coords.map((xy, i) => `r.water.outlet input=dir output=b${i} coordinates=${xy} --quiet && echo "outlet ${i}" && r.univar -g b${i}`)].join('\n'));
    const counts = out.split(/^outlet \d+$/m).slice(1).map(grassCellCount);
    const cellKm2 = (grid.dx * grid.dy) / 1e6;
    for (const [i, n] of counts.entries()) {
      const ours = result.zones.find((z) => z.source === `泉${i + 1}`)!.areaKm2 / cellKm2;
      console.log(`泉${i + 1}: ours ${ours.toFixed(0)} cells, GRASS ${n}, ${((100 * (ours - n)) / n).toFixed(3)}%`);
      expect(Math.abs(ours - n) / n).toBeLessThanOrEqual(0.01);
    }
  }, 180_000);
});
