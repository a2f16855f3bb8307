import type { FeatureLike } from 'ol/Feature';
import type { FlatStyle } from 'ol/style/flat';
import { Circle as CircleStyle, Fill, RegularShape, Stroke, Style, Text } from 'ol/style';
import type { StyleFunction } from 'ol/style/Style';
import type { Color, Hatch, Label, RasterStyle, Symbol, VectorStyle } from '../../shared/style';
import { geometryFamily, rgba, type GeometryFamily } from '../../shared/style';

/**
 * shared/style → OpenLayers. Sizes in the model are points; the screen is 96 dpi, so 1 pt = 4/3 px.
 * Canvas layers get a style function with one cached Style per class (classes decided by the same
 * rules as shared/style/classify: (min, max], the first class also its min); WebGL layers get a flat
 * style whose colours are expressions evaluated on the GPU.
 */
export const PT = 96 / 72;

/** CJK-capable fonts first: Windows (微软雅黑), macOS (苹方), Linux (Noto / 文泉驿). */
export const LABEL_FONT_FAMILY = '"Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

function cssColor(color: Color, opacity = 1): string {
  const [r, g, b, a] = rgba(color);
  return `rgba(${r}, ${g}, ${b}, ${+(a * opacity).toFixed(3)})`;
}

function glColor(color: Color | null | undefined, opacity = 1): [number, number, number, number] {
  if (!color) return [0, 0, 0, 0];
  const [r, g, b, a] = rgba(color);
  return [r, g, b, a * opacity];
}

const patternCache = new Map<string, CanvasPattern | string>();

/** A hatch as a repeating canvas pattern (lines `spacing` pt apart) drawn over the fill. */
export function hatchPattern(hatch: Hatch): CanvasPattern | string {
  const key = JSON.stringify(hatch);
  const cached = patternCache.get(key);
  if (cached) return cached;
  const size = Math.max(4, Math.round(hatch.spacing * PT));
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return cssColor(hatch.color, 0.5);
  ctx.strokeStyle = hatch.color;
  ctx.fillStyle = hatch.color;
  ctx.lineWidth = Math.max(0.5, hatch.width * PT);
  const line = (x0: number, y0: number, x1: number, y1: number) => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  };
  const s = size;
  const h = s / 2;
  switch (hatch.pattern) {
    case 'horizontal':
      line(0, h, s, h);
      break;
    case 'vertical':
      line(h, 0, h, s);
      break;
    case 'cross':
      line(0, h, s, h);
      line(h, 0, h, s);
      break;
    case 'diagonal':
      // the corner strokes keep the lines continuous across tiles
      line(0, s, s, 0);
      line(-h, h, h, -h);
      line(h, s + h, s + h, h);
      break;
    case 'back-diagonal':
      line(0, 0, s, s);
      line(-h, h, h, s + h);
      line(h, -h, s + h, h);
      break;
    case 'diagonal-cross':
      line(0, s, s, 0);
      line(0, 0, s, s);
      break;
    case 'dots':
      ctx.beginPath();
      ctx.arc(h, h, Math.max(0.75, hatch.width * PT), 0, 2 * Math.PI);
      ctx.fill();
      break;
  }
  const pattern = ctx.createPattern(canvas, 'repeat') ?? cssColor(hatch.color, 0.5);
  patternCache.set(key, pattern);
  return pattern;
}

function markerImage(symbol: Symbol): CircleStyle | RegularShape | undefined {
  const marker = symbol.marker ?? { shape: 'circle' as const, size: 6 };
  const radius = (marker.size * PT) / 2;
  const fill = symbol.fill ? new Fill({ color: cssColor(symbol.fill, symbol.fillOpacity) }) : undefined;
  const stroke = symbol.stroke ? new Stroke({ color: cssColor(symbol.stroke.color), width: symbol.stroke.width * PT }) : undefined;
  switch (marker.shape) {
    case 'circle':
      return new CircleStyle({ radius, fill, stroke });
    case 'square':
      return new RegularShape({ points: 4, radius: radius * Math.SQRT2, angle: Math.PI / 4, fill, stroke });
    case 'triangle':
      return new RegularShape({ points: 3, radius: radius * 1.15, fill, stroke });
    case 'diamond':
      return new RegularShape({ points: 4, radius: radius * 1.2, fill, stroke });
    case 'star':
      return new RegularShape({ points: 5, radius: radius * 1.2, radius2: radius * 0.5, fill, stroke });
    case 'cross':
      return new RegularShape({ points: 4, radius: radius * 1.2, radius2: 0, stroke: stroke ?? new Stroke({ color: cssColor(symbol.fill ?? '#333333'), width: 1.5 }) });
  }
}

