import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gdal } from '../gdal';
import { UNIT_CELL, UNIT_CODES, UNIT_NAMES, unitAt, unitGrid, type UnitType } from './hydro';
import { Random } from './random';
import { gcj02ToWgs84 } from '../io/vector/webmap-offset';
import { DEMO_CRS, DEMO_EXTENT, MAIN_RIVER, TRIBUTARIES } from './region';
import { elevation } from './terrain';
import { writeBoreholes, writeMonitoring } from './write-tables';

/** One file of the sample folder and how the demo imports it. */
export interface SampleFile {
  kind: 'vector' | 'raster' | 'boreholes';
  /** For borehole workbooks: the sheet and what it holds. */
  sheet?: string;
  tableKind?: 'collars' | 'lithology' | 'levels' | 'quality';
  path: string;
  name: string;
  /** CRS to assume when the file declares none (the county boundaries come without a .prj). */
  srcCrs?: string;
  encoding?: string;
  /** The county boundaries come from a Chinese web map: GCJ-02 claiming WGS 84. */
  webOffset?: 'gcj02';
}

export const DEM_CELL = 250;
const NODATA = -9999;
const SEED = 361000;

const epsg = (code: string) => gdal.SpatialReference.fromUserInput(code);

/** Writes a point/line/polygon shapefile the way ArcGIS-era data arrive: GBK text and no .cpg. */
function writeGbkShapefile(
  path: string,
  geomType: number,
  fields: ReadonlyArray<{ name: string; type: string; width?: number }>,
  rows: ReadonlyArray<{ geometry: gdal.Geometry; values: Record<string, string | number> }>,
): void {
  const ds = gdal.open(path, 'w', 'ESRI Shapefile');
  try {
    const layer = ds.layers.create(path.replace(/^.*[\\/]/, '').replace(/\.shp$/, ''), epsg(DEMO_CRS), geomType, ['ENCODING=CP936']);
    for (const f of fields) {
      const defn = new gdal.FieldDefn(f.name, f.type);
      if (f.width) defn.width = f.width;
      layer.fields.add(defn);
    }
    for (const row of rows) {
      const feature = new gdal.Feature(layer);
      for (const [k, v] of Object.entries(row.values)) feature.fields.set(k, v);
      feature.setGeometry(row.geometry);
      layer.features.add(feature);
    }
  } finally {
    ds.close();
  }
  rmSync(path.replace(/\.shp$/, '.cpg'), { force: true });
}

function point(x: number, y: number): gdal.Point {
  return new gdal.Point(x, y);
}

function line(points: ReadonlyArray<readonly [number, number]>): gdal.LineString {
  const l = new gdal.LineString();
  for (const [x, y] of points) l.points.add(x, y);
  return l;
}

function writeDem(path: string): void {
  const { minX, minY, maxX, maxY } = DEMO_EXTENT;
  const width = Math.round((maxX - minX) / DEM_CELL);
  const height = Math.round((maxY - minY) / DEM_CELL);
  const ds = gdal.open(path, 'w', 'GTiff', width, height, 1, gdal.GDT_Float32, [
    'TILED=YES',
    'COMPRESS=DEFLATE',
    'PREDICTOR=3',
  ]);
  try {
    ds.srs = epsg(DEMO_CRS);
    ds.geoTransform = [minX, DEM_CELL, 0, maxY, 0, -DEM_CELL];
    const band = ds.bands.get(1);
    band.noDataValue = NODATA;
    const row = new Float32Array(width);
    for (let r = 0; r < height; r++) {
      const y = maxY - (r + 0.5) * DEM_CELL;
      for (let c = 0; c < width; c++) row[c] = elevation(minX + (c + 0.5) * DEM_CELL, y, SEED);
      band.pixels.write(0, r, width, 1, row);
    }
    band.flush();
  } finally {
    ds.close();
  }
}

/**
 * The city's outline in the demo CRS: the shipped county boundaries (GCJ-02 lon/lat, no .prj)
 * corrected to WGS84, projected and dissolved — what the import will make of them.
 */
