import type { Color, RasterStyle, Symbol, VectorStyle } from './model';
import { mixColor } from './ramps';

/**
 * Reading a style feature by feature: which symbol a feature gets, what colour a raster value gets.
 * The print layouts (electron/engine/layout) and the KML/DXF exports use these; defaults, fields and
 * legend items come from ./build and ./legend, as on the map, so a feature has one colour everywhere.
 */

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

/** The colour a legend swatch shows most (fill, else stroke), as #rrggbb. */
export function mainColor(symbol: Symbol): Color | null {
  const c = symbol.fill ?? symbol.stroke?.color ?? null;
  return c ? (c.slice(0, 7) as Color) : null;
}
