import {
  GwzError,
  LAYER_FORMATS,
  PAPER_SIZES,
  type ExportLayerResult,
  type ExportLayoutResult,
  type ExportReportResult,
  type LayerFormat,
  type LayoutFormat,
  type LayoutSpecInput,
  type Paper,
} from '../../shared/api';
import type { Lang } from './lang';
import { findLayer } from './schema-options';
import { crsCode, flag, openProject, str, type OptionSpec, type Verb, type VerbContext } from './verb';

/** `--format shp` and friends: the names people type for each format. */
const FORMAT_ALIASES: Record<string, LayerFormat> = {
  shp: 'shapefile',
  shapefile: 'shapefile',
  gpkg: 'gpkg',
  geopackage: 'gpkg',
  geojson: 'geojson',
  json: 'geojson',
  kml: 'kml',
  kmz: 'kmz',
  dxf: 'dxf',
  csv: 'csv',
  xlsx: 'xlsx',
  tif: 'geotiff',
  tiff: 'geotiff',
  geotiff: 'geotiff',
  cog: 'geotiff',
};

function layerFormat(text: string | undefined, out: string): LayerFormat {
  const key = (text ?? out.split('.').pop() ?? '').toLowerCase();
  const f = FORMAT_ALIASES[key];
  if (!f) {
    throw new GwzError('BAD_REQUEST', `--format 应为：${Object.keys(FORMAT_ALIASES).join('、')}`, `--format must be one of: ${Object.keys(FORMAT_ALIASES).join(', ')}`, {
      formats: LAYER_FORMATS,
    });
  }
  return f;
}

function layoutFormat(text: string | undefined, out: string): LayoutFormat {
  const key = (text ?? out.split('.').pop() ?? 'pdf').toLowerCase();
  if (key !== 'pdf' && key !== 'png' && key !== 'svg') throw new GwzError('BAD_REQUEST', '--format 应为 pdf、png 或 svg', '--format must be pdf, png or svg');
  return key;
}

const int = (opts: VerbContext['opts'], name: string): number | undefined => {
  const v = str(opts, name);
  if (v === undefined) return undefined;
  const parsed = Number(v.replace(/^1:/, '').replace(/[\s,]/g, ''));
  if (!Number.isFinite(parsed)) throw new GwzError('BAD_REQUEST', `--${name} 应为数字：${v}`, `--${name} must be a number: ${v}`);
  return Math.round(parsed);
};

const LAYOUT_OPTIONS: Record<string, OptionSpec> = {
  layers: { type: 'string', value: '<a,b,…>', zh: '绘制的图层（名称或编号，自下而上）；默认全部可见图层', en: 'layers to draw (names or ids, bottom to top); default every visible layer' },
  paper: { type: 'string', value: 'A4|A3|A2|A1|A0', zh: '纸张，默认 A3', en: 'paper size, default A3' },
  portrait: { type: 'boolean', zh: '纵向（默认横向）', en: 'portrait (default landscape)' },
  scale: { type: 'string', value: '<n>', zh: '比例尺分母，如 250000；默认按范围取整', en: 'scale denominator, e.g. 250000; default the round scale that fits' },
  extent: { type: 'string', value: '<minx,miny,maxx,maxy>', zh: '地图范围（工程坐标）', en: 'map extent (project coordinates)' },
  title: { type: 'string', value: '<text>', zh: '图名', en: 'title' },
  subtitle: { type: 'string', value: '<text>', zh: '副标题', en: 'subtitle' },
  organization: { type: 'string', value: '<text>', zh: '编制单位', en: 'compiling organisation' },
  date: { type: 'string', value: '<text>', zh: '制图日期', en: 'date as printed' },
  'data-source': { type: 'string', value: '<text>', zh: '数据来源', en: 'data source note' },
  graticule: { type: 'boolean', zh: '经纬网（默认公里网）', en: 'graticule (default km grid)' },
  'zone-prefix': { type: 'boolean', zh: '公里网横坐标带号', en: 'km grid eastings with the zone number' },
  inset: { type: 'boolean', zh: '位置示意图', en: 'location inset' },
  'no-grid': { type: 'boolean', zh: '不绘坐标网', en: 'no grid' },
  'no-legend': { type: 'boolean', zh: '不绘图例', en: 'no legend' },
};

