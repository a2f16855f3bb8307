import Database from 'better-sqlite3';
import gdal from 'gdal-async';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classBreaks, keyZoneStyle, legendItems, protectionZoneStyle } from '../../shared/style';
import { buildCli, gwzIn, jsonOf } from './harness/cli';
import { engineFixture, errorOf, GEOJSON_FUZHOU, SHP_CHINESE_POLY, type EngineFixture } from './harness/engine-fixture';

// Layer tree and symbology methods on a real project file: what they store must come back after a
// reopen, bad requests must leave the file as it was, and classification must agree with the values
// GDAL reads from the source file itself.

let f: EngineFixture;
let path: string;
beforeEach(async () => {
  f = await engineFixture();
  path = join(f.dir, 'ops.gwz');
  await f.client.api.project.create({ path, crs: 'EPSG:4548' });
  await f.client.runJob('layers.importVector', { path: GEOJSON_FUZHOU, name: '县界' });
  await f.client.runJob('layers.importVector', { path: SHP_CHINESE_POLY, name: '图斑', srcCrs: 'EPSG:4326', force: true });
});
afterEach(async () => {
  await f.dispose();
});

const names = async () => (await f.client.api.layers.list({})).layers.map((l) => l.name);

async function reopen(): Promise<void> {
  await f.client.api.project.close({});
  await f.client.api.project.open({ path });
}

function sourceValues(file: string, field: string): unknown[] {
  const ds = gdal.open(file);
  const out: unknown[] = [];
  for (const feature of ds.layers.get(0).features) out.push(feature.fields.get(field));
  ds.close();
  return out;
}

describe('layer tree', () => {
  it('lists new layers on top and keeps name, visibility, opacity, group and order in the file', async () => {
    expect(await names()).toEqual(['图斑', '县界']);
    const [top, bottom] = (await f.client.api.layers.list({})).layers as unknown as [{ id: number }, { id: number }];
    await f.client.api.layers.update({ layerId: bottom.id, name: '抚州市县界', visible: false, opacity: 0.4, groupName: '行政区划' });
    await f.client.api.layers.reorder({ layerIds: [bottom.id, top.id] });
    expect(f.events.filter((e) => e.type === 'project.changed' && e.reason === 'layers').length).toBeGreaterThanOrEqual(4);
    await reopen();
    const layers = (await f.client.api.layers.list({})).layers;
    expect(layers.map((l) => l.name)).toEqual(['抚州市县界', '图斑']);
    expect(layers[0]).toMatchObject({ visible: false, groupName: '行政区划', styled: true });
    expect(layers[0]!.style.opacity).toBe(0.4);
    // an opacity alone stores the default style with it
    expect(layers[0]!.style).toMatchObject({ kind: 'vector', type: 'single' });
    expect(layers[1]).toMatchObject({ visible: true, groupName: null, styled: false });
    // and QGIS sees the same registry
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT name, visible, group_name, sort_order FROM gwz_layers ORDER BY sort_order DESC').all();
    db.close();
    expect(rows).toEqual([
      { name: '抚州市县界', visible: 0, group_name: '行政区划', sort_order: 2 },
      { name: '图斑', visible: 1, group_name: null, sort_order: 1 },
    ]);
  });

  it('refuses a reorder that misses a layer, a duplicate name, or an unknown layer, and changes nothing', async () => {
    const before = (await f.client.api.layers.list({})).layers;
    const [a, b] = before as unknown as [{ id: number }, { id: number }];
    expect((await errorOf(f.client.api.layers.reorder({ layerIds: [a.id] }))).code).toBe('BAD_REQUEST');
    expect((await errorOf(f.client.api.layers.reorder({ layerIds: [a.id, a.id] }))).code).toBe('BAD_REQUEST');
    const dup = await errorOf(f.client.api.layers.update({ layerId: b.id, name: '图斑', visible: false }));
    expect(dup.code).toBe('BAD_REQUEST');
    expect(dup.message_zh).toContain('同名');
    expect((await errorOf(f.client.api.layers.update({ layerId: 99, visible: false }))).code).toBe('LAYER_NOT_FOUND');
    expect((await f.client.api.layers.list({})).layers).toEqual(before);
  });

  it('removes a layer with its table, spatial index and geometry registration', async () => {
    const layer = (await f.client.api.layers.list({})).layers.find((l) => l.name === '县界')!;
    const { removed } = await f.client.api.layers.remove({ layerId: layer.id });
    expect(removed).toEqual({ id: layer.id, name: '县界' });
    expect(await names()).toEqual(['图斑']);
    expect((await f.client.api.project.check({})).ok).toBe(true);
    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE name LIKE ?").all(`%${layer.tableName}%`) as { name: string }[]).map((r) => r.name);
    const registered = db.prepare('SELECT COUNT(*) AS n FROM geometry_columns WHERE lower(f_table_name) = lower(?)').get(layer.tableName);
    db.close();
    expect(tables).toEqual([]);
    expect(registered).toEqual({ n: 0 });
    expect((await errorOf(f.client.api.layers.remove({ layerId: layer.id }))).code).toBe('LAYER_NOT_FOUND');
    // the data URL of a removed layer answers 404, not a crash
    expect((await f.engine.readData(layer.dataUrl, new URLSearchParams())).status).toBe(404);
  });
});

