/**
 * Column headers of borehole and monitoring tables, as people write them, mapped to the fields the
 * importer knows. Headers are compared after normalisation (case, spaces, a unit in brackets
 * dropped), so "孔深(m)", "孔深 （米）" and "DEPTH" all find `depth`.
 *
 * X and Y follow Chinese surveying in the Chinese names: 纵坐标/北坐标 is the northing and
 * 横坐标/东坐标 the easting, while a bare "X"/"Y" is ambiguous (surveyors write X = northing, GIS
 * X = easting) — the importer decides those by magnitude and says what it chose.
 */
export const TABLE_KINDS = ['collars', 'lithology', 'levels', 'tests', 'quality'] as const;
export type TableKind = (typeof TABLE_KINDS)[number];

export interface FieldSpec {
  name: string;
  required: boolean;
  synonyms: readonly string[];
}

const ID = ['编号', '孔号', '钻孔编号', '井号', '井编号', '监测井编号', '点位编号', '点号', 'id', 'hole_id', 'holeid', 'well_id', 'borehole'];

export const TABLE_FIELDS: Readonly<Record<TableKind, readonly FieldSpec[]>> = {
  collars: [
    { name: 'hole_id', required: true, synonyms: ID },
    { name: 'x', required: false, synonyms: ['x', 'x坐标'] },
    { name: 'y', required: false, synonyms: ['y', 'y坐标'] },
    { name: 'easting', required: false, synonyms: ['横坐标', '东坐标', 'easting', 'east'] },
    { name: 'northing', required: false, synonyms: ['纵坐标', '北坐标', 'northing', 'north'] },
    { name: 'elevation', required: false, synonyms: ['孔口高程', '高程', '地面高程', 'elevation', 'elev', 'collar_elevation', 'z'] },
    { name: 'depth', required: false, synonyms: ['孔深', '井深', '钻孔深度', 'depth', 'hole_depth', 'total_depth'] },
    { name: 'aquifer', required: false, synonyms: ['含水层类型', '含水层', '地下水类型', 'aquifer', 'aquifer_type'] },
    { name: 'name', required: false, synonyms: ['名称', '点位名称', '井名', 'name'] },
  ],
  lithology: [
    { name: 'hole_id', required: true, synonyms: ID },
    { name: 'top', required: true, synonyms: ['顶深', '层顶深度', '起始深度', 'top', 'from', 'from_depth', 'top_depth'] },
    { name: 'bottom', required: true, synonyms: ['底深', '层底深度', '终止深度', 'bottom', 'to', 'to_depth', 'bottom_depth'] },
    { name: 'lithology', required: true, synonyms: ['岩性', '岩性代码', '岩性名称', 'lithology', 'lith_code', 'lithology_code'] },
    { name: 'description', required: false, synonyms: ['描述', '岩性描述', 'description'] },
  ],
  levels: [
    { name: 'hole_id', required: true, synonyms: ID },
    { name: 'date', required: true, synonyms: ['日期', '观测日期', '监测日期', 'date'] },
    { name: 'depth_to_water', required: false, synonyms: ['水位埋深', '埋深', 'depth_to_water', 'dtw', 'water_depth'] },
    { name: 'level', required: false, synonyms: ['水位标高', '水位', '地下水位', 'water_level', 'level', 'head'] },
  ],
  tests: [
    { name: 'hole_id', required: true, synonyms: ID },
    { name: 'date', required: false, synonyms: ['日期', '试验日期', 'date'] },
    { name: 'test_type', required: false, synonyms: ['试验类型', '试验方法', 'test_type', 'method'] },
    { name: 'k', required: false, synonyms: ['渗透系数', '渗透系数k', 'k', 'hydraulic_conductivity'] },
    { name: 'specific_yield', required: false, synonyms: ['给水度', 'specific_yield', 'sy'] },
    { name: 'effective_porosity', required: false, synonyms: ['有效孔隙度', 'effective_porosity', 'ne'] },
    { name: 'well_yield', required: false, synonyms: ['单井涌水量', '涌水量', 'well_yield', 'yield'] },
  ],
  quality: [
    { name: 'site', required: true, synonyms: ['点位', ...ID, 'site', 'site_id'] },
    { name: 'date', required: true, synonyms: ['采样日期', '日期', '监测日期', 'sample_date', 'date'] },
    { name: 'analyte', required: true, synonyms: ['指标', '监测指标', '项目', '检测项目', 'analyte', 'parameter'] },
    { name: 'value', required: true, synonyms: ['浓度', '检测值', '监测值', '结果', 'value', 'result', 'concentration'] },
    { name: 'unit', required: true, synonyms: ['单位', 'unit', 'units'] },
    { name: 'detection_limit', required: false, synonyms: ['检出限', '检出限标记', 'detection_limit', 'dl', 'mdl'] },
  ],
};

/** Lower case, no spaces, no bracketed unit: "孔深（m）" → "孔深". */
export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[（(［[].*?[）)］\]]/g, '')
    .replace(/[\s_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The unit written in a header's brackets ("渗透系数K(cm/s)" → "cm/s"), or "". */
export function headerUnit(header: string): string {
  return /[（(［[](.*?)[）)］\]]/.exec(header)?.[1]?.trim() ?? '';
}

const SYNONYM_INDEX = new Map<TableKind, Map<string, string>>(
  TABLE_KINDS.map((kind) => [
    kind,
    new Map(TABLE_FIELDS[kind].flatMap((f) => f.synonyms.map((s) => [normaliseHeader(s), f.name] as const))),
  ]),
);

/** The field a header names for this kind of table, or null. */
export function fieldForHeader(kind: TableKind, header: string): string | null {
  const index = SYNONYM_INDEX.get(kind)!;
  const n = normaliseHeader(header);
  return index.get(n) ?? index.get(n.replace(/_/g, '')) ?? null;
}
