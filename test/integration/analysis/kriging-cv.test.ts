import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gdal } from '../../../electron/engine/gdal';
import { testData } from '../../support/data';
import { engineFixture, type EngineFixture } from '../harness/engine-fixture';

/**
 * Leave-one-out cross-validation of kriging against IDW on real well levels: the 374 Telangana
 * post-monsoon 2018 wells (gwl, depth to water in m below ground; lat/lon), in a project in
 * WGS 84 / UTM 44N. Both methods use their defaults (12 nearest points).
 */
const CSV = testData('water_quality/telangana_in/ground_water_quality_2018_post.csv');

let f: EngineFixture;
let layerId: number;

/** The CSV's rows (read by GDAL's CSV driver, every column text) as a WGS 84 point shapefile with the gwl field. */
function wellsShapefile(path: string): number {
  const src = gdal.open(CSV, 'r', ['CSV']);
  const dst = gdal.open(path, 'w', 'ESRI Shapefile');
  const layer = dst.layers.create('wells', gdal.SpatialReference.fromEPSG(4326), gdal.wkbPoint);
  layer.fields.add(new gdal.FieldDefn('gwl', gdal.OFTReal));
  layer.fields.add(new gdal.FieldDefn('village', gdal.OFTString));
  let n = 0;
  for (const feat of src.layers.get(0).features) {
    const out = new gdal.Feature(layer);
    const text = (name: string): string => String(feat.fields.get(name) ?? '').trim();
    out.fields.set({ gwl: text('gwl') === '' ? null : Number(text('gwl')), village: text('village') });
    out.setGeometry(new gdal.Point(Number(text('long_gis')), Number(text('lat_gis'))));
    layer.features.add(out);
    n++;
  }
  dst.close();
  src.close();
  return n;
}

beforeAll(async () => {
  f = await engineFixture();
  const shp = join(f.dir, 'telangana.shp');
  expect(wellsShapefile(shp)).toBe(374);
  await f.client.api.project.create({ path: join(f.dir, 'telangana.gwz'), crs: 'EPSG:32644' });
  layerId = (await f.client.runJob('layers.importVector', { path: shp, name: '监测井' })).result.layer.id;
});
afterAll(async () => {
  await f.dispose();
});

describe('kriging vs IDW cross-validation on the Telangana well levels (gwl)', () => {
  it('kriging RMSE (all three models) is no worse than IDW’s on the same points, and its variance fits the errors', async () => {
    const base = { points: layerId, field: 'gwl', cellSize: 5000 };
    const idw = (await f.client.runJob('analysis.idw', base)).result;
    const rows: { method: string; n: number; me: number; mae: number; rmse: number; msdr?: number | undefined }[] = [];
    const cvOf = (method: string, cv: NonNullable<typeof idw.crossValidation>) => rows.push({ method, n: cv.n, me: cv.me, mae: cv.mae, rmse: cv.rmse, msdr: cv.msdr });
    cvOf('IDW (power 2, 12 nearest)', idw.crossValidation!);
    const krig: Record<string, Awaited<ReturnType<typeof run>>> = {};
    const run = async (model: 'spherical' | 'exponential' | 'gaussian') => (await f.client.runJob('analysis.kriging', { ...base, model })).result;
    for (const model of ['spherical', 'exponential', 'gaussian'] as const) {
      krig[model] = await run(model);
      const v = krig[model].variogram.fit;
      cvOf(`OK ${model} (C0 ${v.nugget.toFixed(2)}, C0+C ${v.sill.toFixed(2)}, a ${(v.range / 1000).toFixed(1)} km)`, krig[model].crossValidation!);
    }
    console.log(['method | n | ME | MAE | RMSE | MSDR', ...rows.map((r) => `${r.method} | ${r.n} | ${r.me.toFixed(3)} | ${r.mae.toFixed(3)} | ${r.rmse.toFixed(3)} | ${r.msdr?.toFixed(2) ?? ''}`)].join('\n'));
    expect(idw.points).toBe(371);
    for (const k of Object.values(krig)) {
      const cv = k.crossValidation!;
      expect(cv.n).toBe(k.points);
      expect(cv.rmse).toBeLessThanOrEqual(idw.crossValidation!.rmse);
      // the kriging variance explains the errors: mean squared error / variance near 1
      expect(cv.msdr).toBeGreaterThan(0.7);
      expect(cv.msdr).toBeLessThan(1.3);
    }
  });
});
