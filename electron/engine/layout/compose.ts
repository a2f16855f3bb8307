import { GwzError, type Extent, type LayoutPlacement, type LayoutSpec } from '../../../shared/api';
import { geometryFamily as geometryKindOf, type LayerStyle, type RasterStyle, type VectorStyle } from '../../../shared/style';
import { getLayerRow, layerInfo, listLayerRows, unionExtent, type LayerRow } from '../project/layers';
import type { Project } from '../project/project';
import { drawRasterLayer } from './draw-raster';
import { drawVectorLayer } from './draw-vector';
import { crsNote, graticule, kmGrid, legend, northArrow, scaleBar, titleBlock, type LegendLayer } from './furniture';
import { fitScale, mapTransform, pageFrame, type Rect } from './page';
import { Defs, esc, n, text } from './svg';

export interface ComposedLayout {
  svg: string;
  placement: LayoutPlacement;
  warnings: { message_zh: string; message_en: string }[];
}

interface DrawnLayer {
  row: LayerRow;
  style: LayerStyle;
  extent: Extent | null;
}

/** Cartographic order when the caller names none: rasters under polygons under lines under points. */
const ORDER = { raster: 0, polygon: 1, line: 2, point: 3 } as const;

function layersOf(p: Project, spec: LayoutSpec): DrawnLayer[] {
  const rows = spec.layerIds
    ? spec.layerIds.map((id) => getLayerRow(p.db, id))
    : listLayerRows(p.db)
        .filter((r) => r.visible !== 0 && (r.kind === 'vector' || r.kind === 'raster'))
        .sort((a, b) => {
          const ka = a.kind === 'raster' ? ORDER.raster : ORDER[geometryKindOf(a.geometry_type)];
          const kb = b.kind === 'raster' ? ORDER.raster : ORDER[geometryKindOf(b.geometry_type)];
          return ka - kb || a.sort_order - b.sort_order || a.id - b.id;
        });
  return rows.map((row) => {
    if (row.kind === 'table') {
      throw new GwzError('BAD_INPUT', `属性表「${row.name}」没有几何，不能绘入地图`, `Table "${row.name}" has no geometry and cannot be drawn on a map`, { layerId: row.id });
    }
    // the style the map draws: the stored one, else the layer's default (project/layers)
    const info = layerInfo(p.db, row);
    return { row, style: info.style, extent: info.extent };
  });
}

function defaultDate(): string {
  const d = new Date();
  return `${d.getFullYear()}年${d.getMonth() + 1}月`;
}

/**
 * The whole figure as one SVG in page millimetres — what the preview shows and what PDF, PNG and
 * SVG export write. Rasters are embedded at `dpi`.
 */
