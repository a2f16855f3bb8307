import { readFileSync } from 'node:fs';
import {
  GwzError,
  METHOD_LABELS,
  type CombineRequest,
  type LayerInfo,
  type RechargeRequestInput,
  type RechargeResult,
  type RechargeSourceInput,
} from '../../shared/api';
import { PROTECTION_LEVELS } from '../../shared/style/presets';
import type { Lang } from './lang';
import { findLayer, parseJson } from './schema-options';
import { table } from './text';
import { openProject, str, type Verb, type VerbContext } from './verb';

/**
 * `gwz recharge <project> --config recharge.json`: the wizard's steps from one file. Layers are named
 * by name or id; the sources come from a point layer (with per-source overrides of the measured
 * parameters) or are listed in full; `combine` runs the final step.
 */
type LayerRef = string | number;

interface RechargeConfig {
  sources: { layer: LayerRef; nameField?: string; qField?: string; populationField?: string; aquiferField?: string; overrides?: Record<string, Partial<RechargeSourceInput>> } | RechargeSourceInput[];
  methods: RechargeRequestInput['methods'];
  parameters?: RechargeRequestInput['parameters'];
  dem?: { layer: LayerRef; snapRadius?: number };
  head?: LayerRef;
  boundary?: { layer?: LayerRef; polygon?: [number, number][]; segmentTypes?: string[]; reason?: string };
  clip?: { layer?: LayerRef; polygon?: [number, number][] };
  screen?: LayerRef[];
  outputPrefix?: string;
  notes?: string;
  combine?: { choices: CombineRequest['choices']; rationale: string; outputName?: string };
}

const CONFIG_KEYS = ['sources', 'methods', 'parameters', 'dem', 'head', 'boundary', 'clip', 'screen', 'outputPrefix', 'notes', 'combine'];

function readConfig(ctx: VerbContext, file: string): RechargeConfig {
  let text: string;
  try {
    text = readFileSync(ctx.resolvePath(file), 'utf8');
  } catch {
    throw new GwzError('FILE_NOT_FOUND', `找不到配置文件：${file}`, `Config file not found: ${file}`, { path: file });
  }
  const config = parseJson('config', text.replace(/^\uFEFF/, ''));
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new GwzError('BAD_REQUEST', '配置文件应为 JSON 对象', 'The config file must be a JSON object');
  }
  const unknown = Object.keys(config).filter((k) => !CONFIG_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new GwzError('BAD_REQUEST', `配置文件中有未知的项：${unknown.join(', ')}`, `Unknown keys in the config file: ${unknown.join(', ')}`, { unknown, known: CONFIG_KEYS });
  }
  const c = config as Partial<RechargeConfig>;
  if (!c.sources || !c.methods) throw new GwzError('BAD_REQUEST', '配置文件需要 sources 和 methods', 'The config file needs sources and methods');
  return c as RechargeConfig;
}

async function buildRequest(ctx: VerbContext, c: RechargeConfig, layers: LayerInfo[]): Promise<RechargeRequestInput> {
  const layer = (ref: LayerRef) => findLayer(layers, String(ref));
  let sources: RechargeSourceInput[];
  let sourceLayerId: number | undefined;
  if (Array.isArray(c.sources)) {
    sources = c.sources;
  } else {
    const s = c.sources;
    sourceLayerId = layer(s.layer);
    const { sources: drafts } = await ctx.client.api.recharge.readSources({
      layerId: sourceLayerId,
      ...(s.nameField ? { nameField: s.nameField } : {}),
      ...(s.qField ? { qField: s.qField } : {}),
      ...(s.populationField ? { populationField: s.populationField } : {}),
      ...(s.aquiferField ? { aquiferField: s.aquiferField } : {}),
    });
    const names = new Set(drafts.map((d) => d.name));
    const stray = Object.keys(s.overrides ?? {}).filter((n) => !names.has(n));
    if (stray.length > 0) {
      throw new GwzError('BAD_INPUT', `overrides 中的水源不在图层中：${stray.join('、')}`, `Sources in overrides are not in the layer: ${stray.join(', ')}`, { stray, sources: [...names] });
    }
    sources = drafts.map(({ fid: _f, defaulted: _d, thousandTon: _t, scale: _s, ...d }) => ({ ...d, ...(s.overrides?.[d.name] ?? {}) }));
  }
  return {
    sources,
    ...(sourceLayerId !== undefined ? { sourceLayerId } : {}),
    methods: c.methods,
    ...(c.parameters ? { parameters: c.parameters } : {}),
    ...(c.dem ? { dem: { demLayerId: layer(c.dem.layer), ...(c.dem.snapRadius !== undefined ? { snapRadius: c.dem.snapRadius } : {}) } } : {}),
    ...(c.head !== undefined ? { headLayerId: layer(c.head) } : {}),
    ...(c.boundary
      ? {
          boundary: {
            ...(c.boundary.layer !== undefined ? { layerId: layer(c.boundary.layer) } : {}),
            ...(c.boundary.polygon ? { polygon: c.boundary.polygon } : {}),
            ...(c.boundary.segmentTypes ? { segmentTypes: c.boundary.segmentTypes as never } : {}),
            ...(c.boundary.reason !== undefined ? { reason: c.boundary.reason } : {}),
          },
        }
      : {}),
    ...(c.clip ? { clip: { ...(c.clip.layer !== undefined ? { layerId: layer(c.clip.layer) } : {}), ...(c.clip.polygon ? { polygon: c.clip.polygon } : {}) } } : {}),
    ...(c.screen ? { screenLayerIds: c.screen.map(layer) } : {}),
    ...(c.outputPrefix ? { outputPrefix: c.outputPrefix } : {}),
    ...(c.notes ? { notes: c.notes } : {}),
  };
}