async function layoutFromOptions(ctx: VerbContext): Promise<LayoutSpecInput> {
  const layersText = str(ctx.opts, 'layers');
  let layerIds: number[] | undefined;
  if (layersText !== undefined) {
    const { layers } = await ctx.client.api.layers.list({});
    layerIds = layersText.split(',').map((t) => findLayer(layers, t.trim()));
  }
  const paper = (str(ctx.opts, 'paper') ?? 'A3').toUpperCase();
  if (!(PAPER_SIZES as readonly string[]).includes(paper)) throw new GwzError('BAD_REQUEST', `--paper 应为 ${PAPER_SIZES.join('、')}`, `--paper must be ${PAPER_SIZES.join(', ')}`);
  const extentText = str(ctx.opts, 'extent');
  const extent = extentText?.split(',').map(Number);
  if (extent && (extent.length !== 4 || extent.some((v) => !Number.isFinite(v)))) {
    throw new GwzError('BAD_REQUEST', '--extent 应为 minx,miny,maxx,maxy', '--extent must be minx,miny,maxx,maxy');
  }
  const text = (name: string): Record<string, string> => {
    const v = str(ctx.opts, name);
    const key = name === 'data-source' ? 'dataSource' : name;
    return v === undefined ? {} : { [key]: v };
  };
  const scale = int(ctx.opts, 'scale');
  return {
    paper: paper as Paper,
    orientation: flag(ctx.opts, 'portrait') ? 'portrait' : 'landscape',
    ...(layerIds ? { layerIds } : {}),
    ...(extent ? { extent: extent as [number, number, number, number] } : {}),
    ...(scale !== undefined ? { scale } : {}),
    ...text('title'),
    ...text('subtitle'),
    ...text('organization'),
    ...text('date'),
    ...text('data-source'),
    grid: { kind: flag(ctx.opts, 'graticule') ? 'graticule' : 'km', zonePrefix: flag(ctx.opts, 'zone-prefix') },
    elements: { legend: !flag(ctx.opts, 'no-legend'), scaleBar: true, northArrow: true, grid: !flag(ctx.opts, 'no-grid'), titleBlock: true, inset: flag(ctx.opts, 'inset') },
  };
}

const warningsText = (w: { message_zh: string; message_en: string }[], lang: Lang): string[] =>
  w.map((x) => `  ! ${lang === 'en' ? x.message_en : x.message_zh}`);

export function formatLayerExport(r: ExportLayerResult, lang: Lang): string {
  return [
    `已导出 Exported: ${r.path} (${r.format}, ${r.featureCount} ${lang === 'en' ? 'features' : '个要素'}, ${r.crs}${r.encoding ? `, ${r.encoding}` : ''})`,
    ...r.files.filter((f) => f !== r.path).map((f) => `  + ${f}`),
    ...r.fieldMap.map((m) => `  ${m.field} → ${m.exported}`),
    ...warningsText(r.warnings, lang),
  ].join('\n');
}

function formatLayoutExport(r: ExportLayoutResult, lang: Lang): string {
  const px = r.pixels ? `, ${r.pixels[0]}×${r.pixels[1]} px @ ${r.dpi} dpi` : '';
  return [
    `已导出成果图 Exported the map: ${r.path} (${r.format}, ${(r.bytes / 1024).toFixed(0)} KiB${px})`,
    `  比例尺 Scale 1:${r.placement.scale}  ${r.placement.crsNote}`,
    ...warningsText(r.warnings, lang),
  ].join('\n');
}