export async function composeLayout(p: Project, spec: LayoutSpec, dpi: number): Promise<ComposedLayout> {
  const warnings: ComposedLayout['warnings'] = [];
  const layers = layersOf(p, spec);
  if (layers.length === 0) {
    throw new GwzError('BAD_INPUT', '没有可绘制的图层（矢量或栅格）', 'There is no layer to draw (vector or raster)');
  }
  const frame = pageFrame(spec.paper, spec.orientation);
  const ts = frame.textScale;
  const geographic = p.crs.srs.isGeographic();
  const extent = spec.extent ?? unionExtent(layers.map((l) => l.extent));
  if (!extent) throw new GwzError('BAD_INPUT', '所选图层没有要素，无法确定地图范围', 'The chosen layers have no features; the map extent cannot be determined');
  const center: [number, number] = [(extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2];
  // lon/lat projects: true scale at the centre, a degree of longitude shorter by cos(latitude)
  const metresPerUnit: [number, number] = geographic ? [111_320 * Math.cos((center[1] * Math.PI) / 180), 110_574] : [1, 1];
  const scale = spec.scale ?? fitScale(frame.map, extent, metresPerUnit);
  const t = mapTransform(frame.map, center, scale, metresPerUnit);
  const m = frame.map;
  const defs = new Defs();
  defs.add('map-clip', `<clipPath id="map-clip"><rect x="${n(m.x)}" y="${n(m.y)}" width="${n(m.width)}" height="${n(m.height)}"/></clipPath>`);

  const drawn: string[] = [];
  for (const l of layers) {
    drawn.push(
      l.row.kind === 'raster'
        ? await drawRasterLayer(p.db, l.row, l.style as RasterStyle, t, dpi)
        : drawVectorLayer(p.db, l.row, l.style as VectorStyle, t, defs, ts),
    );
  }
  const srid = p.crs.srid;
  const parts: string[] = [];
  parts.push(`<rect x="0" y="0" width="${n(frame.page[0])}" height="${n(frame.page[1])}" fill="#ffffff"/>`);
  parts.push(`<g id="map" clip-path="url(#map-clip)">${drawn.join('')}</g>`);
  // a km grid needs metres: lon/lat projects get the graticule either way
  if (spec.elements.grid) parts.push(spec.grid.kind === 'graticule' || geographic ? graticule(t, spec.grid, srid, ts) : kmGrid(t, spec.grid, srid, ts));
  parts.push(`<rect id="map-frame" x="${n(m.x)}" y="${n(m.y)}" width="${n(m.width)}" height="${n(m.height)}" fill="none" stroke="#000000" stroke-width="${n(0.35 * ts)}"/>`);
  if (spec.elements.northArrow) {
    const w = 10 * ts;
    const x = m.x + m.width - w - 3 * ts;
    const y = m.y + 3 * ts;
    parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(21 * ts)}" fill="#ffffff" fill-opacity="0.85"/>`);
    parts.push(northArrow(x + w / 2, y + 0.5 * ts, ts));
  }

  // title band
  const title = spec.title ?? p.info().title;
  const tb = frame.title;
  // a long title shrinks to 80% of the band rather than run into the border
  const titleSize = Math.min(8 * ts, (tb.width * 0.8) / Math.max(1, [...title].length));
  parts.push(text(tb.x + tb.width / 2, tb.y + (spec.subtitle ? 10 : 12.5) * ts, title, { size: titleSize, anchor: 'middle', weight: 'bold' }));
  if (spec.subtitle) parts.push(text(tb.x + tb.width / 2, tb.y + 16.5 * ts, spec.subtitle, { size: 4.2 * ts, anchor: 'middle' }));

  // panel: legend, inset, scale bar, title block
  const panel = frame.panel;
  const landscape = spec.orientation === 'landscape';
  const note = crsNote(srid);
  const rows: [string, string][] = [
    ['编制单位', spec.organization ?? '（编制单位）'],
    ['制图日期', spec.date ?? defaultDate()],
    ['坐标系', note.replace(/^坐标系：/, '')],
    ['数据来源', spec.dataSource ?? p.info().title],
  ];
  const blockH = spec.elements.titleBlock ? rows.length * 5 * ts : 0;
  const scaleH = spec.elements.scaleBar ? 15 * ts : 0;
  const insetH = spec.elements.inset ? 45 * ts : 0;
  const side: Rect = landscape
    ? { x: panel.x, y: panel.y + panel.height - blockH - scaleH - insetH - 4 * ts, width: panel.width, height: blockH + scaleH + insetH + 4 * ts }
    : { x: panel.x + panel.width * 0.6, y: panel.y, width: panel.width * 0.4, height: panel.height };
  const legendArea: Rect = landscape
    ? { x: panel.x, y: panel.y, width: panel.width, height: side.y - panel.y - 2 * ts }
    : { x: panel.x, y: panel.y, width: panel.width * 0.6 - 4 * ts, height: panel.height };

  let legendPlacement: LayoutPlacement['legend'] = [];
  if (spec.elements.legend) {
    const legendLayers: LegendLayer[] = [...layers].reverse().map((l) => ({
      name: l.row.name,
      style: l.style,
      geometry: l.row.kind === 'raster' ? 'polygon' : geometryKindOf(l.row.geometry_type),
      opacity: l.style.opacity,
    }));
    const lg = legend(legendLayers, legendArea, defs, ts);
    parts.push(lg.svg);
    legendPlacement = lg.placement;
  }
  let y = side.y;
  if (spec.elements.inset) {
    const box: Rect = { x: side.x + 1, y, width: side.width - 2, height: insetH - 3 * ts };
    parts.push(inset(p, layers, spec, box, t.extent, defs, ts));
    y += insetH;
  }
  let scalePlacement: LayoutPlacement['scaleBar'] = null;
  if (spec.elements.scaleBar) {
    const sb = scaleBar(side.x + 2 * ts, y + 1 * ts, Math.min(60 * ts, side.width - 16 * ts), scale, ts);
    parts.push(sb.svg);
    scalePlacement = sb.placement;
  }
  if (spec.elements.titleBlock) parts.push(titleBlock({ x: side.x, y: side.y, width: side.width, height: side.height }, rows, ts));

  const b = frame.border;
  parts.push(`<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" fill="none" stroke="#000000" stroke-width="${n(0.25 * ts)}"/>`);
  const o = 1.5 * ts;
  parts.push(`<rect x="${n(b.x - o)}" y="${n(b.y - o)}" width="${n(b.width + 2 * o)}" height="${n(b.height + 2 * o)}" fill="none" stroke="#000000" stroke-width="${n(0.8 * ts)}"/>`);

  const [W, H] = frame.page;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${n(W)}mm" height="${n(H)}mm" viewBox="0 0 ${n(W)} ${n(H)}">` +
    `<title>${esc(title)}</title>${defs.toString()}${parts.join('')}</svg>`;
  return {
    svg,
    placement: {
      pageMm: [W, H],
      frameMm: m,
      scale,
      extent: t.extent,
      scaleBar: scalePlacement,
      legend: legendPlacement,
      crsNote: note,
    },
    warnings,
  };
}

