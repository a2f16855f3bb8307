import proj4 from 'proj4';
import type { LayoutPlacement, LayoutSpec } from '../../../shared/api';
import { findCrs } from '../../../shared/crs';
import { legendItems, type GeometryFamily, type LayerStyle, type Symbol } from '../../../shared/style';
import type { MapTransform, Rect } from './page';
import { PT } from './page';
import { Defs, markerPath, n, symbolAttrs, text } from './svg';

/**
 * The cartographic furniture of an official figure (docs/ux.md): legend from the layer styles, scale
 * bar with round lengths and the numeric scale, north arrow, km grid or graticule with labels, the
 * title block (编制单位, 制图日期, 坐标系, 数据来源).
 */

type LegendPlacement = LayoutPlacement['legend'][number];

const NICE = [1, 2, 2.5, 5];

/** The largest 1/2/2.5/5 × 10ⁿ not above x. */
export function niceBelow(x: number): number {
  const e = Math.floor(Math.log10(x));
  let best = 10 ** e;
  for (const m of NICE) if (m * 10 ** e <= x * (1 + 1e-9)) best = m * 10 ** e;
  return best;
}

/** "1:250 000" with thin grouping as Chinese maps print it. */
export function scaleText(scale: number): string {
  return `1:${Math.round(scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ')}`;
}

const fmt = (v: number): string => (Math.round(v * 1000) / 1000).toString();

export function scaleBar(x: number, y: number, maxWidthMm: number, scale: number, ts: number): { svg: string; placement: NonNullable<LayoutPlacement['scaleBar']>; height: number } {
  const groundPerMm = scale / 1000; // metres per mm of paper
  const total = niceBelow(maxWidthMm * groundPerMm);
  const lead = total / 10 ** Math.floor(Math.log10(total));
  const segments = lead === 2.5 || lead === 5 ? 5 : 4;
  const lengthMm = (total * 1000) / scale;
  const km = total >= 1000;
  const unit = km ? '千米' : '米';
  const h = 1.4 * ts;
  const size = 2.6 * ts;
  const top = y + size * 2.4;
  const parts: string[] = [text(x, y + size, `比例尺\u3000${scaleText(scale)}`, { size: size * 1.1 })];
  const seg = lengthMm / segments;
  for (let i = 0; i < segments; i++) {
    parts.push(`<rect x="${n(x + i * seg)}" y="${n(top)}" width="${n(seg)}" height="${n(h)}" fill="${i % 2 === 0 ? '#000000' : '#ffffff'}" stroke="#000000" stroke-width="${n(0.15 * ts)}"/>`);
    const v = (total / segments) * i;
    parts.push(text(x + i * seg, top - 0.8 * ts, fmt(km ? v / 1000 : v), { size, anchor: 'middle' }));
  }
  parts.push(text(x + lengthMm, top - 0.8 * ts, fmt(km ? total / 1000 : total), { size, anchor: 'middle' }));
  parts.push(text(x + lengthMm + 2 * ts, top + h, unit, { size }));
  return {
    svg: `<g id="scale-bar">${parts.join('')}</g>`,
    placement: { lengthMm, groundMetres: total, x, y: top },
    height: top + h + 1 - y,
  };
}

export function northArrow(cx: number, top: number, ts: number): string {
  const h = 14 * ts;
  const w = 5 * ts;
  const y0 = top + 5 * ts;
  return (
    `<g id="north-arrow">` +
    text(cx, top + 3.8 * ts, '北', { size: 4 * ts, anchor: 'middle', weight: 'bold' }) +
    `<path d="M${n(cx)} ${n(y0)}L${n(cx - w / 2)} ${n(y0 + h)}L${n(cx)} ${n(y0 + h * 0.72)}Z" fill="#000000" stroke="#000000" stroke-width="${n(0.2 * ts)}"/>` +
    `<path d="M${n(cx)} ${n(y0)}L${n(cx + w / 2)} ${n(y0 + h)}L${n(cx)} ${n(y0 + h * 0.72)}Z" fill="#ffffff" stroke="#000000" stroke-width="${n(0.2 * ts)}" stroke-linejoin="round"/>` +
    `</g>`
  );
}

