import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../shared/api';
import { engineFixture, errorOf, type EngineFixture } from './harness/engine-fixture';

// Every exported layer is read back by GDAL's own command-line tools (a separate process, not our
// engine): feature count, CRS and the Chinese attributes must come back as the project holds them.

let f: EngineFixture;
let out: string;
let layers: LayerInfo[];
const byName = (name: string): LayerInfo => layers.find((l) => l.name === name)!;

const tool = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const featureCount = (file: string, extra: string[] = []): number => Number(/Feature Count: (\d+)/.exec(tool('ogrinfo', ['-so', '-al', ...extra, file]))?.[1]);
const epsg = (file: string): string => tool('gdalsrsinfo', ['-e', file]).match(/EPSG:\d+/)?.[0] ?? 'none';

beforeAll(async () => {
  f = await engineFixture();
  await f.client.runJob('project.createDemo', { path: join(f.dir, 'demo.gwz') });
  layers = (await f.client.api.layers.list({})).layers;
  out = join(f.dir, 'out');
  mkdirSync(out);
}, 120_000);
afterAll(async () => {
  await f.dispose();
});

const exportLayer = async (name: string, format: string, file: string, more: Record<string, unknown> = {}) =>
  (await f.client.runJob('export.layer', { layerId: byName(name).id, format: format as 'gpkg', path: join(out, file), ...more })).result;

describe('shapefile', () => {
  it('UTF-8 with .cpg: count, CRS, Chinese attributes decode in ogrinfo', async () => {
    const r = await exportLayer('县级行政区', 'shapefile', '县界.shp');
    expect(r.featureCount).toBe(11);
    expect(readFileSync(join(out, '县界.cpg'), 'utf8')).toBe('UTF-8');
    expect(featureCount(r.path)).toBe(byName('县级行政区').featureCount);
    expect(epsg(r.path)).toBe('EPSG:4548');
    const rows = tool('ogrinfo', ['-q', '-al', r.path]);
    for (const county of ['临川区', '东乡区', '南城县', '广昌县']) expect(rows).toContain(`= ${county}`);
    // the DBF holds UTF-8 bytes
    expect(readFileSync(join(out, '县界.dbf')).includes(Buffer.from('临川区', 'utf8'))).toBe(true);
  });

  it('GBK for old ArcGIS: CP936 bytes in the DBF, LDID 0x4D, .cpg 936; decodes in GDAL with ENCODING=CP936', async () => {
    const r = await exportLayer('污染源', 'shapefile', '污染源_gbk.shp', { encoding: 'GBK' });
    expect(r.encoding).toBe('GBK');
    const dbf = readFileSync(join(out, '污染源_gbk.dbf'));
    expect(dbf[29]).toBe(0x4d);
    expect(readFileSync(join(out, '污染源_gbk.cpg'), 'utf8')).toBe('936');
    expect(new TextDecoder('gbk').decode(dbf)).toContain('示例垃圾填埋场1');
    expect(dbf.includes(Buffer.from('示例', 'utf8'))).toBe(false);
    const rows = tool('ogrinfo', ['-q', '-al', '-oo', 'ENCODING=CP936', r.path]);
    expect(rows).toContain('名称 (String) = 示例垃圾填埋场1');
    expect(rows).toContain('特征污染 (String) = 氨氮'); // 8 bytes in GBK: kept whole
    expect(featureCount(r.path)).toBe(48);
  });

  it('field names longer than 10 bytes are cut on character boundaries, unique, with the mapping written beside', async () => {
    const r = await exportLayer('污染源', 'shapefile', '污染源.shp');
    expect(r.fieldMap).toEqual([{ field: '特征污染', exported: '特征污' }]); // 12 bytes in UTF-8 → 9
    const mapping = readFileSync(join(out, '污染源_字段对照.csv'), 'utf8');
    expect(mapping).toContain('特征污染,特征污');
    const dbf = readFileSync(join(out, '污染源.dbf'));
    // dBASE field descriptors: 32 bytes each from offset 32, name in the first 11 (NUL-padded)
    const names: string[] = [];
    for (let o = 32; dbf[o] !== 0x0d; o += 32) names.push(dbf.subarray(o, o + 11).toString('utf8').replace(/\0+$/, ''));
    for (const n of names) expect(Buffer.byteLength(n, 'utf8')).toBeLessThanOrEqual(10);
    expect(names).toContain('特征污');
    expect(tool('ogrinfo', ['-q', '-al', r.path])).toContain('特征污 (String) = 氨氮');
  });

  it('any CRS on export: EPSG:4527 (zone prefix) agrees with ogr2ogr reprojecting the same file', async () => {
    const r = await exportLayer('县级行政区', 'shapefile', '县界_4527.shp', { crs: 'EPSG:4527' });
    expect(epsg(r.path)).toBe('EPSG:4527');
    const peer = join(out, 'peer_4527.shp');
    tool('ogr2ogr', ['-t_srs', 'EPSG:4527', peer, join(out, '县界.shp')]);
    const extent = (file: string): number[] => {
      const m = /Extent: \(([-\d.]+), ([-\d.]+)\) - \(([-\d.]+), ([-\d.]+)\)/.exec(tool('ogrinfo', ['-so', '-al', file]))!;
      return m.slice(1).map(Number);
    };
    const ours = extent(r.path);
    const theirs = extent(peer);
    expect(ours[0]).toBeGreaterThan(39_000_000);
    ours.forEach((v, i) => expect(Math.abs(v - theirs[i]!)).toBeLessThan(0.01));
  });
});

