import { KeyZoneProfileSchema, type DrasticFactor, type FactorSpec, type KeyZoneProfile, type KeyZoneProfileInput, type SourceNote } from './keyzone-profile';

/**
 * The shipped method profiles: the 2023 guide (default), its 2019 and 2014 predecessors, and
 * generic DRASTIC (Aller et al. 1987, generic and pesticide weights). Numbers and their status
 * tags come from docs/domain.md; every [U] table is shipped as an editable default (待核实).
 */

const ALLER = 'Aller et al. 1987, EPA/600/2-87/035';

const note = (status: SourceNote['status'], note_zh: string, note_en: string): SourceNote => ({ status, note_zh, note_en });

/** DRASTIC rating tables (metric), docs/domain.md §5. */
function drasticFactors(weights: Record<DrasticFactor, number>, weightNote: string): Record<DrasticFactor, FactorSpec> {
  const s = (zh: string, en: string) => note('S', `${zh}（${ALLER}；权重：${weightNote}）`, `${en} (${ALLER}; weights: ${weightNote})`);
  return {
    D: {
      name_zh: '地下水埋深',
      name_en: 'Depth to water',
      unit: 'm',
      weight: weights.D,
      ranges: [
        { from: 0, to: 1.5, rating: 10 },
        { from: 1.5, to: 4.6, rating: 9 },
        { from: 4.6, to: 9.1, rating: 7 },
        { from: 9.1, to: 15.2, rating: 5 },
        { from: 15.2, to: 22.9, rating: 3 },
        { from: 22.9, to: 30.5, rating: 2 },
        { from: 30.5, to: null, rating: 1 },
      ],
      categories: [],
      source: s('埋深分级由英尺换算为米', 'depth classes converted from feet'),
    },
    R: {
      name_zh: '净补给量',
      name_en: 'Net recharge',
      unit: 'mm/a',
      weight: weights.R,
      ranges: [
        { from: 0, to: 50.8, rating: 1 },
        { from: 50.8, to: 101.6, rating: 3 },
        { from: 101.6, to: 177.8, rating: 6 },
        { from: 177.8, to: 254, rating: 8 },
        { from: 254, to: null, rating: 9 },
      ],
      categories: [],
      source: s('补给量分级由英寸换算为毫米', 'recharge classes converted from inches'),
    },
    A: {
      name_zh: '含水层介质',
      name_en: 'Aquifer media',
      unit: '',
      weight: weights.A,
      ranges: [],
      categories: [
        { key: '块状页岩', label_zh: '块状页岩', label_en: 'Massive shale', rating: 2, min: 1, max: 3 },
        { key: '变质岩/火成岩', label_zh: '变质岩/火成岩', label_en: 'Metamorphic/igneous', rating: 3, min: 2, max: 5 },
        { key: '风化变质岩/火成岩', label_zh: '风化变质岩/火成岩', label_en: 'Weathered metamorphic/igneous', rating: 4, min: 3, max: 5 },
        { key: '冰碛物', label_zh: '冰碛物', label_en: 'Glacial till', rating: 5, min: 4, max: 6 },
        { key: '层状砂岩-灰岩-页岩', label_zh: '层状砂岩、灰岩、页岩', label_en: 'Bedded sandstone, limestone, shale', rating: 6, min: 5, max: 9 },
        { key: '块状砂岩', label_zh: '块状砂岩', label_en: 'Massive sandstone', rating: 6, min: 4, max: 9 },
        { key: '块状灰岩', label_zh: '块状灰岩', label_en: 'Massive limestone', rating: 6, min: 4, max: 9 },
        { key: '砂砾石', label_zh: '砂砾石', label_en: 'Sand and gravel', rating: 8, min: 4, max: 9 },
        { key: '玄武岩', label_zh: '玄武岩', label_en: 'Basalt', rating: 9, min: 2, max: 10 },
        { key: '岩溶灰岩', label_zh: '岩溶灰岩', label_en: 'Karst limestone', rating: 10, min: 9, max: 10 },
      ],
      source: s('典型评分；范围内可调整', 'typical ratings; any integer within the range may be used'),
    },
    S: {
      name_zh: '土壤介质',
      name_en: 'Soil media',
      unit: '',
      weight: weights.S,
      ranges: [],
      categories: [
        { key: '薄层或缺失', label_zh: '薄层或缺失', label_en: 'Thin or absent', rating: 10 },
        { key: '砾石', label_zh: '砾石', label_en: 'Gravel', rating: 10 },
        { key: '砂', label_zh: '砂', label_en: 'Sand', rating: 9 },
        { key: '泥炭', label_zh: '泥炭', label_en: 'Peat', rating: 8 },
        { key: '胀缩/团聚黏土', label_zh: '胀缩/团聚黏土', label_en: 'Shrinking and/or aggregated clay', rating: 7 },
        { key: '砂壤土', label_zh: '砂壤土', label_en: 'Sandy loam', rating: 6 },
        { key: '壤土', label_zh: '壤土', label_en: 'Loam', rating: 5 },
        { key: '粉壤土', label_zh: '粉壤土', label_en: 'Silty loam', rating: 4 },
        { key: '黏壤土', label_zh: '黏壤土', label_en: 'Clay loam', rating: 3 },
        { key: '腐殖土', label_zh: '腐殖土', label_en: 'Muck', rating: 2 },
        { key: '非胀缩黏土', label_zh: '非胀缩黏土', label_en: 'Non-shrinking, non-aggregated clay', rating: 1 },
      ],
      source: s('土壤介质评分', 'soil media ratings'),
    },
    T: {
      name_zh: '地形坡度',
      name_en: 'Topography (slope)',
      unit: '%',
      weight: weights.T,
      ranges: [
        { from: 0, to: 2, rating: 10 },
        { from: 2, to: 6, rating: 9 },
        { from: 6, to: 12, rating: 5 },
        { from: 12, to: 18, rating: 3 },
        { from: 18, to: null, rating: 1 },
      ],
      categories: [],
      source: s('坡度（%）分级', 'slope (%) classes'),
    },
    I: {
      name_zh: '包气带介质影响',
      name_en: 'Impact of the vadose zone',
      unit: '',
      weight: weights.I,
      ranges: [],
      categories: [
        { key: '隔水层', label_zh: '隔水层', label_en: 'Confining layer', rating: 1, min: 1, max: 1 },
        { key: '粉土/黏土', label_zh: '粉土/黏土', label_en: 'Silt/clay', rating: 3, min: 2, max: 6 },
        { key: '页岩', label_zh: '页岩', label_en: 'Shale', rating: 3, min: 2, max: 5 },
        { key: '灰岩', label_zh: '灰岩', label_en: 'Limestone', rating: 6, min: 2, max: 7 },
        { key: '砂岩', label_zh: '砂岩', label_en: 'Sandstone', rating: 6, min: 4, max: 8 },
        { key: '层状灰岩-砂岩-页岩', label_zh: '层状灰岩、砂岩、页岩', label_en: 'Bedded limestone, sandstone, shale', rating: 6, min: 4, max: 8 },
        { key: '含较多粉黏粒砂砾', label_zh: '含较多粉黏粒的砂砾', label_en: 'Sand and gravel with significant silt and clay', rating: 6, min: 4, max: 8 },
        { key: '变质岩/火成岩', label_zh: '变质岩/火成岩', label_en: 'Metamorphic/igneous', rating: 4, min: 2, max: 8 },
        { key: '砂砾石', label_zh: '砂砾石', label_en: 'Sand and gravel', rating: 8, min: 6, max: 9 },
        { key: '玄武岩', label_zh: '玄武岩', label_en: 'Basalt', rating: 9, min: 2, max: 10 },
        { key: '岩溶灰岩', label_zh: '岩溶灰岩', label_en: 'Karst limestone', rating: 10, min: 8, max: 10 },
      ],
      source: s('典型评分；范围内可调整', 'typical ratings; any integer within the range may be used'),
    },
    C: {
      name_zh: '渗透系数',
      name_en: 'Hydraulic conductivity',
      unit: 'm/d',
      weight: weights.C,
      ranges: [
        { from: 0, to: 4.1, rating: 1 },
        { from: 4.1, to: 12.2, rating: 2 },
        { from: 12.2, to: 28.5, rating: 4 },
        { from: 28.5, to: 40.7, rating: 6 },
        { from: 40.7, to: 81.5, rating: 8 },
        { from: 81.5, to: null, rating: 10 },
      ],
      categories: [],
      source: s('由 gpd/ft² 换算为 m/d（1 gpd/ft² = 0.0407 m/d）', 'converted from gpd/ft² (1 gpd/ft² = 0.0407 m/d)'),
    },
  };
}

