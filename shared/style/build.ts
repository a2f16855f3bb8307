import { classBreaks, type ClassMethod } from './classify';
import type { Color, LayerStyle, RasterStyle, Symbol, VectorStyle } from './model';
import { PALETTES, rampColors } from './ramps';

/**
 * Builders for the styles a person picks in the style panel (and `gwz style`): the layer's
 * default, graduated classes from values, categories from distinct values. Pure functions, so the
 * engine (which holds the values) and the renderer build exactly the same style.
 */

/** What a default depends on: the layer's kind, geometry and (rasters) value range. */
export interface StyleSubject {
  kind: 'vector' | 'raster' | 'table';
  geometryType: string | null;
  /** Rasters: band 1 statistics, when known. */
  min?: number | null;
  max?: number | null;
  /** Integer data types (class codes) get a classed look rather than a ramp. */
  integer?: boolean;
}

export type GeometryFamily = 'polygon' | 'line' | 'point';

export function geometryFamily(geometryType: string | null): GeometryFamily {
  const t = (geometryType ?? '').toUpperCase();
  if (t.includes('POINT')) return 'point';
  if (t.includes('LINE')) return 'line';
  return 'polygon';
}

/** The colour every unstyled vector layer starts in (readable over any other layer). */
export const DEFAULT_OUTLINE: Color = '#2f5f98';

export function defaultSymbol(family: GeometryFamily, color: Color = DEFAULT_OUTLINE): Symbol {
  if (family === 'point') {
    return { fill: color, fillOpacity: 0.6, stroke: { color: '#ffffff', width: 0.75 }, marker: { shape: 'circle', size: 6 } };
  }
  if (family === 'line') return { fill: null, fillOpacity: 1, stroke: { color, width: 1 } };
  return { fill: color, fillOpacity: 0.08, stroke: { color, width: 0.9 } };
}

/** A symbol of the family filled (or stroked, for lines) in `color`, as classes are drawn. */
export function classSymbol(family: GeometryFamily, color: Color): Symbol {
  if (family === 'point') return { fill: color, fillOpacity: 1, stroke: { color: '#333333', width: 0.5 }, marker: { shape: 'circle', size: 7 } };
  if (family === 'line') return { fill: null, fillOpacity: 1, stroke: { color, width: 1.5 } };
  return { fill: color, fillOpacity: 0.8, stroke: { color: '#555555', width: 0.3 } };
}

export function defaultStyle(subject: StyleSubject): LayerStyle {
  if (subject.kind === 'raster') return defaultRasterStyle(subject.min ?? 0, subject.max ?? 1);
  return { kind: 'vector', type: 'single', symbol: defaultSymbol(geometryFamily(subject.geometryType)), opacity: 1 };
}

export function defaultRasterStyle(min: number, max: number, ramp = 'terrain'): RasterStyle {
  return continuousRasterStyle(min, max === min ? min + 1 : max, ramp);
}

/** Stops evenly spaced over [min, max], one per colour of the ramp. */
export function continuousRasterStyle(min: number, max: number, ramp: string, opacity = 1): RasterStyle {
  const colors = rampColors(ramp, 5);
  const stops = colors.map((color, i) => ({ value: min + ((max - min) * i) / (colors.length - 1), color }));
  return { kind: 'raster', type: 'continuous', ramp, stops, opacity };
}

/** "12.5" — short numbers for legend labels: up to `digits` significant figures, no trailing zeros. */
export function formatBreak(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) >= 10 ** digits) return Math.round(value).toString();
  return Number(value.toPrecision(digits)).toString();
}

export function rangeLabel(min: number, max: number): { zh: string; en: string } {
  const text = `${formatBreak(min)} – ${formatBreak(max)}`;
  return { zh: text, en: text };
}

export interface GraduatedOptions {
  field: string;
  method: ClassMethod;
  classes: number;
  ramp: string;
  manualBreaks?: readonly number[];
  geometryType: string | null;
  opacity?: number;
}

/** Graduated classes for a field's values (shared/style/classify breaks, (min, max] classes). */
export function graduatedStyle(values: ArrayLike<number>, options: GraduatedOptions): VectorStyle | null {
  const breaks = classBreaks(values, options.method, options.classes, options.manualBreaks);
  return graduatedFromBreaks(breaks, options);
}

export function graduatedFromBreaks(breaks: readonly number[], options: Omit<GraduatedOptions, 'manualBreaks'>): VectorStyle | null {
  if (breaks.length < 2) return null;
  const family = geometryFamily(options.geometryType);
  const colors = rampColors(options.ramp, breaks.length - 1);
  const classes = colors.map((color, i) => ({
    min: breaks[i]!,
    max: breaks[i + 1]!,
    label: rangeLabel(breaks[i]!, breaks[i + 1]!),
    symbol: classSymbol(family, color),
  }));
  return { kind: 'vector', type: 'graduated', field: options.field, method: options.method, ramp: options.ramp, classes, opacity: options.opacity ?? 1 };
}

export interface CategoryValue {
  value: string | number | null;
  count?: number;
}

/** One category per distinct value, coloured from a qualitative palette (cycled past its length). */
export function categorizedStyle(
  values: readonly CategoryValue[],
  options: { field: string; geometryType: string | null; palette?: string; opacity?: number },
): VectorStyle {
  const family = geometryFamily(options.geometryType);
  const palette = (PALETTES[options.palette ?? 'set3'] ?? PALETTES.set3!).colors;
  const categories = values.slice(0, 500).map(({ value }, i) => {
    const text = value === null ? '(空值)' : String(value);
    return {
      value,
      label: { zh: text, en: value === null ? '(null)' : text },
      symbol: classSymbol(family, palette[i % palette.length]!),
    };
  });
  return { kind: 'vector', type: 'categorized', field: options.field, categories, other: null, opacity: options.opacity ?? 1 };
}

/** The attribute fields a style reads (to fetch only those with the features). */
export function styleFields(style: LayerStyle): string[] {
  if (style.kind !== 'vector') return [];
  const out = new Set<string>();
  if (style.type !== 'single') out.add(style.field);
  if (style.label) out.add(style.label.field);
  return [...out];
}
