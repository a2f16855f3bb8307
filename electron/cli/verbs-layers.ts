import { readFileSync } from 'node:fs';
import { GwzError, type LayerInfo } from '../../shared/api';
import { CLASS_METHODS, legendItems, LayerStyleSchema, STYLE_PRESETS, type LayerStyle } from '../../shared/style';
import { findLayer } from './schema-options';
import { table } from './text';
import { flag, openProject, str, type OptionSpec, type Verb, type VerbContext } from './verb';

/**
 * Layer tree and symbology from the command line: the same engine methods the layer panel and the
 * style panel call (layers.update / reorder / remove / classify / categories), so a script can
 * prepare a project's map exactly as a person would.
 */

async function layerByName(ctx: VerbContext, text: string): Promise<LayerInfo> {
  const { layers } = await ctx.client.api.layers.list({});
  const id = findLayer(layers, text);
  return layers.find((l) => l.id === id)!;
}

function numberOption(ctx: VerbContext, name: string, min: number, max: number): number | undefined {
  const text = str(ctx.opts, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new GwzError('BAD_REQUEST', `--${name} 应为 ${min}–${max} 之间的数值：${text}`, `--${name} must be a number from ${min} to ${max}: ${text}`);
  }
  return n;
}

/** Legend lines of a layer: what the map shows for it. */
export function formatLegend(layer: LayerInfo): string {
  const items = legendItems(layer.style, 'zh-CN');
  const lines = [`「${layer.name}」 ${layer.style.kind}/${layer.style.type}${'field' in layer.style ? ` (${layer.style.field})` : ''}`];
  for (const item of items) {
    if (item.type === 'ramp') lines.push(`  ${item.stops.map((s, i) => `${s.color} ${item.labels[i]}`).join(' → ')}`);
    else if (item.type === 'swatch') lines.push(`  ${item.color}  ${item.label}`);
    else lines.push(`  ${item.symbol.fill ?? item.symbol.stroke?.color ?? '—'}  ${item.label || '（单一符号 single symbol）'}`);
  }
  return lines.join('\n');
}

export function formatLayerTree(layers: readonly LayerInfo[]): string {
  if (layers.length === 0) return '（没有图层）(no layers)';
  return table(
    ['ID', '名称 Name', '分组 Group', '显示 Visible', '透明度 Opacity', '样式 Style'],
    layers.map((l) => [
      String(l.id),
      l.name,
      l.groupName ?? '—',
      l.visible ? '是 yes' : '否 no',
      `${Math.round(l.style.opacity * 100)}%`,
      `${l.style.type}${'field' in l.style ? `:${l.style.field}` : ''}${l.styled ? '' : ' (默认 default)'}`,
    ]),
  );
}

const layerVerb: Verb = {
  name: 'layer',
  args: '<project> <layer>',
  minArgs: 2,
  maxArgs: 2,
  zh: '修改图层：改名、显示/隐藏、透明度、分组（图层用 ID 或名称）',
  en: 'Change a layer: rename, show/hide, opacity, group (layer by id or name)',
  options: {
    rename: { type: 'string', value: '<name>', zh: '新名称', en: 'new name' },
    show: { type: 'boolean', zh: '显示', en: 'show it' },
    hide: { type: 'boolean', zh: '隐藏', en: 'hide it' },
    opacity: { type: 'string', value: '<0–1>', zh: '不透明度 0–1', en: 'opacity 0–1' },
    group: { type: 'string', value: '<group>', zh: '放入分组', en: 'put it in a group' },
    ungroup: { type: 'boolean', zh: '移出分组', en: 'take it out of its group' },
  },
  async run(ctx) {
    const [project, wanted] = ctx.args as [string, string];
    if (flag(ctx.opts, 'show') && flag(ctx.opts, 'hide')) {
      throw new GwzError('BAD_REQUEST', '--show 与 --hide 不能同时使用', '--show and --hide exclude each other');
    }
    if (str(ctx.opts, 'group') !== undefined && flag(ctx.opts, 'ungroup')) {
      throw new GwzError('BAD_REQUEST', '--group 与 --ungroup 不能同时使用', '--group and --ungroup exclude each other');
    }
    await openProject(ctx, project, false);
    const layer = await layerByName(ctx, wanted);
    const rename = str(ctx.opts, 'rename');
    const opacity = numberOption(ctx, 'opacity', 0, 1);
    const group = str(ctx.opts, 'group');
    const { layer: changed } = await ctx.client.api.layers.update({
      layerId: layer.id,
      ...(rename !== undefined ? { name: rename } : {}),
      ...(flag(ctx.opts, 'show') ? { visible: true } : flag(ctx.opts, 'hide') ? { visible: false } : {}),
      ...(opacity !== undefined ? { opacity } : {}),
      ...(group !== undefined ? { groupName: group } : flag(ctx.opts, 'ungroup') ? { groupName: null } : {}),
    });
    const { layers } = await ctx.client.api.layers.list({});
    return { data: { layer: changed }, human: formatLayerTree(layers) };
  },
};

