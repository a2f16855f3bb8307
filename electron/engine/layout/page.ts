import type { Extent, Paper } from '../../../shared/api';

/** ISO 216 sizes, portrait, mm. */
export const PAPER_MM: Record<Paper, [number, number]> = {
  A4: [210, 297],
  A3: [297, 420],
  A2: [420, 594],
  A1: [594, 841],
  A0: [841, 1189],
};

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** 1 pt = 1/72 inch, in mm: style sizes are in points, the page in millimetres. */
export const PT = 25.4 / 72;

export interface PageFrame {
  page: [number, number];
  /** Neat line (inner border). */
  border: Rect;
  /** Title band above the map. */
  title: Rect;
  /** Map frame. */
  map: Rect;
  /** Legend, scale and title block: a right column (landscape) or a bottom band (portrait). */
  panel: Rect;
  /** Text scale: 1 on A4/A3, larger on bigger paper so a wall map reads from a step back. */
  textScale: number;
}

/**
 * Where the parts of a figure go. Sizes grow with the paper (by its short side relative to A3) so
 * an A0 figure is an enlarged A3 rather than the same furniture lost in a big page.
 */
export function pageFrame(paper: Paper, orientation: 'portrait' | 'landscape'): PageFrame {
  const [pw, ph] = PAPER_MM[paper];
  const page: [number, number] = orientation === 'portrait' ? [pw, ph] : [ph, pw];
  const textScale = Math.max(1, Math.min(page[0], page[1]) / 297) ** 0.8;
  const margin = 10 * Math.max(1, textScale * 0.8);
  const labelGap = 7 * textScale; // grid labels outside the map frame
  const border: Rect = { x: margin, y: margin, width: page[0] - 2 * margin, height: page[1] - 2 * margin };
  const titleH = 20 * textScale;
  const title: Rect = { x: border.x, y: border.y, width: border.width, height: titleH };
  const top = border.y + titleH + labelGap;
  const landscape = orientation === 'landscape';
  if (landscape) {
    const panelW = Math.min(80 * textScale, border.width * 0.28);
    const panel: Rect = { x: border.x + border.width - panelW - 3, y: top, width: panelW, height: border.y + border.height - top - 3 };
    const map: Rect = { x: border.x + labelGap, y: top, width: panel.x - 6 - labelGap - border.x - labelGap, height: border.y + border.height - labelGap - top };
    return { page, border, title, map, panel, textScale };
  }
  const panelH = Math.min(75 * textScale, border.height * 0.3);
  const panel: Rect = { x: border.x + 3, y: border.y + border.height - panelH - 3, width: border.width - 6, height: panelH };
  const map: Rect = { x: border.x + labelGap, y: top, width: border.width - 2 * labelGap, height: panel.y - 3 - labelGap - top };
  return { page, border, title, map, panel, textScale };
}

/** 1, 1.5, 2, 2.5, 3, 4, 5, 7.5 × 10ⁿ: the scales a map is printed at. */
const ROUND_SCALES = [1, 1.5, 2, 2.5, 3, 4, 5, 7.5];

/** The smallest round scale denominator ≥ n. */
export function roundScaleAtLeast(n: number): number {
  const exp = Math.floor(Math.log10(n));
  for (let e = exp; e <= exp + 1; e++) {
    for (const m of ROUND_SCALES) {
      const s = m * 10 ** e;
      if (s >= n * (1 - 1e-9)) return Math.round(s);
    }
  }
  return Math.round(10 ** (exp + 1));
}

/** World ↔ page (mm) for a map frame at a scale, the frame centred on `center`. */
export interface MapTransform {
  scale: number;
  extent: Extent;
  frame: Rect;
  /** Page mm per map unit (along x). */
  k: number;
  x(wx: number): number;
  y(wy: number): number;
}

/**
 * `metresPerUnit` is 1 for projected CRSs; for lon/lat it is the length of a degree of longitude and
 * of latitude at the centre, so the printed scale is true there in both directions.
 */
export function mapTransform(frame: Rect, center: [number, number], scale: number, metresPerUnit: number | [number, number] = 1): MapTransform {
  const [mx, my] = typeof metresPerUnit === 'number' ? [metresPerUnit, metresPerUnit] : metresPerUnit;
  const kx = (1000 * mx) / scale; // mm on paper per map unit
  const ky = (1000 * my) / scale;
  const halfW = frame.width / kx / 2;
  const halfH = frame.height / ky / 2;
  const extent: Extent = [center[0] - halfW, center[1] - halfH, center[0] + halfW, center[1] + halfH];
  return {
    scale,
    extent,
    frame,
    k: kx,
    x: (wx) => frame.x + (wx - extent[0]) * kx,
    y: (wy) => frame.y + (extent[3] - wy) * ky,
  };
}

/** The round scale at which `extent` (padded by 3%) fits the frame. */
export function fitScale(frame: Rect, extent: Extent, metresPerUnit: number | [number, number] = 1): number {
  const [mx, my] = typeof metresPerUnit === 'number' ? [metresPerUnit, metresPerUnit] : metresPerUnit;
  const w = (extent[2] - extent[0]) * 1.06 * mx;
  const h = (extent[3] - extent[1]) * 1.06 * my;
  const needed = Math.max((w * 1000) / frame.width, (h * 1000) / frame.height, 500);
  return roundScaleAtLeast(needed);
}
