import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testData } from '../../support/data';
import { engineFixture, errorOf, type EngineFixture } from '../harness/engine-fixture';
import { grass, hasTool, layerGrid, readBand, storedRaster } from './support';

/**
 * The hydrology operations on the real zts DEM (CGCS2000 GK zone 40) against GRASS: filled DEM and
 * D8 directions vs r.terraflow -s (steepest-descent D8, ArcGIS codes), accumulation vs r.terraflow and
 * r.watershed -s, streams vs r.stream.extract, the water-table gradient vs gdaldem slope.
 */
let f: EngineFixture;
let project: string;
let demId: number;
let demFile: string;
const peer: Record<string, ReturnType<typeof readBand>> = {};

beforeAll(async () => {
  f = await engineFixture();
  project = join(f.dir, 'hydro.gwz');
  await f.client.api.project.create({ path: project, crs: 'EPSG:4528' });
  demId = (await f.client.runJob('layers.importRaster', { path: testData('dem/zts_dem_25m.tif'), name: '高程' })).result.layer.id;
  demFile = storedRaster(project, demId, f.dir);
  if (hasTool('grass')) {
    const out = (name: string, type: string) => `r.out.gdal input=${name} output='${join(f.dir, `grass-${name}.tif`)}' type=${type} --quiet -c`;
    grass(4528, [
      `r.in.gdal input='${demFile}' output=dem -o --quiet`,
      'g.region raster=dem',
      `r.terraflow -s elevation=dem filled=tf_filled direction=tf_dir accumulation=tf_acc directory='${f.dir}' --quiet`,
      'r.watershed -s elevation=dem accumulation=rw_acc threshold=1600 stream=rw_streams --quiet',
      'r.stream.extract elevation=dem threshold=1600 stream_raster=streams d8cut=infinity --quiet',
      out('tf_filled', 'Float32'),
      out('tf_dir', 'Int32'),
      out('tf_acc', 'Float64'),
      out('rw_acc', 'Float64'),
      out('streams', 'Int32'),
      out('rw_streams', 'Int32'),
    ].join('\n'));
    for (const name of ['tf_filled', 'tf_dir', 'tf_acc', 'rw_acc', 'streams', 'rw_streams']) peer[name] = readBand(join(f.dir, `grass-${name}.tif`));
  }
}, 120_000);
afterAll(async () => {
  await f.dispose();
});

const layerBand = (id: number) => readBand(storedRaster(project, id, f.dir));