/** Location inset: the largest polygon layer whole, the main map's extent as a red box. */
function inset(p: Project, layers: DrawnLayer[], spec: LayoutSpec, box: Rect, mapExtent: Extent, defs: Defs, ts: number): string {
  const candidates = spec.insetLayerId !== undefined ? [getLayerRow(p.db, spec.insetLayerId)] : layers.filter((l) => l.row.kind === 'vector' && geometryKindOf(l.row.geometry_type) === 'polygon').map((l) => l.row);
  const withExtent = candidates.map((row) => ({ row, extent: layerInfo(p.db, row).extent })).filter((c): c is { row: LayerRow; extent: Extent } => c.extent !== null);
  if (withExtent.length === 0) return '';
  const area = (e: Extent): number => (e[2] - e[0]) * (e[3] - e[1]);
  const best = withExtent.sort((a, b) => area(b.extent) - area(a.extent))[0]!;
  const e = unionExtent([best.extent, mapExtent])!;
  const scale = Math.max(((e[2] - e[0]) * 1000 * 1.1) / box.width, ((e[3] - e[1]) * 1000 * 1.1) / box.height);
  const t = mapTransform(box, [(e[0] + e[2]) / 2, (e[1] + e[3]) / 2], scale);
  const outline: VectorStyle = { kind: 'vector', type: 'single', opacity: 1, symbol: { fill: '#f0f0f0', fillOpacity: 1, stroke: { color: '#666666', width: 0.3 } } };
  const clip = defs.add('inset-clip', `<clipPath id="inset-clip"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}"/></clipPath>`);
  const r = { x: t.x(mapExtent[0]), y: t.y(mapExtent[3]), w: t.x(mapExtent[2]) - t.x(mapExtent[0]), h: t.y(mapExtent[1]) - t.y(mapExtent[3]) };
  return (
    `<g id="inset"><rect x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" fill="#ffffff" stroke="#000000" stroke-width="${n(0.2 * ts)}"/>` +
    `<g clip-path="url(#${clip})">${drawVectorLayer(p.db, best.row, outline, t, defs, ts)}` +
    `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" fill="none" stroke="#e31a1c" stroke-width="${n(0.4 * ts)}"/></g>` +
    text(box.x + 1.5 * ts, box.y + 3.5 * ts, '位置示意', { size: 2.6 * ts }) +
    `</g>`
  );
}
