import { GwzError, type FactorSource, type KeyZoneConfig, type LayerRef } from '../../../../shared/api';
import { DRASTIC_FACTORS, type DrasticFactor } from '../../../../shared/domain/keyzone-profile';
import { DEFAULT_PROFILE_ID } from '../../../../shared/domain/keyzone-profiles';
import { listLayerRows, type LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { quoteIdent } from '../../project/spatialite';

type Note = { message_zh: string; message_en: string };

/**
 * A first configuration from the project's layers, by their names and fields — what `gwz keyzones
 * --init-config` writes and the wizard starts from. Rating tables for hydrogeological-unit
 * attributes are suggested from the medium words in their values (砂砾 / 红层 / 基岩 / 岩溶…);
 * every suggestion is listed in the notes, to be checked by the technician.
 */

/** Typical DRASTIC ratings (and abundance class) of the media words a unit map uses. */
const MEDIA: { words: RegExp; zh: string; ratings: Record<DrasticFactor, number>; abundance: number }[] = [
  { words: /岩溶|灰岩|碳酸盐|karst|limestone/i, zh: '岩溶灰岩', ratings: { D: 5, R: 9, A: 10, S: 4, T: 5, I: 10, C: 6 }, abundance: 3 },
  { words: /孔隙|砂砾|冲积|砾|松散|alluv|gravel|sand/i, zh: '砂砾石', ratings: { D: 9, R: 9, A: 8, S: 6, T: 10, I: 8, C: 4 }, abundance: 3 },
  { words: /红层|砂岩|泥岩|碎屑|red|sandstone/i, zh: '层状砂岩、页岩（红层）', ratings: { D: 7, R: 6, A: 6, S: 3, T: 9, I: 6, C: 1 }, abundance: 2 },
  { words: /基岩|变质|花岗|火成|片麻|bedrock|granite|metamorph/i, zh: '风化变质岩/火成岩', ratings: { D: 5, R: 6, A: 4, S: 5, T: 5, I: 4, C: 1 }, abundance: 1 },
];

function columns(project: Project, row: LayerRow): { name: string; type: string }[] {
  return (project.db.prepare(`PRAGMA table_info(${quoteIdent(row.table_name)})`).all() as { name: string; type: string }[]).filter((c) => c.name !== 'fid' && c.name !== 'geom');
}

function pickField(project: Project, row: LayerRow, pattern: RegExp, text = true): string | undefined {
  const cols = columns(project, row);
  const fit = cols.filter((c) => !text || /TEXT|CHAR/i.test(c.type) || c.type === '');
  return fit.find((c) => pattern.test(c.name))?.name ?? (text ? fit[0]?.name : undefined);
}

function distinctValues(project: Project, row: LayerRow, field: string): string[] {
  return (project.db.prepare(`SELECT DISTINCT ${quoteIdent(field)} AS v FROM ${quoteIdent(row.table_name)} WHERE ${quoteIdent(field)} IS NOT NULL ORDER BY 1 LIMIT 200`).all() as { v: unknown }[]).map((r) => String(r.v));
}

export function suggestConfig(project: Project): { config: KeyZoneConfig; notes: Note[] } {
  const rows = listLayerRows(project.db);
  const notes: Note[] = [];
  const polygons = rows.filter((r) => r.kind === 'vector' && (r.geometry_type ?? '').toUpperCase().includes('POLYGON') && r.origin !== 'analysis');
  const points = rows.filter((r) => r.kind === 'vector' && (r.geometry_type ?? '').toUpperCase().includes('POINT') && r.table_name !== 'gw_collars');
  const rasters = rows.filter((r) => r.kind === 'raster' && r.origin !== 'analysis');
  const byName = (list: LayerRow[], pattern: RegExp) => list.find((r) => pattern.test(r.name));

  const admin = byName(polygons, /行政|县|区划|边界|admin|county|district/i) ?? polygons[0];
  if (!admin) throw new GwzError('BAD_INPUT', '工程中没有面图层：请先导入研究区或行政区划边界。', 'The project has no polygon layer: import the study area or the administrative boundaries first.');
  const study = byName(polygons, /研究区|工作区|study/i) ?? admin;
  const adminNameField = pickField(project, admin, /名称|name|县|区/i) ?? 'name';
  const adminCodeField = pickField(project, admin, /代码|code|adcode/i, false);
  notes.push({ message_zh: `研究区取「${study.name}」，行政单元取「${admin.name}」（名称字段「${adminNameField}」）`, message_en: `Study area "${study.name}", administrative units "${admin.name}" (name field "${adminNameField}")` });

  const protectionLayers = polygons
    .filter((r) => /保护区|补给区|矿泉|名泉|protection|recharge/i.test(r.name))
    .map((r) => {
      const typeField = pickField(project, r, /类型|级别|type|level/i, true);
      const fixed = /一级/.test(r.name) ? '一级保护区' : /二级/.test(r.name) ? '二级保护区' : /准保护/.test(r.name) ? '准保护区' : /补给/.test(r.name) ? '补给区' : /矿泉/.test(r.name) ? '矿泉水保护区' : /名泉/.test(r.name) ? '名泉保护区' : undefined;
      return fixed ? { layer: r.name, type: fixed as '一级保护区' } : { layer: r.name, ...(typeField ? { typeField } : { type: '其他保护区' as const }) };
    });
  const wells = points.filter((r) => /水源|取水井|水源井|water source|wellfield/i.test(r.name)).map((r) => ({ layer: r.name }));
  if (protectionLayers.length === 0 && wells.length > 0) {
    notes.push({ message_zh: `没有已划定的保护区图层：按方法配置的经验半径围绕「${wells.map((w) => w.layer).join('、')}」生成（待核实；应优先采用已批复的保护区）`, message_en: `No delineated protection layer: circles of the profile's empirical radii around "${wells.map((w) => w.layer).join(', ')}" (to be verified; approved zones should be used instead)` });
  }

  const units = byName(polygons, /水文地质|含水|富水|hydrogeo|aquifer/i);
  const unitField = units ? (pickField(project, units, /类型|岩性|介质|type|lith/i) ?? 'type') : undefined;
  const unitValues = units && unitField ? distinctValues(project, units, unitField) : [];
  const mediumOf = (v: string) => MEDIA.find((m) => m.words.test(v));
  const tableFor = (f: DrasticFactor | 'abundance') =>
    unitValues.flatMap((v) => {
      const m = mediumOf(v);
      return m ? [{ category: v, value: f === 'abundance' ? m.abundance : m.ratings[f] }] : [];
    });
  if (units && unitField) {
    const known = unitValues.filter((v) => mediumOf(v));
    notes.push({
      message_zh: `含水层、包气带、土壤、补给、渗透系数按「${units.name}」字段「${unitField}」的介质词建议评分：${known.map((v) => `${v}→${mediumOf(v)!.zh}`).join('；')}（请逐项核对）`,
      message_en: `Aquifer, vadose zone, soil, recharge and conductivity ratings suggested from the media words of "${units.name}".${unitField}: ${known.map((v) => `${v}→${mediumOf(v)!.zh}`).join('; ')} (check each)`,
    });
  }
  const dem = byName(rasters, /高程|DEM|地形|elev/i);
  const levels = (project.db.prepare('SELECT COUNT(*) AS n FROM gw_levels WHERE depth_to_water IS NOT NULL').get() as { n: number }).n;

  const factorSource = (f: DrasticFactor): FactorSource => {
    if (f === 'D' && levels > 0) return { kind: 'boreholes', value: 'depth_to_water', statistic: 'mean', power: 2 };
    if (f === 'T' && dem) return { kind: 'slope', dem: dem.name };
    if (units && unitField) {
      const table = tableFor(f);
      if (table.length > 0) return { kind: 'polygon', layer: units.name, field: unitField, table };
    }
    notes.push({ message_zh: `因子 ${f} 没有合适的数据，暂用常数评分 5（请替换）`, message_en: `Factor ${f} has no fitting data; a constant rating 5 for now (replace it)` });
    return { kind: 'constant', value: 5 };
  };
  const factors = Object.fromEntries(DRASTIC_FACTORS.map((f) => [f, factorSource(f)])) as Record<DrasticFactor, FactorSource>;
  const abundanceTable = tableFor('abundance');
  const abundance: FactorSource =
    units && unitField && abundanceTable.length > 0 ? { kind: 'polygon', layer: units.name, field: unitField, table: abundanceTable } : { kind: 'constant', value: 2 };
  const qualityRows = (project.db.prepare('SELECT COUNT(*) AS n FROM gw_quality').get() as { n: number }).n;
  const quality: FactorSource | undefined = qualityRows > 0 ? { kind: 'wellQuality', basis: 'latest', method: 'nearest' } : undefined;
  if (quality) {
    notes.push({ message_zh: `水质类别由工程中的 ${qualityRows} 条水质监测记录按 GB/T 14848-2017 分类（各井最近一次采样，最近井赋值）`, message_en: `Quality classes from the project's ${qualityRows} water-quality records by GB/T 14848-2017 (each well's latest sampling, nearest well)` });
  } else {
    notes.push({ message_zh: '水质类别未指定：按方法配置默认类别计算；如有按 GB/T 14848 分类的监测井或分区图层，请在“地下水功能价值”步骤中选择', message_en: 'No water-quality class given: the profile default is used; choose a GB/T 14848 class layer in the functional-value step if there is one' });
  }

  const sources = points
    .filter((r) => /污染源|企业|加油站|垃圾|养殖|尾矿|source|pollut/i.test(r.name))
    .map((r) => {
      const typeField = pickField(project, r, /类型|type|类别/i) ?? 'type';
      const scaleField = pickField(project, r, /规模|scale|size/i, false) ?? columns(project, r).find((c) => /规模|scale/i.test(c.name))?.name;
      return { layer: r.name, typeField, ...(scaleField ? { scaleField } : {}) };
    });
  if (sources.length === 0) notes.push({ message_zh: '没有找到污染源点图层，请在“污染源荷载”步骤中选择', message_en: 'No pollution-source point layer found; choose one in the load step' });

  const config: KeyZoneConfig = {
    profileId: DEFAULT_PROFILE_ID,
    area: { studyArea: study.name, adminUnits: admin.name, adminNameField, ...(adminCodeField ? { adminCodeField } : {}) },
    protection: { layers: protectionLayers, wells },
    value: { abundance, ...(quality ? { quality } : {}) },
    vulnerability: { factors },
    load: { sources: sources.length > 0 ? sources : [{ layer: points[0]?.name ?? '污染源', typeField: '类型' }] },
    notes: {},
  };
  return { config, notes };
}

/** A layer's attribute fields and the distinct values of one of them (at most 200). */
export function layerFields(project: Project, ref: LayerRef, field?: string): { fields: { name: string; type: string }[]; values: (string | number)[] } {
  const rows = (typeof ref === 'number' ? project.db.prepare('SELECT * FROM gwz_layers WHERE id = ?').all(ref) : project.db.prepare('SELECT * FROM gwz_layers WHERE name = ?').all(ref)) as LayerRow[];
  const row = rows[0];
  if (!row || row.kind !== 'vector') throw new GwzError('LAYER_NOT_FOUND', `找不到矢量图层「${ref}」。`, `No vector layer "${ref}".`, { layer: ref });
  const fields = columns(project, row);
  if (field === undefined) return { fields, values: [] };
  if (!fields.some((f) => f.name === field)) throw new GwzError('BAD_INPUT', `图层「${row.name}」没有字段「${field}」。`, `Layer "${row.name}" has no field "${field}".`, { field });
  const values = (project.db.prepare(`SELECT DISTINCT ${quoteIdent(field)} AS v FROM ${quoteIdent(row.table_name)} WHERE ${quoteIdent(field)} IS NOT NULL ORDER BY 1 LIMIT 200`).all() as { v: string | number }[]).map((r) => r.v);
  return { fields, values };
}
