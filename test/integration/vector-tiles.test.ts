import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Feature from 'ol/Feature';
import MVT from 'ol/format/MVT';
import { get as getProjection } from 'ol/proj';
import { createXYZ } from 'ol/tilegrid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerInfo, TileReport } from '../../shared/api';
import { openSpatialite, type Db } from '../../electron/engine/project/spatialite';
import { buildCli, gwzIn, jsonOf } from './harness/cli';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

/**
 * The vector tile endpoint on the real demo project: every tile of a few zoom levels decoded with
 * OpenLayers' MVT reader holds exactly the features SpatiaLite finds intersecting the tile plus its
 * buffer (its own ST_Intersects on a second connection, not our R*Tree + clipping), with the fids,
 * the asked-for attributes and nothing else; `gwz tile` reports the same tile and writes its bytes;
 * bad requests answer 400/404 without touching the project.
 */
let f: EngineFixture;
let path: string;
let layer: LayerInfo;
let sql: Db;

const EXTENT = 4096;
const BUFFER = 64;

function decode(body: Uint8Array | string): Feature[] {
  if (typeof body === 'string') throw new Error(`expected bytes, got text: ${body.slice(0, 200)}`);
  const buffer = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  return new MVT<Feature>({ featureClass: Feature }).readFeatures(buffer, { extent: [0, 0, EXTENT, EXTENT], featureProjection: getProjection('EPSG:3857')! });
}

/** SpatiaLite's own answer: fids whose geometry meets the buffered tile and is at least half a pixel in width or height. */
function expectedFids(bbox: number[]): number[] {
  const unit = (bbox[2]! - bbox[0]!) / EXTENT;
  const pad = BUFFER * unit;
  const min = 4 * unit;
  const rows = sql
    .prepare(
      `SELECT fid FROM "${layer.tableName}"
       WHERE ST_Intersects(geom, BuildMbr(?, ?, ?, ?)) = 1
         AND (MbrMaxX(geom) - MbrMinX(geom) >= ? OR MbrMaxY(geom) - MbrMinY(geom) >= ?)
       ORDER BY fid`,
    )
    .all(bbox[0]! - pad, bbox[1]! - pad, bbox[2]! + pad, bbox[3]! + pad, min, min) as { fid: number }[];
  return rows.map((r) => r.fid);
}

beforeAll(async () => {
  buildCli();
  f = await engineFixture();
  path = join(f.dir, 'demo.gwz');
  await f.client.runJob('project.createDemo', { path });
  const { layers } = await f.client.api.layers.list({});
  // the polygon layer with the most features
  layer = layers.filter((l) => l.kind === 'vector' && /POLYGON/i.test(l.geometryType ?? '')).sort((a, b) => b.featureCount - a.featureCount)[0]!;
  sql = openSpatialite(path, { readonly: true });
}, 240_000);
afterAll(async () => {
  sql?.close();
  await f?.dispose();
});