/** The Styles one symbol draws with: fill + outline (+ hatch over the fill) for polygons, the stroke for lines, a marker for points. */
export function symbolStyles(symbol: Symbol, family: GeometryFamily): Style[] {
  if (family === 'point') return [new Style({ image: markerImage(symbol) })];
  const stroke = symbol.stroke
    ? new Stroke({ color: cssColor(symbol.stroke.color), width: symbol.stroke.width * PT, lineDash: symbol.stroke.dash?.map((d) => d * PT) })
    : undefined;
  if (family === 'line') return [new Style({ stroke: stroke ?? new Stroke({ color: cssColor(symbol.fill ?? '#2f5f98'), width: PT }) })];
  const out = [new Style({ fill: symbol.fill ? new Fill({ color: cssColor(symbol.fill, symbol.fillOpacity) }) : undefined, stroke })];
  if (symbol.hatch) out.push(new Style({ fill: new Fill({ color: hatchPattern(symbol.hatch) }) }));
  return out;
}

/** Values compare as text when the field is text: "1" and 1 name the same category. */
const categoryKey = (v: unknown): string => (v === null || v === undefined ? '\u0000null' : String(v));

/** The class of a value for graduated classes: (min, max], the first class also its min; -1 for none. */
export function graduatedClass(value: unknown, classes: readonly { min: number; max: number }[]): number {
  const v = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(v)) return -1;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i]!;
    if ((v > c.min && v <= c.max) || (i === 0 && v === c.min)) return i;
  }
  return -1;
}

function labelText(label: Label): Text {
  return new Text({
    font: `${Math.round(label.size * PT)}px ${LABEL_FONT_FAMILY}`,
    fill: new Fill({ color: label.color }),
    stroke: label.halo ? new Stroke({ color: label.halo.color, width: label.halo.width * PT * 2 }) : undefined,
    placement: label.placement,
    overflow: label.placement === 'point',
    declutterMode: label.allowOverlap ? 'none' : 'declutter',
  });
}

/** A Canvas style function for a vector style (classes looked up per feature, Styles cached per class). */
export function canvasStyleFunction(style: VectorStyle, geometryType: string | null): StyleFunction {
  const family = geometryFamily(geometryType);
  const label = style.label ? new Style({ text: labelText(style.label), zIndex: 10 }) : null;
  const labelField = style.label?.field;
  const withLabel = (base: Style[] | null, feature: FeatureLike): Style[] | null => {
    if (!label || !labelField || !base) return base;
    const value = feature.get(labelField) as unknown;
    if (value === null || value === undefined || value === '') return base;
    label.getText()!.setText(String(value));
    return [...base, label];
  };
  switch (style.type) {
    case 'single': {
      const styles = symbolStyles(style.symbol, family);
      return (feature) => withLabel(styles, feature) ?? undefined;
    }
    case 'categorized': {
      const byValue = new Map<string, Style[]>();
      for (const c of style.categories) byValue.set(categoryKey(c.value), symbolStyles(c.symbol, family));
      const other = style.other ? symbolStyles(style.other, family) : null;
      const field = style.field;
      return (feature) => withLabel(byValue.get(categoryKey(feature.get(field))) ?? other, feature) ?? undefined;
    }
    case 'graduated': {
      const perClass = style.classes.map((c) => symbolStyles(c.symbol, family));
      const field = style.field;
      return (feature) => {
        const i = graduatedClass(feature.get(field), style.classes);
        return withLabel(i < 0 ? null : perClass[i]!, feature) ?? undefined;
      };
    }
  }
}

type Expr = unknown[] | number[] | string | number;

