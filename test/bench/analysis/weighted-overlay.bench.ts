import { join } from 'node:path';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { punchNodata, smoothField } from '../../support/synthetic';
import { compareBands, readBand, storedRaster, writeTiff } from '../../integration/analysis/support';
import { benchEngine, cachedInputs, GRID, measureGrass, measureOurs, measurePeer, ONCE, record, Runs, SIDE, type Bench } from './support';

// Weighted overlay of 7 Float32 rasters (SIDE × SIDE, 4000 by default; DRASTIC-like weights, one
// input with 2% nodata in small blocks) — ours: analysis.weightedOverlay on the imported layers
// (read the stored COGs, sum, write the result COG with overviews and provenance); gdal_calc.py on
// the same GeoTIFFs writing a tiled compressed GeoTIFF; GRASS r.mapcalc on the same rasters
// imported into a temporary location (the import untimed, as ours). Results: results.json.
//   npx vitest bench --run --project bench test/bench/analysis/weighted-overlay.bench.ts
const WEIGHTS = [5, 4, 3, 2, 1, 5, 3];
const NAMES = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

let files: Record<string, string>;
let b: Bench;
let layers: number[] = [];
const runs = new Runs();
const load0 = loadavg();
let oursLayer = 0;
let peerFile = '';
let grassMean = Number.NaN;
let oursMean = Number.NaN;

beforeAll(async () => {
  files = cachedInputs('overlay', (dir) => {
    const out: Record<string, string> = {};
    NAMES.forEach((name, k) => {
      const field = smoothField(SIDE, SIDE, 100 + k, SIDE / (3 + k));
      for (let i = 0; i < field.length; i++) field[i] = 1 + 9 * field[i]!;
      out[name] = writeTiff(join(dir, `${name}.tif`), GRID, k === 3 ? punchNodata(field, SIDE, 7) : field, 'Float32');
    });
    return out;
  });
  b = await benchEngine('overlay');
  layers = [];
  for (const name of NAMES) layers.push((await b.client.runJob('layers.importRaster', { path: files[name]!, name })).result.layer.id);
}, 1_800_000);

afterAll(async () => {
  const notes: string[] = [];
  if (oursLayer && peerFile) {
    const cmp = compareBands(readBand(storedRaster(b.project, oursLayer, b.dir)).data, readBand(peerFile).data);
    notes.push(`ours vs gdal_calc.py: ${cmp.compared} cells compared, max |Δ| ${cmp.maxDiff.toExponential(2)}, nodata mismatches ${cmp.nodataMismatch.length}`);
  }
  if (Number.isFinite(grassMean)) notes.push(`mean ours ${oursMean.toFixed(6)}, r.mapcalc ${grassMean.toFixed(6)}`);
  const rec = runs.toRecord('weighted overlay of 7 Float32 rasters', 'analysis.weightedOverlay', ['gdal_calc.py', 'r.mapcalc'], notes.join('; '));
  if (rec) record('weighted-overlay', rec, load0);
  if (notes.length) console.log(`  ${notes.join('\n  ')}`);
  await b?.dispose();
});

describe(`weighted overlay of 7 rasters, ${SIDE} × ${SIDE} Float32`, () => {
  bench(
    'gwz analysis.weightedOverlay',
    async () => {
      let result: { layers: { id: number }[]; mean: number | null } | undefined;
      const m = await measureOurs(async () => {
        ({ result } = await b.client.runJob('analysis.weightedOverlay', { inputs: layers.map((layer, k) => ({ layer, weight: WEIGHTS[k]! })) }));
      });
      oursLayer = result!.layers[0]!.id;
      oursMean = result!.mean ?? Number.NaN;
      runs.add('analysis.weightedOverlay', m);
    },
    ONCE,
  );

  bench(
    'gdal_calc.py',
    () => {
      peerFile = join(b.dir, 'gdal_calc.tif');
      const calc = NAMES.map((n, k) => `${WEIGHTS[k]}*${n}`).join('+');
      const args = [...NAMES.flatMap((n) => [`-${n}`, files[n]!]), `--outfile=${peerFile}`, `--calc=${calc}`, '--type=Float32', '--NoDataValue=-9999', '--overwrite', '--quiet'];
      runs.add('gdal_calc.py', measurePeer('gdal_calc.py', [...args, '--co=TILED=YES', '--co=COMPRESS=ZSTD', '--co=PREDICTOR=3']));
    },
    ONCE,
  );

  bench(
    'GRASS r.mapcalc',
    () => {
      const setup = [...NAMES.map((n) => `r.in.gdal input='${files[n]}' output=${n} -o --quiet`), 'g.region raster=A'];
      const expr = NAMES.map((n, k) => `${WEIGHTS[k]}*${n}`).join(' + ');
      const m = measureGrass(setup, [`r.mapcalc expression='out = ${expr}' --quiet`], ['r.univar -g out']);
      grassMean = Number(/^mean=(.*)$/m.exec(m.stdout)?.[1]);
      runs.add('r.mapcalc', m);
    },
    ONCE,
  );
});