function cityOutline(boundariesShp: string): gdal.Geometry {
  const ds = gdal.open(boundariesShp);
  try {
    const transform = new gdal.CoordinateTransformation(gdal.SpatialReference.fromEPSG(4326), epsg(DEMO_CRS));
    let outline: gdal.Geometry | null = null;
    ds.layers.get(0).features.forEach((f) => {
      const json = f.getGeometry()!.toObject() as { type: string; coordinates: unknown };
      const fixed = gdal.Geometry.fromGeoJson({ type: json.type, coordinates: mapLonLat(json.coordinates, (x, y) => gcj02ToWgs84(x, y)) });
      fixed.transform(transform);
      outline = outline ? outline.union(fixed) : fixed;
    });
    return outline!;
  } finally {
    ds.close();
  }
}

/** The polygon parts of an intersection (which may also hold the lines and points where edges touch). */
function polygonal(g: gdal.Geometry): gdal.Geometry | null {
  if (g.isEmpty()) return null;
  const flat = g.wkbType & 0xff;
  if (flat === gdal.wkbPolygon || flat === gdal.wkbMultiPolygon) return g;
  if (flat !== gdal.wkbGeometryCollection) return null;
  const out = new gdal.MultiPolygon();
  for (const part of (g as gdal.GeometryCollection).children) {
    const t = part.wkbType & 0xff;
    if (t === gdal.wkbPolygon) out.children.add(part);
    else if (t === gdal.wkbMultiPolygon) for (const p of (part as gdal.MultiPolygon).children) out.children.add(p);
  }
  return out.isEmpty() ? null : out;
}

function mapLonLat(node: unknown, fn: (x: number, y: number) => [number, number]): unknown {
  if (Array.isArray(node) && typeof node[0] === 'number') return fn(node[0], node[1] as number);
  return Array.isArray(node) ? node.map((n) => mapLonLat(n, fn)) : node;
}

/**
 * Hydrogeological units: classified on a 1 km grid, polygonised by GDAL (so neighbouring units share
 * their boundaries exactly, as a hand-digitised map would after topology cleaning) and cut to the
 * city's outline, as a unit map of the study area is.
 */
function writeUnits(path: string, outline: gdal.Geometry): void {
  const { width, height } = unitGrid();
  const { minX, maxY } = DEMO_EXTENT;
  const grid = gdal.open('', 'w', 'MEM', width, height, 1, gdal.GDT_Byte);
  const codes = new Uint8Array(width * height);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      codes[r * width + c] = UNIT_CODES[unitAt(minX + (c + 0.5) * UNIT_CELL, maxY - (r + 0.5) * UNIT_CELL)];
    }
  }
  grid.srs = epsg(DEMO_CRS);
  grid.geoTransform = [minX, UNIT_CELL, 0, maxY, 0, -UNIT_CELL];
  grid.bands.get(1).pixels.write(0, 0, width, height, codes);

  const mem = gdal.open('', 'w', 'Memory');
  const ds = gdal.open(path, 'w', 'ESRI Shapefile');
  try {
    const cells = mem.layers.create('cells', epsg(DEMO_CRS), gdal.wkbPolygon);
    cells.fields.add(new gdal.FieldDefn('代码', gdal.OFTInteger));
    gdal.polygonize({ src: grid.bands.get(1), dst: cells, pixValField: 0, connectedness: 4 });
    const layer = ds.layers.create('水文地质分区', epsg(DEMO_CRS), gdal.wkbPolygon, ['ENCODING=CP936']);
    layer.fields.add(new gdal.FieldDefn('代码', gdal.OFTInteger));
    for (const [name, width] of [['类型', 20], ['名称', 60], ['备注', 20]] as const) {
      const defn = new gdal.FieldDefn(name, gdal.OFTString);
      defn.width = width;
      layer.fields.add(defn);
    }
    const byCode = new Map(Object.entries(UNIT_CODES).map(([k, v]) => [v, k as UnitType]));
    cells.features.forEach((cell) => {
      const clipped = polygonal(cell.getGeometry()!.intersection(outline));
      if (!clipped || (clipped as gdal.Polygon).getArea() < 1) return;
      const code = cell.fields.get('代码') as number;
      const type = byCode.get(code)!;
      const f = new gdal.Feature(layer);
      f.fields.set({ 代码: code, 类型: type, 名称: UNIT_NAMES[type], 备注: '示例数据' });
      f.setGeometry(clipped);
      layer.features.add(f);
    });
  } finally {
    ds.close();
    mem.close();
    grid.close();
  }
  rmSync(path.replace(/\.shp$/, '.cpg'), { force: true });
}