/** The CRS note the title block prints, from the project CRS (datum, projection, zone, central meridian). */
export function crsNote(srid: number): string {
  const def = findCrs(`EPSG:${srid}`);
  if (!def) return `坐标系：EPSG:${srid}`;
  const datum = def.name_zh.split(' / ')[0]!.replace('（经纬度）', '');
  if (def.geographic) return `坐标系：${datum}（经纬度）`;
  const lon0 = /\+lon_0=([-\d.]+)/.exec(def.proj4)?.[1];
  const width = /([36])°带/.exec(def.name_zh)?.[1] ?? '3';
  return `坐标系：${datum.replace('2000国家大地坐标系', '2000 国家大地坐标系')}\u3000高斯-克吕格投影\u3000${width}°带\u3000中央经线 ${lon0}°E`;
}

/** Zone number of a Gauss–Krüger CRS, and whether its eastings already carry it. */
function gkZone(srid: number): { zone: number; prefixed: boolean } | null {
  const def = findCrs(`EPSG:${srid}`);
  if (!def || def.geographic) return null;
  const lon0 = Number(/\+lon_0=([-\d.]+)/.exec(def.proj4)?.[1]);
  const x0 = Number(/\+x_0=([-\d.]+)/.exec(def.proj4)?.[1]);
  const six = /6°带/.test(def.name_zh);
  return { zone: six ? (lon0 + 3) / 6 : lon0 / 3, prefixed: x0 > 1_000_000 };
}

export function kmGrid(t: MapTransform, spec: LayoutSpec['grid'], srid: number, ts: number): string {
  const f = t.frame;
  const groundW = (f.width * t.scale) / 1000;
  const interval = spec.interval ?? Math.max(100, niceBelow(groundW / 5));
  const [minx, miny, maxx, maxy] = t.extent;
  const zone = gkZone(srid);
  const size = 2.4 * ts;
  const lines: string[] = [];
  const labels: string[] = [];
  const label = (v: number, easting: boolean): string => {
    let value = v;
    if (easting && zone) {
      if (zone.prefixed && !spec.zonePrefix) value = v - zone.zone * 1_000_000;
      if (!zone.prefixed && spec.zonePrefix) value = v + zone.zone * 1_000_000;
    }
    const kmv = value / 1000;
    return Number.isInteger(kmv) ? kmv.toString() : kmv.toFixed(interval < 1000 ? 1 : 0);
  };
  for (let x = Math.ceil(minx / interval) * interval; x <= maxx; x += interval) {
    const px = t.x(x);
    if (px - f.x < 2 || f.x + f.width - px < 2) continue;
    lines.push(`M${n(px)} ${n(f.y)}V${n(f.y + f.height)}`);
    labels.push(text(px, f.y + f.height + size * 1.25, label(x, true), { size, anchor: 'middle' }));
    labels.push(text(px, f.y - size * 0.45, label(x, true), { size, anchor: 'middle' }));
  }
  for (let y = Math.ceil(miny / interval) * interval; y <= maxy; y += interval) {
    const py = t.y(y);
    if (py - f.y < 2 || f.y + f.height - py < 2) continue;
    lines.push(`M${n(f.x)} ${n(py)}H${n(f.x + f.width)}`);
    labels.push(text(f.x - 1, py + size * 0.35, label(y, false), { size, anchor: 'end' }));
    labels.push(text(f.x + f.width + 1, py + size * 0.35, label(y, false), { size }));
  }
  const unit = text(f.x + f.width, f.y + f.height + size * 2.6, '（单位：千米）', { size: size * 0.9, anchor: 'end' });
  return `<g id="grid"><path d="${lines.join('')}" stroke="#7f7f7f" stroke-width="${n(0.12 * ts)}" fill="none"/>${labels.join('')}${unit}</g>`;
}

