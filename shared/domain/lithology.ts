/**
 * Standard lithology codes for borehole logs. Chinese logs name the rock (粉质黏土, 强风化花岗岩),
 * foreign ones use short codes (NGIS "CLAY", "GRVL"); both map onto one code so sections, statistics
 * and the permeability classes of the zoning method speak the same vocabulary. Weathering grade and
 * genesis prefixes (全/强/中/微风化, 残坡积) qualify a rock without changing it, so they are stripped
 * before the lookup.
 */
export interface Lithology {
  code: string;
  name_zh: string;
  name_en: string;
  /** Other names and foreign codes that mean the same rock. */
  aliases: readonly string[];
}

export const LITHOLOGIES: readonly Lithology[] = [
  { code: 'FILL', name_zh: '填土', name_en: 'Fill', aliases: ['素填土', '杂填土', '人工填土', '耕植土', '耕土', 'TPSL', 'topsoil', 'fill'] },
  { code: 'SOIL', name_zh: '土', name_en: 'Soil', aliases: ['表土', 'SOIL'] },
  { code: 'CLAY', name_zh: '黏土', name_en: 'Clay', aliases: ['粘土', 'CLAY', 'clay'] },
  { code: 'SICL', name_zh: '粉质黏土', name_en: 'Silty clay', aliases: ['粉质粘土', '亚黏土', '亚粘土', 'silty clay'] },
  { code: 'SACL', name_zh: '砂质黏土', name_en: 'Sandy clay', aliases: ['砂质粘土', 'SDCY', 'sandy clay'] },
  { code: 'SILT', name_zh: '粉土', name_en: 'Silt', aliases: ['亚砂土', '轻亚黏土', 'SILT', 'silt'] },
  { code: 'FSND', name_zh: '粉细砂', name_en: 'Fine sand', aliases: ['粉砂', '细砂', 'FSND', 'fine sand'] },
  { code: 'MSND', name_zh: '中砂', name_en: 'Medium sand', aliases: ['中粗砂', 'medium sand'] },
  { code: 'CSND', name_zh: '粗砂', name_en: 'Coarse sand', aliases: ['砾砂', 'coarse sand'] },
  { code: 'SAND', name_zh: '砂', name_en: 'Sand', aliases: ['砂土', 'SAND', 'sand'] },
  { code: 'GRVL', name_zh: '砾石', name_en: 'Gravel', aliases: ['砂砾石', '圆砾', '卵石', '卵砾石', '碎石', 'GRVL', 'gravel'] },
  { code: 'CLST', name_zh: '泥岩', name_en: 'Mudstone', aliases: ['mudstone'] },
  { code: 'SLSN', name_zh: '粉砂岩', name_en: 'Siltstone', aliases: ['泥质粉砂岩', 'SLSN', 'siltstone'] },
  { code: 'SDSN', name_zh: '砂岩', name_en: 'Sandstone', aliases: ['细砂岩', '粗砂岩', '红砂岩', 'SDSN', 'sandstone'] },
  { code: 'CGLM', name_zh: '砾岩', name_en: 'Conglomerate', aliases: ['砂砾岩', 'CGLM', 'conglomerate'] },
  { code: 'SHLE', name_zh: '页岩', name_en: 'Shale', aliases: ['SHLE', 'shale'] },
  { code: 'SLTE', name_zh: '板岩', name_en: 'Slate', aliases: ['千枚岩', 'PHLT', 'SLTE', 'slate'] },
  { code: 'LMST', name_zh: '灰岩', name_en: 'Limestone', aliases: ['石灰岩', '白云岩', 'limestone'] },
  { code: 'KRST', name_zh: '溶洞充填物', name_en: 'Karst cavity fill', aliases: ['溶洞', 'cavity fill'] },
  { code: 'GRNT', name_zh: '花岗岩', name_en: 'Granite', aliases: ['GRNT', 'granite'] },
  { code: 'QRTZ', name_zh: '石英岩', name_en: 'Quartzite', aliases: ['石英脉', 'QRTZ', 'quartzite'] },
  { code: 'BDRK', name_zh: '基岩', name_en: 'Bedrock', aliases: ['BDRK', 'ROCK', 'bedrock'] },
];

/** Qualifiers of weathering or genesis that precede a rock name in Chinese logs. */
const PREFIXES = ['全风化', '强风化', '中风化', '微风化', '未风化', '残坡积', '冲洪积', '冲积', '坡积', '残积', '洪积'];

const BY_KEY = new Map<string, Lithology>();
for (const l of LITHOLOGIES) {
  for (const key of [l.code, l.name_zh, l.name_en, ...l.aliases]) BY_KEY.set(key.trim().toLowerCase(), l);
}

/** The standard lithology for a code or a name as written in a log, or null when unknown. */
export function findLithology(text: string): Lithology | null {
  let key = text.trim().toLowerCase();
  for (;;) {
    const hit = BY_KEY.get(key);
    if (hit) return hit;
    const prefix = PREFIXES.find((p) => key.startsWith(p) && key.length > p.length);
    if (!prefix) return null;
    key = key.slice(prefix.length);
  }
}
