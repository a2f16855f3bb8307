import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobResultOf } from '../../../shared/api';
import { classField, prng, punchNodata } from '../../support/synthetic';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { hasTool, peer, storedRaster, writeTiff } from './support';

// Class raster → polygons against gdal_polygonize.py (and gdal_sieve.py for the minimum mapping
// unit) on the stored raster itself; smoothing checked to keep the coverage seamless.

let f: EngineFixture;
let path: string;
let raster: number;
let tif: string;
const GRID = { srid: 4548, x0: 440_000, y0: 3_100_000, dx: 30, dy: 30, width: 360, height: 280 };
const CELL = GRID.dx * GRID.dy;

type Result = JobResultOf<'analysis.polygonize'>;
const polygonize = async (req: Record<string, unknown>): Promise<Result> => (await f.client.runJob('analysis.polygonize', { raster, ...req } as never)).result as Result;

function query<T>(sql: string): T[] {
  const db = new Database(path, { readonly: true });
  db.loadExtension('mod_spatialite');
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** Per-class polygon count and area of gdal_polygonize.py's output (4-connected, as ours). */
function gdalClasses(input: string, name: string): Map<number, { n: number; area: number }> {
  const out = join(f.dir, `${name}.gpkg`);
  peer('gdal_polygonize.py', ['-q', input, '-f', 'GPKG', out, 'p', 'v']);
  const csv = peer('ogr2ogr', ['-f', 'CSV', '/vsistdout/', out, '-dialect', 'SQLite', '-sql', 'SELECT v, COUNT(*) AS n, SUM(ST_Area(geom)) AS a FROM p GROUP BY v']);
  const map = new Map<number, { n: number; area: number }>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [v, n, a] = line.split(',').map((x) => Number(x.replace(/"/g, '')));
    map.set(v!, { n: n!, area: a! });
  }
  return map;
}

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'poly.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4548' });
  // five smooth classes with 3 % salt-and-pepper cells (the specks a sieve removes) and nodata holes
  const data = classField(GRID.width, GRID.height, 7, 5);
  const rnd = prng(99);
  for (let i = 0; i < data.length; i++) if (rnd() < 0.03) data[i] = 1 + Math.floor(rnd() * 5);
  punchNodata(data, GRID.width, 5, 0.01, 4);
  const input = writeTiff(join(f.dir, 'classes.tif'), GRID, data, 'Byte');
  raster = (await f.client.runJob('layers.importRaster', { path: input, name: '分级' })).result.layer.id;
  tif = storedRaster(path, raster, f.dir);
}, 120_000);

afterAll(async () => {
  await f?.dispose();
});

describe.runIf(hasTool('gdal_polygonize.py') && hasTool('gdal_sieve.py'))('polygonize against gdal_polygonize.py and gdal_sieve.py', () => {
  it('gives the per-class polygon counts and areas of gdal_polygonize.py', async () => {
    const r = await polygonize({});
    const ref = gdalClasses(tif, 'plain');
    expect(r.classes.map((c) => c.value)).toEqual([...ref.keys()].sort());
    for (const c of r.classes) {
      const g = ref.get(c.value)!;
      expect(c.polygons).toBe(g.n);
      expect(Math.abs(c.area - g.area) / g.area).toBeLessThan(1e-3);
      // whole cells
      expect(Math.abs(c.area / CELL - Math.round(c.area / CELL))).toBeLessThan(1e-6);
    }
    expect(r.sievedCells).toBe(0);
  }, 120_000);

  it('sieves patches under the minimum mapping unit as gdal_sieve.py -st does', async () => {
    const minArea = 12 * CELL;
    const r = await polygonize({ minArea, outputName: '转面_筛除' });
    const sieved = join(f.dir, 'sieved.tif');
    peer('gdal_sieve.py', ['-q', '-st', '12', '-4', tif, sieved]);
    const ref = gdalClasses(sieved, 'sieved');
    for (const c of r.classes) {
      const g = ref.get(c.value)!;
      expect(c.polygons, `class ${c.value}`).toBe(g.n);
      expect(Math.abs(c.area - g.area) / g.area).toBeLessThan(1e-3);
    }
    expect(r.sievedCells).toBeGreaterThan(1000);
    const small = query<{ n: number }>(`SELECT COUNT(*) AS n FROM "${r.layers[0]!.tableName}" WHERE area_m2 < ${minArea - 1e-6}`)[0]!.n;
    // only patches walled in by nodata (nothing to merge into) may stay below the unit
    expect(small).toBeLessThan(r.features * 0.02);
    const plain = await polygonize({ outputName: '转面_原样' });
    expect(r.features).toBeLessThan(plain.features / 5);
  }, 120_000);
});

describe('boundary smoothing', () => {
  it('rounds the cell staircase while neighbours keep sharing their boundaries (no gaps, no overlaps)', async () => {
    const sharp = await polygonize({ minArea: 20 * CELL, outputName: '阶梯' });
    const smooth = await polygonize({ minArea: 20 * CELL, smooth: 2, outputName: '平滑' });
    const t = smooth.layers[0]!.tableName;
    const s = query<{ sum: number; uni: number; overlaps: number; verts: number }>(
      `SELECT (SELECT SUM(ST_Area(geom)) FROM "${t}") AS sum, (SELECT ST_Area(ST_Union(geom)) FROM "${t}") AS uni,
              (SELECT COALESCE(SUM(ST_Area(ST_Intersection(a.geom, b.geom))), 0) FROM "${t}" a, "${t}" b
                 WHERE a.fid < b.fid AND MbrIntersects(a.geom, b.geom) AND ST_Intersects(a.geom, b.geom)) AS overlaps,
              (SELECT SUM(ST_NPoints(geom)) FROM "${t}") AS verts`,
    )[0]!;
    expect(s.overlaps).toBeLessThan(1);
    expect(Math.abs(s.sum - s.uni) / s.uni).toBeLessThan(1e-9);
    // the coverage as a whole stays where it was (the outer edge and nodata holes are smoothed too)
    expect(Math.abs(s.uni - sharp.area) / sharp.area).toBeLessThan(0.01);
    expect(smooth.features).toBeGreaterThanOrEqual(sharp.features - 2);
    for (const c of smooth.classes) {
      const before = sharp.classes.find((x) => x.value === c.value)!;
      expect(Math.abs(c.area - before.area) / before.area, `class ${c.value}`).toBeLessThan(0.03);
    }
    // no staircase left: far more vertices, and edges no longer only horizontal or vertical
    const tv = query<{ v: number }>(`SELECT SUM(ST_NPoints(geom)) AS v FROM "${sharp.layers[0]!.tableName}"`)[0]!.v;
    expect(s.verts).toBeGreaterThan(2 * tv);
  }, 180_000);

  it('refuses a continuous raster', async () => {
    const cont = writeTiff(
      join(f.dir, 'cont.tif'),
      { ...GRID, width: 20, height: 20 },
      Float32Array.from({ length: 400 }, (_, i) => i / 7),
    );
    const id = (await f.client.runJob('layers.importRaster', { path: cont, name: '连续' })).result.layer.id;
    const e = await errorOf(f.client.runJob('analysis.polygonize', { raster: id }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message_zh).toContain('非整数');
  }, 60_000);
});
