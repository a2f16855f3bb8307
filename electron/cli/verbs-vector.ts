import { formatPreview } from './format';
import { crsCode, flag, str, type Verb } from './verb';

/** Needs the engine only: people look at a file before they choose (or create) a project for it. */
export const previewVerb: Verb = {
  name: 'preview',
  args: '<data>',
  minArgs: 1,
  maxArgs: 1,
  zh: '预览数据源：图层、字段、编码与前 10 行、坐标系问题（无需工程）',
  en: 'Preview a data source: layers, fields, encoding with the first 10 rows, CRS issues (no project needed)',
  options: {
    encoding: { type: 'string', value: '<enc>', zh: 'DBF 文字编码，如 GBK、UTF-8', en: 'DBF text encoding, e.g. GBK, UTF-8' },
    layer: { type: 'string', value: '<layer>', zh: '多图层数据源中的图层', en: 'layer inside a multi-layer source' },
    'src-crs': { type: 'string', value: 'EPSG:<code>', zh: '拟指定的源坐标系（检查坐标是否相符）', en: 'source CRS you intend to give (checked against the coordinates)' },
    'swap-axes': { type: 'boolean', zh: '按交换 X/Y 后检查', en: 'check as if X and Y were swapped' },
  },
  async run(ctx) {
    const encoding = str(ctx.opts, 'encoding');
    const sourceLayer = str(ctx.opts, 'layer');
    const srcCrs = str(ctx.opts, 'src-crs');
    const result = await ctx.client.api.layers.previewSource({
      path: ctx.resolvePath(ctx.args[0]!),
      ...(encoding !== undefined ? { encoding } : {}),
      ...(sourceLayer !== undefined ? { sourceLayer } : {}),
      ...(srcCrs !== undefined ? { srcCrs: crsCode(srcCrs) } : {}),
      ...(flag(ctx.opts, 'swap-axes') ? { swapAxes: true } : {}),
    });
    return { data: result, human: formatPreview(result, ctx.lang) };
  },
};
