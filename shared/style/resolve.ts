import type { Color, LayerStyle, LegendText, RasterStyle, Symbol, VectorStyle } from './model';
import { mixColor } from './ramps';

/**
 * Reading a style: which symbol a feature gets, what colour a raster value gets, and what the legend
 * lists. The print layouts (electron/engine/layout), the KML/DXF exports and the legend all use these,
 * so a feature has one colour everywhere.
 */

export type GeometryKind = 'polygon' | 'line' | 'point';

export function geometryKindOf(geometryType: string | null): GeometryKind {
  const t = (geometryType ?? '').toUpperCase();
  if (t.includes('POINT')) return 'point';
  if (t.includes('LINE')) return 'line';
  return 'polygon';
}

/** Distinct colours for unstyled layers, in the order layers are drawn (readable over each other). */
const DEFAULT_COLORS: Color[] = ['#2f5f98', '#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#a6761d', '#e6ab02'];

/** What an unstyled layer looks like in print: thin outline + light fill, lines, small points. */
export function defaultVectorStyle(geometryType: string | null, index: number, title?: LegendText): VectorStyle {
  const color = DEFAULT_COLORS[index % DEFAULT_COLORS.length]!;
  const kind = geometryKindOf(geometryType);
  const symbol: Symbol =
    kind === 'polygon'
      ? { fill: color, fillOpacity: 0.12, stroke: { color, width: 0.6 } }
      : kind === 'line'
        ? { fill: null, fillOpacity: 1, stroke: { color, width: 0.8 } }
        : { fill: color, fillOpacity: 1, stroke: { color: '#ffffff', width: 0.4 }, marker: { shape: 'circle', size: 4 } };
  return { kind: 'vector', type: 'single', symbol, opacity: 1, ...(title ? { title } : {}) };
}

function sameValue(a: unknown, b: string | number | null): boolean {
  if (b === null) return a === null || a === undefined;
  if (a === null || a === undefined) return false;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return String(a) === String(b);
}

/** The symbol of one feature (null: not drawn), given a way to read its attributes. */
export function symbolFor(style: VectorStyle, valueOf: (field: string) => unknown): Symbol | null {
  switch (style.type) {
    case 'single':
      return style.symbol;
    case 'categorized': {
      const v = valueOf(style.field);
      const hit = style.categories.find((c) => sameValue(v, c.value));
      return hit ? hit.symbol : style.other;
    }
    case 'graduated': {
      const raw = valueOf(style.field);
      const v = typeof raw === 'number' ? raw : raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
      if (!Number.isFinite(v)) return null;
      const first = style.classes[0]!;
      // (min, max]; the first class also holds its min (shared/style/classify)
      const hit = style.classes.find((c) => v > c.min && v <= c.max) ?? (v === first.min ? first : undefined);
      return hit ? hit.symbol : null;
    }
  }
}

/** The fields a vector style reads (for SELECTs). */
export function styleFields(style: VectorStyle): string[] {
  const out = style.type === 'single' ? [] : [style.field];
  if (style.label) out.push(style.label.field);
  return out;
}

const hexRgba = (c: Color): [number, number, number, number] => {
  const v = c.slice(1);
  return [parseInt(v.slice(0, 2), 16), parseInt(v.slice(2, 4), 16), parseInt(v.slice(4, 6), 16), v.length === 8 ? parseInt(v.slice(6, 8), 16) : 255];
};

/**
 * A raster value's colour as RGBA bytes (alpha 0 for nodata and values no class covers), the style's
 * opacity applied. Continuous ramps interpolate between stops and clamp at the ends.
 */
export function rasterColorFor(style: RasterStyle, value: number): [number, number, number, number] {
  const none: [number, number, number, number] = [0, 0, 0, 0];
  if (!Number.isFinite(value)) return none;
  let color: Color | null = null;
  if (style.type === 'continuous') {
    const stops = style.stops;
    if (value <= stops[0]!.value) color = stops[0]!.color;
    else if (value >= stops[stops.length - 1]!.value) color = stops[stops.length - 1]!.color;
    else {
      const i = stops.findIndex((s) => s.value >= value);
      const a = stops[i - 1]!;
      const b = stops[i]!;
      color = mixColor(a.color, b.color, (value - a.value) / (b.value - a.value || 1));
    }
  } else if (style.type === 'classed') {
    const first = style.classes[0]!;
    const hit = style.classes.find((c) => value > c.min && value <= c.max) ?? (value === first.min ? first : undefined);
    color = hit ? hit.color : null;
  } else {
    color = style.entries.find((e) => e.value === value)?.color ?? null;
  }
  if (!color) return none;
  const [r, g, b, a] = hexRgba(color);
  return [r, g, b, Math.round(a * style.opacity)];
}

/** A grey-scale stretch for rasters without a style (min → dark, max → light), as a continuous style. */
export function defaultRasterStyle(min: number, max: number): RasterStyle {
  const hi = max > min ? max : min + 1;
  return {
    kind: 'raster',
    type: 'continuous',
    ramp: 'terrain',
    stops: [
      { value: min, color: '#1a7a3a' },
      { value: min + (hi - min) * 0.25, color: '#8cc157' },
      { value: min + (hi - min) * 0.5, color: '#f2e394' },
      { value: min + (hi - min) * 0.75, color: '#c9a26b' },
      { value: hi, color: '#f5f5f5' },
    ],
    opacity: 1,
  };
}

export type LegendItem =
  | { kind: 'symbol'; label: LegendText; symbol: Symbol; geometry: GeometryKind }
  | { kind: 'ramp'; stops: { value: number; color: Color }[] };

/** The legend of a layer: its classes in order, or a ramp with ticks for continuous rasters. */
export function legendItems(style: LayerStyle, geometry: GeometryKind, layerName: string): LegendItem[] {
  if (style.kind === 'raster') {
    if (style.type === 'continuous') return [{ kind: 'ramp', stops: style.stops }];
    const entries = style.type === 'classed' ? style.classes : style.entries;
    return entries.map((e) => ({ kind: 'symbol', geometry: 'polygon', label: e.label, symbol: { fill: e.color, fillOpacity: 1, stroke: null } }));
  }
  switch (style.type) {
    case 'single':
      return [{ kind: 'symbol', geometry, label: style.title ?? { zh: layerName }, symbol: style.symbol }];
    case 'categorized':
      return style.categories.map((c) => ({ kind: 'symbol', geometry, label: c.label, symbol: c.symbol }));
    case 'graduated':
      return style.classes.map((c) => ({ kind: 'symbol', geometry, label: c.label, symbol: c.symbol }));
  }
}

/** The colour a legend swatch shows most (fill, else stroke), as #rrggbb. */
export function mainColor(symbol: Symbol): Color | null {
  const c = symbol.fill ?? symbol.stroke?.color ?? null;
  return c ? (c.slice(0, 7) as Color) : null;
}