const dm = (deg: number, lat: boolean): string => {
  const sign = deg < 0 ? (lat ? 'S' : 'W') : '';
  const a = Math.abs(deg);
  let d = Math.floor(a + 1e-9);
  let m = Math.round((a - d) * 60);
  if (m === 60) {
    d += 1;
    m = 0;
  }
  return `${sign}${d}°${m.toString().padStart(2, '0')}′`;
};

/** Meridians and parallels (degrees and minutes), projected with the project CRS, labelled where they leave the frame. */
export function graticule(t: MapTransform, spec: LayoutSpec['grid'], srid: number, ts: number): string {
  const def = findCrs(`EPSG:${srid}`);
  const f = t.frame;
  const toMap = (lon: number, lat: number): [number, number] =>
    def && !def.geographic ? (proj4('+proj=longlat +ellps=GRS80 +no_defs', def.proj4, [lon, lat]) as [number, number]) : [lon, lat];
  const toGeo = (x: number, y: number): [number, number] =>
    def && !def.geographic ? (proj4(def.proj4, '+proj=longlat +ellps=GRS80 +no_defs', [x, y]) as [number, number]) : [x, y];
  const [minx, miny, maxx, maxy] = t.extent;
  const corners = [toGeo(minx, miny), toGeo(maxx, miny), toGeo(minx, maxy), toGeo(maxx, maxy), toGeo((minx + maxx) / 2, miny), toGeo((minx + maxx) / 2, maxy)];
  // a margin round the corners' range, so every line crosses the frame edge it is labelled on
  const pad = (a: number, b: number): [number, number] => [a - (b - a) * 0.1, b + (b - a) * 0.1];
  const [lon0, lon1] = pad(Math.min(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[0])));
  const [lat0, lat1] = pad(Math.min(...corners.map((c) => c[1])), Math.max(...corners.map((c) => c[1])));
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300];
  const minutes = spec.interval ?? steps.find((s) => ((lon1 - lon0) * 60) / s <= 6) ?? 600;
  const step = minutes / 60;
  const size = 2.4 * ts;
  const paths: string[] = [];
  const labels: string[] = [];
  const bottom = f.y + f.height;
  for (let lon = Math.ceil(lon0 / step) * step; lon <= lon1; lon += step) {
    const pts: [number, number][] = [];
    for (let i = 0; i <= 60; i++) {
      const [x, y] = toMap(lon, lat0 + ((lat1 - lat0) * i) / 60);
      pts.push([t.x(x), t.y(y)]);
    }
    paths.push(`M${pts.map((p) => `${n(p[0])} ${n(p[1])}`).join('L')}`);
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1]!, pts[i]!];
      if ((a[1] - bottom) * (b[1] - bottom) <= 0 && a[1] !== b[1]) {
        const x = a[0] + ((bottom - a[1]) / (b[1] - a[1])) * (b[0] - a[0]);
        if (x > f.x + 2 && x < f.x + f.width - 2) labels.push(text(x, bottom + size * 1.25, dm(lon, false), { size, anchor: 'middle' }));
      }
    }
  }
  for (let lat = Math.ceil(lat0 / step) * step; lat <= lat1; lat += step) {
    const pts: [number, number][] = [];
    for (let i = 0; i <= 60; i++) {
      const [x, y] = toMap(lon0 + ((lon1 - lon0) * i) / 60, lat);
      pts.push([t.x(x), t.y(y)]);
    }
    paths.push(`M${pts.map((p) => `${n(p[0])} ${n(p[1])}`).join('L')}`);
    for (let i = 1; i < pts.length; i++) {
      const [a, b] = [pts[i - 1]!, pts[i]!];
      if ((a[0] - f.x) * (b[0] - f.x) <= 0 && a[0] !== b[0]) {
        const y = a[1] + ((f.x - a[0]) / (b[0] - a[0])) * (b[1] - a[1]);
        if (y > f.y + 2 && y < bottom - 2) labels.push(text(f.x - 1, y + size * 0.35, dm(lat, true), { size, anchor: 'end' }));
      }
    }
  }
  return `<g id="graticule"><g clip-path="url(#map-clip)"><path d="${paths.join('')}" stroke="#7f7f7f" stroke-width="${n(0.12 * ts)}" fill="none"/></g>${labels.join('')}</g>`;
}