const GENERIC_WEIGHTS: Record<DrasticFactor, number> = { D: 5, R: 4, A: 3, S: 2, T: 1, I: 5, C: 3 };
const PESTICIDE_WEIGHTS: Record<DrasticFactor, number> = { D: 5, R: 4, A: 3, S: 5, T: 3, I: 4, C: 2 };

const FIVE_ZH = ['低', '较低', '中等', '较高', '高'];
const FIVE_EN = ['Low', 'Fairly low', 'Medium', 'Fairly high', 'High'];

const UNCONFIRMED_GUIDE = (what_zh: string, what_en: string) =>
  note('U', `${what_zh}：指南正式文本未核对，为可编辑默认值，待核实`, `${what_en}: not checked against the official text of the guide; an editable default to be verified`);

/** Source types of practice (威海 example, docs/domain.md §2.4c) with T·L·Q scores and radii — all [U]. */
const SOURCE_TYPES: KeyZoneProfileInput['load']['sourceTypes'] = [
  { type: '化工集聚区', aliases: ['化工园区', '工业园区'], toxicity: 5, likelihood: 4, quantity: 5, radius_m: 3000 },
  { type: '危险废物填埋场', aliases: ['危废处置场', '危险废物处置场'], toxicity: 5, likelihood: 4, quantity: 4, radius_m: 2500 },
  { type: '工业企业', aliases: ['重点排污单位', '重点行业企业', '土壤重点监管单位', '重点行业企业调查地块'], toxicity: 4, likelihood: 3, quantity: 3, radius_m: 2000 },
  { type: '垃圾填埋场', aliases: ['生活垃圾填埋场'], toxicity: 3, likelihood: 4, quantity: 4, radius_m: 2500 },
  { type: '尾矿库', aliases: ['矿山开采区', '矿山'], toxicity: 4, likelihood: 3, quantity: 4, radius_m: 2500 },
  { type: '加油站', aliases: ['油库'], toxicity: 4, likelihood: 3, quantity: 1, radius_m: 1000 },
  { type: '畜禽养殖场', aliases: ['养殖场'], toxicity: 2, likelihood: 3, quantity: 2, radius_m: 1500 },
  { type: '污水处理厂', aliases: [], toxicity: 3, likelihood: 3, quantity: 3, radius_m: 1500 },
  { type: '高尔夫球场', aliases: [], toxicity: 2, likelihood: 2, quantity: 2, radius_m: 1000 },
  { type: '污灌区', aliases: [], toxicity: 3, likelihood: 3, quantity: 2, radius_m: 1000 },
];

