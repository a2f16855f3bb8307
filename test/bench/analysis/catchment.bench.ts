import { join } from 'node:path';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { prng, smoothField } from '../../support/synthetic';
import { grassCellCount, writeTiff } from '../../integration/analysis/support';
import { benchEngine, cachedInputs, GRID, measureGrass, measureOurs, ONCE, record, Runs, SIDE, type Bench } from './support';

// Fill + D8 + catchment of one outlet on a SIDE × SIDE synthetic DEM (4000 by default, 10 m
// cells): a valley running south to the middle of the bottom edge, on a southward tilt, with 20 m of
// smooth relief (closed depressions to fill) and decimetre noise (pits and flats everywhere).
// Ours: analysis.catchment on the imported DEM (fill, D8, accumulation, snap, trace, polygon, written
// to the project); GRASS: r.watershed -s (single flow direction, as our D8) + r.water.outlet on the
// same DEM imported into a temporary location (import untimed), at the cell ours snapped to.
//   npx vitest bench --run --project bench test/bench/analysis/catchment.bench.ts
const OUTLET: [number, number] = [GRID.x0 + (SIDE / 2 + 0.5) * GRID.dx, GRID.y0 - (SIDE - 1.5) * GRID.dy];

let files: { dem: string };
let b: Bench;
let dem = 0;
const runs = new Runs();
const load0 = loadavg();
let snapped: [number, number] | null = null;
let oursCells = 0;
let grassCells = 0;

/** The synthetic DEM, in metres (10 m cells). */
function syntheticDem(): Float32Array {
  const relief = smoothField(SIDE, SIDE, 42, SIDE / 8);
  const rnd = prng(4242);
  const mid = SIDE / 2;
  for (let r = 0; r < SIDE; r++) {
    for (let c = 0; c < SIDE; c++) {
      const i = r * SIDE + c;
      relief[i] = 100 + 0.005 * (SIDE - 1 - r) * GRID.dy + 0.02 * Math.abs(c - mid) * GRID.dx + 20 * relief[i]! + 0.3 * rnd();
    }
  }
  return relief;
}

beforeAll(async () => {
  files = cachedInputs('catchment', (dir) => ({ dem: writeTiff(join(dir, 'dem.tif'), GRID, syntheticDem(), 'Float32') }));
  b = await benchEngine('catchment');
  dem = (await b.client.runJob('layers.importRaster', { path: files.dem, name: 'DEM' })).result.layer.id;
}, 1_800_000);

afterAll(async () => {
  const notes = grassCells ? `catchment cells: ours ${oursCells}, GRASS ${grassCells} (${((100 * (oursCells - grassCells)) / grassCells).toFixed(3)}%)` : undefined;
  const rec = runs.toRecord('fill + D8 + catchment of one outlet', 'analysis.catchment', ['r.watershed + r.water.outlet'], notes);
  if (rec) record('catchment', rec, load0);
  if (notes) console.log(`  ${notes}`);
  await b?.dispose();
});

describe(`fill + D8 + catchment, ${SIDE} × ${SIDE} DEM`, () => {
  bench(
    'gwz analysis.catchment',
    async () => {
      let result: { catchments: { cells: number; snappedX: number; snappedY: number }[] } | undefined;
      const m = await measureOurs(async () => {
        ({ result } = await b.client.runJob('analysis.catchment', { dem, points: [OUTLET] }));
      });
      const k = result!.catchments[0]!;
      snapped = [k.snappedX, k.snappedY];
      oursCells = k.cells;
      runs.add('analysis.catchment', m);
    },
    ONCE,
  );

  bench(
    'GRASS r.watershed -s + r.water.outlet',
    () => {
      const [x, y] = snapped ?? OUTLET;
      const m = measureGrass(
        [`r.in.gdal input='${files.dem}' output=dem -o --quiet`, 'g.region raster=dem'],
        ['r.watershed -s elevation=dem drainage=dir --quiet', `r.water.outlet input=dir output=basin coordinates=${x},${y} --quiet`],
        ['r.univar -g basin'],
      );
      grassCells = grassCellCount(m.stdout);
      runs.add('r.watershed + r.water.outlet', m, { steps: m.steps });
    },
    ONCE,
  );
});
