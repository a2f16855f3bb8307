import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, JobResultOf } from '../../../shared/api';
import { classField, smoothField } from '../../support/synthetic';
import { engineFixture, GEOJSON_FUZHOU, type EngineFixture } from '../harness/engine-fixture';
import { compareBands, grass, hasTool, peer, readBand, storedRaster, writeTiff } from './support';

// Rasterize, clip and zonal statistics with the real 抚州 county boundaries (11 polygons) over
// synthetic rasters covering them; peers read the very same polygons from the project file.

let f: EngineFixture;
let path: string;
let counties: { id: number; table: string };
const ids: Record<string, number> = {};
const files: Record<string, string> = {};
// 250 m cells over the counties' extent (360 888 … 530 168, 2 932 313 … 3 153 590)
const GRID = { srid: 4548, x0: 360_000, y0: 3_154_000, dx: 250, dy: 250, width: 684, height: 888 };

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'zones.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4548' });
  const layer = (await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU, name: '县界' })).result.layer;
  counties = { id: layer.id, table: layer.tableName };
  files.value = writeTiff(join(f.dir, 'value.tif'), GRID, Float32Array.from(smoothField(GRID.width, GRID.height, 21), (v) => 200 * v));
  files.classes = writeTiff(join(f.dir, 'classes.tif'), GRID, classField(GRID.width, GRID.height, 22, 5), 'Byte');
  ids.value = (await f.client.runJob('layers.importRaster', { path: files.value, name: '指数' })).result.layer.id;
  ids.classes = (await f.client.runJob('layers.importRaster', { path: files.classes, name: '分级' })).result.layer.id;
});

afterAll(async () => {
  await f?.dispose();
});

const te = (g: { x0: number; y0: number; dx: number; dy: number; width: number; height: number }): string[] => [
  '-te', `${g.x0}`, `${g.y0 - g.height * g.dy}`, `${g.x0 + g.width * g.dx}`, `${g.y0}`, '-ts', `${g.width}`, `${g.height}`,
];

async function run<M extends 'analysis.rasterize' | 'analysis.clip' | 'analysis.zonalStatistics'>(method: M, req: Record<string, unknown>): Promise<JobResultOf<M>> {
  return (await f.client.runJob(method, req as never)).result as JobResultOf<M>;
}
const band = (r: AnalysisResult) => readBand(storedRaster(path, r.layers[0]!.id, f.dir));

describe.runIf(hasTool('gdal_rasterize') && hasTool('gdalwarp'))('rasterize and clip against gdal_rasterize and gdalwarp -cutline', () => {
  it('rasterizes by a numeric field exactly as gdal_rasterize -a', async () => {
    const r = await run('analysis.rasterize', { layer: counties.id, field: 'adcode', grid: { cellSize: 250, extentLayerId: ids.value } });
    const ours = band(r);
    const ref = join(f.dir, 'adcode.tif');
    peer('gdal_rasterize', ['-q', '-sql', `SELECT adcode, geom FROM "${counties.table}"`, '-a', 'adcode', ...te(GRID), '-ot', 'Float32', '-a_nodata', '-9999', '-init', '-9999', path, ref]);
    const cmp = compareBands(ours.data, readBand(ref).data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.maxDiff).toBe(0);
    expect(cmp.compared).toBeGreaterThan(250_000);
    expect(r.features).toBe(11);
    expect(r.min).toBe(361002);
  });

  it('rasterizes by a rating table of text values (unlisted values left out and reported) as gdal_rasterize -sql CASE', async () => {
    const table = [
      { category: '临川区', value: 8 },
      { category: '东乡区', value: 6 },
      { category: '南城县', value: 3 },
      { category: '黎川县', value: 10 },
      { category: '南丰县', value: 1 },
      { category: '崇仁县', value: 5 },
      { category: '乐安县', value: 9 },
      { category: '宜黄县', value: 2 },
      { category: '金溪县', value: 4 },
    ];
    const r = await run('analysis.rasterize', { layer: counties.id, mode: 'table', field: 'name', table, allTouched: true, grid: { cellSize: 250, extentLayerId: ids.value } });
    expect(r.features).toBe(9);
    expect(r.skipped).toBe(2);
    expect(r.unmatchedValues.sort()).toEqual(['广昌县', '资溪县'].sort());
    expect(r.warnings).toHaveLength(1);
    const ours = band(r);
    const cases = table.map((t) => `WHEN '${t.category}' THEN ${t.value}`).join(' ');
    const ref = join(f.dir, 'rating.tif');
    const sql = `SELECT v, geom FROM (SELECT CASE name ${cases} END AS v, geom FROM "${counties.table}") WHERE v IS NOT NULL`;
    peer('gdal_rasterize', ['-q', '-at', '-sql', sql, '-a', 'v', ...te(GRID), '-ot', 'Float32', '-a_nodata', '-9999', '-init', '-9999', path, ref]);
    const cmp = compareBands(ours.data, readBand(ref).data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.maxDiff).toBe(0);
  });

  it('clips to the study area as gdalwarp -cutline on the same grid, and crops to its extent', async () => {
    // one county as the study area: a layer of its own, through the engine's vector import of a GeoJSON
    const lc = join(f.dir, 'linchuan.geojson');
    peer('ogr2ogr', ['-f', 'GeoJSON', '-sql', `SELECT * FROM "${counties.table}" WHERE name = '临川区'`, lc, path]);
    const area = (await f.client.runJob('layers.importVector', { path: lc, name: '研究区' })).result.layer;
    const r = await run('analysis.clip', { raster: ids.value, boundary: area.id });
    const info = await f.client.api.rasters.info({ layerId: r.layers[0]!.id });
    const [x0, , , y0] = info.geoTransform as [number, number, number, number];
    const grid = { x0, y0, dx: 250, dy: 250, width: info.width, height: info.height };
    expect(info.width).toBeLessThan(GRID.width / 2);
    // the crop stays on the input's lattice
    expect(((x0 - GRID.x0) / 250) % 1).toBe(0);
    expect(((GRID.y0 - y0) / 250) % 1).toBe(0);
    const ref = join(f.dir, 'clipped.tif');
    peer('gdalwarp', ['-q', '-overwrite', '-cutline', path, '-csql', `SELECT geom FROM "${area.tableName}"`, ...te(grid), '-r', 'near', '-dstnodata', '-9999', files.value!, ref]);
    const cmp = compareBands(band(r).data, readBand(ref).data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.maxDiff).toBeLessThanOrEqual(1e-4);
    expect(r.cellsInside).toBe(cmp.compared);
  });
});

