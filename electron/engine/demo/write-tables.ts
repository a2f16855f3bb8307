import { gdal } from '../gdal';
import { DEPTH_TO_WATER, unitAt, type UnitType } from './hydro';
import { Random } from './random';
import { DEMO_EXTENT } from './region';
import { elevation } from './terrain';

/**
 * Borehole and monitoring workbooks of the demo, as technical units receive them: XLSX with Chinese
 * headers, coordinates written the surveyors' way (X = northing, Y = easting), concentrations with
 * detection-limit marks ("<0.02", "未检出"). All synthetic, marked 示例数据.
 */
type Cell = string | number;
interface Sheet {
  name: string;
  columns: ReadonlyArray<{ name: string; type: 'string' | 'integer' | 'real' }>;
  rows: ReadonlyArray<ReadonlyArray<Cell>>;
}

export function writeWorkbook(path: string, sheets: readonly Sheet[]): void {
  const ds = gdal.open(path, 'w', 'XLSX');
  try {
    for (const sheet of sheets) {
      const layer = ds.layers.create(sheet.name, null, gdal.wkbNone);
      for (const c of sheet.columns) layer.fields.add(new gdal.FieldDefn(c.name, c.type));
      for (const row of sheet.rows) {
        const f = new gdal.Feature(layer);
        row.forEach((v, i) => f.fields.set(sheet.columns[i]!.name, v));
        layer.features.add(f);
      }
    }
  } finally {
    ds.close();
  }
}

/** Lithology columns by unit, top to bottom: [name, thickness range m]. */
const PROFILES: Record<UnitType, ReadonlyArray<readonly [string, number, number]>> = {
  孔隙水: [
    ['素填土', 0.5, 1.5],
    ['粉质黏土', 1, 4],
    ['细砂', 2, 5],
    ['中粗砂', 2, 6],
    ['砂砾石', 3, 8],
    ['泥质粉砂岩', 5, 15],
  ],
  红层裂隙水: [
    ['粉质黏土', 1, 5],
    ['全风化泥质粉砂岩', 2, 8],
    ['强风化泥质粉砂岩', 3, 10],
    ['中风化泥质粉砂岩', 10, 30],
  ],
  基岩裂隙水: [
    ['残坡积粉质黏土', 1, 4],
    ['全风化花岗岩', 3, 10],
    ['强风化花岗岩', 5, 15],
    ['中风化花岗岩', 10, 40],
  ],
  岩溶水: [
    ['黏土', 1, 4],
    ['溶洞充填物', 1, 5],
    ['灰岩', 20, 60],
  ],
};

const round = (v: number, d: number) => Number(v.toFixed(d));

/** A random point inside the demo extent, away from the edges, with its unit. */
function site(random: Random, margin: number): { x: number; y: number; unit: UnitType } {
  const { minX, minY, maxX, maxY } = DEMO_EXTENT;
  const x = Math.round(random.range(minX + margin, maxX - margin));
  const y = Math.round(random.range(minY + margin, maxY - margin));
  return { x, y, unit: unitAt(x, y) };
}