function base(over: Partial<KeyZoneProfileInput> & Pick<KeyZoneProfileInput, 'id' | 'name_zh' | 'name_en' | 'version' | 'basis_zh' | 'basis_en'>): KeyZoneProfile {
  const body: KeyZoneProfileInput = {
    kind: 'keyzone',
    zoneNames: {
      protection_zh: '保护类区域',
      protection_en: 'Protection-type area',
      control1_zh: '一级管控区',
      control1_en: 'Control-type area, level 1',
      control2_zh: '二级管控区',
      control2_en: 'Control-type area, level 2',
      general_zh: '一般区',
      general_en: 'General area',
      key_zh: '重点区',
      key_en: 'Key zone',
      source: note('C', '2023 年《地下水污染防治重点区划定技术指南（试行）》：重点区 = 保护类 + 管控类，其余为一般区；二级管控区名称据丽水方案推断（待核实）', '2023 guide: key zone = protection-type + control-type, the rest is general area; the name of control level 2 is inferred from the Lishui draft (to be verified)'),
    },
    protection: {
      wellRadius: { primary: 100, secondary: 1000, quasi: null },
      source: note('U', 'HJ 338 孔隙潜水中小型水源经验半径（中砂：一级 50–100 m，二级 500–1000 m），凭记忆整理，待核实；已划定的保护区应直接采用', 'HJ 338 empirical radii for small phreatic porous sources (medium sand: 50–100 m / 500–1000 m), from memory, to be verified; use delineated zones where they exist'),
    },
    value: {
      abundance: {
        ranges: [
          { from: null, to: 100, rating: 1 },
          { from: 100, to: 1000, rating: 2 },
          { from: 1000, to: null, rating: 3 },
        ],
        labels_zh: ['弱', '中等', '强'],
        labels_en: ['Weak', 'Medium', 'Strong'],
        source: note('U', '单井涌水量（m³/d）：<100 弱，100–1000 中等，>1000 强（常见水文地质图分级），待核实', 'Single-well yield (m³/d): <100 weak, 100–1000 medium, >1000 strong (usual hydrogeological map classes), to be verified'),
      },
      defaultQualityClass: 3,
      // rows: abundance 弱, 中等, 强; columns: quality I…V; 1 低, 2 中, 3 高
      matrix: [
        [2, 2, 2, 1, 1],
        [3, 3, 3, 2, 1],
        [3, 3, 3, 2, 1],
      ],
      labels_zh: ['低', '中', '高'],
      labels_en: ['Low', 'Medium', 'High'],
      source: UNCONFIRMED_GUIDE('功能价值 = 富水性 × 水质类别矩阵（III 类及以上且富水性中等以上为高）', 'Functional value = abundance × quality-class matrix (class III or better with medium or strong abundance is high)'),
    },
    vulnerability: {
      method_zh: 'DRASTIC',
      factors: drasticFactors(GENERIC_WEIGHTS, '通用权重'),
      classes: {
        method: 'jenks',
        count: 5,
        labels_zh: FIVE_ZH,
        labels_en: FIVE_EN,
        source: UNCONFIRMED_GUIDE('脆弱性指数按自然断点分 5 级', 'The index is classed into 5 by natural breaks'),
      },
    },
    load: {
      sourceTypes: SOURCE_TYPES,
      scaleQuantity: { 小型: 1, 中型: 3, 大型: 5 },
      kernel: 'linear',
      classes: {
        method: 'jenks',
        count: 3,
        labels_zh: ['低', '中', '高'],
        labels_en: ['Low', 'Medium', 'High'],
        source: UNCONFIRMED_GUIDE('荷载 P = Σ T·L·Q·(1 − d/R)，有荷载的像元按自然断点分 3 级，无荷载为低', 'Load P = Σ T·L·Q·(1 − d/R); cells with a load are classed into 3 by natural breaks, cells without are low'),
      },
      source: UNCONFIRMED_GUIDE('污染源毒性 T、释放可能性 L、释放量 Q 评分及影响半径（评分指数法，2014 年指南思路）', 'Source toxicity T, release likelihood L, quantity Q and influence radius (scoring-index method of the 2014 guide)'),
    },
    combination: {
      valueHigh: [3],
      vulnerabilityHigh: [4, 5],
      loadHigh: [3],
      source: note('U', '管控类 = 功能价值高 ∩ 脆弱性高 − 保护类（丽水方案引 2023 指南，C）；“高”取哪几级、一级管控区 = 荷载高为待核实的默认', 'Control = value high ∩ vulnerability high − protection (Lishui draft quoting the 2023 guide, C); which classes count as high and level 1 = high load are defaults to be verified'),
    },
    minAreaKm2: 0.5,
    cellSize: 250,
    ...over,
  };
  return KeyZoneProfileSchema.parse(body);
}

