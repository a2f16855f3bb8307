import type { Hatch, Symbol } from '../../../shared/style';
import { PT } from './page';

/** Fonts every figure names, Chinese first: Noto/Source Han on Linux, YaHei/SimHei on Windows. */
export const FONT_SANS = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'SimHei', sans-serif";
export const FONT_SERIF = "'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif";

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Page coordinates with 0.01 mm — finer than any printer. */
export const n = (v: number): string => (Math.round(v * 100) / 100).toString();

export interface TextOptions {
  size: number; // mm
  anchor?: 'start' | 'middle' | 'end';
  weight?: 'normal' | 'bold';
  fill?: string;
  family?: string;
  baseline?: 'auto' | 'middle' | 'hanging';
}

export function text(x: number, y: number, s: string, o: TextOptions): string {
  const attrs = [
    `x="${n(x)}"`,
    `y="${n(y)}"`,
    `font-size="${n(o.size)}"`,
    `font-family="${esc(o.family ?? FONT_SANS)}"`,
    o.anchor && o.anchor !== 'start' ? `text-anchor="${o.anchor}"` : '',
    o.weight === 'bold' ? 'font-weight="bold"' : '',
    o.baseline && o.baseline !== 'auto' ? `dominant-baseline="${o.baseline === 'middle' ? 'central' : 'hanging'}"` : '',
    `fill="${o.fill ?? '#000000'}"`,
  ].filter(Boolean);
  return `<text ${attrs.join(' ')}>${esc(s)}</text>`;
}

/** Colours #rrggbbaa → colour + opacity attributes (SVG 1.1 readers do not know 8-digit hex). */
function paint(color: string, opacity = 1): { color: string; opacity: number } {
  if (color.length === 9) return { color: color.slice(0, 7), opacity: (opacity * parseInt(color.slice(7), 16)) / 255 };
  return { color, opacity };
}

/** Registry of <defs>: hatch patterns are shared by every feature and legend swatch that uses them. */
export class Defs {
  private readonly items = new Map<string, string>();

  hatch(h: Hatch): string {
    const id = `hatch-${h.pattern}-${h.color.slice(1)}-${h.spacing}-${h.width}`.replace(/[^a-zA-Z0-9_-]/g, '_');
    if (!this.items.has(id)) {
      const s = h.spacing * PT;
      const w = h.width * PT;
      const { color, opacity } = paint(h.color);
      const line = (d: string): string => `<path d="${d}" stroke="${color}" stroke-opacity="${n(opacity)}" stroke-width="${n(w)}" fill="none"/>`;
      const body: Record<Hatch['pattern'], string> = {
        horizontal: line(`M0 ${n(s / 2)}H${n(s)}`),
        vertical: line(`M${n(s / 2)} 0V${n(s)}`),
        cross: line(`M0 ${n(s / 2)}H${n(s)}M${n(s / 2)} 0V${n(s)}`),
        diagonal: line(`M0 ${n(s)}L${n(s)} 0M${n(-s / 2)} ${n(s / 2)}L${n(s / 2)} ${n(-s / 2)}M${n(s / 2)} ${n(1.5 * s)}L${n(1.5 * s)} ${n(s / 2)}`),
        'back-diagonal': line(`M0 0L${n(s)} ${n(s)}M${n(-s / 2)} ${n(s / 2)}L${n(s / 2)} ${n(1.5 * s)}M${n(s / 2)} ${n(-s / 2)}L${n(1.5 * s)} ${n(s / 2)}`),
        'diagonal-cross': line(`M0 ${n(s)}L${n(s)} 0M0 0L${n(s)} ${n(s)}`),
        dots: `<circle cx="${n(s / 2)}" cy="${n(s / 2)}" r="${n(Math.max(w, s / 8))}" fill="${color}" fill-opacity="${n(opacity)}"/>`,
      };
      this.items.set(
        id,
        `<pattern id="${id}" patternUnits="userSpaceOnUse" width="${n(s)}" height="${n(s)}">${body[h.pattern]}</pattern>`,
      );
    }
    return id;
  }

  add(id: string, svg: string): string {
    this.items.set(id, svg);
    return id;
  }

  toString(): string {
    return `<defs>${[...this.items.values()].join('')}</defs>`;
  }
}

/** Fill/stroke attributes of a symbol (sizes pt → mm). `fill-rule` evenodd keeps polygon holes open. */
export function symbolAttrs(symbol: Symbol, kind: 'polygon' | 'line' | 'point'): string {
  const out: string[] = [];
  if (kind !== 'line' && symbol.fill) {
    const { color, opacity } = paint(symbol.fill, symbol.fillOpacity);
    out.push(`fill="${color}"`);
    if (opacity < 1) out.push(`fill-opacity="${n(opacity)}"`);
  } else {
    out.push('fill="none"');
  }
  if (symbol.stroke && symbol.stroke.width > 0) {
    const { color, opacity } = paint(symbol.stroke.color);
    out.push(`stroke="${color}"`, `stroke-width="${n(symbol.stroke.width * PT)}"`, 'stroke-linejoin="round"', 'stroke-linecap="round"');
    if (opacity < 1) out.push(`stroke-opacity="${n(opacity)}"`);
    if (symbol.stroke.dash?.length) out.push(`stroke-dasharray="${symbol.stroke.dash.map((d) => n(d * PT)).join(' ')}"`);
  } else if (kind === 'line') {
    out.push('stroke="#000000"', `stroke-width="${n(0.5 * PT)}"`);
  }
  if (kind === 'polygon') out.push('fill-rule="evenodd"');
  return out.join(' ');
}

/** A point marker centred at (x, y), diameter in mm. */
export function markerPath(shape: NonNullable<Symbol['marker']>['shape'], x: number, y: number, d: number): string {
  const r = d / 2;
  switch (shape) {
    case 'square':
      return `M${n(x - r)} ${n(y - r)}h${n(d)}v${n(d)}h${n(-d)}Z`;
    case 'triangle':
      return `M${n(x)} ${n(y - r)}L${n(x + r * 0.866)} ${n(y + r / 2)}L${n(x - r * 0.866)} ${n(y + r / 2)}Z`;
    case 'diamond':
      return `M${n(x)} ${n(y - r)}L${n(x + r)} ${n(y)}L${n(x)} ${n(y + r)}L${n(x - r)} ${n(y)}Z`;
    case 'star': {
      const pts: string[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const rr = i % 2 === 0 ? r : r * 0.45;
        pts.push(`${n(x + rr * Math.cos(a))} ${n(y + rr * Math.sin(a))}`);
      }
      return `M${pts.join('L')}Z`;
    }
    case 'cross':
      return `M${n(x - r)} ${n(y - r / 3)}h${n(d)}v${n((2 * r) / 3)}h${n(-d)}ZM${n(x - r / 3)} ${n(y - r)}h${n((2 * r) / 3)}v${n(d)}h${n((-2 * r) / 3)}Z`;
    default:
      return `M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(d)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-d)} 0Z`;
  }
}