export interface LegendLayer {
  name: string;
  style: LayerStyle;
  geometry: GeometryFamily;
  opacity: number;
}

/** The colour a swatch shows at its centre on white paper (fill blended by its opacities); null when hatched or unfilled. */
function centreColour(s: Symbol, geometry: GeometryFamily, opacity: number): string | null {
  if (!s.fill || s.hatch || geometry === 'line') return null;
  const a = (s.fill.length === 9 ? parseInt(s.fill.slice(7), 16) / 255 : 1) * s.fillOpacity * opacity;
  const c = [1, 3, 5].map((i) => parseInt(s.fill!.slice(i, i + 2), 16));
  const mix = c.map((v) => Math.round(v * a + 255 * (1 - a)));
  return `#${mix.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The legend in columns inside `area`: a heading per layer, then its classes (swatch + label) or a
 * ramp bar with ticks. Returns where each swatch landed so a test can look for its colour there.
 */
export function legend(layers: LegendLayer[], area: Rect, defs: Defs, ts: number): { svg: string; placement: LegendPlacement[] } {
  const size = 2.8 * ts;
  const rowH = 5.2 * ts;
  const sw = 8 * ts;
  const sh = 4.4 * ts;
  const colW = Math.min(area.width, 70 * ts);
  const parts: string[] = [text(area.x + Math.min(area.width, colW) / 2, area.y + 4.5 * ts, '图\u3000例', { size: 4 * ts, anchor: 'middle', weight: 'bold' })];
  const placement: LegendPlacement[] = [];
  let x = area.x;
  let y = area.y + 9 * ts;
  const room = (h: number): boolean => {
    if (y + h <= area.y + area.height) return true;
    if (x + 2 * colW > area.x + area.width + 0.01) return false;
    x += colW;
    y = area.y + 9 * ts;
    return true;
  };
  for (const layer of layers) {
    const items = legendItems(layer.style);
    const single = layer.style.kind === 'vector' && layer.style.type === 'single';
    if (!single) {
      if (!room(rowH)) break;
      parts.push(text(x, y + size, layer.name, { size: size * 1.05, weight: 'bold' }));
      y += rowH;
    }
    for (const item of items) {
      if (item.type === 'ramp') {
        const barH = 28 * ts;
        if (!room(barH + rowH)) break;
        const id = defs.add(
          `ramp-${placement.length}-${layer.name.length}`,
          `<linearGradient id="ramp-${placement.length}-${layer.name.length}" x1="0" y1="1" x2="0" y2="0">${item.stops
            .map((s, i) => `<stop offset="${n((s.value - item.stops[0]!.value) / (item.stops[item.stops.length - 1]!.value - item.stops[0]!.value || 1))}" stop-color="${s.color.slice(0, 7)}"${i < 0 ? '' : ''}/>`)
            .join('')}</linearGradient>`,
        );
        parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(sw * 0.7)}" height="${n(barH)}" fill="url(#${id})" stroke="#555555" stroke-width="${n(0.15 * ts)}"/>`);
        const lo = item.stops[0]!.value;
        const hi = item.stops[item.stops.length - 1]!.value;
        const tick = niceBelow((hi - lo) / 4 || 1);
        for (let v = Math.ceil(lo / tick) * tick; v <= hi + 1e-9; v += tick) {
          const ty = y + barH - ((v - lo) / (hi - lo || 1)) * barH;
          parts.push(`<path d="M${n(x + sw * 0.7)} ${n(ty)}h${n(1.2 * ts)}" stroke="#000000" stroke-width="${n(0.15 * ts)}"/>`);
          parts.push(text(x + sw * 0.7 + 2 * ts, ty + size * 0.35, fmt(v), { size }));
        }
        y += barH + rowH * 0.6;
        continue;
      }
      if (!room(rowH)) break;
      const sy = y + (rowH - sh) / 2 - 0.6 * ts;
      const sx = x + 1;
      // raster classes are flat swatches; a single-symbol layer is listed under its own name
      const s: Symbol = item.type === 'swatch' ? { fill: item.color, fillOpacity: 1, stroke: null } : item.symbol;
      const kind: GeometryFamily = item.type === 'swatch' ? 'polygon' : layer.geometry;
      const label = item.label || layer.name;
      const op = layer.opacity < 1 ? ` opacity="${n(layer.opacity)}"` : '';
      if (kind === 'line') {
        parts.push(`<path d="M${n(sx)} ${n(sy + sh / 2)}H${n(sx + sw)}" ${symbolAttrs(s, 'line')}${op}/>`);
      } else if (kind === 'point') {
        parts.push(`<path d="${markerPath(s.marker?.shape ?? 'circle', sx + sw / 2, sy + sh / 2, (s.marker?.size ?? 6) * PT)}" ${symbolAttrs(s, 'polygon')}${op}/>`);
      } else {
        const r = `x="${n(sx)}" y="${n(sy)}" width="${n(sw)}" height="${n(sh)}"`;
        parts.push(`<rect ${r} ${symbolAttrs({ ...s, stroke: s.stroke ?? { color: '#555555', width: 0.3 } }, 'polygon')}${op}/>`);
        if (s.hatch) parts.push(`<rect ${r} fill="url(#${defs.hatch(s.hatch)})" stroke="none"${op}/>`);
      }
      parts.push(text(sx + sw + 2 * ts, sy + sh / 2 + size * 0.36, label, { size }));
      placement.push({ label, color: kind === 'point' ? null : centreColour(s, kind, layer.opacity), swatch: { x: sx, y: sy, width: sw, height: sh } });
      y += rowH;
    }
    y += rowH * 0.25;
  }
  return { svg: `<g id="legend">${parts.join('')}</g>`, placement };
}

