import type { TopologyProblem, TopologySummary } from '../../../shared/api/editing';
import { FID_COLUMN, GEOMETRY_COLUMN } from '../project/layers';
import { quoteIdent, type Db } from '../project/spatialite';
import { tolerances } from './apply-edit';
import { buildArcs } from './arcs';
import { LayerGeometry } from './layer-geometry';
import { polygonalArea, ringArea, writePolygonalWkb, type Ring } from './wkb';

type Box = [number, number, number, number];

function ringBox(ring: Ring): Box {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The topology check of a whole polygon layer: invalid geometries (GEOS), slivers (parts below the
 * minimum area), overlaps between any two polygons (area of their intersection), and gaps (holes in
 * the union of the layer), each with its area, a point inside it and its extent to zoom to.
 */
export function checkLayer(
  db: Db,
  geographic: boolean,
  req: { layerId: number; tolerance?: number | undefined; minArea?: number | undefined },
): { summary: TopologySummary; problems: TopologyProblem[] } {
  const t = tolerances(geographic, req);
  const lg = LayerGeometry.forEditing(db, req.layerId);
  const table = lg.table;
  const geom = quoteIdent(GEOMETRY_COLUMN);
  const fid = quoteIdent(FID_COLUMN);
  const index = quoteIdent(`idx_${lg.layer.table_name}_${GEOMETRY_COLUMN}`);
  const problems: TopologyProblem[] = [];
  const features = lg.allFids().flatMap((f) => {
    const r = lg.read(f);
    return r ? [{ fid: f, geom: r.geom }] : [];
  });

  for (const f of features) {
    const bad = lg.invalidity(f.fid);
    const box = lg.box(f.fid)!;
    if (bad) {
      const at = bad.at ?? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
      problems.push({
        kind: 'invalid',
        fids: [f.fid],
        area: 0,
        location: at,
        extent: box,
        message_zh: `要素 ${f.fid} 几何无效：${bad.reason}`,
        message_en: `Feature ${f.fid} is invalid: ${bad.reason}`,
      });
    }
    for (const part of f.geom.parts) {
      const a = polygonalArea({ multi: false, parts: [part] });
      if (a < t.minArea && part[0]) {
        problems.push({
          kind: 'sliver',
          fids: [f.fid],
          area: a,
          location: part[0][0]!,
          extent: ringBox(part[0]),
          message_zh: `要素 ${f.fid} 有碎多边形（面积 ${a.toPrecision(3)}）`,
          message_en: `Feature ${f.fid} has a sliver (area ${a.toPrecision(3)})`,
        });
      }
    }
  }

  const overlaps = db
    .prepare(
      `WITH pairs AS MATERIALIZED (
         SELECT p.${fid} AS a, q.${fid} AS b, ST_Intersection(p.${geom}, q.${geom}) AS i
         FROM ${table} p JOIN ${table} q
           ON q.${fid} > p.${fid}
          AND q.${fid} IN (SELECT pkid FROM ${index} WHERE xmin <= MbrMaxX(p.${geom}) AND xmax >= MbrMinX(p.${geom})
                                                   AND ymin <= MbrMaxY(p.${geom}) AND ymax >= MbrMinY(p.${geom}))
         WHERE ST_Intersects(p.${geom}, q.${geom}))
       SELECT a, b, ST_Area(i) AS area, ST_X(ST_PointOnSurface(i)) AS x, ST_Y(ST_PointOnSurface(i)) AS y,
              MbrMinX(i) AS x0, MbrMinY(i) AS y0, MbrMaxX(i) AS x1, MbrMaxY(i) AS y1
       FROM pairs`,
    )
    .all() as { a: number; b: number; area: number | null; x: number | null; y: number | null; x0: number; y0: number; x1: number; y1: number }[];
  for (const o of overlaps) {
    if (o.area === null || o.area <= t.noiseArea) continue;
    problems.push({
      kind: 'overlap',
      fids: [o.a, o.b],
      area: o.area,
      location: [o.x ?? (o.x0 + o.x1) / 2, o.y ?? (o.y0 + o.y1) / 2],
      extent: [o.x0, o.y0, o.x1, o.y1],
      message_zh: `要素 ${o.a} 与 ${o.b} 重叠 ${o.area.toPrecision(4)} 平方单位`,
      message_en: `Features ${o.a} and ${o.b} overlap by ${o.area.toPrecision(4)} square units`,
    });
  }

  // Gaps: holes of the union, minus any polygon standing inside the hole (an island the gap surrounds).
  const union = lg.union(features.map((f) => f.fid));
  const unionWkb = union ? writePolygonalWkb(union) : null;
  const srid = BigInt(lg.srid);
  const gapOf = db.prepare(
    `SELECT ST_Area(d) AS area, ST_X(ST_PointOnSurface(d)) AS x, ST_Y(ST_PointOnSurface(d)) AS y FROM (
       SELECT ST_Difference(GeomFromWKB(?, ?), GeomFromWKB(?, ?)) AS d)`,
  );
  // the polygons along the gap: sharing a stretch of its rim, not just a corner
  const rim = db.prepare(
    `SELECT COALESCE(ST_Length(ST_Intersection(ST_Boundary(${geom}), ST_Boundary(GeomFromWKB(?, ?)))), 0) > ? AS hit FROM ${table} WHERE ${fid} = ?`,
  );
  for (const part of union?.parts ?? [])
    for (const hole of part.slice(1)) {
      if (ringArea(hole) <= t.noiseArea) continue;
      const wkb = writePolygonalWkb({ multi: false, parts: [[hole]] });
      const gap = gapOf.get(wkb, srid, unionWkb, srid) as { area: number | null; x: number | null; y: number | null };
      const area = gap.area ?? 0;
      if (area <= t.noiseArea) continue;
      const box = ringBox(hole);
      const around = lg.fidsInBox(box).filter((f) => (rim.get(wkb, srid, t.tol, f) as { hit: number }).hit === 1);
      problems.push({
        kind: 'gap',
        fids: around,
        area,
        location: [gap.x ?? (box[0] + box[2]) / 2, gap.y ?? (box[1] + box[3]) / 2],
        extent: box,
        message_zh: `缝隙 ${area.toPrecision(4)} 平方单位（相邻要素 ${around.join('、')}）`,
        message_en: `Gap of ${area.toPrecision(4)} square units (between features ${around.join(', ')})`,
      });
    }

  const arcs = buildArcs(features, t.tol);
  return { summary: { layerId: req.layerId, features: features.length, ...arcs }, problems };
}