export const PROFILE_2023 = base({
  id: 'keyzone-2023',
  name_zh: '2023 年重点区划定技术指南（默认）',
  name_en: '2023 key-zone guide (default)',
  version: '2023.1',
  basis_zh: '《地下水污染防治重点区划定技术指南（试行）》（2023 年 8 月，生态环境部、水利部、自然资源部办公厅）',
  basis_en: 'Technical guide for delineating groundwater pollution prevention key zones (trial), August 2023',
});

export const PROFILE_2019 = base({
  id: 'keyzone-2019',
  name_zh: '2019 年污染防治分区划分工作指南',
  name_en: '2019 prevention-zoning guide',
  version: '2019.1',
  basis_zh: '《地下水污染防治分区划分工作指南》环办土壤函〔2019〕770 号',
  basis_en: 'Groundwater pollution prevention zoning guide, 环办土壤函〔2019〕770号',
  zoneNames: {
    protection_zh: '保护区',
    protection_en: 'Protection zone',
    control1_zh: '管控区（一级）',
    control1_en: 'Control zone, level 1',
    control2_zh: '管控区（二级）',
    control2_en: 'Control zone, level 2',
    general_zh: '其他区域',
    general_en: 'Other area',
    key_zh: '防治区',
    key_en: 'Prevention zone',
    source: note('U', '2019 年指南分区名称据推断为保护区/管控区/治理区；治理区需污染现状评估（本软件尚未实现），待核实', '2019 zone names believed to be protection / control / remediation; remediation needs the pollution-status assessment (not implemented), to be verified'),
  },
});