export function titleBlock(area: Rect, rows: [string, string][], ts: number): string {
  const size = 2.6 * ts;
  const rowH = 5 * ts;
  const labelW = 16 * ts;
  const h = rowH * rows.length;
  const y0 = area.y + area.height - h;
  const parts = [`<rect x="${n(area.x)}" y="${n(y0)}" width="${n(area.width)}" height="${n(h)}" fill="#ffffff" stroke="#000000" stroke-width="${n(0.25 * ts)}"/>`];
  rows.forEach(([k, v], i) => {
    const y = y0 + i * rowH;
    if (i > 0) parts.push(`<path d="M${n(area.x)} ${n(y)}H${n(area.x + area.width)}" stroke="#000000" stroke-width="${n(0.15 * ts)}"/>`);
    parts.push(text(area.x + labelW / 2, y + rowH / 2 + size * 0.36, k, { size, anchor: 'middle' }));
    // long values (the CRS note) shrink to fit their cell rather than run over the border
    const room = area.width - labelW - 2 * ts;
    const fit = Math.min(size, room / Math.max(1, [...v].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 1 : 0.55), 0)));
    parts.push(text(area.x + labelW + 1.5 * ts, y + rowH / 2 + fit * 0.36, v, { size: fit }));
  });
  parts.push(`<path d="M${n(area.x + labelW)} ${n(y0)}V${n(y0 + h)}" stroke="#000000" stroke-width="${n(0.15 * ts)}"/>`);
  return `<g id="title-block">${parts.join('')}</g>`;
}
