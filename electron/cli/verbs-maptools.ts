import { readFileSync } from 'node:fs';
import { GwzError, type BasemapConfig, type BasemapState, type MeasureResult } from '../../shared/api';
import { formatArea, formatLength } from '../../shared/geo/measure';
import type { Lang } from './lang';
import { fields } from './text';
import { crsCode, openProject, str, type Verb } from './verb';

/** "x1,y1 x2,y2 …" or "x1,y1;x2,y2;…" → vertices. */
function parseCoordinates(text: string): [number, number][] {
  const points = text
    .trim()
    .split(/[;\s]+/)
    .filter(Boolean)
    .map((pair) => pair.split(',').map(Number));
  if (points.length < 2 || points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) {
    throw new GwzError('BAD_REQUEST', '--coords 应为 "x1,y1 x2,y2 …"（至少两个点）', '--coords must be "x1,y1 x2,y2 …" (two points or more)', { coords: text });
  }
  return points as [number, number][];
}

export function formatMeasure(r: MeasureResult, lang: Lang): string {
  const area = r.geometryType.includes('Polygon');
  const rows: [string, string][] = [['坐标系 CRS:', r.crs]];
  if (r.planar) {
    rows.push([area ? '周长（平面）Perimeter (plane):' : '长度（平面）Length (plane):', formatLength(r.planar.length)]);
    if (area) rows.push(['面积（平面）Area (plane):', formatArea(r.planar.area, lang)]);
    if (r.planar.segments.length > 1 && r.planar.segments.length <= 50) {
      rows.push(['分段 Segments:', r.planar.segments.map((s) => formatLength(s)).join(' · ')]);
    }
  }
  rows.push([area ? '周长（椭球）Perimeter (ellipsoid):' : '长度（椭球）Length (ellipsoid):', formatLength(r.geodesic.length)]);
  if (area) rows.push(['面积（椭球）Area (ellipsoid):', formatArea(r.geodesic.area, lang)]);
  return fields(rows);
}

export const measureVerb: Verb = {
  name: 'measure',
  args: '[project]',
  minArgs: 0,
  maxArgs: 1,
  zh: '量测距离与面积：投影平面（米）与 CGCS2000 椭球面，坐标为工程坐标系',
  en: 'Measure distance and area, on the projected plane (metres) and on the CGCS2000 ellipsoid, in project coordinates',
  options: {
    wkt: { type: 'string', value: '<WKT|@file>', zh: '线或面的 WKT（@文件 读取文件）', en: 'WKT of a line or polygon (@file reads a file)' },
    coords: { type: 'string', value: '"x,y x,y …"', zh: '顶点坐标', en: 'vertices' },
    polygon: { type: 'boolean', zh: '顶点围成面（量测面积）', en: 'the vertices close into a polygon (measure its area)' },
    crs: { type: 'string', value: 'EPSG:<code>', zh: '坐标所在坐标系（默认为工程坐标系）', en: 'CRS of the coordinates (the project CRS by default)' },
  },
  async run(ctx) {
    const wktText = str(ctx.opts, 'wkt');
    const coords = str(ctx.opts, 'coords');
    const crs = str(ctx.opts, 'crs');
    if ((wktText === undefined) === (coords === undefined)) {
      throw new GwzError('BAD_REQUEST', '请给出 --wkt 或 --coords（二选一）', 'Give either --wkt or --coords', {});
    }
    if (ctx.args[0]) await openProject(ctx, ctx.args[0], true);
    const wkt = wktText?.startsWith('@') ? readFileSync(ctx.resolvePath(wktText.slice(1)), 'utf8').trim() : wktText;
    const result = await ctx.client.api.geometry.measure({
      ...(wkt !== undefined ? { wkt } : { coordinates: parseCoordinates(coords!), kind: ctx.opts.polygon === true ? 'polygon' : 'line' }),
      ...(crs !== undefined ? { crs: crsCode(crs) } : {}),
    });
    return { data: result, human: formatMeasure(result, ctx.lang) };
  },
};

