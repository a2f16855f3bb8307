import { FID_COLUMN } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { jobStep, checkpoints } from '../core/cooperate';
import type { OperationContext, OperationImpl, VectorOutput } from '../core/run-analysis';
import { attributesById, boxes, FAMILY_CODE, mergedColumns, overlappingPairs, overlayInput, type OverlayInput } from './inputs';

type Row = NonNullable<VectorOutput['rows']>[number];

const fid = quoteIdent(FID_COLUMN);

/** Multi-geometry type of a family, as result tables declare it. */
export const multiType = (input: OverlayInput): string => `MULTI${input.family}`;

/** Area of a WKB multipolygon (0 for other types), through SpatiaLite so it matches the SQL peers. */
export function areaOf(ctx: OperationContext, wkb: Buffer): number {
  return (ctx.db.prepare('SELECT ST_Area(GeomFromWKB(?)) AS a').get(wkb) as { a: number | null }).a ?? 0;
}

/** Total area of rows (polygons only). */
function totalArea(ctx: OperationContext, input: OverlayInput, rows: Row[]): number {
  if (input.family !== 'POLYGON') return 0;
  let sum = 0;
  for (const r of rows) sum += areaOf(ctx, r.wkb);
  return sum;
}

/**
 * Where each feature of `layer` overlaps each feature of `overlay`, with the attributes of both
 * (ST_Intersection per candidate pair; only the parts of the input's dimension are kept, so two
 * polygons that merely touch give nothing, as GRASS v.overlay and ArcGIS Intersect do).
 */
export const intersection: OperationImpl<'analysis.intersection'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer);
  const b = overlayInput(ctx, req.overlay, ['POLYGON']);
  const pairs = overlappingPairs(boxes(ctx, a), boxes(ctx, b));
  const attrsA = attributesById(ctx, a);
  const attrsB = attributesById(ctx, b);
  const { columns } = mergedColumns(a.columns, b.columns, ['src_fid', 'overlay_fid']);
  const stmt = ctx.db.prepare(
    `SELECT AsBinary(CastToMulti(CollectionExtract(ST_Intersection(${a.geom('a')}, ${b.geom('b')}), ${FAMILY_CODE[a.family]}))) AS wkb
     FROM ${a.table} a, ${b.table} b WHERE a.${fid} = ? AND b.${fid} = ? AND ST_Intersects(${a.geom('a')}, ${b.geom('b')})`,
  );
  const rows: Row[] = [];
  const total = [...pairs.values()].reduce((s, l) => s + l.length, 0);
  const step = jobStep(ctx.job, 5, 85, '正在相交叠加', 'Intersecting');
  const tick = checkpoints(step);
  let done = 0;
  for (const [fa, list] of pairs) {
    for (const fb of list) {
      await tick(done++ / Math.max(1, total));
      const hit = stmt.get(fa, fb) as { wkb: Buffer | null } | undefined;
      if (!hit?.wkb) continue;
      rows.push({ values: [...attrsA.get(fa)!, ...attrsB.get(fb)!, fa, fb], wkb: hit.wkb });
    }
  }
  return {
    outputs: [
      {
        kind: 'vector',
        name: req.outputName ?? `${a.row.name}_${b.row.name}_相交`,
        geometryType: multiType(a),
        columns: [...columns, { name: 'src_fid', sqlType: 'INTEGER' }, { name: 'overlay_fid', sqlType: 'INTEGER' }],
        rows,
      },
    ],
    extra: { features: rows.length, area: totalArea(ctx, a, rows), pairs: total },
  };
};

/**
 * Each input feature minus the union of the overlay features its box meets (ST_Difference, one
 * per feature); features left empty are dropped and counted. `keepOutside` false gives the clip:
 * the part inside instead (ST_Intersection with that union).
 */
async function eraseOrClip(
  ctx: OperationContext,
  a: OverlayInput,
  b: OverlayInput,
  mode: 'difference' | 'clip',
): Promise<{ rows: Row[]; removed: number }> {
  const pairs = overlappingPairs(boxes(ctx, a), boxes(ctx, b));
  const attrs = attributesById(ctx, a);
  const code = FAMILY_CODE[a.family];
  // the overlay features met, unioned once per input feature (json_each lists their fids)
  const cover = `(SELECT ST_Union(${b.geom('b')}) FROM ${b.table} b WHERE b.${fid} IN (SELECT value FROM json_each(?)))`;
  const op = mode === 'difference' ? 'ST_Difference' : 'ST_Intersection';
  const stmt = ctx.db.prepare(
    `SELECT AsBinary(CastToMulti(CollectionExtract(${op}(${a.geom('a')}, ${cover}), ${code}))) AS wkb FROM ${a.table} a WHERE a.${fid} = ?`,
  );
  const whole = ctx.db.prepare(`SELECT AsBinary(CastToMulti(${a.geom('a')})) AS wkb FROM ${a.table} a WHERE a.${fid} = ?`);
  const rows: Row[] = [];
  let removed = 0;
  const step = jobStep(ctx.job, 5, 85, mode === 'difference' ? '正在擦除' : '正在裁剪', mode === 'difference' ? 'Erasing' : 'Clipping');
  const tick = checkpoints(step);
  let done = 0;
  for (const [fa, values] of attrs) {
    await tick(done++ / Math.max(1, attrs.size));
    const met = pairs.get(fa);
    let wkb: Buffer | null | undefined;
    if (!met) {
      // nothing of the overlay near it: kept whole by a difference, dropped by a clip
      wkb = mode === 'difference' ? (whole.get(fa) as { wkb: Buffer | null } | undefined)?.wkb : null;
    } else {
      wkb = (stmt.get(JSON.stringify(met), fa) as { wkb: Buffer | null } | undefined)?.wkb;
    }
    if (!wkb) {
      removed++;
      continue;
    }
    rows.push({ values, wkb });
  }
  return { rows, removed };
}

export const difference: OperationImpl<'analysis.difference'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer);
  const b = overlayInput(ctx, req.overlay, ['POLYGON']);
  const { rows, removed } = await eraseOrClip(ctx, a, b, 'difference');
  return {
    outputs: [{ kind: 'vector', name: req.outputName ?? `${a.row.name}_擦除_${b.row.name}`, geometryType: multiType(a), columns: a.columns, rows }],
    extra: { features: rows.length, area: totalArea(ctx, a, rows), removed },
  };
};

export const clipVector: OperationImpl<'analysis.clipVector'> = async (req, ctx) => {
  const a = overlayInput(ctx, req.layer);
  const b = overlayInput(ctx, req.boundary, ['POLYGON']);
  const { rows, removed } = await eraseOrClip(ctx, a, b, 'clip');
  return {
    outputs: [{ kind: 'vector', name: req.outputName ?? `${a.row.name}_裁剪`, geometryType: multiType(a), columns: a.columns, rows }],
    extra: { features: rows.length, area: totalArea(ctx, a, rows), removed },
  };
};