const fmt = (v: number | null, digits = 1) => (v === null ? '' : v.toFixed(digits));

export function formatRecharge(r: RechargeResult, lang: Lang): string {
  const en = lang === 'en';
  const zones = table(
    ['水源 Source', '方法 Method', '分区 Zone', '面积 km²', '半径 m', '时间 d', '上游 m', '下游 m', '裁剪 Clipped'],
    r.zones.map((z) => [
      z.source,
      en ? METHOD_LABELS[z.method].en : METHOD_LABELS[z.method].zh,
      en ? PROTECTION_LEVELS[z.level].en : PROTECTION_LEVELS[z.level].zh,
      z.areaKm2.toFixed(4),
      fmt(z.radiusM),
      fmt(z.days, 0),
      fmt(z.upgradientM),
      fmt(z.downgradientM),
      z.clipped ? '是 yes' : '',
    ]),
  );
  const capture = r.capture.length
    ? `\n\n${table(
        ['水源 Source', '驻点 x_s m', '捕获宽度 Q/(Kbi) m', '井处宽度 m', '实际流速 m/d'],
        r.capture.map((c) => [c.source, c.stagnationM.toFixed(1), c.captureWidthM.toFixed(1), c.widthAtWellM.toFixed(1), c.velocity.toPrecision(4)]),
      )}`
    : '';
  const hits = r.screening.length ? `\n\n${en ? 'Pollution sources inside zones' : '分区内风险源'}: ${r.screening.length}` : '';
  const layers = r.layers.map((l) => `  → 「${l.name}」 ${l.kind}${l.kind === 'vector' ? ` ${l.featureCount}` : ''} (id ${l.id})`).join('\n');
  const warnings = r.warnings.map((w) => `  ! ${en ? w.message_en : w.message_zh}`).join('\n');
  return `${en ? 'Run' : '运行'} #${r.runId} (${r.seconds.toFixed(1)} s)\n${layers}${warnings ? `\n${warnings}` : ''}\n\n${zones}${capture}${hits}`;
}

export const rechargeVerb: Verb = {
  name: 'recharge',
  args: '<project>',
  minArgs: 1,
  maxArgs: 1,
  zh: '水源保护区与补给区划分（经验值、经验公式、解析捕获区、DEM 汇水区、水文地质边界；可综合确定），参数取自配置文件',
  en: 'Source protection zones and recharge areas (empirical, formula, analytical capture zone, DEM catchment, boundary; optional combination), from a config file',
  options: {
    config: { type: 'string', value: '<recharge.json>', required: true, zh: '配置文件（JSON）', en: 'config file (JSON)' },
  },
  moreHelp: (lang) =>
    lang === 'en'
      ? 'Config: {"sources": {"layer": "<name>", "overrides": {"<source>": {"K": 20, "azimuth": 45}}}, "methods": ["empirical","formula","analytical","dem","boundary"], "dem": {"layer": "<DEM>"}, "clip": {"layer": "<units>"}, "screen": ["<pollution sources>"], "combine": {"choices": [...], "rationale": "…"}}'
      : '配置示例：{"sources": {"layer": "<水源图层>", "overrides": {"<水源名>": {"K": 20, "azimuth": 45}}}, "methods": ["empirical","formula","analytical","dem","boundary"], "dem": {"layer": "<DEM>"}, "clip": {"layer": "<水文地质分区>"}, "screen": ["<污染源>"], "combine": {"choices": [...], "rationale": "…"}}',
  async run(ctx) {
    const config = readConfig(ctx, str(ctx.opts, 'config')!);
    await openProject(ctx, ctx.args[0]!, false);
    const { layers } = await ctx.client.api.layers.list({});
    const request = await buildRequest(ctx, config, layers);
    const result = await ctx.runJob('recharge.delineate', request);
    let human = formatRecharge(result, ctx.lang);
    let combined = null;
    if (config.combine) {
      combined = await ctx.runJob('recharge.combine', { runId: result.runId, ...config.combine });
      human += `\n\n${ctx.lang === 'en' ? 'Combined' : '综合确定'} #${combined.runId}\n${table(
        ['水源 Source', '分区 Zone', '方法 Method', '面积 km²'],
        combined.zones.map((z) => [z.source, ctx.lang === 'en' ? PROTECTION_LEVELS[z.level].en : PROTECTION_LEVELS[z.level].zh, z.method, z.areaKm2.toFixed(4)]),
      )}`;
    }
    return { data: { delineation: result, combined }, human };
  },
};

export const RECHARGE_VERBS: readonly Verb[] = [rechargeVerb];
