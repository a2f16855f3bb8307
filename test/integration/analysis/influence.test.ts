import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, JobResultOf } from '../../../shared/api';
import { prng } from '../../support/synthetic';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';
import { compareBands, hasTool, peer, readBand, storedRaster } from './support';

// Distance and decaying influence from point sources: exact against a brute-force evaluation of
// the same formula, and against gdal_proximity.py (which measures to the centre of the source's
// cell, so it may differ by up to half a cell diagonal).

const GRID = { x0: 420_000, y0: 3_100_000, dx: 50, dy: 50, width: 400, height: 300 };
let f: EngineFixture;
let path: string;
let layerId: number;
let tableName: string;
const points: { x: number; y: number; load: number | null; r: number }[] = [];

beforeAll(async () => {
  f = await engineFixture();
  path = join(f.dir, 'sources.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4548' });
  const rnd = prng(7);
  for (let i = 0; i < 40; i++) {
    points.push({
      x: GRID.x0 + 1000 + rnd() * (GRID.width * GRID.dx - 2000),
      y: GRID.y0 - 1000 - rnd() * (GRID.height * GRID.dy - 2000),
      load: i === 5 ? null : Math.round(1 + rnd() * 99),
      r: 500 + Math.round(rnd() * 1500),
    });
  }
  // two sources in one cell and one on a cell corner: the awkward cases
  points.push({ x: GRID.x0 + 5010, y: GRID.y0 - 5010, load: 3, r: 800 }, { x: GRID.x0 + 5040, y: GRID.y0 - 5040, load: 4, r: 800 }, { x: GRID.x0 + 7000, y: GRID.y0 - 7000, load: 5, r: 800 });
  const geojson = {
    type: 'FeatureCollection',
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4548' } },
    features: points.map((p, i) => ({ type: 'Feature', properties: { n: i, load: p.load, r: p.r }, geometry: { type: 'Point', coordinates: [p.x, p.y] } })),
  };
  const file = join(f.dir, 'sources.geojson');
  writeFileSync(file, JSON.stringify(geojson));
  const layer = (await f.client.runJob('layers.importVector', { path: file, name: '污染源' })).result.layer;
  layerId = layer.id;
  tableName = layer.tableName;
});

afterAll(async () => {
  await f?.dispose();
});

const grid = { cellSize: 50, extent: [GRID.x0, GRID.y0 - GRID.height * GRID.dy, GRID.x0 + GRID.width * GRID.dx, GRID.y0] as [number, number, number, number] };
const band = (r: AnalysisResult) => readBand(storedRaster(path, r.layers[0]!.id, f.dir));
const centre = (i: number): [number, number] => [GRID.x0 + ((i % GRID.width) + 0.5) * GRID.dx, GRID.y0 - (Math.floor(i / GRID.width) + 0.5) * GRID.dy];

describe('analysis.distance and analysis.influence', () => {
  it('distance is exact (brute force over every source) and within half a cell diagonal of gdal_proximity.py', async () => {
    const { result } = await f.client.runJob('analysis.distance', { sources: layerId, grid });
    const r = result as JobResultOf<'analysis.distance'>;
    expect(r.sources).toBe(points.length);
    const ours = band(r);
    expect([ours.width, ours.height]).toEqual([GRID.width, GRID.height]);
    let maxErr = 0;
    for (let i = 0; i < ours.data.length; i++) {
      const [x, y] = centre(i);
      let best = Infinity;
      for (const p of points) best = Math.min(best, Math.hypot(x - p.x, y - p.y));
      maxErr = Math.max(maxErr, Math.abs(ours.data[i]! - best));
    }
    expect(maxErr).toBeLessThan(1e-2);

    if (!hasTool('gdal_proximity.py')) return;
    const burnt = join(f.dir, 'burnt.tif');
    const te = ['-te', `${GRID.x0}`, `${GRID.y0 - GRID.height * GRID.dy}`, `${GRID.x0 + GRID.width * GRID.dx}`, `${GRID.y0}`, '-ts', `${GRID.width}`, `${GRID.height}`];
    peer('gdal_rasterize', ['-q', '-burn', '1', '-sql', `SELECT geom FROM "${tableName}"`, ...te, '-ot', 'Byte', '-init', '0', path, burnt]);
    const prox = join(f.dir, 'prox.tif');
    peer('gdal_proximity.py', ['-q', burnt, prox, '-values', '1', '-distunits', 'GEO', '-ot', 'Float32']);
    const cmp = compareBands(ours.data, readBand(prox).data);
    expect(cmp.nodataMismatch).toEqual([]);
    expect(cmp.maxDiff).toBeLessThanOrEqual((GRID.dx * Math.SQRT2) / 2 + 1e-3);
  });

  it('maxDistance leaves the far cells nodata', async () => {
    const { result } = await f.client.runJob('analysis.distance', { sources: layerId, grid, maxDistance: 300, outputName: '300 m 内' });
    const data = band(result).data;
    expect(data.filter((v) => !Number.isNaN(v)).every((v) => v <= 300)).toBe(true);
    expect(data.some((v) => Number.isNaN(v))).toBe(true);
  });

  for (const kernel of ['linear', 'exponential', 'step'] as const) {
    it(`${kernel} influence, weighted by a field with per-source radii, equals the formula summed over sources`, async () => {
      const { result } = await f.client.runJob('analysis.influence', { sources: layerId, kernel, radius: 1000, radiusField: 'r', weightField: 'load', grid, outputName: kernel });
      const r = result as JobResultOf<'analysis.influence'>;
      expect(r.skipped).toBe(1); // the source with a null load
      expect(r.warnings).toHaveLength(1);
      const ours = band(r);
      let maxErr = 0;
      let covered = 0;
      for (let i = 0; i < ours.data.length; i++) {
        const [x, y] = centre(i);
        let want = 0;
        for (const p of points) {
          if (p.load === null) continue;
          const d = Math.hypot(x - p.x, y - p.y);
          if (d > p.r) continue;
          want += p.load * (kernel === 'linear' ? 1 - d / p.r : kernel === 'exponential' ? Math.exp(-d / (p.r / 3)) : 1);
        }
        if (want > 0) covered++;
        maxErr = Math.max(maxErr, Math.abs(ours.data[i]! - want) / Math.max(1, want));
      }
      expect(covered).toBeGreaterThan(10_000);
      expect(maxErr).toBeLessThan(1e-5);
    });
  }

  it('max combines by the strongest source, and no source means no influence rather than nodata', async () => {
    const { result } = await f.client.runJob('analysis.influence', { sources: layerId, kernel: 'step', radius: 600, combine: 'max', grid, outputName: '最大' });
    const data = band(result).data;
    expect(new Set(data)).toEqual(new Set([0, 1]));
  });
});