it('GeoPackage keeps the layer name, CRS and attributes', async () => {
  const r = await exportLayer('水文地质分区', 'gpkg', '分区.gpkg');
  const info = tool('ogrinfo', ['-so', r.path, '水文地质分区']);
  expect(info).toContain(`Feature Count: ${byName('水文地质分区').featureCount}`);
  expect(epsg(r.path)).toBe('EPSG:4548');
  expect(tool('ogrinfo', ['-q', r.path, '水文地质分区', '-fid', '1'])).toMatch(/名称 \(String\) = \S+/);
});

it('GeoJSON is WGS84 (RFC 7946) whatever CRS is asked, with a warning', async () => {
  const r = await exportLayer('水系', 'geojson', '水系.geojson', { crs: 'EPSG:4527' });
  expect(r.crs).toBe('EPSG:4326');
  expect(r.warnings.length).toBe(1);
  const doc = JSON.parse(readFileSync(r.path, 'utf8')) as { features: { properties: Record<string, unknown>; geometry: { coordinates: number[][] } }[] };
  expect(doc.features.length).toBe(byName('水系').featureCount);
  const [lon, lat] = doc.features[0]!.geometry.coordinates[0]!;
  expect(lon).toBeGreaterThan(115);
  expect(lon).toBeLessThan(118);
  expect(lat).toBeGreaterThan(26);
  expect(lat).toBeLessThan(29);
  expect(doc.features.some((x) => typeof x.properties['名称'] === 'string' && /[\u4e00-\u9fff]/.test(x.properties['名称'] as string))).toBe(true);
  expect(featureCount(r.path)).toBe(doc.features.length);
});

it('KMZ: a zip holding doc.kml with styles, readable by GDAL', async () => {
  const r = await exportLayer('水文地质分区', 'kmz', '分区.kmz');
  const zip = readFileSync(r.path);
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  const nameLen = zip.readUInt16LE(26);
  expect(zip.subarray(30, 30 + nameLen).toString()).toBe('doc.kml');
  const size = zip.readUInt32LE(18);
  const body = zip.subarray(30 + nameLen, 30 + nameLen + size);
  const kml = (zip.readUInt16LE(8) === 8 ? inflateRawSync(body) : body).toString('utf8');
  expect(kml).toContain('<PolyStyle>');
  expect(kml).toMatch(/<name>[\u4e00-\u9fff]/);
  expect(featureCount(`/vsizip/${r.path}/doc.kml`)).toBe(byName('水文地质分区').featureCount);
});

