import type { Color, LayerStyle, LegendText, Symbol } from './model';
import { formatBreak } from './build';

/**
 * What a legend shows for one layer, derived from its style alone — the map's legend panel and the
 * print layouts draw these, so the legend always says what the map draws.
 */
export type LegendItem =
  /** A vector symbol (polygon patch, line, marker) with its text. */
  | { type: 'symbol'; symbol: Symbol; label: string }
  /** A raster class or palette entry: a flat swatch. */
  | { type: 'swatch'; color: Color; label: string }
  /** A continuous raster ramp: the gradient with its end and stop values. */
  | { type: 'ramp'; stops: { value: number; color: Color }[]; labels: string[] };

export function legendText(text: LegendText, lang: 'zh-CN' | 'en'): string {
  return lang === 'en' ? (text.en ?? text.zh) : text.zh;
}

/** Legend items of a style, in drawing-class order (low → high for graduated and ramps). */
export function legendItems(style: LayerStyle, lang: 'zh-CN' | 'en' = 'zh-CN'): LegendItem[] {
  if (style.kind === 'vector') {
    switch (style.type) {
      case 'single':
        return [{ type: 'symbol', symbol: style.symbol, label: style.title ? legendText(style.title, lang) : '' }];
      case 'categorized': {
        const items: LegendItem[] = style.categories.map((c) => ({ type: 'symbol', symbol: c.symbol, label: legendText(c.label, lang) }));
        if (style.other) items.push({ type: 'symbol', symbol: style.other, label: lang === 'en' ? 'Other values' : '其他值' });
        return items;
      }
      case 'graduated':
        return style.classes.map((c) => ({ type: 'symbol', symbol: c.symbol, label: legendText(c.label, lang) }));
    }
  }
  switch (style.type) {
    case 'continuous':
      return [{ type: 'ramp', stops: style.stops, labels: style.stops.map((s) => formatBreak(s.value)) }];
    case 'classed':
      return style.classes.map((c) => ({ type: 'swatch', color: c.color, label: legendText(c.label, lang) }));
    case 'paletted':
      return style.entries.map((e) => ({ type: 'swatch', color: e.color, label: legendText(e.label, lang) }));
  }
}
