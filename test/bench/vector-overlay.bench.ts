import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { createClient, type Client } from '../../shared/api';
import { createEngine, type EngineApi } from '../../electron/engine';
import { createInProcessTransport } from '../../electron/cli/in-process-transport';
import { gdal } from '../../electron/engine/gdal';
import { testData } from '../support/data';
import { writeSquareGrid } from './support/square-grid';

// Dissolve and intersection on real polygons: the 925 province polygons of bou2_4p.shp in EPSG:4548,
// dissolved by province (ADCODE99) and intersected with a 20 × 20 grid of 150 km squares, against
// ogr2ogr -dialect SQLite doing the same SQL on a SpatiaLite copy of the same features (both write
// their result into a SQLite file). Polygonize: a 2000 × 2000 class raster against gdal_polygonize.py.
// Run: npx vitest bench --run --project bench test/bench/vector-overlay.bench.ts
/** Side of the class raster; GWZ_BENCH_SIZE=4000 for the 4000 × 4000. */
const SIZE = Number(process.env.GWZ_BENCH_SIZE ?? 2000);
const SOURCE = testData('shp_encoding/bou2_4p/bou2_4p.shp');
const dir = mkdtempSync(join(tmpdir(), 'gwz-bench-vec-'));
const ours = join(dir, 'ours.gwz');
const peerDb = join(dir, 'peer.sqlite');
let engine: EngineApi;
let client: Client;
let provinces = 0;
let grid = 0;
let classes = 0;
let n = 0;

function writeGrid(path: string): void {
  writeSquareGrid({
    path,
    layerName: 'grid',
    rows: 20,
    cols: 20,
    size: 150_000,
    x0: -1_000_000,
    y0: 2_000_000,
    fields: [{ name: 'cell', type: gdal.OFTInteger }],
    attributes: (r, c) => ({ cell: c * 20 + r }),
  });
}

function writeClasses(path: string, size: number): void {
  const ds = gdal.open(path, 'w', 'GTiff', size, size, 1, gdal.GDT_Byte, ['COMPRESS=DEFLATE', 'TILED=YES']);
  ds.geoTransform = [400_000, 10, 0, 3_200_000, 0, -10];
  ds.srs = gdal.SpatialReference.fromEPSG(4548);
  const data = new Uint8Array(size * size);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      const v = Math.sin(c / 37) + Math.cos(r / 53) + 0.5 * Math.sin((r + c) / 11);
      data[r * size + c] = 1 + Math.min(4, Math.max(0, Math.floor((v + 2.5) * 1)));
    }
  }
  ds.bands.get(1).pixels.write(0, 0, size, size, data);
  ds.close();
}

beforeAll(async () => {
  engine = await createEngine({ userDataDir: dir, appVersion: 'bench' });
  client = createClient(createInProcessTransport(engine));
  await client.api.project.create({ path: ours, crs: 'EPSG:4548', title: 'bench' });
  const gridShp = join(dir, 'grid.shp');
  writeGrid(gridShp);
  const classTif = join(dir, 'classes.tif');
  writeClasses(classTif, SIZE);
  provinces = (await client.runJob('layers.importVector', { path: SOURCE, name: '省界', encoding: 'GBK', srcCrs: 'EPSG:4326' })).result.layer.id;
  grid = (await client.runJob('layers.importVector', { path: gridShp, name: '格网' })).result.layer.id;
  classes = (await client.runJob('layers.importRaster', { path: classTif, name: '类别' })).result.layer.id;
  execFileSync('ogr2ogr', ['-f', 'SQLite', '-dsco', 'SPATIALITE=YES', peerDb, SOURCE, '-s_srs', 'EPSG:4326', '-t_srs', 'EPSG:4548', '-nln', 'bou', '-nlt', 'MULTIPOLYGON', '--config', 'SHAPE_ENCODING', 'CP936']);
  execFileSync('ogr2ogr', ['-update', '-f', 'SQLite', peerDb, gridShp, '-nln', 'grid', '-nlt', 'MULTIPOLYGON']);
}, 300_000);

afterAll(async () => {
  await engine.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const peerSql = (sql: string, out: string) => execFileSync('ogr2ogr', ['-update', '-f', 'SQLite', peerDb, peerDb, '-dialect', 'SQLite', '-sql', sql, '-nln', out, '-nlt', 'MULTIPOLYGON']);

describe('dissolve 925 province polygons by ADCODE99', () => {
  bench('gwz analysis.dissolve', async () => {
    await client.runJob('analysis.dissolve', { layer: provinces, field: 'ADCODE99', outputName: `d${++n}` });
  }, { iterations: 5, warmupIterations: 1 });
  bench('ogr2ogr -dialect SQLite ST_Union … GROUP BY', () => {
    peerSql('SELECT ADCODE99, CastToMulti(ST_Union(GEOMETRY)) AS geom FROM bou GROUP BY ADCODE99', `d${++n}`);
  }, { iterations: 5, warmupIterations: 1 });
});

describe('intersect the provinces with a 20 × 20 grid of 150 km squares', () => {
  bench('gwz analysis.intersection', async () => {
    await client.runJob('analysis.intersection', { layer: provinces, overlay: grid, outputName: `i${++n}` });
  }, { iterations: 5, warmupIterations: 1 });
  bench('ogr2ogr -dialect SQLite ST_Intersection with the spatial index', () => {
    peerSql(
      `SELECT a.NAME, b.cell, CastToMulti(CollectionExtract(ST_Intersection(a.GEOMETRY, b.GEOMETRY), 3)) AS geom FROM bou a, grid b
       WHERE a.ROWID IN (SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'bou' AND search_frame = b.GEOMETRY) AND ST_Intersects(a.GEOMETRY, b.GEOMETRY)`,
      `i${++n}`,
    );
  }, { iterations: 5, warmupIterations: 1 });
});

describe(`polygonize a ${SIZE} × ${SIZE} class raster`, () => {
  bench('gwz analysis.polygonize', async () => {
    await client.runJob('analysis.polygonize', { raster: classes, outputName: `p${++n}` });
  }, { iterations: 3, warmupIterations: 0 });
  bench('gdal_polygonize.py into GeoPackage', () => {
    execFileSync('gdal_polygonize.py', ['-q', join(dir, 'classes.tif'), '-f', 'GPKG', join(dir, `p${++n}.gpkg`), 'p', 'v']);
  }, { iterations: 3, warmupIterations: 0 });
});
