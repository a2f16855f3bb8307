import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testData } from '../../support/data';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';
import { cellCentre, snapOutlet } from '../../../electron/engine/analysis/hydrology/catchment';
import { grass, grassCellCount, hasTool, layerGrid, readBand, storedRaster } from './support';

/**
 * Catchments against GRASS r.watershed -s (single-flow D8) + r.water.outlet on the two real DEMs.
 * The outlets are points on the DEMs' main streams (where both tools' stream networks run), given
 * 10–20 m off the stream the way a user digitises them. Each tool snaps them onto its own stream by
 * the same rule (highest accumulation within 2 cells: our default; on GRASS's r.watershed
 * accumulation for GRASS) and delineates from there. GRASS reads the very COG our project stores, so
 * both work on identical cells.
 */
const CASES = [
  {
    name: 'zts_dem_25m (CGCS2000 GK zone 40)',
    file: 'dem/zts_dem_25m.tif',
    epsg: 4528,
    outlets: [
      [40442012, 3456736],
      [40441532, 3455566],
      [40441387, 3454961],
      [40440957, 3452790],
      [40441162, 3451986],
    ],
  },
  {
    name: 'ywzdem30m (Beijing 1954 GK zone 39)',
    file: 'dem/ywzdem30m.tif',
    epsg: 2415,
    outlets: [
      [39444563, 2840072],
      [39444944, 2840740],
      [39445553, 2841181],
      [39444854, 2841490],
      [39445973, 2841841],
    ],
  },
] as const;

let f: EngineFixture;
beforeAll(async () => {
  f = await engineFixture();
});
afterAll(async () => {
  await f.dispose();
});

describe.runIf(hasTool('grass'))('analysis.catchment against GRASS r.watershed -s + r.water.outlet', () => {
  for (const c of CASES) {
    it(`${c.name}: every catchment's cell count within 1% of GRASS, polygons cover exactly the cells`, async () => {
      const path = join(f.dir, `${c.epsg}.gwz`);
      await f.client.api.project.create({ path, crs: `EPSG:${c.epsg}` });
      const dem = (await f.client.runJob('layers.importRaster', { path: testData(c.file), name: 'DEM' })).result.layer;
      const demFile = storedRaster(path, dem.id, f.dir);
      const { result } = await f.client.runJob('analysis.catchment', { dem: dem.id, points: c.outlets.map((p) => [...p] as [number, number]) });
      expect(result.catchments).toHaveLength(c.outlets.length);

      const demSetup = [`r.in.gdal input='${demFile}' output=dem -o --quiet`, 'g.region raster=dem', 'r.watershed -s elevation=dem drainage=dir accumulation=acc --quiet'];
      const accFile = join(f.dir, `grass-acc-${c.epsg}.tif`);
      grass(c.epsg, [...demSetup, `r.out.gdal input=acc output='${accFile}' type=Float64 --quiet -c`].join('\n'));
      const gacc = readBand(accFile);
      const grid = layerGrid(path, dem.id);
      const gaccCells = Int32Array.from(gacc.data, (v) => (Number.isNaN(v) ? 0 : Math.abs(v)));
      const outlets = c.outlets.map(([x, y]) => {
        const cell = snapOutlet(gaccCells, grid, x, y, 2 * Math.max(grid.dx, grid.dy))!;
        const centre = cellCentre(grid, cell);
        return `${centre.x},${centre.y}`;
      });
      const script = [
        ...demSetup,
        ...outlets.map((xy, i) => `r.water.outlet input=dir output=basin${i} coordinates=${xy} --quiet && echo "outlet ${i}" && r.univar -g basin${i}`),
      ].join('\n');
      const out = grass(c.epsg, script);
      const counts = out.split(/^outlet \d+$/m).slice(1).map(grassCellCount);
      const table = result.catchments.map((k, i) => ({ id: k.id, ours: k.cells, grass: counts[i]!, diff: (k.cells - counts[i]!) / counts[i]! }));
      console.log(`${c.name}\n${table.map((t) => `  outlet ${t.id}: ours ${t.ours}, GRASS ${t.grass}, ${(100 * t.diff).toFixed(3)}%`).join('\n')}`);
      for (const t of table) expect(Math.abs(t.diff), `outlet ${t.id}`).toBeLessThanOrEqual(0.01);
      expect(result.catchments.every((k) => k.snapDistance <= 2 * 30 * Math.SQRT2)).toBe(true);

      // the polygons are the cells: area = cells × cell area, one feature per outlet
      const layer = result.layers[0]!;
      const db = new Database(path, { readonly: true });
      try {
        db.loadExtension('mod_spatialite');
        const rows = db.prepare(`SELECT outlet_id, cells, area_km2, ST_Area(geom) AS area, ST_IsValid(geom) AS valid FROM "${layer.tableName}" ORDER BY outlet_id`).all() as {
          outlet_id: number;
          cells: number;
          area_km2: number;
          area: number;
          valid: number;
        }[];
        expect(rows).toHaveLength(c.outlets.length);
        for (const r of rows) {
          expect(r.valid).toBe(1);
          expect(r.area / 1e6).toBeCloseTo(r.area_km2, 6);
        }
      } finally {
        db.close();
      }
    });
  }
});
