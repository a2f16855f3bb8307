import { GwzError, ResamplingSchema, type ImportRasterResult, type RasterInfo, type Resampling } from '../../shared/api';
import type { Lang } from './lang';
import { fields } from './text';
import { crsCode, openProject, str, type Verb } from './verb';

function resamplingOption(text: string | undefined): Resampling | undefined {
  if (text === undefined) return undefined;
  const parsed = ResamplingSchema.safeParse(text.toLowerCase());
  if (!parsed.success) {
    const allowed = ResamplingSchema.options.join(', ');
    throw new GwzError('BAD_REQUEST', `--resampling 应为：${allowed}`, `--resampling must be one of: ${allowed}`, { resampling: text });
  }
  return parsed.data;
}

const num = (v: number | null, digits = 3): string => (v === null ? '—' : Number(v.toFixed(digits)).toString());

export function formatRasterInfo(r: RasterInfo): string {
  return fields([
    ['图层 Layer:', String(r.layerId)],
    ['大小 Size:', `${r.width} × ${r.height} × ${r.bands} (${r.dataType})`],
    ['像元 Cell size:', `${num(r.cellSize[0])} × ${num(r.cellSize[1])}`],
    ['坐标系 SRID:', String(r.srid)],
    ['无数据值 Nodata:', r.nodata === null ? '—' : String(r.nodata)],
    ['最小/最大 Min/max:', `${num(r.stats.min)} / ${num(r.stats.max)}`],
    ['均值/标准差 Mean/std:', `${num(r.stats.mean)} / ${num(r.stats.std)}`],
    ['有效像元 Valid cells:', String(r.stats.validCount)],
    ['重采样 Resampling:', r.resampling ?? '— (未重投影 not reprojected)'],
    ['存储 Stored:', `${(r.bytes / 1024).toFixed(1)} KiB COG, sha256 ${r.sha256.slice(0, 16)}…`],
  ]);
}

export function formatImportRaster(source: string, r: ImportRasterResult, lang: Lang): string {
  const lines = [
    `已导入 Imported: ${source} → 「${r.layer.name}」 ${r.raster.width} × ${r.raster.height}` +
      (r.reprojected ? ` (已重投影 reprojected, ${r.raster.resampling})` : ''),
    formatRasterInfo(r.raster),
  ];
  for (const w of r.warnings) lines.push(`  ! ${lang === 'en' ? `${w.message_en} / ${w.message_zh}` : `${w.message_zh} / ${w.message_en}`}`);
  return lines.join('\n');
}

export const importRasterVerb: Verb = {
  name: 'import-raster',
  args: '<project> <file>',
  minArgs: 2,
  maxArgs: 2,
  zh: '导入栅格数据（GeoTIFF、ASCII 格网、IMG…），存入工程文件，必要时重投影',
  en: 'Import raster data (GeoTIFF, ASCII grid, IMG…) into the project file, reprojected when needed',
  options: {
    name: { type: 'string', value: '<name>', zh: '图层名', en: 'layer name' },
    'src-crs': { type: 'string', value: 'EPSG:<code>', zh: '源数据未声明时的坐标系', en: 'CRS of a source that declares none' },
    resampling: {
      type: 'string',
      value: '<method>',
      zh: '重采样方法（nearest、bilinear…；默认整数用 nearest，浮点用 bilinear）',
      en: 'resampling (nearest, bilinear…; default nearest for integers, bilinear for floats)',
    },
  },
  async run(ctx) {
    const [project, source] = ctx.args as [string, string];
    const name = str(ctx.opts, 'name');
    const srcCrs = str(ctx.opts, 'src-crs');
    const resampling = resamplingOption(str(ctx.opts, 'resampling'));
    await openProject(ctx, project, false);
    const result = await ctx.runJob('layers.importRaster', {
      path: ctx.resolvePath(source),
      ...(name !== undefined ? { name } : {}),
      ...(srcCrs !== undefined ? { srcCrs: crsCode(srcCrs) } : {}),
      ...(resampling !== undefined ? { resampling } : {}),
    });
    return { data: result, human: formatImportRaster(source, result, ctx.lang) };
  },
};

export const rasterInfoVerb: Verb = {
  name: 'raster-info',
  args: '<project> <layer>',
  minArgs: 2,
  maxArgs: 2,
  zh: '栅格图层信息：大小、像元、无数据值、统计（只读打开；图层用 ID 或名称）',
  en: 'Raster layer information: size, cell, nodata, statistics (read-only; layer by id or name)',
  options: {},
  async run(ctx) {
    const [project, wanted] = ctx.args as [string, string];
    await openProject(ctx, project, true);
    const { layers } = await ctx.client.api.layers.list({});
    const layer = layers.find((l) => String(l.id) === wanted) ?? layers.find((l) => l.name === wanted);
    if (!layer || layer.kind !== 'raster') {
      throw new GwzError('LAYER_NOT_FOUND', `没有这个栅格图层：${wanted}`, `No such raster layer: ${wanted}`, {
        layer: wanted,
        rasters: layers.filter((l) => l.kind === 'raster').map((l) => `${l.id} ${l.name}`),
      });
    }
    const info = await ctx.client.api.rasters.info({ layerId: layer.id });
    return { data: { layer, raster: info }, human: `「${layer.name}」\n${formatRasterInfo(info)}` };
  },
};

/** The raster verbs, for VERBS in verbs.ts. */
export const RASTER_VERBS: readonly Verb[] = [importRasterVerb, rasterInfoVerb];
