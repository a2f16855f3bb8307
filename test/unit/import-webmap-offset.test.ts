import { describe, expect, it } from 'vitest';
import { gdal } from '../../electron/engine/gdal';
import {
  bd09ToWgs84,
  distanceMetres,
  gcj02ToWgs84,
  wgs84ToBd09,
  wgs84ToGcj02,
} from '../../electron/engine/io/vector/webmap-offset';
import { testData } from '../support/data';

interface City {
  name: string;
  gcj: [number, number];
  bd: [number, number];
  wgs: [number, number];
}

function cities(): City[] {
  const ds = gdal.drivers.get('ESRI Shapefile').open(testData('shp_encoding/dijishi_points/地级市点位数据.shp'), 'r', ['ENCODING=CP936']);
  try {
    return ds.layers.get(0).features.map((f) => {
      const v = f.fields.toObject() as Record<string, number | string>;
      return {
        name: String(v['城市']),
        gcj: [Number(v['lng_GCJ02']), Number(v['Lat_GCJ02'])],
        bd: [Number(v['Lng_BD09']), Number(v['Lat_BD09'])],
        wgs: [Number(v['Lng_WGS84']), Number(v['Lat_WGS84'])],
      };
    });
  } finally {
    ds.close();
  }
}

describe('web-map offsets against dijishi_points (GCJ-02, BD-09 and WGS84 columns per city)', () => {
  const all = cities();

  it('reads the 341 cities with 抚州市 among them', () => {
    expect(all.length).toBe(341);
    expect(all.map((c) => c.name)).toContain('抚州市');
  });

  it('GCJ-02 → WGS84 reproduces Lng_WGS84/Lat_WGS84 within 2 m for every city', () => {
    const worst = Math.max(...all.map((c) => distanceMetres(gcj02ToWgs84(...c.gcj), c.wgs)));
    expect(worst).toBeLessThan(2);
  });

  it('BD-09 → WGS84 reproduces Lng_WGS84/Lat_WGS84 within 2 m for every city', () => {
    const worst = Math.max(...all.map((c) => distanceMetres(bd09ToWgs84(...c.bd), c.wgs)));
    expect(worst).toBeLessThan(2);
  });

  it('the correction at 抚州市 is the ~0.5 km shift SOURCES.md measures, and round-trips to 1e-7°', () => {
    const fuzhou = all.find((c) => c.name === '抚州市')!;
    const shift = distanceMetres(fuzhou.gcj, fuzhou.wgs);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(700);
    const back = wgs84ToGcj02(...gcj02ToWgs84(...fuzhou.gcj));
    expect(Math.abs(back[0] - fuzhou.gcj[0])).toBeLessThan(1e-7);
    expect(Math.abs(back[1] - fuzhou.gcj[1])).toBeLessThan(1e-7);
    const bdBack = wgs84ToBd09(...bd09ToWgs84(...fuzhou.bd));
    expect(Math.abs(bdBack[0] - fuzhou.bd[0])).toBeLessThan(1e-7);
  });

  it('the GCJ-02 offset outside China is zero', () => {
    expect(gcj02ToWgs84(2.35, 48.85)).toEqual([2.35, 48.85]);
  });
});