function formatReport(r: ExportReportResult, lang: Lang): string {
  return [
    `已生成技术报告 Wrote the report: ${r.path} (${(r.bytes / 1024).toFixed(0)} KiB)`,
    ...(r.pdfPath ? [`  PDF: ${r.pdfPath}`] : []),
    `  ${r.chapters.length} 章 chapters, ${r.figures.length} 图 figures, ${r.tables.length} 表 tables, ${r.placeholders} 处待填写 placeholders`,
    ...warningsText(r.warnings, lang),
  ].join('\n');
}

const overwrite: OptionSpec = { type: 'boolean', zh: '覆盖已存在的输出文件', en: 'replace existing output files' };
const out: OptionSpec = { type: 'string', value: '<path>', required: true, zh: '输出文件（package 时为文件夹）', en: 'output file (a folder for package)' };

const LAYER_OPTIONS: Record<string, OptionSpec> = {
  format: { type: 'string', value: '<fmt>', zh: '格式：shp、gpkg、geojson、kml、kmz、dxf、csv、xlsx、tif（默认按扩展名）', en: 'format: shp, gpkg, geojson, kml, kmz, dxf, csv, xlsx, tif (default from the extension)' },
  crs: { type: 'string', value: 'EPSG:<code>', zh: '输出坐标系（默认工程坐标系；GeoJSON/KML 固定 WGS84）', en: 'output CRS (default the project CRS; GeoJSON/KML are always WGS84)' },
  encoding: { type: 'string', value: 'UTF-8|GBK', zh: 'Shapefile 编码：UTF-8（默认，写 .cpg）或 GBK（旧版 ArcGIS）', en: 'shapefile encoding: UTF-8 (default, with .cpg) or GBK (old ArcGIS)' },
};

const REPORT_OPTIONS: Record<string, OptionSpec> = {
  pdf: { type: 'boolean', zh: '同时用 LibreOffice 生成 PDF', en: 'also write a PDF with LibreOffice' },
  title: { type: 'string', value: '<text>', zh: '报告标题', en: 'report title' },
  organization: { type: 'string', value: '<text>', zh: '编制单位', en: 'compiling organisation' },
  date: { type: 'string', value: '<text>', zh: '编制日期', en: 'date as printed' },
  'county-layer': { type: 'string', value: '<layer>', zh: '分县统计用的县界图层', en: 'county layer for the per-county statistics' },
  'county-field': { type: 'string', value: '<field>', zh: '县名字段', en: 'county name field' },
};

const SUBCOMMANDS = ['layer', 'map', 'report', 'package'] as const;