export function writeBoreholes(path: string, count = 200): void {
  const random = new Random(20_231);
  const collars: Cell[][] = [];
  const lithology: Cell[][] = [];
  const levels: Cell[][] = [];
  for (let i = 1; i <= count; i++) {
    const id = `ZK${String(i).padStart(3, '0')}`;
    const { x, y, unit } = site(random, 15_000);
    const z = round(elevation(x, y), 2);
    let top = 0;
    for (const [name, min, max] of PROFILES[unit]) {
      const bottom = round(top + random.range(min, max), 1);
      lithology.push([id, top, bottom, name]);
      top = bottom;
    }
    collars.push([id, y, x, z, top, unit, '示例数据']); // X = northing, Y = easting
    const [dmin, dmax] = DEPTH_TO_WATER[unit];
    const depth = random.range(dmin, dmax);
    // Four seasonal readings a year: higher water (smaller depth) in the wet season (Apr–Jun).
    for (const year of [2022, 2023]) {
      for (const [month, swing] of [
        [1, 0.6],
        [4, -0.8],
        [7, -0.2],
        [10, 0.5],
      ] as const) {
        levels.push([id, `${year}-${String(month).padStart(2, '0')}-15`, round(Math.max(0.3, depth + swing + 0.3 * random.normal()), 2)]);
      }
    }
  }
  writeWorkbook(path, [
    {
      name: '钻孔基本信息',
      columns: [
        { name: '编号', type: 'string' },
        { name: 'X', type: 'real' },
        { name: 'Y', type: 'real' },
        { name: '孔口高程', type: 'real' },
        { name: '孔深', type: 'real' },
        { name: '含水层类型', type: 'string' },
        { name: '备注', type: 'string' },
      ],
      rows: collars,
    },
    {
      name: '岩性分层',
      columns: [
        { name: '编号', type: 'string' },
        { name: '顶深', type: 'real' },
        { name: '底深', type: 'real' },
        { name: '岩性', type: 'string' },
      ],
      rows: lithology,
    },
    {
      name: '水位观测',
      columns: [
        { name: '编号', type: 'string' },
        { name: '日期', type: 'string' },
        { name: '水位埋深', type: 'real' },
      ],
      rows: levels,
    },
  ]);
}

/** GB/T 14848 class III limits (mg/L) of the analytes the demo exceeds on purpose. */
const ANALYTES: ReadonlyArray<{ name: string; unit: string; background: number; limit: number; dl: number }> = [
  { name: '氨氮', unit: 'mg/L', background: 0.12, limit: 0.5, dl: 0.025 },
  { name: '硝酸盐（以N计）', unit: 'mg/L', background: 4, limit: 20, dl: 0.016 },
  { name: '锰', unit: 'mg/L', background: 0.04, limit: 0.1, dl: 0.01 },
  { name: '铁', unit: 'mg/L', background: 0.1, limit: 0.3, dl: 0.03 },
  { name: '耗氧量', unit: 'mg/L', background: 1.2, limit: 3, dl: 0.5 },
  { name: '总硬度', unit: 'mg/L', background: 120, limit: 450, dl: 5 },
];

export function writeMonitoring(path: string, count = 60): void {
  const random = new Random(14_848);
  const wells: Cell[][] = [];
  const samples: Cell[][] = [];
  for (let i = 1; i <= count; i++) {
    const id = `JC${String(i).padStart(2, '0')}`;
    const { x, y, unit } = site(random, 20_000);
    wells.push([id, `示例监测井${i}`, y, x, unit, '示例数据']);
    // About one well in five sits downstream of a source and drifts above class III over the years.
    const polluted = random.next() < 0.2;
    const factor = polluted ? random.range(1.2, 3.5) : 1;
    for (const year of [2020, 2021, 2022, 2023, 2024]) {
      for (const month of [5, 11]) {
        const date = `${year}-${String(month).padStart(2, '0')}-20`;
        for (const a of ANALYTES) {
          const trend = polluted && a.name !== '总硬度' ? (a.limit / a.background) * factor * (0.6 + 0.1 * (year - 2020)) : 1;
          const value = a.background * trend * Math.exp(0.35 * random.normal());
          const reported = value < a.dl ? (random.next() < 0.5 ? `<${a.dl}` : '未检出') : round(value, value < 1 ? 3 : 2);
          samples.push([id, date, a.name, reported, a.unit]);
        }
      }
    }
  }
  writeWorkbook(path, [
    {
      name: '监测井',
      columns: [
        { name: '点位编号', type: 'string' },
        { name: '点位名称', type: 'string' },
        { name: 'X', type: 'real' },
        { name: 'Y', type: 'real' },
        { name: '含水层类型', type: 'string' },
        { name: '备注', type: 'string' },
      ],
      rows: wells,
    },
    {
      name: '水质监测',
      columns: [
        { name: '点位', type: 'string' },
        { name: '采样日期', type: 'string' },
        { name: '指标', type: 'string' },
        { name: '浓度', type: 'string' },
        { name: '单位', type: 'string' },
      ],
      rows: samples,
    },
  ]);
}