function rectangle(minX: number, minY: number, maxX: number, maxY: number): gdal.Polygon {
  const ring = new gdal.LinearRing();
  for (const [x, y] of [
    [minX, minY],
    [maxX, minY],
    [maxX, maxY],
    [minX, maxY],
    [minX, minY],
  ] as const)
    ring.points.add(x, y);
  const polygon = new gdal.Polygon();
  polygon.rings.add(ring);
  return polygon;
}

const SOURCE_TYPES = [
  { type: '工业企业', industries: ['化工', '电镀', '制革', '印染', '医药'], pollutants: ['六价铬', '苯系物', '氨氮', '重金属'] },
  { type: '加油站', industries: ['成品油零售'], pollutants: ['石油烃', '苯', 'MTBE'] },
  { type: '畜禽养殖场', industries: ['生猪养殖', '家禽养殖'], pollutants: ['氨氮', '硝酸盐氮', '总大肠菌群'] },
  { type: '垃圾填埋场', industries: ['生活垃圾填埋'], pollutants: ['氨氮', '耗氧量', '重金属'] },
  { type: '尾矿库', industries: ['有色金属采选'], pollutants: ['锰', '铁', '重金属'] },
] as const;

/**
 * Writes the demo's sample folder: the real county boundaries (MIT, GCJ-02, no .prj) and synthetic
 * layers marked 示例数据 in their attributes. Deterministic for a given seed.
 */