describe.runIf(hasTool('grass'))('hydrology operations against GRASS on zts_dem_25m', () => {
  it('analysis.fillDepressions equals r.terraflow’s filled DEM on every cell', async () => {
    const { result } = await f.client.runJob('analysis.fillDepressions', { dem: demId });
    const ours = layerBand(result.layers[0]!.id);
    const ref = peer.tf_filled!;
    let cells = 0;
    for (let i = 0; i < ref.data.length; i++) {
      expect(Number.isNaN(ours.data[i]!), `cell ${i}`).toBe(Number.isNaN(ref.data[i]!));
      if (Number.isNaN(ref.data[i]!)) continue;
      cells++;
      expect(ours.data[i], `cell ${i}`).toBe(ref.data[i]);
    }
    expect(cells).toBeGreaterThan(90_000);
    expect(result.cellsRaised).toBeGreaterThan(0);
    expect(result.maxDepth).toBeGreaterThan(0);
  });

  it('analysis.flowDirection agrees with r.terraflow -s on ≥ 98% of sloping interior cells (the rest are exact ties)', async () => {
    const { result } = await f.client.runJob('analysis.flowDirection', { dem: demId });
    const ours = layerBand(result.layers[0]!.id);
    const filled = peer.tf_filled!;
    const ref = peer.tf_dir!;
    const { width: w, height: h } = filled;
    let sloped = 0;
    let agree = 0;
    let all = 0;
    let allAgree = 0;
    for (let r = 1; r < h - 1; r++) {
      for (let c = 1; c < w - 1; c++) {
        const i = r * w + c;
        if (Number.isNaN(filled.data[i]!)) continue;
        all++;
        if (ours.data[i] === ref.data[i]) allAgree++;
        let lower = false;
        let nearNodata = false;
        for (let dr = -1; dr <= 1; dr++) {
          for (let dc = -1; dc <= 1; dc++) {
            const v = filled.data[(r + dr) * w + c + dc]!;
            if (Number.isNaN(v)) nearNodata = true;
            else if (v < filled.data[i]!) lower = true;
          }
        }
        if (!lower || nearNodata) continue;
        sloped++;
        if (ours.data[i] === ref.data[i]) agree++;
      }
    }
    console.log(`D8 vs r.terraflow -s: ${((100 * agree) / sloped).toFixed(2)}% of ${sloped} sloping interior cells, ${((100 * allAgree) / all).toFixed(2)}% of all interior cells`);
    expect(agree / sloped).toBeGreaterThanOrEqual(0.98);
    expect(allAgree / all).toBeGreaterThanOrEqual(0.9);
    expect(result.outletCells).toBeGreaterThan(0);
  });

  it('analysis.flowAccumulation: the largest catchment equals r.terraflow’s and r.watershed’s within 1%', async () => {
    const { result } = await f.client.runJob('analysis.flowAccumulation', { dem: demId });
    const cellsKm2 = (await f.client.runJob('analysis.flowAccumulation', { dem: demId, units: 'km2' })).result.max;
    const maxOf = (b: ReturnType<typeof readBand>) => b.data.reduce((m, v) => (Number.isNaN(v) ? m : Math.max(m, Math.abs(v))), 0);
    const ours = maxOf(layerBand(result.layers[0]!.id));
    expect(ours).toBe(result.max);
    expect(cellsKm2).toBeCloseTo((result.max * 25 * 25) / 1e6, 6);
    for (const name of ['tf_acc', 'rw_acc']) {
      const theirs = maxOf(peer[name]!);
      console.log(`max accumulation: ours ${ours}, ${name} ${theirs}`);
      expect(Math.abs(ours - theirs) / theirs).toBeLessThanOrEqual(0.01);
    }
  });

  it('analysis.streams: as many stream cells as r.stream.extract (±2%), placed as closely to its streams as r.watershed’s are', async () => {
    const { result } = await f.client.runJob('analysis.streams', { dem: demId, thresholdCells: 1600, raster: true });
    expect(result.thresholdCells).toBe(1600);
    expect(result.layers.map((l) => l.kind)).toEqual(['vector', 'raster']);
    const ours = layerBand(result.layers[1]!.id);
    const ref = peer.streams!;
    const { width: w, height: h } = ref;
    /** Cells of `a` and the share of them within one cell of a stream cell of `b`. */
    const nearness = (a: Float64Array, b: Float64Array): { cells: number; near: number } => {
      let cells = 0;
      let near = 0;
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          if (Number.isNaN(a[r * w + c]!)) continue;
          cells++;
          let hit = false;
          for (let dr = -1; dr <= 1 && !hit; dr++) for (let dc = -1; dc <= 1 && !hit; dc++) hit = !Number.isNaN(b[(r + dr) * w + c + dc] ?? Number.NaN);
          if (hit) near++;
        }
      }
      return { cells, near: near / cells };
    };
    const oursVsExtract = nearness(ours.data, ref.data);
    const watershedVsExtract = nearness(peer.rw_streams!.data, ref.data);
    const extract = nearness(ref.data, ref.data).cells;
    console.log(
      `streams: ours ${oursVsExtract.cells} cells in ${result.links} links (max Strahler order ${result.maxOrder}, ${result.lengthKm.toFixed(1)} km), ` +
        `r.stream.extract ${extract}, r.watershed ${watershedVsExtract.cells}; within one cell of r.stream.extract's: ours ${(100 * oursVsExtract.near).toFixed(1)}%, r.watershed's ${(100 * watershedVsExtract.near).toFixed(1)}%`,
    );
    expect(Math.abs(oursVsExtract.cells - extract) / extract).toBeLessThanOrEqual(0.02);
    // on the plain the tools route flats differently; we stay as close to r.stream.extract as GRASS's other tool does
    expect(oursVsExtract.near).toBeGreaterThanOrEqual(watershedVsExtract.near - 0.02);
    // the lines: one per link, Strahler orders 1…max, lengths add up
    const db = new Database(project, { readonly: true });
    try {
      db.loadExtension('mod_spatialite');
      const rows = db.prepare(`SELECT strahler, length_m, ST_Length(geom) AS len, to_link FROM "${result.layers[0]!.tableName}"`).all() as {
        strahler: number;
        length_m: number;
        len: number;
        to_link: number | null;
      }[];
      expect(rows).toHaveLength(result.links);
      expect(Math.max(...rows.map((r) => r.strahler))).toBe(result.maxOrder);
      for (const r of rows) expect(r.len).toBeCloseTo(r.length_m, 6);
      expect(rows.filter((r) => r.to_link === null).length).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  });
});

