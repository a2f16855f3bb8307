import { FID_COLUMN } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { jobStep } from '../core/cooperate';
import type { OperationImpl, VectorOutput } from '../core/run-analysis';
import { areaOf } from './overlay';
import { attributesById, overlayInput } from './inputs';
import { coverageArcs, openArcs, rebuildCoverage } from './shared-arcs';
import { linesOf, multiLineWkb, vertexCount } from './wkb';

type Row = NonNullable<VectorOutput['rows']>[number];

/**
 * Douglas–Peucker on the coverage's arcs all at once with GEOS's topology-preserving simplifier
 * (ST_SimplifyPreserveTopology over one MultiLineString: no arc may cross another, the junctions
 * stay), then the polygons rebuilt from the arcs — so neighbours keep one common boundary, which
 * per-polygon simplification (ogr2ogr -simplify, ST_SimplifyPreserveTopology per feature) breaks.
 */
export const simplify: OperationImpl<'analysis.simplify'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer, ['POLYGON']);
  const attrs = attributesById(ctx, a);
  const geomOf = ctx.db.prepare(`SELECT AsBinary(${a.geom('a')}) AS wkb FROM ${a.table} a WHERE a.${quoteIdent(FID_COLUMN)} = ?`);
  const ids = [...attrs.keys()];
  const sources = ids.map((id) => (geomOf.get(id) as { wkb: Buffer | null }).wkb);
  ctx.job.progress(10, '正在提取公共边界', 'Finding the shared boundaries');
  const arcs = openArcs(coverageArcs(ctx.db, sources));
  ctx.job.progress(30, '正在化简边界', 'Simplifying the boundaries');
  const simplified = ctx.db.prepare('SELECT AsBinary(ST_SimplifyPreserveTopology(GeomFromWKB(?), ?)) AS wkb').get(multiLineWkb(arcs), req.tolerance) as { wkb: Buffer | null };
  const newArcs = simplified.wkb ? linesOf(simplified.wkb) : [];
  const { geometries } = await rebuildCoverage(ctx.db, sources, newArcs, jobStep(ctx.job, 40, 90, '正在重建面', 'Rebuilding the polygons'));
  const rows: Row[] = [];
  let before = 0;
  let after = 0;
  let lost = 0;
  let area = 0;
  for (let i = 0; i < ids.length; i++) {
    const src = sources[i];
    if (src) before += vertexCount(src);
    const g = geometries[i];
    if (!g) {
      if (src) lost++;
      continue;
    }
    after += vertexCount(g);
    area += areaOf(ctx, g);
    rows.push({ values: attrs.get(ids[i]!)!, wkb: g });
  }
  if (lost > 0) {
    ctx.warn(`${lost} 个面小于化简容差，化简后消失。`, `${lost} polygons were smaller than the tolerance and vanished.`);
  }
  return {
    outputs: [{ kind: 'vector', name: req.outputName ?? `${a.row.name}_化简${req.tolerance}m`, geometryType: 'MULTIPOLYGON', columns: a.columns, rows }],
    extra: { features: rows.length, area, verticesBefore: before, verticesAfter: after, lost },
  };
};
