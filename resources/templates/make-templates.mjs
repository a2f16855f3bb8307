// Writes the borehole/monitoring templates (CSV + XLSX, Chinese header row with an English header
// row under it) and a small filled sample (示例数据: 20 boreholes near 116.36°E 27.95°N, 抚州市
// 临川区, in CGCS2000 3° GK CM 117°E, EPSG:4548). Deterministic: run `node resources/templates/make-templates.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import gdal from 'gdal-async';

gdal.config.set('OSR_DEFAULT_AXIS_MAPPING_STRATEGY', 'TRADITIONAL_GIS_ORDER');
const here = dirname(fileURLToPath(import.meta.url));

const TABLES = {
  collars: {
    zh: '钻孔基本信息',
    headers: [['编号', 'hole_id'], ['X', 'X'], ['Y', 'Y'], ['孔口高程', 'elevation'], ['孔深', 'depth'], ['含水层类型', 'aquifer'], ['名称', 'name']],
  },
  lithology: { zh: '岩性分层', headers: [['编号', 'hole_id'], ['顶深', 'top'], ['底深', 'bottom'], ['岩性', 'lithology'], ['描述', 'description']] },
  levels: { zh: '水位观测', headers: [['编号', 'hole_id'], ['日期', 'date'], ['水位埋深', 'depth_to_water'], ['水位标高', 'water_level']] },
  tests: {
    zh: '水文地质试验',
    headers: [['编号', 'hole_id'], ['日期', 'date'], ['试验类型', 'test_type'], ['渗透系数K(m/d)', 'k'], ['给水度', 'specific_yield'], ['有效孔隙度', 'effective_porosity'], ['单井涌水量', 'well_yield']],
  },
  quality: {
    zh: '水质监测',
    headers: [['点位', 'site'], ['采样日期', 'sample_date'], ['指标', 'analyte'], ['浓度', 'value'], ['单位', 'unit'], ['检出限', 'detection_limit']],
  },
};

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

function writeCsv(path, header, rows) {
  // BOM: Excel on Chinese Windows opens a UTF-8 CSV correctly only with it
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(','));
  writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`);
}

function writeXlsx(path, sheet, header, rows) {
  const ds = gdal.open(path, 'w', 'XLSX');
  try {
    const layer = ds.layers.create(sheet, null, gdal.wkbNone);
    for (const name of header) layer.fields.add(new gdal.FieldDefn(name, gdal.OFTString));
    for (const row of rows) {
      const f = new gdal.Feature(layer);
      row.forEach((v, i) => f.fields.set(i, String(v)));
      layer.features.add(f);
    }
  } finally {
    ds.close();
  }
}

function write(dir, kind, rows, format) {
  const t = TABLES[kind];
  const zh = t.headers.map((h) => h[0]);
  const en = t.headers.map((h) => h[1]);
  const file = join(dir, `${t.zh}-${kind}.${format}`);
  if (format === 'csv') writeCsv(file, zh, [en, ...rows]);
  else writeXlsx(file, t.zh, zh, [en, ...rows]);
}

// Templates: headers only.
for (const kind of Object.keys(TABLES)) for (const format of ['csv', 'xlsx']) write(here, kind, [], format);

// Sample: a small 临川 well field. A fixed LCG keeps it identical on every run.
let seed = 27_950;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const round = (v, d) => Number(v.toFixed(d));
const ct = new gdal.CoordinateTransformation(gdal.SpatialReference.fromEPSG(4490), gdal.SpatialReference.fromEPSG(4548));
const PROFILES = [
  [['素填土', 0.5, 1.5], ['粉质黏土', 1, 4], ['细砂', 2, 5], ['砂砾石', 3, 8], ['强风化泥质粉砂岩', 3, 6]],
  [['粉质黏土', 1, 5], ['全风化泥质粉砂岩', 2, 8], ['中风化泥质粉砂岩', 10, 20]],
];
const collars = [];
const lithology = [];
const levels = [];
const tests = [];
const quality = [];
for (let i = 1; i <= 20; i++) {
  const id = `ZK${String(i).padStart(2, '0')}`;
  const p = ct.transformPoint(116.36 + (rand() - 0.5) * 0.1, 27.95 + (rand() - 0.5) * 0.08);
  const alluvial = i <= 12;
  let top = 0;
  for (const [name, min, max] of PROFILES[alluvial ? 0 : 1]) {
    const bottom = round(top + min + rand() * (max - min), 1);
    lithology.push([id, top, bottom, name, '']);
    top = bottom;
  }
  const z = round(40 + rand() * 25, 2);
  collars.push([id, round(p.y, 2), round(p.x, 2), z, top, alluvial ? '松散岩类孔隙水' : '红层裂隙水', `临川${i}号孔`]);
  const dtw = round(1.5 + rand() * 4, 2);
  for (const [d, swing] of [['2023-01-15', 0.5], ['2023-04-15', -0.7], ['2023-07-15', -0.2], ['2023-10-15', 0.4]]) {
    levels.push([id, d, round(dtw + swing, 2), '']);
  }
  if (i % 4 === 1) {
    tests.push([id, '2023-05-10', '抽水试验', alluvial ? round(5 + rand() * 20, 2) : round(0.05 + rand() * 0.3, 3), alluvial ? 0.12 : '', alluvial ? '' : 0.03, round(50 + rand() * 400, 1)]);
  }
  for (const date of ['2023-05-20', '2023-11-20']) {
    quality.push([id, date, '氨氮', i === 3 ? round(0.6 + rand(), 3) : i % 5 === 0 ? '<0.025' : round(0.05 + rand() * 0.2, 3), 'mg/L', 0.025]);
    quality.push([id, date, '硝酸盐（以N计）', round(2 + rand() * 6, 2), 'mg/L', 0.016]);
    quality.push([id, date, '锰', i % 6 === 0 ? '未检出' : round(20 + rand() * 80, 1), 'μg/L', 10]);
    quality.push([id, date, '钙', round(0.5 + rand() * 1.5, 3), 'mmol/L', '']);
  }
}
const sample = join(here, 'sample');
mkdirSync(sample, { recursive: true });
write(sample, 'collars', collars, 'csv');
write(sample, 'lithology', lithology, 'xlsx');
write(sample, 'levels', levels, 'csv');
write(sample, 'tests', tests, 'csv');
write(sample, 'quality', quality, 'xlsx');
writeFileSync(
  join(sample, 'README.md'),
  '# 示例数据 Sample data\n\n合成数据，仅供测试与演示：抚州市临川区附近 20 个钻孔（CGCS2000 3° 高斯–克吕格 CM 117°E，EPSG:4548；X 为北坐标，Y 为东坐标）。\n\nSynthetic, for tests and demos only: 20 boreholes near Linchuan, Fuzhou (EPSG:4548; X = northing, Y = easting as Chinese surveyors write them). Generated by `../make-templates.mjs`.\n',
);
console.log(`templates and sample written to ${here}`);
