import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { gdal } from '../../../electron/engine/gdal';
import { prng, punchNodata, smoothField } from '../../support/synthetic';
import { writeTiff } from '../../integration/analysis/support';
import { benchEngine, cachedInputs, GRID, measureOurs, measurePeer, ONCE, record, Runs, SIDE, type Bench } from './support';

// Classify a continuous SIDE × SIDE Float32 raster (4000 by default; smooth patches with noise
// along their edges, 1% nodata) into 5 equal-interval classes, then polygonize the classes with a
// minimum mapping unit of 20 cells (sieve, 4-connected). Ours: analysis.classify + analysis.polygonize
// on the imported raster, both results written to the project. Peer: the same steps with GDAL's
// tools — gdalinfo -mm (min/max for the breaks), gdal_calc.py (class codes), gdal_sieve.py -st 20 -4,
// gdal_polygonize.py into a GeoPackage. Target besides speed: our peak RSS under 2 GiB.
//   npx vitest bench --run --project bench test/bench/analysis/classify-polygonize.bench.ts
const CLASSES = 5;
const MIN_CELLS = 20;

let files: { field: string };
let b: Bench;
let raster = 0;
const runs = new Runs();
const load0 = loadavg();
const areas: Record<string, Map<number, number>> = {};

function syntheticField(): Float32Array {
  const f = smoothField(SIDE, SIDE, 77, SIDE / 12, 8);
  const rnd = prng(7777);
  for (let i = 0; i < f.length; i++) f[i] = 100 * f[i]! + 1.5 * (rnd() - 0.5);
  return punchNodata(f, SIDE, 78, 0.01, 5);
}

beforeAll(async () => {
  files = cachedInputs('polygonize', (dir) => ({ field: writeTiff(join(dir, 'field.tif'), GRID, syntheticField(), 'Float32') }));
  b = await benchEngine('polygonize');
  raster = (await b.client.runJob('layers.importRaster', { path: files.field, name: '连续值' })).result.layer.id;
}, 1_800_000);

afterAll(async () => {
  const notes: string[] = [];
  const o = areas.ours;
  const p = areas.peer;
  if (o && p) {
    let worst = 0;
    for (const [c, a] of p) worst = Math.max(worst, Math.abs((o.get(c) ?? 0) - a) / a);
    const table = [...p.keys()].sort((x, y) => x - y).map((c) => `${c}: ${(o.get(c) ?? 0).toFixed(0)} / ${p.get(c)!.toFixed(0)}`);
    // the bar: every class area within 0.1 % of gdal_polygonize.py
    const verdict = worst <= 0.001 ? 'within 0.1 %' : 'EXCEEDS the 0.1 % bar';
    notes.push(`per-class area m² ours / GDAL ${table.join(', ')}; largest relative difference ${(100 * worst).toFixed(4)}% (${verdict})`);
  }
  const rec = runs.toRecord(`classify (${CLASSES} equal-interval classes) + polygonize with a ${MIN_CELLS}-cell sieve`, 'analysis.classify + polygonize', ['gdalinfo -mm + gdal_calc.py + gdal_sieve.py + gdal_polygonize.py'], notes.join('; ') || undefined);
  if (rec) record('classify-polygonize', rec, load0);
  if (notes.length) console.log(`  ${notes.join('\n  ')}`);
  await b?.dispose();
});

describe(`classify + polygonize, ${SIDE} × ${SIDE} Float32`, () => {
  bench(
    'gwz analysis.classify + analysis.polygonize',
    async () => {
      let features = 0;
      let classes: { value: number; area: number }[] = [];
      const m = await measureOurs(async () => {
        const cls = await b.client.runJob('analysis.classify', { raster, method: 'equal', classes: CLASSES });
        const poly = await b.client.runJob('analysis.polygonize', { raster: cls.result.layers[0]!.id, minArea: MIN_CELLS * GRID.dx * GRID.dy });
        features = poly.result.features;
        classes = poly.result.classes;
      });
      areas.ours = new Map(classes.map((c) => [c.value, c.area]));
      runs.add('analysis.classify + polygonize', m, { features });
    },
    ONCE,
  );

  bench(
    'gdalinfo -mm + gdal_calc.py + gdal_sieve.py + gdal_polygonize.py',
    () => {
      const classTif = join(b.dir, 'classes.tif');
      const sieved = join(b.dir, 'sieved.tif');
      const gpkg = join(b.dir, 'classes.gpkg');
      // gdal_polygonize.py appends to an existing layer: without this every bench iteration (warm-up
      // included) added its polygons again and the peer's class areas came out 3× ours (the "66.7 %")
      for (const f of [classTif, sieved, gpkg]) rmSync(f, { force: true });
      const steps = [];
      const info = measurePeer('gdalinfo', ['-json', '-mm', files.field]);
      steps.push(info);
      const band = (JSON.parse(info.stdout) as { bands: { computedMin: number; computedMax: number }[] }).bands[0]!;
      const step = (band.computedMax - band.computedMin) / CLASSES;
      // class i + 1 holds (bᵢ, bᵢ₊₁], the first also b₀: 1 + the number of inner breaks below the value
      const calc = `1${Array.from({ length: CLASSES - 1 }, (_, i) => `+(A>${band.computedMin + (i + 1) * step})`).join('')}`;
      steps.push(measurePeer('gdal_calc.py', ['-A', files.field, `--outfile=${classTif}`, `--calc=${calc}`, '--type=Byte', '--NoDataValue=0', '--overwrite', '--quiet']));
      steps.push(measurePeer('gdal_sieve.py', ['-q', '-st', String(MIN_CELLS), '-4', classTif, sieved]));
      steps.push(measurePeer('gdal_polygonize.py', ['-q', sieved, '-f', 'GPKG', gpkg, 'classes', 'class']));
      const seconds = steps.reduce((a, s) => a + s.seconds, 0);
      const peakRssMiB = Math.max(...steps.map((s) => s.peakRssMiB));
      const ds = gdal.open(gpkg);
      const byClass = new Map<number, number>();
      let features = 0;
      try {
        for (const f of ds.layers.get(0).features) {
          const c = f.fields.get('class') as number;
          byClass.set(c, (byClass.get(c) ?? 0) + (f.getGeometry() as gdal.Polygon).getArea());
          features++;
        }
      } finally {
        ds.close();
      }
      areas.peer = byClass;
      runs.add('gdalinfo -mm + gdal_calc.py + gdal_sieve.py + gdal_polygonize.py', { seconds, peakRssMiB }, { features, steps: steps.map((s) => s.seconds) });
    },
    ONCE,
  );
});
