import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  contract,
  GwzError,
  isMethodName,
  methodNames,
  type ImportRasterResult,
  type ImportVectorResult,
  type JobMethodName,
  type RequestOf,
} from '../../shared/api';
import { formatChecksums, formatCrsList, formatImport, formatLayers, formatProject } from './format';
import type { Lang } from './lang';
import { crsCode, flag, openProject, str, type OptionSpec, type Verb, type VerbContext } from './verb';
import { ANALYSIS_VERBS } from './verbs-analysis';
import { BOREHOLE_VERBS } from './verbs-boreholes';
import { KEYZONE_VERBS } from './verbs-keyzones';
import { FEATURE_VERBS } from './verbs-features';
import { LAYER_VERBS } from './verbs-layers';
import { exportVerb } from './verbs-export';
import { formatImportRaster, RASTER_VERBS } from './verbs-raster';
import { RECHARGE_VERBS } from './verbs-recharge';
import { previewVerb } from './verbs-vector';
import { EDITING_VERBS } from './verbs-editing';
import { TILE_VERBS } from './verbs-tiles';
import { WORKFLOW_STATE_VERBS } from './verbs-workflow-state';
import { MAP_TOOL_VERBS } from './verbs-maptools';

const overwrite: OptionSpec = { type: 'boolean', zh: '覆盖已存在的工程文件', en: 'replace an existing project file' };



async function importOne(
  ctx: VerbContext,
  source: string,
  req: Omit<RequestOf<'layers.importVector'>, 'path'>,
): Promise<ImportVectorResult> {
  const result = await ctx.runJob('layers.importVector', { ...req, path: ctx.resolvePath(source) });
  ctx.say(formatImport(source, result, ctx.lang));
  return result;
}

const newVerb: Verb = {
  name: 'new',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '新建工程文件',
  en: 'Create a project file',
  options: {
    crs: { type: 'string', value: 'EPSG:<code>', required: true, zh: '工程坐标系', en: 'project CRS' },
    title: { type: 'string', value: '<text>', zh: '工程标题', en: 'project title' },
    overwrite,
  },
  async run(ctx) {
    const title = str(ctx.opts, 'title');
    const info = await ctx.client.api.project.create({
      path: ctx.resolvePath(ctx.args[0]!),
      crs: crsCode(str(ctx.opts, 'crs')!),
      ...(title !== undefined ? { title } : {}),
      overwrite: flag(ctx.opts, 'overwrite'),
    });
    return { data: info, human: `已创建工程 Created the project\n${formatProject(info)}` };
  },
};

const infoVerb: Verb = {
  name: 'info',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '工程信息（只读打开）',
  en: 'Project information (opened read-only)',
  options: {},
  async run(ctx) {
    const info = await openProject(ctx, ctx.args[0]!, true);
    return { data: info, human: formatProject(info) };
  },
};

const layersVerb: Verb = {
  name: 'layers',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '列出图层（只读打开）',
  en: 'List layers (opened read-only)',
  options: {},
  async run(ctx) {
    await openProject(ctx, ctx.args[0]!, true);
    const result = await ctx.client.api.layers.list({});
    return { data: result, human: formatLayers(result.layers) };
  },
};

