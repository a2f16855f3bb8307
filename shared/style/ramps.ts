import type { Color } from './model';

/**
 * Named colour ramps (low → high). Sequential ramps from ColorBrewer (Cynthia Brewer, Apache-2.0
 * style licence); "risk" is the five-class green → red of docs/ux.md.
 */
export const RAMPS: Record<string, { zh: string; en: string; colors: Color[] }> = {
  risk: { zh: '绿—红（低→高）', en: 'Green–red (low→high)', colors: ['#1a9641', '#a6d96a', '#ffffbf', '#fdae61', '#d7191c'] },
  terrain: { zh: '地形', en: 'Terrain', colors: ['#1a7a3a', '#8cc157', '#f2e394', '#c9a26b', '#8c6d4f', '#f5f5f5'] },
  blues: { zh: '蓝', en: 'Blues', colors: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'] },
  greens: { zh: '绿', en: 'Greens', colors: ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c'] },
  reds: { zh: '红', en: 'Reds', colors: ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'] },
  ylorrd: { zh: '黄—橙—红', en: 'Yellow–orange–red', colors: ['#ffffb2', '#fecc5c', '#fd8d3c', '#f03b20', '#bd0026'] },
  viridis: { zh: 'Viridis', en: 'Viridis', colors: ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'] },
  greys: { zh: '灰', en: 'Greys', colors: ['#f7f7f7', '#cccccc', '#969696', '#636363', '#252525'] },
  /** GB/T 14848 classes I–V (docs/ux.md: blue, green, yellow, orange, red). */
  gbt14848: { zh: '地下水质量类别', en: 'Groundwater quality classes', colors: ['#2b83ba', '#4daf4a', '#ffff33', '#ff7f00', '#e41a1c'] },
};

function hex(c: Color): [number, number, number, number] {
  const v = c.slice(1);
  return [parseInt(v.slice(0, 2), 16), parseInt(v.slice(2, 4), 16), parseInt(v.slice(4, 6), 16), v.length === 8 ? parseInt(v.slice(6, 8), 16) : 255];
}

const h2 = (n: number): string => Math.round(Math.max(0, Math.min(255, n))).toString(16).padStart(2, '0');

export function mixColor(a: Color, b: Color, t: number): Color {
  const [r1, g1, b1, a1] = hex(a);
  const [r2, g2, b2, a2] = hex(b);
  const alpha = a1 + (a2 - a1) * t;
  return `#${h2(r1 + (r2 - r1) * t)}${h2(g1 + (g2 - g1) * t)}${h2(b1 + (b2 - b1) * t)}${alpha === 255 ? '' : h2(alpha)}`;
}

/** The colour at t ∈ [0, 1] along a ramp. */
export function rampColor(name: string, t: number): Color {
  const colors = (RAMPS[name] ?? RAMPS.viridis!).colors;
  const x = Math.max(0, Math.min(1, t)) * (colors.length - 1);
  const i = Math.min(colors.length - 2, Math.floor(x));
  return mixColor(colors[i]!, colors[i + 1]!, x - i);
}

/** n colours spread evenly along a ramp (n = 1 gives its middle). */
export function rampColors(name: string, n: number): Color[] {
  if (n <= 1) return [rampColor(name, 0.5)];
  return Array.from({ length: n }, (_, i) => rampColor(name, i / (n - 1)));
}

/** [r, g, b, a] with a in 0–1, for renderers. */
export function rgba(c: Color): [number, number, number, number] {
  const [r, g, b, a] = hex(c);
  return [r, g, b, a / 255];
}

/**
 * Qualitative palettes for categorized styles (unique values): distinct hues of equal weight, from
 * ColorBrewer. Cycled when a field has more values than colours.
 */
export const PALETTES: Record<string, { zh: string; en: string; colors: Color[] }> = {
  set3: {
    zh: '柔和十二色',
    en: 'Set3 (12 soft colours)',
    colors: ['#8dd3c7', '#ffffb3', '#bebada', '#fb8072', '#80b1d3', '#fdb462', '#b3de69', '#fccde5', '#d9d9d9', '#bc80bd', '#ccebc5', '#ffed6f'],
  },
  paired: {
    zh: '成对十二色',
    en: 'Paired (12 colours)',
    colors: ['#a6cee3', '#1f78b4', '#b2df8a', '#33a02c', '#fb9a99', '#e31a1c', '#fdbf6f', '#ff7f00', '#cab2d6', '#6a3d9a', '#ffff99', '#b15928'],
  },
  dark2: { zh: '深色八色', en: 'Dark2 (8 colours)', colors: ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'] },
};
