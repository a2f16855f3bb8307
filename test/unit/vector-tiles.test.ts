import Feature from 'ol/Feature';
import MVT from 'ol/format/MVT';
import type { LineString, MultiPoint, Point, Polygon } from 'ol/geom';
import { get as getProjection } from 'ol/proj';
import { describe, expect, it } from 'vitest';
import { encodeMvt, signedArea2, type TilePoint } from '../../electron/engine/io/tiles/mvt-encode';
import { tileGeometry, readWkb } from '../../electron/engine/io/tiles/tile-geometry';
import { gridForExtent, gridParam, parseGridParam, tileBbox } from '../../electron/engine/io/tiles/tile-grid';
import { createXYZ } from 'ol/tilegrid';

/**
 * The MVT encoder against OpenLayers' own MVT reader (the one the map uses): geometry, ring
 * orientation, ids and every kind of attribute value survive; the tile grid equals OpenLayers'
 * createXYZ; clipping and sub-pixel dropping in tile-geometry.
 */
const EXTENT = 4096;

/** Decodes with ol/format/MVT into Features whose coordinates are tile units (y up, as OL flips them). */
function decode(bytes: Uint8Array): Feature[] {
  const format = new MVT<Feature>({ featureClass: Feature });
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return format.readFeatures(buffer, { extent: [0, 0, EXTENT, EXTENT], featureProjection: getProjection('EPSG:3857')! });
}

/** OL maps tile y (down) to map y (up) over the extent: y' = EXTENT − y. */
const up = (pts: readonly TilePoint[]): number[][] => pts.map(([x, y]) => [x, EXTENT - y]);

function wkbPolygon(rings: number[][][]): Uint8Array {
  const n = 9 + rings.reduce((s, r) => s + 4 + r.length * 16, 0);
  const view = new DataView(new ArrayBuffer(n));
  view.setUint8(0, 1);
  view.setUint32(1, 3, true);
  view.setUint32(5, rings.length, true);
  let pos = 9;
  for (const ring of rings) {
    view.setUint32(pos, ring.length, true);
    pos += 4;
    for (const [x, y] of ring) {
      view.setFloat64(pos, x!, true);
      view.setFloat64(pos + 8, y!, true);
      pos += 16;
    }
  }
  return new Uint8Array(view.buffer);
}

describe('encodeMvt', () => {
  it('round-trips polygons with holes, lines, points, ids and attribute types through ol/format/MVT', () => {
    // the exterior written counter-clockwise on screen and the hole clockwise: the encoder must flip both
    const outer: TilePoint[] = [[100, 100], [100, 900], [900, 900], [900, 100]];
    const hole: TilePoint[] = [[300, 300], [600, 300], [600, 600], [300, 600]];
    expect(signedArea2(outer)).toBeLessThan(0);
    const bytes = encodeMvt([
      {
        name: '图斑',
        extent: EXTENT,
        features: [
          { id: 7, geometry: { type: 'polygon', polygons: [[outer, hole]] }, properties: { 名称: '一级保护区', 指数: 42.5, 代码: 3, 负数: -12, 真: true, 空: null } },
          { id: 2 ** 40, geometry: { type: 'line', lines: [[[0, 0], [4096, 4096], [2000, 10]]] }, properties: { 名称: '河流' } },
          { id: 9, geometry: { type: 'point', points: [[5, 6], [4000, 4090]] }, properties: { 代码: 3 } },
        ],
      },
    ]);
    const features = decode(bytes);
    expect(features).toHaveLength(3);
    const [poly, line, points] = features as [Feature, Feature, Feature];
    expect(poly.getId()).toBe(7);
    expect(poly.getProperties()).toMatchObject({ 名称: '一级保护区', 指数: 42.5, 代码: 3, 负数: -12, 真: true, layer: '图斑' });
    expect('空' in poly.getProperties()).toBe(false);
    const polygon = poly.getGeometry() as Polygon;
    expect(polygon.getType()).toBe('Polygon');
    const rings = polygon.getCoordinates();
    expect(rings).toHaveLength(2);
    // same vertex sets (the encoder may reverse a ring); OL closes rings
    const sorted = (r: number[][]) => r.slice(0, -1).map((p) => p.join(',')).sort();
    expect(sorted(rings[0]!)).toEqual(up(outer).map((p) => p.join(',')).sort());
    expect(sorted(rings[1]!)).toEqual(up(hole).map((p) => p.join(',')).sort());
    expect(polygon.getArea()).toBe(800 * 800 - 300 * 300);
    expect(line.getId()).toBe(2 ** 40);
    expect((line.getGeometry() as LineString).getCoordinates()).toEqual(up([[0, 0], [4096, 4096], [2000, 10]]));
    const pts = points.getGeometry() as MultiPoint | Point;
    expect(pts.getCoordinates()).toEqual(up([[5, 6], [4000, 4090]]));
  });

  it('keeps two polygons of one feature apart (orientation tells OL where the next one starts)', () => {
    const a: TilePoint[] = [[0, 0], [100, 0], [100, 100], [0, 100]];
    const b: TilePoint[] = [[200, 200], [300, 200], [300, 300], [200, 300]];
    const [f] = decode(encodeMvt([{ name: 'x', extent: EXTENT, features: [{ id: 1, geometry: { type: 'polygon', polygons: [[a], [b]] }, properties: {} }] }]));
    expect(f!.getGeometry()!.getType()).toBe('MultiPolygon');
  });

  it('writes nothing for an empty layer list', () => {
    expect(encodeMvt([]).byteLength).toBe(0);
  });
});