const importVerb: Verb = {
  name: 'import',
  args: '<project> <data…>',
  minArgs: 2,
  maxArgs: Infinity,
  zh: '导入数据：矢量（Shapefile、GeoJSON、GeoPackage、KML、DXF…）或栅格（GeoTIFF、ASCII 格网…，按内容识别）',
  en: 'Import data: vector (shapefile, GeoJSON, GeoPackage, KML, DXF…) or raster (GeoTIFF, ASCII grid…, told apart by content)',
  options: {
    name: { type: 'string', value: '<name>', zh: '图层名（仅限一个数据文件）', en: 'layer name (one data file only)' },
    layer: { type: 'string', value: '<layer>', zh: '多图层数据源中的图层', en: 'layer inside a multi-layer source' },
    encoding: { type: 'string', value: '<enc>', zh: 'DBF 文字编码，如 GBK、UTF-8', en: 'DBF text encoding, e.g. GBK, UTF-8' },
    'src-crs': { type: 'string', value: 'EPSG:<code>', zh: '源数据未声明时的坐标系', en: 'CRS of a source that declares none' },
    'web-offset': { type: 'string', value: 'gcj02|bd09', zh: '纠正网络地图偏移（GCJ-02/BD-09 → WGS84）', en: 'correct a web-map offset (GCJ-02/BD-09 → WGS84)' },
    'swap-axes': { type: 'boolean', zh: '交换 X/Y（北东坐标或经纬度写反）', en: 'swap X and Y (northing/easting or lat/lon reversed)' },
    force: { type: 'boolean', zh: '坐标超出源坐标系范围时仍然导入', en: 'import even when coordinates fall outside the source CRS' },
    'repair-shapefile': {
      type: 'boolean',
      zh: '修复 Shapefile：由 .shp 重建缺失的 .shx；缺 .dbf 时只导入几何（在副本上修复，原文件不变）',
      en: 'repair a shapefile: rebuild a missing .shx from the .shp; without .dbf import geometries only (on a copy; the originals stay as they are)',
    },
    'as-table': { type: 'boolean', zh: '只导入属性（作为属性表图层）', en: 'import the attributes only (as a table layer)' },
    'x-field': { type: 'string', value: '<column>', zh: '点表的 X/东坐标/经度列', en: 'X / easting / longitude column of a point table' },
    'y-field': { type: 'string', value: '<column>', zh: '点表的 Y/北坐标/纬度列', en: 'Y / northing / latitude column of a point table' },
  },
  async run(ctx) {
    const [project, ...sources] = ctx.args as [string, ...string[]];
    const webOffset = str(ctx.opts, 'web-offset');
    if (webOffset !== undefined && webOffset !== 'gcj02' && webOffset !== 'bd09') {
      throw new GwzError('BAD_REQUEST', '--web-offset 只能是 gcj02 或 bd09', '--web-offset must be gcj02 or bd09');
    }
    const name = str(ctx.opts, 'name');
    if (name !== undefined && sources.length > 1) {
      throw new GwzError('BAD_REQUEST', '--name 只能用于一个数据文件', '--name applies to a single data file only');
    }
    const sourceLayer = str(ctx.opts, 'layer');
    const encoding = str(ctx.opts, 'encoding');
    const srcCrs = str(ctx.opts, 'src-crs');
    await openProject(ctx, project, false);
    const imported: ImportVectorResult[] = [];
    const rasters: ImportRasterResult[] = [];
    for (const source of sources) {
      // One verb for every kind of file, as in the UI: GDAL's reading of the file decides.
      const repair = flag(ctx.opts, 'repair-shapefile');
      const { kind } = await ctx.client.api.layers.previewSource({ path: ctx.resolvePath(source), ...(repair ? { repairShapefile: true } : {}) });
      if (kind === 'raster') {
        const result = await ctx.runJob('layers.importRaster', {
          path: ctx.resolvePath(source),
          ...(name !== undefined ? { name } : {}),
          ...(srcCrs !== undefined ? { srcCrs: crsCode(srcCrs) } : {}),
        });
        ctx.say(formatImportRaster(source, result, ctx.lang));
        rasters.push(result);
        continue;
      }
      imported.push(
        await importOne(ctx, source, {
          ...(name !== undefined ? { name } : {}),
          ...(sourceLayer !== undefined ? { sourceLayer } : {}),
          ...(encoding !== undefined ? { encoding } : {}),
          ...(srcCrs !== undefined ? { srcCrs: crsCode(srcCrs) } : {}),
          ...(webOffset !== undefined ? { webOffset } : {}),
          ...(flag(ctx.opts, 'swap-axes') ? { swapAxes: true } : {}),
          ...(flag(ctx.opts, 'force') ? { force: true } : {}),
          ...(repair ? { repairShapefile: true } : {}),
          ...(flag(ctx.opts, 'as-table') ? { asTable: true } : {}),
          ...(str(ctx.opts, 'x-field') !== undefined ? { xField: str(ctx.opts, 'x-field') } : {}),
          ...(str(ctx.opts, 'y-field') !== undefined ? { yField: str(ctx.opts, 'y-field') } : {}),
        }),
      );
    }
    return { data: { imported, rasters }, human: '' };
  },
};

const checkVerb: Verb = {
  name: 'check',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '检查工程文件完整性（只读打开；未通过时退出码 4）',
  en: 'Check the project file integrity (read-only; exit code 4 when it fails)',
  options: {},
  async run(ctx) {
    await openProject(ctx, ctx.args[0]!, true);
    const result = await ctx.client.api.project.check({});
    const verdict = result.ok ? '完整性检查通过 Integrity check passed' : '完整性检查未通过 Integrity check FAILED';
    return {
      data: result,
      human: [verdict, ...result.messages.map((m) => `  ${m}`)].join('\n'),
      exitCode: result.ok ? 0 : 4,
    };
  },
};

const checksumVerb: Verb = {
  name: 'checksum',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '计算各图层校验和（只读打开）',
  en: 'Compute layer checksums (opened read-only)',
  options: {},
  async run(ctx) {
    await openProject(ctx, ctx.args[0]!, true);
    const result = await ctx.runJob('layers.checksum', {});
    return { data: result, human: formatChecksums(result) };
  },
};

