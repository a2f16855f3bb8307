import { execFileSync } from 'node:child_process';
import { transform } from 'ol/proj';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRS, ensureLonLat, ensureProjection, LONLAT_CRS } from '../../renderer/map/projection';

/** PROJ (through GDAL's gdaltransform) is the reference for what the map shows in the status bar. */
function gdalTransform(from: string, to: string, x: number, y: number): [number, number] {
  const out = execFileSync('gdaltransform', ['-s_srs', from, '-t_srs', to, '-output_xy'], {
    input: `${x} ${y}\n`,
    encoding: 'utf8',
  });
  const [a, b] = out.trim().split(/\s+/).map(Number);
  return [a!, b!];
}

describe('renderer map projections (offline proj4 from shared/crs)', () => {
  it('registers the project CRS without any network and agrees with PROJ to the centimetre', () => {
    ensureLonLat();
    const projection = ensureProjection(DEFAULT_CRS);
    expect(projection?.getCode()).toBe('EPSG:4548');
    expect(projection?.getUnits()).toBe('m');
    // Fuzhou (Jiangxi). The source is a proj string, not EPSG:4490, so PROJ reads it lon/lat like the map does.
    const lonLat: [number, number] = [116.36, 27.95];
    const [x, y] = transform(lonLat, LONLAT_CRS, DEFAULT_CRS) as [number, number];
    const [gx, gy] = gdalTransform('+proj=longlat +ellps=GRS80 +no_defs', 'EPSG:4548', ...lonLat);
    expect(Math.abs(x - gx)).toBeLessThan(0.01);
    expect(Math.abs(y - gy)).toBeLessThan(0.01);
    expect(x).toBeGreaterThan(430_000);
    expect(x).toBeLessThan(440_000);
    expect(y).toBeGreaterThan(3_090_000);
    expect(y).toBeLessThan(3_100_000);
    // and back, as the status bar does on every pointer move
    const [lon, lat] = transform([x, y], DEFAULT_CRS, LONLAT_CRS) as [number, number];
    expect(lon).toBeCloseTo(116.36, 8);
    expect(lat).toBeCloseTo(27.95, 8);
  });

  it('handles zone-prefixed false eastings (EPSG:4527, zone 39) and gives the projection an extent', () => {
    const projection = ensureProjection('EPSG:4527')!;
    const [x] = transform([116.36, 27.95], LONLAT_CRS, projection) as [number, number];
    expect(Math.floor(x / 1_000_000)).toBe(39);
    const extent = projection.getExtent();
    expect(extent[0]).toBeLessThan(x);
    expect(extent[2]).toBeGreaterThan(x);
    expect(projection.getWorldExtent()).toEqual([115.5, 17, 118.5, 54]);
  });

  it('answers null for a code the offline table does not know', () => {
    expect(ensureProjection('EPSG:999999')).toBeNull();
  });
});
