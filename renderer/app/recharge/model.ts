import type { LayerInfo } from '../../../shared/api/layers';
import type { RechargeMethod, RechargeParameters, RechargeRequestInput, RechargeSourceDraft, RechargeSourceInput } from '../../../shared/api/recharge';
import { isThousandTonTenThousandPeople, sourceScale } from '../../../shared/domain/recharge/hj338';
import { currentLang } from '../../i18n';

/** The wizard's editable state; `toRequest` turns it into the contract's request. */
export interface SourceRow extends RechargeSourceInput {
  key: string;
  /** Parameters still at their type defaults (badged 待核实). */
  defaulted: string[];
  thousandTon: boolean;
  scale: RechargeSourceDraft['scale'];
}

export interface WizardConfig {
  sourceLayerId: number | null;
  sources: SourceRow[];
  methods: RechargeMethod[];
  parameters: RechargeParameters | null;
  demLayerId: number | null;
  headLayerId: number | null;
  boundaryLayerId: number | null;
  drawn: [number, number][] | null;
  segmentTypes: ('divide' | 'river' | 'contact' | 'impermeable' | 'other')[];
  boundaryReason: string;
  clipLayerId: number | null;
  clipWithDrawn: boolean;
  screenLayerIds: number[];
}

export const bi = (l: { zh: string; en: string }): string => (currentLang() === 'en' ? l.en : l.zh);

/** How recharge.readSources marks a parameter it filled from the type defaults (engine: workflows/recharge/sources.ts). */
export const DEFAULT_NOTE = '类型缺省值';

/** A source from a saved request: the parameters still carrying the default note are still defaults. */
export function rowFromSaved(s: RechargeSourceInput, i: number): SourceRow {
  const defaulted = Object.entries(s.provenance ?? {})
    .filter(([, v]) => v.startsWith(DEFAULT_NOTE))
    .map(([k]) => k);
  return {
    ...s,
    key: `${i}-${s.name}`,
    defaulted,
    thousandTon: isThousandTonTenThousandPeople(s.Q, s.population ?? null),
    scale: sourceScale(s.Q),
  };
}

export function rowFromDraft(d: RechargeSourceDraft): SourceRow {
  const { fid, defaulted, thousandTon, scale, ...rest } = d;
  return { ...rest, key: `${fid}-${d.name}`, defaulted, thousandTon, scale };
}

const geometryOf = (l: LayerInfo) => (l.geometryType ?? '').toUpperCase();
export const pointLayers = (layers: LayerInfo[]) => layers.filter((l) => l.kind === 'vector' && geometryOf(l).includes('POINT'));
export const polygonLayers = (layers: LayerInfo[]) => layers.filter((l) => l.kind === 'vector' && geometryOf(l).includes('POLYGON'));
export const rasterLayers = (layers: LayerInfo[]) => layers.filter((l) => l.kind === 'raster');
export const vectorLayers = (layers: LayerInfo[]) => layers.filter((l) => l.kind === 'vector');

/** Sensible first choices on a typical project (the demo's names included). */
export function guessConfig(layers: LayerInfo[]): Partial<WizardConfig> {
  const byName = (list: LayerInfo[], re: RegExp) => list.find((l) => re.test(l.name))?.id ?? null;
  const points = pointLayers(layers);
  return {
    sourceLayerId: byName(points, /水源/) ?? points[0]?.id ?? null,
    demLayerId: byName(rasterLayers(layers), /高程|DEM/i) ?? rasterLayers(layers)[0]?.id ?? null,
    clipLayerId: byName(polygonLayers(layers), /水文地质/),
    screenLayerIds: vectorLayers(layers)
      .filter((l) => /污染源|工业园区|加油站|填埋/.test(l.name))
      .map((l) => l.id),
  };
}

export function toRequest(c: WizardConfig): RechargeRequestInput {
  const drawn = c.drawn && c.drawn.length >= 4 ? c.drawn : null;
  return {
    sources: c.sources.map(({ key: _k, defaulted: _d, thousandTon: _t, scale: _s, ...s }) => s),
    ...(c.sourceLayerId !== null ? { sourceLayerId: c.sourceLayerId } : {}),
    methods: c.methods,
    ...(c.parameters ? { parameters: c.parameters } : {}),
    ...(c.methods.includes('dem') && c.demLayerId !== null ? { dem: { demLayerId: c.demLayerId } } : {}),
    ...(c.headLayerId !== null ? { headLayerId: c.headLayerId } : {}),
    ...(c.methods.includes('boundary')
      ? {
          boundary: {
            ...(drawn ? { polygon: drawn } : {}),
            ...(c.boundaryLayerId !== null ? { layerId: c.boundaryLayerId } : {}),
            segmentTypes: c.segmentTypes,
            reason: c.boundaryReason,
          },
        }
      : {}),
    ...(c.clipLayerId !== null || (c.clipWithDrawn && drawn)
      ? { clip: { ...(c.clipLayerId !== null ? { layerId: c.clipLayerId } : {}), ...(c.clipWithDrawn && drawn ? { polygon: drawn } : {}) } }
      : {}),
    screenLayerIds: c.screenLayerIds,
  };
}