describe.runIf(hasTool('grass') && hasTool('gdal_rasterize'))('zonal statistics against GRASS r.univar and r.stats', () => {
  it('count, min, max, mean, sum, area per county as r.univar with the same zones; area per class as r.stats -a', async () => {
    const r = await run('analysis.zonalStatistics', { raster: ids.value, zones: counties.id, zoneField: 'name' });
    expect(r.zones).toHaveLength(11);
    expect(r.layers[0]!.kind).toBe('table');
    // the zones as gdal_rasterize burns them (feature ids), then GRASS summarises
    const zones = join(f.dir, 'zones.tif');
    peer('gdal_rasterize', ['-q', '-sql', `SELECT fid AS z, geom FROM "${counties.table}"`, '-a', 'z', ...te(GRID), '-ot', 'Int32', '-a_nodata', '0', '-init', '0', path, zones]);
    const out = grass(
      4548,
      `r.in.gdal -o input=${files.value} output=v --q
r.in.gdal -o input=${zones} output=z --q
g.region raster=v
r.univar -t map=v zones=z separator=comma --q`,
    );
    const lines = out.trim().split('\n');
    const header = lines[0]!.split(',');
    const col = (name: string): number => header.indexOf(name);
    const grassRows = lines.slice(1).map((l) => l.split(','));
    expect(grassRows).toHaveLength(11);
    for (const g of grassRows) {
      const ours = r.zones.find((z) => z.zoneId === Number(g[col('zone')]))!;
      expect(ours, g.join()).toBeDefined();
      expect(ours.count).toBe(Number(g[col('non_null_cells')]));
      expect(ours.min!).toBeCloseTo(Number(g[col('min')]), 4);
      expect(ours.max!).toBeCloseTo(Number(g[col('max')]), 4);
      expect(ours.mean!).toBeCloseTo(Number(g[col('mean')]), 4);
      expect(ours.sum / Number(g[col('sum')])).toBeCloseTo(1, 6);
      expect(ours.area).toBe(ours.count * 250 * 250);
    }
    expect(new Set(r.zones.map((z) => z.zone))).toContain('临川区');

    const pc = await run('analysis.zonalStatistics', { raster: ids.classes, zones: counties.id, perClass: true, outputName: '分级面积' });
    expect(pc.layers.map((l) => l.kind)).toEqual(['table', 'table']);
    const stats = grass(
      4548,
      `r.in.gdal -o input=${files.classes} output=c --q
r.in.gdal -o input=${zones} output=z --q
g.region raster=c
r.stats -a -n input=z,c separator=comma --q`,
    );
    const areas = stats.trim().split('\n').map((l) => l.split(',').map(Number) as [number, number, number]);
    expect(areas.length).toBe(pc.classes.length);
    for (const [zone, cls, area] of areas) {
      const ours = pc.classes.find((c) => c.zoneId === zone && c.value === cls);
      expect(ours, `${zone},${cls}`).toBeDefined();
      expect(ours!.area).toBeCloseTo(area, 3);
    }
    for (const z of pc.zones) {
      const shares = pc.classes.filter((c) => c.zoneId === z.zoneId).reduce((a, c) => a + c.share, 0);
      expect(shares).toBeCloseTo(1, 9);
    }
    // the table layers hold the rows the result returned
    const rows = await f.client.api.layers.list({});
    const tableLayer = rows.layers.find((l) => l.id === pc.layers[1]!.id)!;
    expect(tableLayer.featureCount).toBe(pc.classes.length);
  });
});