describe('symbology', () => {
  it('classifies a numeric field with the breaks classify.ts gives for the values GDAL reads from the source', async () => {
    const layer = (await f.client.api.layers.list({})).layers.find((l) => l.name === '县界')!;
    expect(layer.fields.find((x) => x.name === 'adcode')).toMatchObject({ numeric: true });
    const values = sourceValues(GEOJSON_FUZHOU, 'adcode').map(Number);
    for (const method of ['jenks', 'quantile', 'equal'] as const) {
      const r = await f.client.api.layers.classify({ layerId: layer.id, field: 'adcode', method, classes: 4, ramp: 'risk' });
      expect(r.valueCount).toBe(values.length);
      expect(r.breaks).toEqual(classBreaks(values, method, 4));
      expect(r.style).toMatchObject({ kind: 'vector', type: 'graduated', field: 'adcode', method, ramp: 'risk' });
      if (r.style.kind === 'vector' && r.style.type === 'graduated') {
        expect(r.style.classes.map((c) => c.min)).toEqual(r.breaks.slice(0, -1));
        expect(r.style.classes[0]!.symbol.fill).toBe('#1a9641');
      }
    }
    const manual = await f.client.api.layers.classify({ layerId: layer.id, field: 'adcode', method: 'manual', breaks: [361002, 361025, 361030] });
    expect(manual.breaks).toEqual([361002, 361025, 361030]);
    expect((await errorOf(f.client.api.layers.classify({ layerId: layer.id, field: 'name', method: 'jenks' }))).code).toBe('BAD_INPUT');
    expect((await errorOf(f.client.api.layers.classify({ layerId: layer.id, field: '无此字段', method: 'jenks' }))).code).toBe('BAD_REQUEST');
  });

  it('categorizes by distinct values with the counts GDAL finds, stores the style and builds the legend from it', async () => {
    const layer = (await f.client.api.layers.list({})).layers.find((l) => l.name === '县界')!;
    const counts = new Map<string, number>();
    for (const v of sourceValues(GEOJSON_FUZHOU, 'level')) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
    const r = await f.client.api.layers.categories({ layerId: layer.id, field: 'level' });
    expect(new Map(r.values.map((v) => [String(v.value), v.count]))).toEqual(counts);
    expect(r.more).toBe(0);
    const withLabel = { ...r.style, label: { field: 'name', size: 10, color: '#222222', halo: { color: '#ffffff', width: 1.5 }, placement: 'point' as const, allowOverlap: false } };
    await f.client.api.layers.update({ layerId: layer.id, style: withLabel });
    await reopen();
    const stored = (await f.client.api.layers.list({})).layers.find((l) => l.id === layer.id)!;
    expect(stored.styled).toBe(true);
    expect(stored.style).toEqual(withLabel);
    expect(legendItems(stored.style).map((i) => (i.type === 'symbol' ? i.label : ''))).toEqual([...counts.keys()].sort());
  });

  it('refuses styles that do not fit the layer and keeps the old one; null goes back to the default', async () => {
    const layer = (await f.client.api.layers.list({})).layers.find((l) => l.name === '县界')!;
    await f.client.api.layers.update({ layerId: layer.id, style: protectionZoneStyle('name') });
    const raster = { kind: 'raster' as const, type: 'paletted' as const, opacity: 1, entries: [{ value: 1, color: '#ff0000', label: { zh: '一' } }] };
    expect((await errorOf(f.client.api.layers.update({ layerId: layer.id, style: raster }))).code).toBe('BAD_REQUEST');
    const missing = await errorOf(f.client.api.layers.update({ layerId: layer.id, style: keyZoneStyle() }));
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.message_en).toContain('zone_class');
    // schema check: a colour that is not #rrggbb never reaches the engine
    expect((await errorOf(f.client.call('layers.update', { layerId: layer.id, style: { ...keyZoneStyle('name'), categories: [{ value: 'a', label: { zh: 'a' }, symbol: { fill: 'red' } }] } } as never))).code).toBe('BAD_REQUEST');
    let now = (await f.client.api.layers.list({})).layers.find((l) => l.id === layer.id)!;
    expect(now.style).toEqual(protectionZoneStyle('name'));
    await f.client.api.layers.update({ layerId: layer.id, style: null });
    now = (await f.client.api.layers.list({})).layers.find((l) => l.id === layer.id)!;
    expect(now).toMatchObject({ styled: false, style: { kind: 'vector', type: 'single' } });
  });
});