function symbolColor(symbol: Symbol | null | undefined, family: GeometryFamily, part: 'fill' | 'stroke'): [number, number, number, number] {
  if (!symbol) return [0, 0, 0, 0];
  if (part === 'fill') return family === 'line' ? [0, 0, 0, 0] : glColor(symbol.fill, symbol.fillOpacity);
  return glColor(symbol.stroke?.color ?? (family === 'line' ? symbol.fill : null));
}

/**
 * A flat style for WebGL vector layers: one style whose colours and widths are `match` / `case`
 * expressions over the class field, so 200 000 polygons are one draw call, not one per class.
 * Hatches and dashes need the Canvas renderer; big read-only layers do without them.
 */
export function webglFlatStyle(style: VectorStyle, geometryType: string | null): FlatStyle {
  const family = geometryFamily(geometryType);
  const pick = (part: 'fill' | 'stroke' | 'width'): Expr => {
    const value = (s: Symbol | null | undefined): Expr =>
      part === 'width' ? (s?.stroke ? s.stroke.width * PT : 0) : symbolColor(s, family, part);
    switch (style.type) {
      case 'single':
        return value(style.symbol);
      case 'categorized': {
        if (style.categories.length === 0) return value(style.other);
        const numeric = style.categories.every((c) => typeof c.value === 'number');
        const input = ['get', style.field, numeric ? 'number' : 'string'];
        const cases: Expr[] = [];
        for (const c of style.categories) {
          if (c.value === null) continue;
          cases.push(numeric ? c.value : String(c.value), value(c.symbol));
        }
        if (cases.length === 0) return value(style.other);
        return ['match', input, ...cases, value(style.other)];
      }
      case 'graduated': {
        const v = ['get', style.field, 'number'];
        const first = style.classes[0]!;
        const cases: Expr[] = [['<', v, first.min], value(null)];
        for (const c of style.classes) cases.push(['<=', v, c.max], value(c.symbol));
        return ['case', ...cases, value(null)];
      }
    }
  };
  if (family === 'point') {
    const radius = style.type === 'single' ? ((style.symbol.marker?.size ?? 6) * PT) / 2 : 4 * PT;
    return {
      'circle-radius': radius,
      'circle-fill-color': pick('fill') as FlatStyle['circle-fill-color'],
      'circle-stroke-color': pick('stroke') as FlatStyle['circle-stroke-color'],
      'circle-stroke-width': 1,
    } as FlatStyle;
  }
  const out: Record<string, unknown> = { 'stroke-color': pick('stroke'), 'stroke-width': pick('width') };
  if (family === 'polygon') out['fill-color'] = pick('fill');
  return out as FlatStyle;
}

/**
 * The WebGLTile `color` expression of a raster style over band 1 (raw values: the source is read
 * with normalize: false). `alphaBand` is the band OpenLayers adds for nodata (0 where nodata).
 */
export function rasterColorExpression(style: RasterStyle, alphaBand: number | null): unknown[] {
  const band = ['band', 1];
  const transparent = [0, 0, 0, 0];
  let color: unknown[];
  switch (style.type) {
    case 'continuous': {
      const stops = [...style.stops].sort((a, b) => a.value - b.value);
      color = ['interpolate', ['linear'], band];
      stops.forEach((s, i) => {
        // interpolate needs strictly ascending inputs
        const value = i > 0 && s.value <= stops[i - 1]!.value ? stops[i - 1]!.value + 1e-9 * (i + 1) : s.value;
        color.push(value, glColor(s.color));
      });
      if (stops.length === 1) color = glColor(stops[0]!.color);
      break;
    }
    case 'classed': {
      const first = style.classes[0]!;
      color = ['case', ['<', band, first.min], transparent];
      for (const c of style.classes) color.push(['<=', band, c.max], glColor(c.color));
      color.push(transparent);
      break;
    }
    case 'paletted': {
      color = ['match', band];
      for (const e of style.entries) color.push(e.value, glColor(e.color));
      color.push(transparent);
      break;
    }
  }
  return alphaBand === null ? color : ['case', ['==', ['band', alphaBand], 0], transparent, color];
}