const crsVerb: Verb = {
  name: 'crs',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  zh: '内置坐标系列表（离线）',
  en: 'Built-in coordinate reference systems (offline)',
  options: {},
  async run(ctx) {
    const result = await ctx.client.api.app.crsList({});
    return { data: result, human: formatCrsList(result.items) };
  },
};

function methodList(lang: Lang): string {
  const width = Math.max(...methodNames.map((m) => m.length));
  const lines = methodNames.map((m) => {
    const spec = contract[m];
    const job = 'job' in spec && spec.job ? ' [job]' : '';
    return `  ${m.padEnd(width)}  ${lang === 'en' ? spec.summary_en : spec.summary_zh}${job}`;
  });
  return `${lang === 'en' ? 'Methods 方法:' : '方法 Methods:'}\n${lines.join('\n')}`;
}

const callVerb: Verb = {
  name: 'call',
  args: '<method>',
  minArgs: 1,
  maxArgs: 1,
  zh: '直接调用任一引擎方法（通用入口）；任务类方法等待结果',
  en: 'Call any engine method directly (escape hatch); job methods wait for their result',
  options: {
    params: { type: 'string', value: '<json>', zh: '请求参数 JSON，默认 {}', en: 'request as JSON, default {}' },
    project: { type: 'string', value: '<project>', zh: '先打开此工程', en: 'open this project first' },
    'read-only': { type: 'boolean', zh: '以只读方式打开 --project', en: 'open --project read-only' },
  },
  moreHelp: methodList,
  async run(ctx) {
    const method = ctx.args[0]!;
    let params: unknown = {};
    const text = str(ctx.opts, 'params');
    if (text !== undefined) {
      try {
        params = JSON.parse(text);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new GwzError('BAD_REQUEST', `--params 不是有效的 JSON：${why}`, `--params is not valid JSON: ${why}`);
      }
    }
    if (!isMethodName(method)) {
      throw new GwzError('UNKNOWN_METHOD', `未知的方法：${method}`, `Unknown method: ${method}`, { method });
    }
    const project = str(ctx.opts, 'project');
    if (project !== undefined) await openProject(ctx, project, flag(ctx.opts, 'read-only'));
    const spec = contract[method];
    if ('job' in spec && spec.job) {
      // Generic over the table: the contract validates `params`, so the cast only names the shape.
      const jobMethod = method as JobMethodName;
      const result = await ctx.runJob(jobMethod, params as RequestOf<typeof jobMethod>);
      return { data: result, human: JSON.stringify(result, null, 2) };
    }
    const result = await ctx.client.call(method, params as RequestOf<typeof method>);
    return { data: result, human: JSON.stringify(result, null, 2) };
  },
};

const demoVerb: Verb = {
  name: 'demo',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '建立抚州市示范工程（示例数据：真实县界 + 合成的高程、水系、污染源、水源地），示例文件写在工程旁',
  en: 'Build the Fuzhou demo project (sample data: real county boundaries + synthetic DEM, rivers, pollution sources, water sources); the sample files are written beside it',
  options: { overwrite },
  async run(ctx) {
    const path = ctx.resolvePath(ctx.args[0]!);
    mkdirSync(dirname(path), { recursive: true });
    const result = await ctx.runJob('project.createDemo', { path, overwrite: flag(ctx.opts, 'overwrite') });
    const lines = [
      `已建立示范工程 Built the demo project (${result.seconds.toFixed(1)} s)`,
      formatProject(result.project),
      `示例数据文件夹 Sample files: ${result.sampleDir}`,
      ...result.layers.map((l) => `  ${l.name}  ${l.kind}  ${l.featureCount}`),
      ...result.warnings.map((w) => `注意 ${w.message_zh} / Note: ${w.message_en}`),
    ];
    return { data: result, human: lines.join('\n') };
  },
};

/** Every verb, in the order `gwz help` lists them. */
export const VERBS: readonly Verb[] = [
  newVerb,
  infoVerb,
  layersVerb,
  importVerb,
  previewVerb,
  checkVerb,
  checksumVerb,
  crsVerb,
  callVerb,
  demoVerb,
  ...RASTER_VERBS,
  ...BOREHOLE_VERBS,
  ...ANALYSIS_VERBS,
  ...KEYZONE_VERBS,
  ...FEATURE_VERBS,
  ...LAYER_VERBS,
  exportVerb,
  ...RECHARGE_VERBS,
  ...EDITING_VERBS,
  ...TILE_VERBS,
  ...WORKFLOW_STATE_VERBS,
  ...MAP_TOOL_VERBS,
];

export function findVerb(name: string): Verb | undefined {
  return VERBS.find((v) => v.name === name);
}
