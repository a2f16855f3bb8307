import { describe, expect, it } from 'vitest';
import { gdal } from '../../electron/engine/gdal';
import { chooseAxes } from '../../electron/engine/io/tables/collar-axes';

const gk117 = gdal.SpatialReference.fromEPSG(4548); // CGCS2000 3° GK CM 117°E, no zone prefix
const gk39 = gdal.SpatialReference.fromEPSG(4527); // CGCS2000 3° GK zone 39, easting with prefix
const lonlat = gdal.SpatialReference.fromEPSG(4490);

describe('collar axis choice', () => {
  it('reads X as northing when X holds the 7-digit values (Chinese surveying)', () => {
    const c = chooseAxes([3_089_243, 3_095_697], [437_077, 439_443], gk117);
    expect(c).toMatchObject({ swapped: true, zonePrefix: null });
    expect(c.notes[0]!.message_zh).toContain('X 列为北坐标');
  });

  it('keeps GIS order when X holds the eastings', () => {
    expect(chooseAxes([437_077, 439_443], [3_089_243, 3_095_697], gk117)).toMatchObject({ swapped: false, zonePrefix: null });
  });

  it('finds a zone-prefixed easting even though it is the larger number', () => {
    const c = chooseAxes([3_089_243, 3_095_697], [39_437_077, 39_439_443], gk117);
    expect(c).toMatchObject({ swapped: true, zonePrefix: 39 });
    // a CRS whose false easting carries the zone keeps the prefix
    expect(chooseAxes([39_437_077], [3_089_243], gk39)).toMatchObject({ swapped: false, zonePrefix: null });
  });

  it('swaps latitude/longitude written the other way round', () => {
    expect(chooseAxes([27.95], [116.36], lonlat)).toMatchObject({ swapped: true });
    expect(chooseAxes([116.36], [27.95], lonlat)).toMatchObject({ swapped: false });
  });
});