export const PROFILE_2014 = base({
  id: 'keyzone-2014',
  name_zh: '2014 年污染防治区划分工作指南（试行）',
  name_en: '2014 prevention-zoning guide (trial)',
  version: '2014.1',
  basis_zh: '《地下水污染防治区划分工作指南（试行）》（2014 年 10 月，附件 4）',
  basis_en: 'Groundwater pollution prevention zoning guide (trial), October 2014, annex 4',
  zoneNames: {
    protection_zh: '保护区',
    protection_en: 'Protection zone',
    control1_zh: '防控区（重点）',
    control1_en: 'Prevention-control zone, priority',
    control2_zh: '防控区（一般）',
    control2_en: 'Prevention-control zone, ordinary',
    general_zh: '其他区域',
    general_en: 'Other area',
    key_zh: '防治区',
    key_en: 'Prevention zone',
    source: note('C', '2014 年指南目录：保护区 / 防控区 / 治理区（治理区需污染现状评估，本软件尚未实现）', '2014 guide TOC: protection / prevention-control / remediation (remediation needs the pollution-status assessment, not implemented)'),
  },
});

const drasticOnly = (id: string, name_zh: string, name_en: string, weights: Record<DrasticFactor, number>, weightNote: string): KeyZoneProfile =>
  base({
    id,
    name_zh,
    name_en,
    version: '1987.1',
    basis_zh: `DRASTIC（${ALLER}），${weightNote}；分级断点 0–64–105–146–187–230 为公开脚本所用，待核实`,
    basis_en: `DRASTIC (${ALLER}), ${weightNote}; the breaks 0–64–105–146–187–230 are those of a public script, to be verified`,
    vulnerability: {
      method_zh: 'DRASTIC',
      factors: drasticFactors(weights, weightNote),
      classes: {
        method: 'manual',
        count: 5,
        breaks: [0, 64, 105, 146, 187, 230],
        labels_zh: FIVE_ZH,
        labels_en: FIVE_EN,
        source: note('U', 'Aller 未规定指数分级；等间距断点 0–64–105–146–187–230 取自公开 R 脚本，待核实', 'Aller defines no index classes; the breaks 0–64–105–146–187–230 come from a public R script, to be verified'),
      },
    },
  });

export const PROFILE_DRASTIC = drasticOnly('drastic-generic', 'DRASTIC 通用权重', 'DRASTIC, generic weights', GENERIC_WEIGHTS, '通用权重');
export const PROFILE_DRASTIC_PESTICIDE = drasticOnly('drastic-pesticide', 'DRASTIC 农药权重', 'DRASTIC, pesticide weights', PESTICIDE_WEIGHTS, '农药权重');

export const BUILTIN_PROFILES: readonly KeyZoneProfile[] = [PROFILE_2023, PROFILE_2019, PROFILE_2014, PROFILE_DRASTIC, PROFILE_DRASTIC_PESTICIDE];
export const DEFAULT_PROFILE_ID = PROFILE_2023.id;