function describeBasemap(s: BasemapState): string {
  const b = s.basemap;
  const rows: [string, string][] = [['底图 Basemap:', b.kind === 'none' ? '无 none' : b.kind]];
  if (b.kind === 'mbtiles') {
    rows.push(['文件 File:', b.path]);
    if (s.mbtiles) {
      rows.push(['名称 Name:', s.mbtiles.name]);
      rows.push(['格式 Format:', `${s.mbtiles.format}, z${s.mbtiles.minzoom}–${s.mbtiles.maxzoom}, ${s.mbtiles.tileCount} tiles`]);
      if (s.mbtiles.bounds) rows.push(['范围 Bounds:', s.mbtiles.bounds.map((v) => v.toFixed(5)).join(', ')]);
    } else rows.push(['状态 Status:', '文件无法读取 file cannot be read']);
  }
  if (b.kind === 'layer') rows.push(['图层 Layer:', String(b.layerId)]);
  if (b.kind === 'xyz') rows.push(['在线 URL:', b.url]);
  if (b.kind !== 'none') rows.push(['不透明度 Opacity:', String(b.opacity)]);
  return fields(rows);
}

export const basemapVerb: Verb = {
  name: 'basemap',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '查看或设置底图：离线 MBTiles、工程内栅格图层，或（仅在配置时）在线 XYZ 服务',
  en: 'Show or set the basemap: an offline MBTiles file, a raster layer of the project, or (only when configured) an online XYZ service',
  options: {
    mbtiles: { type: 'string', value: '<file.mbtiles>', zh: '离线 MBTiles 栅格瓦片文件', en: 'offline MBTiles raster tile file' },
    layer: { type: 'string', value: '<layer id>', zh: '作底图的栅格图层（如导入的 GeoTIFF）', en: 'raster layer to draw as the basemap (e.g. an imported GeoTIFF)' },
    xyz: { type: 'string', value: '<url {z}/{x}/{y}>', zh: '在线 XYZ 瓦片地址（默认不使用）', en: 'online XYZ tile URL (not used unless set)' },
    opacity: { type: 'string', value: '<0–1>', zh: '不透明度', en: 'opacity' },
    none: { type: 'boolean', zh: '不用底图', en: 'no basemap' },
  },
  async run(ctx) {
    const mbtiles = str(ctx.opts, 'mbtiles');
    const layer = str(ctx.opts, 'layer');
    const xyz = str(ctx.opts, 'xyz');
    const none = ctx.opts.none === true;
    const chosen = [mbtiles, layer, xyz].filter((v) => v !== undefined).length + (none ? 1 : 0);
    if (chosen > 1) throw new GwzError('BAD_REQUEST', '--mbtiles、--layer、--xyz、--none 只能给一个', 'Give only one of --mbtiles, --layer, --xyz, --none', {});
    const opacityText = str(ctx.opts, 'opacity');
    const opacity = opacityText === undefined ? 1 : Number(opacityText);
    if (!(opacity >= 0 && opacity <= 1)) throw new GwzError('BAD_REQUEST', '--opacity 应在 0 到 1 之间', '--opacity must be between 0 and 1', { opacity: opacityText });
    await openProject(ctx, ctx.args[0]!, chosen === 0);
    let config: BasemapConfig | null = null;
    if (none) config = { kind: 'none' };
    else if (mbtiles !== undefined) config = { kind: 'mbtiles', path: ctx.resolvePath(mbtiles), opacity };
    else if (layer !== undefined) config = { kind: 'layer', layerId: Number(layer), opacity };
    else if (xyz !== undefined) config = { kind: 'xyz', url: xyz, opacity };
    const state = config ? await ctx.client.api.basemap.set(config) : await ctx.client.api.basemap.get({});
    return { data: state, human: describeBasemap(state) };
  },
};

export const MAP_TOOL_VERBS: readonly Verb[] = [measureVerb, basemapVerb];