const reorderVerb: Verb = {
  name: 'reorder',
  args: '<project> <layer…>',
  minArgs: 2,
  maxArgs: Infinity,
  zh: '调整图层顺序：列出的图层依次置顶（最先列出的在最上），其余图层保持原有顺序',
  en: 'Reorder layers: the listed ones go to the top in that order (the first on top); the rest keep their order',
  options: {},
  async run(ctx) {
    const [project, ...wanted] = ctx.args as [string, ...string[]];
    await openProject(ctx, project, false);
    const { layers } = await ctx.client.api.layers.list({});
    const top = wanted.map((w) => findLayer(layers, w));
    if (new Set(top).size !== top.length) throw new GwzError('BAD_REQUEST', '同一图层列出了两次', 'A layer is listed twice', { layers: wanted });
    const rest = layers.map((l) => l.id).filter((id) => !top.includes(id));
    const result = await ctx.client.api.layers.reorder({ layerIds: [...top, ...rest] });
    return { data: result, human: formatLayerTree(result.layers) };
  },
};

const removeVerb: Verb = {
  name: 'remove-layer',
  args: '<project> <layer>',
  minArgs: 2,
  maxArgs: 2,
  zh: '从工程中删除图层及其数据（不可撤销，须加 --yes 确认）',
  en: 'Remove a layer and its data from the project (cannot be undone; confirm with --yes)',
  options: { yes: { type: 'boolean', short: 'y', zh: '确认删除', en: 'confirm the removal' } },
  async run(ctx) {
    const [project, wanted] = ctx.args as [string, string];
    if (!flag(ctx.opts, 'yes')) {
      throw new GwzError('BAD_REQUEST', `删除图层「${wanted}」不可撤销；确认请加 --yes`, `Removing layer "${wanted}" cannot be undone; add --yes to confirm`, { layer: wanted });
    }
    await openProject(ctx, project, false);
    const layer = await layerByName(ctx, wanted);
    const result = await ctx.client.api.layers.remove({ layerId: layer.id });
    return { data: result, human: `已删除图层 Removed the layer: ${result.removed.id} 「${result.removed.name}」` };
  },
};

const styleOptions: Record<string, OptionSpec> = {
  preset: { type: 'string', value: '<name>', zh: `标准样式：${Object.keys(STYLE_PRESETS).join('、')}`, en: `standard style: ${Object.keys(STYLE_PRESETS).join(', ')}` },
  file: { type: 'string', value: '<style.json>', zh: '样式 JSON 文件（shared/style 模型）', en: 'style JSON file (the shared/style model)' },
  graduated: { type: 'string', value: '<field>', zh: '按数值字段分级', en: 'graduated by a numeric field' },
  method: { type: 'string', value: CLASS_METHODS.join('|'), zh: '分级方法（默认 jenks 自然断点）', en: 'classification method (default jenks, natural breaks)' },
  classes: { type: 'string', value: '<n>', zh: '级数（默认 5）', en: 'number of classes (default 5)' },
  ramp: { type: 'string', value: '<ramp>', zh: '色带（默认 ylorrd）', en: 'colour ramp (default ylorrd)' },
  breaks: { type: 'string', value: '<b0,b1,…>', zh: '手动断点（含最小、最大值）', en: 'manual breaks (with the minimum and maximum)' },
  categorized: { type: 'string', value: '<field>', zh: '按字段唯一值分类', en: 'categorized by the unique values of a field' },
  palette: { type: 'string', value: '<palette>', zh: '分类配色（默认 set3）', en: 'category palette (default set3)' },
  label: { type: 'string', value: '<field>', zh: '按字段标注', en: 'label by a field' },
  'label-size': { type: 'string', value: '<pt>', zh: '标注字号（磅，默认 9）', en: 'label size (pt, default 9)' },
  reset: { type: 'boolean', zh: '恢复默认样式', en: 'back to the default style' },
};