describe('layers/<id>/tiles/{z}/{x}/{y}.pbf', () => {
  it('LayerInfo.tiles describes an OpenLayers createXYZ grid covering the layer', () => {
    expect(layer.tiles).toBeTruthy();
    const tiles = layer.tiles!;
    expect(tiles.url).toMatch(new RegExp(`^layers/${layer.id}/tiles/\\{z\\}/\\{x\\}/\\{y\\}\\.pbf\\?grid=`));
    const [x0, y0, x1, y1] = tiles.extent;
    const [lx0, ly0, lx1, ly1] = layer.extent!;
    expect(x0 <= lx0 && y0 <= ly0 && x1 >= lx1 && y1 >= ly1).toBe(true);
    expect(x1 - x0).toBeCloseTo(y1 - y0, 6);
  });

  it('holds, tile by tile, exactly the features SpatiaLite finds in the buffered tile, with the asked-for fields', async () => {
    const tiles = layer.tiles!;
    const grid = createXYZ({ extent: tiles.extent, tileSize: tiles.tileSize, maxZoom: tiles.maxZoom });
    const field = layer.fields[0]!.name;
    const query = new URLSearchParams(tiles.url.split('?')[1]);
    query.set('fields', field);
    let checked = 0;
    let nonEmpty = 0;
    for (const z of [0, 2, 4]) {
      // the tiles of this zoom that meet the layer's extent
      const coords: [number, number, number][] = [];
      grid.forEachTileCoord(layer.extent!, z, (c) => coords.push([c[0]!, c[1]!, c[2]!]));
      for (const [tz, tx, ty] of coords.slice(0, 12)) {
        const res = await f.engine.readData(`layers/${layer.id}/tiles/${tz}/${tx}/${ty}.pbf`, query);
        expect(res.status).toBe(200);
        expect(res.contentType).toBe('application/vnd.mapbox-vector-tile');
        expect(res.headers?.ETag).toBeTruthy();
        const features = decode(res.body);
        const fids = features.map((x) => Number(x.getId())).sort((a, b) => a - b);
        expect(fids, `tile ${tz}/${tx}/${ty}`).toEqual(expectedFids(grid.getTileCoordExtent([tz, tx, ty])));
        for (const feature of features) {
          const keys = Object.keys(feature.getProperties()).filter((k) => k !== 'geometry' && k !== 'layer');
          expect(keys.every((k) => k === field)).toBe(true);
        }
        checked++;
        if (fids.length > 0) nonEmpty++;
      }
    }
    expect(checked).toBeGreaterThan(5);
    expect(nonEmpty).toBeGreaterThan(3);
  });

  it('answers the same tile again from its cache, and a new one after the project changes', async () => {
    const query = new URLSearchParams(layer.tiles!.url.split('?')[1]);
    const a = await f.engine.readData(`layers/${layer.id}/tiles/0/0/0.pbf`, query);
    const b = await f.engine.readData(`layers/${layer.id}/tiles/0/0/0.pbf`, query);
    expect(b.headers?.ETag).toBe(a.headers?.ETag);
    await f.client.api.layers.update({ layerId: layer.id, visible: false });
    await f.client.api.layers.update({ layerId: layer.id, visible: true });
    const c = await f.engine.readData(`layers/${layer.id}/tiles/0/0/0.pbf`, query);
    expect(c.headers?.ETag).not.toBe(a.headers?.ETag);
    expect(Buffer.from(c.body as Uint8Array).equals(Buffer.from(a.body as Uint8Array))).toBe(true);
  });

  it('refuses a bad grid, a tile outside it and an unknown layer', async () => {
    const bad = await f.engine.readData(`layers/${layer.id}/tiles/0/0/0.pbf`, new URLSearchParams('grid=1,2'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body as string).error.message_zh).toContain('grid');
    const outside = await f.engine.readData(`layers/${layer.id}/tiles/1/5/0.pbf`, new URLSearchParams(layer.tiles!.url.split('?')[1]));
    expect(outside.status).toBe(400);
    const missing = await f.engine.readData('layers/9999/tiles/0/0/0.pbf', new URLSearchParams());
    expect(missing.status).toBe(404);
    const err = await errorOf(f.client.api.tiles.inspect({ layerId: 9999, z: 0, x: 0, y: 0 }));
    expect(err.code).toBe('LAYER_NOT_FOUND');
  });
});

describe('gwz tile', () => {
  it('reports the tile the map reads and writes its bytes', async () => {
    const report = await f.client.api.tiles.inspect({ layerId: layer.id, z: 1, x: 0, y: 0 });
    await f.client.api.project.close({});
    const out = join(f.dir, 'tile.pbf');
    const run = gwzIn(f.dir, ['tile', path, String(layer.id), '1', '0', '0', '--out', out, '--json']);
    expect(run.status, run.stderr).toBe(0);
    const cli = jsonOf<TileReport>(run);
    expect(cli.features).toBe(report.features);
    expect(cli.bytes).toBe(report.bytes);
    expect(existsSync(out)).toBe(true);
    expect(decode(new Uint8Array(readFileSync(out)))).toHaveLength(report.features);
    const human = gwzIn(f.dir, ['tile', path, layer.name, '1', '0', '0']);
    expect(human.status, human.stderr).toBe(0);
    expect(human.stdout).toContain(`要素 Features:`);
    expect(human.stdout).toContain(String(report.features));
    const bad = gwzIn(f.dir, ['tile', path, String(layer.id), '1', '-1', '0']);
    expect(bad.status).not.toBe(0);
    await f.client.api.project.open({ path });
  });
});