export function writeSample(dir: string, boundariesDir: string): SampleFile[] {
  mkdirSync(dir, { recursive: true });
  const random = new Random(SEED);
  const files: SampleFile[] = [];

  for (const name of readdirSync(boundariesDir)) {
    if (/\.(shp|shx|dbf)$/i.test(name)) copyFileSync(join(boundariesDir, name), join(dir, name));
  }
  files.push({ kind: 'vector', path: join(dir, '抚州市.shp'), name: '县级行政区', srcCrs: 'EPSG:4326', webOffset: 'gcj02' });

  const dem = join(dir, '数字高程模型_250m.tif');
  writeDem(dem);
  files.push({ kind: 'raster', path: dem, name: '数字高程模型' });

  const rivers = join(dir, '水系.shp');
  writeGbkShapefile(
    rivers,
    gdal.wkbLineString,
    [
      { name: '名称', type: gdal.OFTString, width: 20 },
      { name: '等级', type: gdal.OFTInteger },
      { name: '备注', type: gdal.OFTString, width: 20 },
    ],
    [
      { geometry: line(MAIN_RIVER), values: { 名称: '抚河', 等级: 1, 备注: '示例数据' } },
      ...TRIBUTARIES.map((t) => ({ geometry: line(t.points), values: { 名称: t.name, 等级: 2, 备注: '示例数据' } })),
    ],
  );
  files.push({ kind: 'vector', path: rivers, name: '水系', encoding: 'GBK' });

  const { minX, minY, maxX, maxY } = DEMO_EXTENT;
  const sources = Array.from({ length: 48 }, (_, i) => {
    const spec = random.pick(SOURCE_TYPES);
    // Sources cluster in the basin and valleys (the northern half), as they do in reality.
    const x = random.range(minX + 40_000, maxX - 40_000);
    const y = random.range(minY + 60_000, maxY - 10_000);
    return {
      geometry: point(Math.round(x), Math.round(y)),
      values: {
        编号: `WRY${String(i + 1).padStart(3, '0')}`,
        名称: `示例${spec.type}${i + 1}`,
        类型: spec.type,
        行业: random.pick(spec.industries),
        特征污染: random.pick(spec.pollutants),
        规模: random.pick(['小型', '中型', '大型']),
        备注: '示例数据',
      },
    };
  });
  const sourcesPath = join(dir, '污染源.shp');
  writeGbkShapefile(
    sourcesPath,
    gdal.wkbPoint,
    [
      { name: '编号', type: gdal.OFTString, width: 10 },
      { name: '名称', type: gdal.OFTString, width: 40 },
      { name: '类型', type: gdal.OFTString, width: 20 },
      { name: '行业', type: gdal.OFTString, width: 20 },
      { name: '特征污染', type: gdal.OFTString, width: 20 },
      { name: '规模', type: gdal.OFTString, width: 10 },
      { name: '备注', type: gdal.OFTString, width: 20 },
    ],
    sources,
  );
  files.push({ kind: 'vector', path: sourcesPath, name: '污染源', encoding: 'GBK' });

  // The two "千吨万人" groundwater sources named in the Fuzhou plan, placed where the demo imagines them.
  const wells = join(dir, '地下水型饮用水水源.shp');
  writeGbkShapefile(
    wells,
    gdal.wkbPoint,
    [
      { name: '名称', type: gdal.OFTString, width: 40 },
      { name: '取水量', type: gdal.OFTReal },
      { name: '服务人口', type: gdal.OFTInteger },
      { name: '含水层', type: gdal.OFTString, width: 20 },
      { name: '备注', type: gdal.OFTString, width: 20 },
    ],
    [
      {
        geometry: point(468_500, 3_116_800),
        values: { 名称: '东乡区小璜镇查家地下水型水源', 取水量: 1200, 服务人口: 11500, 含水层: '孔隙潜水', 备注: '示例数据' },
      },
      {
        geometry: point(395_200, 3_022_400),
        values: { 名称: '乐安县南村乡集镇地下水型水源', 取水量: 1050, 服务人口: 10200, 含水层: '红层裂隙水', 备注: '示例数据' },
      },
    ],
  );
  files.push({ kind: 'vector', path: wells, name: '地下水型饮用水水源', encoding: 'GBK' });

  const units = join(dir, '水文地质分区.shp');
  writeUnits(units, cityOutline(join(dir, '抚州市.shp')));
  files.push({ kind: 'vector', path: units, name: '水文地质分区', encoding: 'GBK' });

  const park = join(dir, '工业园区.shp');
  writeGbkShapefile(
    park,
    gdal.wkbPolygon,
    [
      { name: '名称', type: gdal.OFTString, width: 40 },
      { name: '主导产业', type: gdal.OFTString, width: 40 },
      { name: '备注', type: gdal.OFTString, width: 20 },
    ],
    [
      {
        geometry: rectangle(441_000, 3_093_000, 447_500, 3_098_000),
        values: { 名称: '示例工业园区', 主导产业: '化工、医药、机械制造', 备注: '示例数据' },
      },
    ],
  );
  files.push({ kind: 'vector', path: park, name: '工业园区', encoding: 'GBK' });

  const boreholes = join(dir, '钻孔资料.xlsx');
  writeBoreholes(boreholes);
  files.push({ kind: 'boreholes', path: boreholes, name: '钻孔', sheet: '钻孔基本信息', tableKind: 'collars' });
  files.push({ kind: 'boreholes', path: boreholes, name: '岩性分层', sheet: '岩性分层', tableKind: 'lithology' });
  files.push({ kind: 'boreholes', path: boreholes, name: '水位观测', sheet: '水位观测', tableKind: 'levels' });

  const monitoring = join(dir, '监测井水质.xlsx');
  writeMonitoring(monitoring);
  files.push({ kind: 'boreholes', path: monitoring, name: '监测井', sheet: '监测井', tableKind: 'collars' });
  files.push({ kind: 'boreholes', path: monitoring, name: '水质监测', sheet: '水质监测', tableKind: 'quality' });
  return files;
}
