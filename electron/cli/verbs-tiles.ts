import { GwzError, type TileReport } from '../../shared/api';
import { findLayer } from './schema-options';
import { fields } from './text';
import { openProject, str, type Verb } from './verb';

/**
 * `gwz tile`: one vector tile of a layer, built exactly as the map reads it (tiles.inspect), with its
 * feature count and size — to see what a zoom level costs, or to write the .pbf for another tool.
 */

function tileNumber(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new GwzError('BAD_REQUEST', `${name} 应为非负整数：${text}`, `${name} must be a non-negative integer: ${text}`, { [name]: text });
  return n;
}

export function formatTile(layerName: string, r: TileReport): string {
  const box = r.bbox.map((n) => Number(n.toFixed(3))).join(', ');
  return fields([
    ['图层 Layer:', `${r.layerId} 「${layerName}」`],
    ['瓦片 Tile:', `${r.z}/${r.x}/${r.y} (${r.tiles.tileSize} px, 最大级别 max zoom ${r.tiles.maxZoom})`],
    ['范围 Bbox:', box],
    ['要素 Features:', String(r.features)],
    ['大小 Bytes:', `${r.bytes} (${(r.bytes / 1024).toFixed(1)} KiB)`],
    ...(r.written ? ([['写出 Written:', r.written]] as [string, string][]) : []),
  ]);
}

export const tileVerb: Verb = {
  name: 'tile',
  args: '<project> <layer> <z> <x> <y>',
  minArgs: 5,
  maxArgs: 5,
  zh: '生成矢量图层的一个矢量瓦片（MVT，与地图读取的相同），显示要素数和字节数；--out 写出 .pbf（只读打开）',
  en: 'Build one vector tile (MVT, the same the map reads) of a layer and show its features and bytes; --out writes the .pbf (read-only)',
  options: {
    out: { type: 'string', value: '<file.pbf>', zh: '写出瓦片文件', en: 'write the tile to this file' },
    fields: { type: 'string', value: '<a,b>', zh: '只带这些字段（默认全部）', en: 'only these fields (default all)' },
  },
  async run(ctx) {
    const [project, layerText, z, x, y] = ctx.args as [string, string, string, string, string];
    await openProject(ctx, project, true);
    const { layers } = await ctx.client.api.layers.list({});
    const layerId = findLayer(layers, layerText);
    const out = str(ctx.opts, 'out');
    const fieldList = str(ctx.opts, 'fields');
    const report = await ctx.client.api.tiles.inspect({
      layerId,
      z: tileNumber('z', z),
      x: tileNumber('x', x),
      y: tileNumber('y', y),
      ...(fieldList !== undefined ? { fields: fieldList.split(',').filter(Boolean) } : {}),
      ...(out !== undefined ? { out: ctx.resolvePath(out) } : {}),
    });
    const name = layers.find((l) => l.id === layerId)?.name ?? String(layerId);
    return { data: report, human: formatTile(name, report) };
  },
};

export const TILE_VERBS: readonly Verb[] = [tileVerb];
