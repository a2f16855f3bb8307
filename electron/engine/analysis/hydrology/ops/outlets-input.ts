import { GwzError } from '../../../../../shared/api';
import { assertPointLayer, readPoints } from '../../core/points';
import type { OperationContext } from '../../core/run-analysis';
import type { Outlet } from '../outlets';

export interface OutletRequest {
  outlets?: number | undefined;
  points?: [number, number][] | undefined;
  nameField?: string | undefined;
  snapRadius?: number | undefined;
}

/** The outlets of a request: the outlet layer's points (fid order), then the given coordinates. */
export function requestedOutlets(ctx: OperationContext, req: OutletRequest): Outlet[] {
  const out: Outlet[] = [];
  if (req.outlets !== undefined) {
    const row = ctx.layer(req.outlets);
    assertPointLayer(row, '出口点图层', 'The outlet layer');
    if (req.nameField !== undefined) {
      const columns = (ctx.db.prepare(`SELECT name FROM pragma_table_info(?)`).all(row.table_name) as { name: string }[]).map((c) => c.name);
      if (!columns.includes(req.nameField)) {
        throw new GwzError('BAD_INPUT', `出口点图层「${row.name}」没有字段「${req.nameField}」。`, `The outlet layer "${row.name}" has no field "${req.nameField}".`, {
          layerId: row.id,
          field: req.nameField,
          fields: columns,
        });
      }
    }
    for (const p of readPoints(ctx.db, row, req.nameField !== undefined ? [req.nameField] : [])) {
      const v = p.values[0];
      out.push({ id: out.length + 1, name: v === undefined || v === null ? null : String(v), x: p.x, y: p.y });
    }
  } else if (req.nameField !== undefined) {
    throw new GwzError('BAD_REQUEST', '给出“出口点名称字段”时需同时选择出口点图层。', 'An outlet name field needs an outlet layer.', { nameField: req.nameField });
  }
  for (const [x, y] of req.points ?? []) out.push({ id: out.length + 1, name: null, x, y });
  if (out.length === 0) {
    throw new GwzError('BAD_INPUT', '没有出口点：请选择出口点图层或给出出口点坐标。', 'No outlets: choose an outlet layer or give outlet coordinates.', {
      outlets: req.outlets ?? null,
    });
  }
  return out;
}