describe('features by resolution', () => {
  it('simplifies detailed boundaries to a quarter pixel and sends only the asked fields', async () => {
    const layer = (await f.client.api.layers.list({})).layers.find((l) => l.name === '县界')!;
    const read = async (query: string) => JSON.parse(String((await f.engine.readData(layer.dataUrl, new URLSearchParams(query))).body)) as {
      gwz?: { simplified: number };
      features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[];
    };
    const vertices = (fc: Awaited<ReturnType<typeof read>>) => fc.features.reduce((n, x) => n + JSON.stringify(x.geometry.coordinates).split('],[').length, 0);
    const full = await read('');
    const coarse = await read('resolution=2000&fields=name');
    expect(coarse.features).toHaveLength(full.features.length);
    expect(coarse.gwz!.simplified).toBeGreaterThan(0);
    expect(vertices(coarse)).toBeLessThan(vertices(full) * 0.75);
    expect(Object.keys(coarse.features[0]!.properties)).toEqual(['name']);
    // coarse coordinates are still whole metres of the layer's extent (SpatiaLite must not trim their zeros)
    const [minx, miny, maxx, maxy] = layer.extent!;
    for (const x of coarse.features) {
      for (const [cx, cy] of JSON.stringify(x.geometry.coordinates).match(/-?\d+(\.\d+)?,-?\d+(\.\d+)?/g)!.map((p) => p.split(',').map(Number)) as [number, number][]) {
        expect(cx).toBeGreaterThanOrEqual(minx - 1);
        expect(cx).toBeLessThanOrEqual(maxx + 1);
        expect(cy).toBeGreaterThanOrEqual(miny - 1);
        expect(cy).toBeLessThanOrEqual(maxy + 1);
      }
    }
    // the same simplification as SpatiaLite's own, done by GEOS: the vertex count GEOS keeps at that tolerance
    const db = new Database(path, { readonly: true });
    db.loadExtension('mod_spatialite');
    const geos = db.prepare(`SELECT SUM(ST_NPoints(SimplifyPreserveTopology(geom, 500))) AS n FROM "${layer.tableName}"`).get() as { n: number };
    db.close();
    expect(Math.abs(vertices(coarse) - geos.n) / geos.n).toBeLessThan(0.02);
  });
});

describe('gwz layer / reorder / style / remove-layer', () => {
  it('changes the layer tree and styles from the command line', () => {
    buildCli();
    const cwd = f.dir;
    const p = join(f.dir, 'cli.gwz');
    expect(gwzIn(cwd, ['new', p, '--crs', 'EPSG:4548']).status).toBe(0);
    expect(gwzIn(cwd, ['import', p, GEOJSON_FUZHOU, '--name', '县界']).status).toBe(0);
    expect(gwzIn(cwd, ['import', p, GEOJSON_FUZHOU, '--name', '县界2']).status).toBe(0);
    const styled = gwzIn(cwd, ['style', p, '县界', '--graduated', 'adcode', '--method', 'jenks', '--classes', '3', '--ramp', 'blues', '--label', 'name', '--json']);
    expect(styled.status).toBe(0);
    const layer = jsonOf<{ layer: { style: { type: string; classes: unknown[]; label: { field: string } } } }>(styled).layer;
    expect(layer.style).toMatchObject({ type: 'graduated', label: { field: 'name' } });
    expect(layer.style.classes).toHaveLength(3);
    expect(gwzIn(cwd, ['layer', p, '县界', '--opacity', '0.5', '--group', '底图', '--hide']).status).toBe(0);
    const order = gwzIn(cwd, ['reorder', p, '县界', '--json']);
    expect(jsonOf<{ layers: { name: string; visible: boolean; groupName: string }[] }>(order).layers.map((l) => [l.name, l.visible, l.groupName])).toEqual([
      ['县界', false, '底图'],
      ['县界2', true, null],
    ]);
    const refused = gwzIn(cwd, ['remove-layer', p, '县界2']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--yes');
    expect(gwzIn(cwd, ['remove-layer', p, '县界2', '--yes']).status).toBe(0);
    const bad = gwzIn(cwd, ['style', p, '县界', '--preset', 'keyZone']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('zone_class');
    const list = jsonOf<{ layers: { name: string }[] }>(gwzIn(cwd, ['layers', p, '--json']));
    expect(list.layers.map((l) => l.name)).toEqual(['县界']);
  });
});