async function chosenStyle(ctx: VerbContext, layer: LayerInfo): Promise<LayerStyle | null> {
  const preset = str(ctx.opts, 'preset');
  const file = str(ctx.opts, 'file');
  const graduated = str(ctx.opts, 'graduated');
  const categorized = str(ctx.opts, 'categorized');
  const chosen = [preset, file, graduated, categorized].filter((x) => x !== undefined).length + (flag(ctx.opts, 'reset') ? 1 : 0);
  if (chosen > 1) {
    throw new GwzError('BAD_REQUEST', '--preset、--file、--graduated、--categorized、--reset 只能选一个', 'Choose one of --preset, --file, --graduated, --categorized, --reset');
  }
  if (flag(ctx.opts, 'reset')) return null;
  if (preset !== undefined) {
    const p = STYLE_PRESETS[preset];
    if (!p) throw new GwzError('BAD_REQUEST', `没有这个标准样式：${preset}`, `No such standard style: ${preset}`, { presets: Object.keys(STYLE_PRESETS) });
    return p.style();
  }
  if (file !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(ctx.resolvePath(file), 'utf8'));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new GwzError('BAD_INPUT', `样式文件无法读取：${why}`, `Cannot read the style file: ${why}`, { file });
    }
    const parsed = LayerStyleSchema.safeParse(json);
    if (!parsed.success) {
      throw new GwzError('BAD_INPUT', '样式文件不符合样式模型', 'The style file does not follow the style model', { issues: parsed.error.issues });
    }
    return parsed.data;
  }
  if (graduated !== undefined) {
    const method = str(ctx.opts, 'method') ?? 'jenks';
    if (!(CLASS_METHODS as readonly string[]).includes(method)) {
      throw new GwzError('BAD_REQUEST', `--method 应为：${CLASS_METHODS.join('、')}`, `--method must be one of: ${CLASS_METHODS.join(', ')}`);
    }
    const breaksText = str(ctx.opts, 'breaks');
    const breaks = breaksText?.split(',').map(Number);
    if (breaks?.some((b) => !Number.isFinite(b))) throw new GwzError('BAD_REQUEST', `--breaks 应为逗号分隔的数值：${breaksText}`, `--breaks must be numbers separated by commas: ${breaksText}`);
    const classes = numberOption(ctx, 'classes', 1, 64);
    const ramp = str(ctx.opts, 'ramp');
    const { style } = await ctx.client.api.layers.classify({
      layerId: layer.id,
      field: graduated,
      method: method as (typeof CLASS_METHODS)[number],
      ...(classes !== undefined ? { classes: Math.round(classes) } : {}),
      ...(ramp !== undefined ? { ramp } : {}),
      ...(breaks ? { breaks } : {}),
    });
    return style;
  }
  if (categorized !== undefined) {
    const palette = str(ctx.opts, 'palette');
    const { style } = await ctx.client.api.layers.categories({ layerId: layer.id, field: categorized, ...(palette !== undefined ? { palette } : {}) });
    return style;
  }
  return layer.style;
}

const styleVerb: Verb = {
  name: 'style',
  args: '<project> <layer>',
  minArgs: 2,
  maxArgs: 2,
  zh: '设置图层样式：标准样式、样式文件、分级（等间距/分位数/自然断点/手动）、分类、标注；输出图例',
  en: 'Style a layer: a standard style, a style file, graduated (equal/quantile/natural breaks/manual), categorized, labels; prints the legend',
  options: styleOptions,
  async run(ctx) {
    const [project, wanted] = ctx.args as [string, string];
    await openProject(ctx, project, false);
    const layer = await layerByName(ctx, wanted);
    let style = await chosenStyle(ctx, layer);
    const label = str(ctx.opts, 'label');
    const labelSize = numberOption(ctx, 'label-size', 1, 72);
    if (label !== undefined || labelSize !== undefined) {
      const base = style ?? layer.style;
      if (base.kind !== 'vector') throw new GwzError('BAD_REQUEST', '栅格图层不能标注', 'Raster layers take no labels');
      const field = label ?? base.label?.field;
      if (!field) throw new GwzError('BAD_REQUEST', '--label-size 需要 --label <字段>', '--label-size needs --label <field>');
      style = { ...base, label: { color: '#222222', halo: { color: '#ffffff', width: 1.5 }, placement: 'point', allowOverlap: false, ...base.label, field, size: labelSize ?? base.label?.size ?? 9 } };
    }
    const { layer: changed } = await ctx.client.api.layers.update({ layerId: layer.id, style });
    return { data: { layer: changed }, human: formatLegend(changed) };
  },
};

/** The layer tree and style verbs, for VERBS in verbs.ts. */
export const LAYER_VERBS: readonly Verb[] = [layerVerb, reorderVerb, removeVerb, styleVerb];
