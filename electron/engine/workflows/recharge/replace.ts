import { GEOMETRY_COLUMN } from '../../project/layers';
import { quoteIdent, type Db } from '../../project/spatialite';

/**
 * Re-running a workflow step replaces the layers it wrote before under the same names, so trying
 * parameters does not pile up copies of every layer. Only layers this step wrote (origin analysis,
 * source = the operation) are dropped, inside the caller's transaction: a failed re-run keeps them.
 */
export function layersToReplace(db: Db, operation: string, names: string[]): number[] {
  const find = db.prepare(`SELECT id FROM gwz_layers WHERE origin = 'analysis' AND source = ? AND name = ?`);
  return names.flatMap((name) => (find.all(operation, name) as { id: number }[]).map((r) => r.id));
}

/** Drops a vector or table layer written by a workflow: its spatial index, geometry registration, table and registry row. */
export function dropLayer(db: Db, id: number): void {
  const row = db.prepare(`SELECT kind, table_name FROM gwz_layers WHERE id = ?`).get(id) as { kind: string; table_name: string } | undefined;
  if (!row || row.kind === 'raster') return;
  if (row.kind === 'vector') {
    db.prepare(`SELECT DisableSpatialIndex(?, ?)`).get(row.table_name, GEOMETRY_COLUMN);
    db.exec(`DROP TABLE IF EXISTS ${quoteIdent(`idx_${row.table_name}_${GEOMETRY_COLUMN}`)}`);
    db.prepare(`SELECT DiscardGeometryColumn(?, ?)`).get(row.table_name, GEOMETRY_COLUMN);
  }
  db.exec(`DROP TABLE IF EXISTS ${quoteIdent(row.table_name)}`);
  db.prepare(`DELETE FROM gwz_layers WHERE id = ?`).run(id);
}