describe.runIf(hasTool('gdaldem'))('analysis.waterTableGradient against gdaldem slope', () => {
  it('the gradient equals tan(gdaldem slope) on interior cells, and the azimuth points down the surface', async () => {
    // the DEM as a stand-in head surface: same arithmetic
    const { result } = await f.client.runJob('analysis.waterTableGradient', { head: demId, outputName: '水位' });
    expect(result.layers.map((l) => l.name)).toEqual(['水位_水力坡度', '水位_地下水流向(°)']);
    const grad = layerBand(result.layers[0]!.id);
    const az = layerBand(result.layers[1]!.id);
    const slopeFile = join(f.dir, 'gdaldem-slope.tif');
    execFileSync('gdaldem', ['slope', demFile, slopeFile, '-p', '-q']);
    const ref = readBand(slopeFile);
    let n = 0;
    let maxDiff = 0;
    for (let i = 0; i < ref.data.length; i++) {
      if (Number.isNaN(ref.data[i]!)) continue;
      n++;
      maxDiff = Math.max(maxDiff, Math.abs(grad.data[i]! - ref.data[i]! / 100));
    }
    expect(n).toBeGreaterThan(90_000);
    expect(maxDiff).toBeLessThan(1e-5);
    const aspectFile = join(f.dir, 'gdaldem-aspect.tif');
    execFileSync('gdaldem', ['aspect', demFile, aspectFile, '-q']);
    // gdaldem aspect is the downslope direction, degrees clockwise from north: the flow azimuth
    // (compared where the gradient is above 1%: gdaldem works in Float32, ~1e-5 of the gradient)
    const aspect = readBand(aspectFile);
    let compared = 0;
    let worst = 0;
    for (let i = 0; i < aspect.data.length; i++) {
      const a = aspect.data[i]!;
      if (Number.isNaN(a) || a < 0 || Number.isNaN(az.data[i]!) || grad.data[i]! < 0.01) continue;
      compared++;
      const d = Math.abs(((az.data[i]! - a + 540) % 360) - 180);
      worst = Math.max(worst, d);
    }
    expect(compared).toBeGreaterThan(60_000);
    expect(worst).toBeLessThan(0.01);
    expect(result.meanGradient).toBeGreaterThan(0);
  });
});

describe('hydrology bad input', () => {
  it('refuses an outlet outside the DEM, a vector layer as DEM, a polygon layer as outlets; nothing is written', async () => {
    const vector = (await f.client.runJob('layers.importVector', { path: testData('boundaries/361000_full.json'), name: '县界' })).result.layer.id;
    const layers = (await f.client.api.layers.list({})).layers.length;
    const runs = (await f.client.api.analysis.runs({})).runs.length;
    const outside = await errorOf(f.client.runJob('analysis.catchment', { dem: demId, points: [[40442012, 3456736], [1, 2]] }));
    expect(outside.code).toBe('BAD_INPUT');
    expect(outside.message_zh).toContain('不在 DEM 范围内');
    expect(outside.message_en).toContain('outside the DEM');
    expect(outside.details).toMatchObject({ outlet: { id: 2, x: 1, y: 2 } });
    const notRaster = await errorOf(f.client.runJob('analysis.flowDirection', { dem: vector }));
    expect(notRaster.code).toBe('BAD_INPUT');
    expect(notRaster.message_zh).toContain('不是栅格图层');
    const polygons = await errorOf(f.client.runJob('analysis.catchment', { dem: demId, outlets: vector }));
    expect(polygons.code).toBe('BAD_INPUT');
    expect(polygons.message_zh).toContain('不是点图层');
    const none = await errorOf(f.client.runJob('analysis.snapOutlets', { dem: demId }));
    expect(none.code).toBe('BAD_INPUT');
    const band = readBand(demFile);
    const grid = layerGrid(project, demId);
    const hole = band.data.findIndex((v) => Number.isNaN(v));
    const holeXY: [number, number] = [grid.x0 + ((hole % grid.width) + 0.5) * grid.dx, grid.y0 - (Math.floor(hole / grid.width) + 0.5) * grid.dy];
    const nodata = await errorOf(f.client.runJob('analysis.catchment', { dem: demId, points: [holeXY], snapRadius: 0 }));
    expect(nodata.code).toBe('BAD_INPUT');
    expect(nodata.message_en).toContain('nodata');
    expect((await f.client.api.layers.list({})).layers).toHaveLength(layers);
    expect((await f.client.api.analysis.runs({})).runs).toHaveLength(runs);
    // the engine still serves
    expect((await f.client.runJob('analysis.snapOutlets', { dem: demId, points: [[40442012, 3456736]] })).result.outlets).toHaveLength(1);
  });
});
