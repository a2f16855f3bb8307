import type { Extent } from '../../../shared/api';
import { geometryFamily as geometryKindOf, styleFields, symbolFor, type VectorStyle } from '../../../shared/style';
import { FID_COLUMN, GEOMETRY_COLUMN, type LayerRow } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import type { MapTransform } from './page';
import { PT } from './page';
import { Defs, esc, markerPath, n, symbolAttrs, text } from './svg';

type Position = number[];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** Vertices closer than this to the previous one (mm on paper) are dropped: invisible, and they bloat PDFs. */
const MIN_STEP_MM = 0.05;

function ringPath(ring: Position[], t: MapTransform, close: boolean): string {
  let d = '';
  let lx = NaN;
  let ly = NaN;
  ring.forEach((p, i) => {
    const x = t.x(p[0]!);
    const y = t.y(p[1]!);
    const last = i === ring.length - 1;
    if (i > 0 && !last && Math.abs(x - lx) < MIN_STEP_MM && Math.abs(y - ly) < MIN_STEP_MM) return;
    d += `${i === 0 ? 'M' : 'L'}${n(x)} ${n(y)}`;
    lx = x;
    ly = y;
  });
  return close ? `${d}Z` : d;
}

function pathOf(g: Geometry, t: MapTransform): string {
  const c = g.coordinates;
  switch (g.type) {
    case 'Polygon':
      return (c as Position[][]).map((r) => ringPath(r, t, true)).join('');
    case 'MultiPolygon':
      return (c as Position[][][]).flatMap((poly) => poly.map((r) => ringPath(r, t, true))).join('');
    case 'LineString':
      return ringPath(c as Position[], t, false);
    case 'MultiLineString':
      return (c as Position[][]).map((l) => ringPath(l, t, false)).join('');
    case 'GeometryCollection':
      return (g.geometries ?? []).map((x) => pathOf(x, t)).join('');
    default:
      return '';
  }
}

function pointsOf(g: Geometry): Position[] {
  if (g.type === 'Point') return [g.coordinates as Position];
  if (g.type === 'MultiPoint') return g.coordinates as Position[];
  if (g.type === 'GeometryCollection') return (g.geometries ?? []).flatMap(pointsOf);
  return [];
}

/**
 * One vector layer as an SVG group in page millimetres: features inside the extent (through the
 * R*Tree index), each with its style symbol, hatches as shared patterns, then labels where the style
 * asks for them (a label that would overlap an earlier one is dropped, as on the map).
 */
export function drawVectorLayer(db: Db, row: LayerRow, style: VectorStyle, t: MapTransform, defs: Defs, textScale: number): string {
  const table = quoteIdent(row.table_name);
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const fid = quoteIdent(FID_COLUMN);
  const present = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
  const fields = styleFields(style).filter((f) => present.has(f));
  const e: Extent = t.extent;
  const index = `idx_${row.table_name}_${GEOMETRY_COLUMN}`;
  const hasIndex = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(index) !== undefined;
  const where = hasIndex
    ? `WHERE ${fid} IN (SELECT pkid FROM ${quoteIdent(index)} WHERE xmin <= ? AND xmax >= ? AND ymin <= ? AND ymax >= ?)`
    : `WHERE MbrIntersects(${geom}, BuildMbr(?, ?, ?, ?))`;
  const args = hasIndex ? [e[2], e[0], e[3], e[1]] : [e[0], e[1], e[2], e[3]];
  const label = style.label && present.has(style.label.field) ? style.label : undefined;
  const kind = geometryKindOf(row.geometry_type);
  const rows = db
    .prepare(
      `SELECT ${fields.map((f) => `${quoteIdent(f)} AS ${quoteIdent(`v_${f}`)}`).join(', ')}${fields.length ? ', ' : ''}AsGeoJSON(${geom}, 3) AS g` +
        (label && kind !== 'point' ? `, AsGeoJSON(ST_PointOnSurface(${geom}), 3) AS lp` : '') +
        ` FROM ${table} ${where} ORDER BY ${fid}`,
    )
    .all(...args) as Record<string, unknown>[];

  const parts: string[] = [];
  const labels: string[] = [];
  const taken: [number, number, number, number][] = [];
  for (const r of rows) {
    if (typeof r.g !== 'string') continue;
    const symbol = symbolFor(style, (f) => r[`v_${f}`]);
    if (!symbol) continue;
    const g = JSON.parse(r.g) as Geometry;
    if (kind === 'point') {
      const d = (symbol.marker?.size ?? 6) * PT;
      const shape = symbol.marker?.shape ?? 'circle';
      const path = pointsOf(g)
        .map((p) => markerPath(shape, t.x(p[0]!), t.y(p[1]!), d))
        .join('');
      if (path) parts.push(`<path d="${path}" ${symbolAttrs(symbol, 'polygon')}/>`);
    } else {
      const d = pathOf(g, t);
      if (!d) continue;
      parts.push(`<path d="${d}" ${symbolAttrs(symbol, kind)}/>`);
      if (kind === 'polygon' && symbol.hatch) parts.push(`<path d="${d}" fill="url(#${defs.hatch(symbol.hatch)})" stroke="none" fill-rule="evenodd"/>`);
    }
    if (label) {
      const value = r[`v_${label.field}`];
      if (value === null || value === undefined || value === '') continue;
      const at = kind === 'point' ? pointsOf(g)[0] : typeof r.lp === 'string' ? pointsOf(JSON.parse(r.lp) as Geometry)[0] : undefined;
      if (!at) continue;
      const x = t.x(at[0]!);
      const y = t.y(at[1]!) + (kind === 'point' ? -2 : 0);
      const size = label.size * PT * textScale;
      const s = String(value);
      const w = size * s.length;
      const box: [number, number, number, number] = [x - w / 2, y - size, x + w / 2, y + size * 0.3];
      if (!label.allowOverlap && taken.some((b) => b[0] < box[2] && b[2] > box[0] && b[1] < box[3] && b[3] > box[1])) continue;
      taken.push(box);
      const halo = label.halo
        ? `stroke="${label.halo.color.slice(0, 7)}" stroke-width="${n(label.halo.width * PT)}" paint-order="stroke" stroke-linejoin="round"`
        : '';
      labels.push(text(x, y, s, { size, anchor: 'middle', fill: label.color.slice(0, 7) }).replace('<text ', `<text ${halo} `));
    }
  }
  const opacity = style.opacity < 1 ? ` opacity="${n(style.opacity)}"` : '';
  return `<g id="layer-${row.id}" data-name="${esc(row.name)}"${opacity}>${parts.join('')}${labels.join('')}</g>`;
}