it('DXF: one CAD layer per class of the style, in the project CRS', async () => {
  const r = await exportLayer('工业园区', 'dxf', '园区.dxf');
  expect(featureCount(r.path)).toBeGreaterThanOrEqual(1);
  const rows = tool('ogrinfo', ['-q', '-al', r.path]);
  expect(rows).toContain('Layer (String) = 工业园区');
  // Chinese AutoCAD reads the declared code page: GBK bytes under ANSI_936
  const dxf = readFileSync(r.path);
  expect(dxf.toString('latin1')).toMatch(/\$DWGCODEPAGE\r?\n\s*3\r?\nANSI_936/);
  expect(new TextDecoder('gbk').decode(dxf)).toContain('工业园区');
});

it('CSV (with BOM for Excel) and XLSX carry the attributes and point coordinates', async () => {
  const csv = await exportLayer('污染源', 'csv', '污染源.csv');
  const text = readFileSync(csv.path);
  expect(text.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(text.toString('utf8')).toContain('示例垃圾填埋场1');
  const xlsx = await exportLayer('污染源', 'xlsx', '污染源.xlsx');
  const rows = tool('ogrinfo', ['-q', '-al', xlsx.path]);
  expect(rows).toContain('示例垃圾填埋场1');
  expect(rows).toMatch(/X \((Real|Integer)\) = 4\d{5}/);
  expect(featureCount(xlsx.path)).toBe(48);
});

it('GeoTIFF (COG): same size, CRS and pixels as the DEM that was imported', async () => {
  const r = await exportLayer('数字高程模型', 'geotiff', 'dem.tif');
  const info = JSON.parse(tool('gdalinfo', ['-json', '-checksum', r.path])) as { size: number[]; bands: { checksum: number }[]; metadata: Record<string, Record<string, string>> };
  const raster = await f.client.api.rasters.info({ layerId: byName('数字高程模型').id });
  expect(info.size).toEqual([raster.width, raster.height]);
  expect(epsg(r.path)).toBe('EPSG:4548');
  expect(info.metadata.IMAGE_STRUCTURE?.LAYOUT).toBe('COG');
  const source = join(f.dir, 'demo_示例数据', '数字高程模型_250m.tif');
  const peer = JSON.parse(tool('gdalinfo', ['-json', '-checksum', source])) as { bands: { checksum: number }[] };
  expect(info.bands[0]!.checksum).toBe(peer.bands[0]!.checksum);
});

describe('bad input', () => {
  it('a raster as shapefile, an existing file, a missing folder: typed errors, nothing written, engine still serving', async () => {
    const e1 = await errorOf(exportLayer('数字高程模型', 'shapefile', 'dem.shp'));
    expect(e1.code).toBe('BAD_INPUT');
    expect(e1.message_zh).toContain('不能导出');
    expect(existsSync(join(out, 'dem.shp'))).toBe(false);

    writeFileSync(join(out, 'keep.gpkg'), 'precious');
    const e2 = await errorOf(exportLayer('水系', 'gpkg', 'keep.gpkg'));
    expect(e2.code).toBe('BAD_INPUT');
    expect(readFileSync(join(out, 'keep.gpkg'), 'utf8')).toBe('precious');
    const ok = await exportLayer('水系', 'gpkg', 'keep.gpkg', { overwrite: true });
    expect(statSync(ok.path).size).toBeGreaterThan(1000);

    const e3 = await errorOf(f.client.runJob('export.layer', { layerId: byName('水系').id, format: 'geojson', path: join(out, 'no', 'such', 'x.geojson') }));
    expect(e3.code).toBe('FILE_NOT_FOUND');
    const e4 = await errorOf(f.client.runJob('export.layer', { layerId: 9999, format: 'geojson', path: join(out, 'x.geojson') }));
    expect(e4.code).toBe('LAYER_NOT_FOUND');
    expect((await f.client.api.layers.list({})).layers.length).toBe(layers.length);
  });
});
