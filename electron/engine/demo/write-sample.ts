import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gdal } from '../gdal';
import { Random } from './random';
import { DEMO_CRS, DEMO_EXTENT, MAIN_RIVER, TRIBUTARIES } from './region';
import { elevation } from './terrain';

/** One file of the sample folder and how the demo imports it. */
export interface SampleFile {
  kind: 'vector' | 'raster';
  path: string;
  name: string;
  /** CRS to assume when the file declares none (the county boundaries come without a .prj). */
  srcCrs?: string;
  encoding?: string;
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
  files.push({ kind: 'vector', path: join(dir, '抚州市.shp'), name: '县级行政区', srcCrs: 'EPSG:4326' });

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
  return files;
}
