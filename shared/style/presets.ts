import type { LayerStyle, RasterStyle, Symbol, VectorStyle } from './model';
import { RAMPS } from './ramps';

/**
 * The domain's standard styles (docs/ux.md "Maps in the app and in documents"), with the attribute
 * values the workflows write. Colours are editable defaults: a user's change is stored in the
 * layer's style; no official palette exists (domain.md §2.6 [U]).
 */

const sym = (s: Partial<Symbol>): Symbol => ({ fill: null, fillOpacity: 1, stroke: null, ...s });

/** Values of `zone_class` in the key-zone layers (重点区 / 一般区). */
export const KEY_ZONE_CLASSES = {
  protection: { zh: '保护类区域', en: 'Protection-type area' },
  control1: { zh: '一级管控区', en: 'Control-type area, level 1' },
  control2: { zh: '二级管控区', en: 'Control-type area, level 2' },
  general: { zh: '一般区', en: 'General area' },
} as const;
export type KeyZoneClass = keyof typeof KEY_ZONE_CLASSES;

export function keyZoneStyle(field = 'zone_class'): VectorStyle {
  return {
    kind: 'vector',
    type: 'categorized',
    field,
    opacity: 1,
    other: null,
    categories: [
      {
        value: 'protection',
        label: KEY_ZONE_CLASSES.protection,
        symbol: sym({
          fill: '#cfe8f7',
          stroke: { color: '#1b7f8c', width: 0.75 },
          hatch: { pattern: 'diagonal', color: '#1b9e8f', spacing: 5, width: 0.6 },
        }),
      },
      { value: 'control1', label: KEY_ZONE_CLASSES.control1, symbol: sym({ fill: '#e31a1c', fillOpacity: 0.75, stroke: { color: '#99000d', width: 0.75 } }) },
      { value: 'control2', label: KEY_ZONE_CLASSES.control2, symbol: sym({ fill: '#fd8d3c', fillOpacity: 0.75, stroke: { color: '#b35806', width: 0.75 } }) },
      { value: 'general', label: KEY_ZONE_CLASSES.general, symbol: sym({ fill: null, stroke: { color: '#8c8c8c', width: 0.5 } }) },
    ],
  };
}

/** Values of `zone_level` in protection-zone / recharge-area layers (HJ 338). */
export const PROTECTION_LEVELS = {
  level1: { zh: '一级保护区', en: 'Protection zone, level 1' },
  level2: { zh: '二级保护区', en: 'Protection zone, level 2' },
  quasi: { zh: '准保护区', en: 'Quasi-protection zone' },
  recharge: { zh: '补给区', en: 'Recharge area' },
} as const;
export type ProtectionLevel = keyof typeof PROTECTION_LEVELS;

export function protectionZoneStyle(field = 'zone_level'): VectorStyle {
  return {
    kind: 'vector',
    type: 'categorized',
    field,
    opacity: 1,
    other: null,
    categories: [
      { value: 'level1', label: PROTECTION_LEVELS.level1, symbol: sym({ fill: '#a50f15', fillOpacity: 0.4, stroke: { color: '#67000d', width: 1.2 } }) },
      { value: 'level2', label: PROTECTION_LEVELS.level2, symbol: sym({ fill: '#fd8d3c', fillOpacity: 0.4, stroke: { color: '#d94801', width: 1 } }) },
      { value: 'quasi', label: PROTECTION_LEVELS.quasi, symbol: sym({ fill: '#ffeda0', fillOpacity: 0.5, stroke: { color: '#d9b800', width: 0.8 } }) },
      { value: 'recharge', label: PROTECTION_LEVELS.recharge, symbol: sym({ fill: '#c7e9c0', fillOpacity: 0.5, stroke: { color: '#41ab5d', width: 0.8, dash: [4, 2] } }) },
    ],
  };
}

/** Five-class index labels (脆弱性, 荷载, 功能价值): 1 = 低 … 5 = 高. */
export const FIVE_CLASSES = [
  { zh: '低', en: 'Low' },
  { zh: '较低', en: 'Moderately low' },
  { zh: '中等', en: 'Medium' },
  { zh: '较高', en: 'Moderately high' },
  { zh: '高', en: 'High' },
] as const;

/** A five-class index raster (class codes 1–5) in the green → red ramp. */
export function fiveClassRasterStyle(): RasterStyle {
  const colors = RAMPS.risk!.colors;
  return { kind: 'raster', type: 'paletted', opacity: 1, entries: FIVE_CLASSES.map((label, i) => ({ value: i + 1, color: colors[i]!, label })) };
}

/** …and as polygons classed by an integer field. */
export function fiveClassVectorStyle(field = 'class'): VectorStyle {
  const colors = RAMPS.risk!.colors;
  return {
    kind: 'vector',
    type: 'categorized',
    field,
    opacity: 1,
    other: null,
    categories: FIVE_CLASSES.map((label, i) => ({ value: i + 1, label, symbol: sym({ fill: colors[i]!, fillOpacity: 0.8, stroke: { color: '#555555', width: 0.3 } }) })),
  };
}

export const GBT14848_CLASSES = [
  { zh: 'Ⅰ类', en: 'Class I' },
  { zh: 'Ⅱ类', en: 'Class II' },
  { zh: 'Ⅲ类', en: 'Class III' },
  { zh: 'Ⅳ类', en: 'Class IV' },
  { zh: 'Ⅴ类', en: 'Class V' },
] as const;

/** Monitoring wells coloured by GB/T 14848 class (integer field 1–5). */
export function waterQualityStyle(field = 'quality_class'): VectorStyle {
  const colors = RAMPS.gbt14848!.colors;
  return {
    kind: 'vector',
    type: 'categorized',
    field,
    opacity: 1,
    other: sym({ fill: '#bdbdbd', stroke: { color: '#636363', width: 0.5 }, marker: { shape: 'circle', size: 6 } }),
    categories: GBT14848_CLASSES.map((label, i) => ({
      value: i + 1,
      label,
      symbol: sym({ fill: colors[i]!, stroke: { color: '#333333', width: 0.5 }, marker: { shape: 'circle', size: 7 } }),
    })),
  };
}

/** Every preset by name, for the style panel's "标准样式" menu. */
export const STYLE_PRESETS: Record<string, { zh: string; en: string; style: () => LayerStyle }> = {
  keyZone: { zh: '重点区 / 一般区', en: 'Key zones / general area', style: () => keyZoneStyle() },
  protectionZone: { zh: '水源保护区（一级/二级/准保护区/补给区）', en: 'Source protection zones (1/2/quasi/recharge)', style: () => protectionZoneStyle() },
  fiveClassRaster: { zh: '五级指数（栅格）', en: 'Five-class index (raster)', style: () => fiveClassRasterStyle() },
  fiveClassVector: { zh: '五级指数（面）', en: 'Five-class index (polygons)', style: () => fiveClassVectorStyle() },
  waterQuality: { zh: '地下水质量类别 Ⅰ–Ⅴ', en: 'Groundwater quality classes I–V', style: () => waterQualityStyle() },
};