describe('tile grid', () => {
  it('matches OpenLayers createXYZ over the same extent, tile for tile', () => {
    const grid = gridForExtent([400_000, 3_000_000, 500_000, 3_080_000], false);
    const side = grid.extent[2] - grid.extent[0];
    // 100 km wide, but 3 000 000 is not inside one 131 072 m square with 3 080 000: the next power up
    expect(side).toBe(262_144);
    expect(grid.extent[0]).toBeLessThanOrEqual(400_000);
    expect(grid.extent[3]).toBeGreaterThanOrEqual(3_080_000);
    const ol = createXYZ({ extent: grid.extent, tileSize: 512, maxZoom: grid.maxZoom });
    for (const [z, x, y] of [[0, 0, 0], [3, 2, 5], [7, 100, 33]] as const) {
      expect(tileBbox(grid, z, x, y)).toEqual(ol.getTileCoordExtent([z, x, y]));
    }
    expect(ol.getResolution(grid.maxZoom)).toBeLessThanOrEqual(0.25);
    expect(tileBbox(grid, 1, 2, 0)).toBeNull();
    expect(parseGridParam(gridParam(grid))!.extent).toEqual(grid.extent);
    expect(parseGridParam('1,2')).toBeNull();
  });

  it('grows the square when the layer straddles a multiple of its side', () => {
    const grid = gridForExtent([131_000, 0, 131_100, 50], false);
    expect(grid.extent[0]).toBeLessThanOrEqual(131_000);
    expect(grid.extent[2]).toBeGreaterThanOrEqual(131_100);
  });
});

describe('tileGeometry', () => {
  const bbox = [0, 0, 4096, 4096] as const;
  const t = { bbox, extent: EXTENT, buffer: 64, tolerance: 4, minSize: 4 };

  it('clips a polygon to the tile plus buffer and keeps its hole', () => {
    const g = tileGeometry(wkbPolygon([[[-1000, 1000], [2000, 1000], [2000, 3000], [-1000, 3000], [-1000, 1000]], [[100, 1500], [200, 1500], [200, 1600], [100, 1600], [100, 1500]]]), t);
    expect(g?.type).toBe('polygon');
    if (g?.type !== 'polygon') return;
    const [outer, hole] = g.polygons[0]!;
    expect(Math.min(...outer!.map((p) => p[0]))).toBe(-64);
    expect(Math.max(...outer!.map((p) => p[0]))).toBe(2000);
    // y flips: map y 3000 is tile y 1096
    expect(Math.min(...outer!.map((p) => p[1]))).toBe(1096);
    // closed as WKB gave it (the encoder drops the closing point)
    expect(hole).toEqual([[100, 2596], [200, 2596], [200, 2496], [100, 2496], [100, 2596]]);
  });

  it('drops a sub-pixel polygon and one outside the buffer', () => {
    expect(tileGeometry(wkbPolygon([[[10, 10], [12, 10], [12, 12], [10, 10]]]), t)).toBeNull();
    expect(tileGeometry(wkbPolygon([[[5000, 10], [6000, 10], [6000, 900], [5000, 10]]]), t)).toBeNull();
  });

  it('reads 3-D WKB (ISO type 1003) by skipping Z', () => {
    const view = new DataView(new ArrayBuffer(9 + 4 + 4 * 24));
    view.setUint8(0, 1);
    view.setUint32(1, 1003, true);
    view.setUint32(5, 1, true);
    view.setUint32(9, 4, true);
    [[0, 0], [10, 0], [10, 10], [0, 0]].forEach(([x, y], i) => {
      view.setFloat64(13 + i * 24, x!, true);
      view.setFloat64(21 + i * 24, y!, true);
      view.setFloat64(29 + i * 24, 99, true);
    });
    expect(readWkb(new Uint8Array(view.buffer)).polygons[0]![0]).toEqual([[0, 0], [10, 0], [10, 10], [0, 0]]);
  });
});