export const exportVerb: Verb = {
  name: 'export',
  args: 'layer|map|report|package <project> [<layer>]',
  minArgs: 2,
  maxArgs: 3,
  zh: '导出：图层（Shapefile/GPKG/GeoJSON/KML/DXF/GeoTIFF…）、成果图（PDF/PNG/SVG）、技术报告（DOCX）、成果包（全部）',
  en: 'Export: a layer (shapefile/GPKG/GeoJSON/KML/DXF/GeoTIFF…), a map (PDF/PNG/SVG), the report (DOCX), or the results package (everything)',
  options: { out, overwrite, dpi: { type: 'string', value: '<n>', zh: 'PNG 分辨率，默认 300', en: 'PNG resolution, default 300' }, ...LAYER_OPTIONS, ...LAYOUT_OPTIONS, ...REPORT_OPTIONS },
  moreHelp: (lang) =>
    lang === 'en'
      ? 'Examples:\n  gwz export layer demo.gwz 县级行政区 --out 县界.shp --encoding GBK\n  gwz export map demo.gwz --layers 县级行政区,水系 --out 图1.pdf --title 抚州市水系图\n  gwz export report demo.gwz --out 报告.docx --pdf\n  gwz export package demo.gwz --out 成果'
      : '示例：\n  gwz export layer demo.gwz 县级行政区 --out 县界.shp --encoding GBK\n  gwz export map demo.gwz --layers 县级行政区,水系 --out 图1.pdf --title 抚州市水系图\n  gwz export report demo.gwz --out 报告.docx --pdf\n  gwz export package demo.gwz --out 成果',
  async run(ctx) {
    const [sub, project, layerText] = ctx.args as [string, string, string | undefined];
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) {
      throw new GwzError('BAD_REQUEST', `gwz export 之后应为 ${SUBCOMMANDS.join('、')}：${sub}`, `gwz export takes ${SUBCOMMANDS.join(', ')}: ${sub}`);
    }
    const outPath = ctx.resolvePath(str(ctx.opts, 'out')!);
    // exports only read: a read-only open works while the app holds the file
    await openProject(ctx, project, true);
    const ow = flag(ctx.opts, 'overwrite');
    if (sub === 'layer') {
      if (layerText === undefined) throw new GwzError('BAD_REQUEST', '缺少图层：gwz export layer <project> <layer>', 'Missing the layer: gwz export layer <project> <layer>');
      const { layers } = await ctx.client.api.layers.list({});
      const layerId = findLayer(layers, layerText);
      const encoding = str(ctx.opts, 'encoding')?.toUpperCase();
      if (encoding !== undefined && encoding !== 'UTF-8' && encoding !== 'GBK') throw new GwzError('BAD_REQUEST', '--encoding 只能是 UTF-8 或 GBK', '--encoding must be UTF-8 or GBK');
      const crs = str(ctx.opts, 'crs');
      const result = await ctx.runJob('export.layer', {
        layerId,
        format: layerFormat(str(ctx.opts, 'format'), outPath),
        path: outPath,
        ...(crs !== undefined ? { crs: crsCode(crs) } : {}),
        ...(encoding !== undefined ? { encoding } : {}),
        overwrite: ow,
      });
      return { data: result, human: formatLayerExport(result, ctx.lang) };
    }
    if (sub === 'map') {
      const dpi = int(ctx.opts, 'dpi');
      const result = await ctx.runJob('export.layout', {
        layout: await layoutFromOptions(ctx),
        format: layoutFormat(str(ctx.opts, 'format'), outPath),
        path: outPath,
        ...(dpi !== undefined ? { dpi } : {}),
        overwrite: ow,
      });
      return { data: result, human: formatLayoutExport(result, ctx.lang) };
    }
    if (sub === 'report') {
      const result = await ctx.runJob('export.report', { path: outPath, report: await reportFromOptions(ctx), overwrite: ow });
      return { data: result, human: formatReport(result, ctx.lang) };
    }
    return exportPackage(ctx, outPath, ow);
  },
};

async function reportFromOptions(ctx: VerbContext): Promise<Record<string, unknown>> {
  const county = str(ctx.opts, 'county-layer');
  let countyLayerId: number | undefined;
  if (county !== undefined) countyLayerId = findLayer((await ctx.client.api.layers.list({})).layers, county);
  const pick = (name: string, key = name): Record<string, string> => {
    const v = str(ctx.opts, name);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    pdf: flag(ctx.opts, 'pdf'),
    ...pick('title'),
    ...pick('organization'),
    ...pick('date'),
    ...pick('county-field', 'countyField'),
    ...(countyLayerId !== undefined ? { countyLayerId } : {}),
  };
}

/** The results package (成果包): the engine writes every layer, the overview figure and the report, and zips them. */
async function exportPackage(ctx: VerbContext, dir: string, ow: boolean): Promise<{ data: unknown; human: string }> {
  const r = await ctx.runJob('export.package', { path: dir, report: await reportFromOptions(ctx), overwrite: ow });
  return {
    data: r,
    human: [`成果包 Results package: ${r.path} (${r.files.length} 个文件 files)`, `  ZIP: ${r.zipPath}`, ...warningsText(r.warnings, ctx.lang)].join('\n'),
  };
}
