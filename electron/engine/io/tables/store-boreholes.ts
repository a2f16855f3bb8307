import type { BoreholeSummary } from '../../../../shared/api';
import { GEOMETRY_COLUMN } from '../../project/layers';
import type { Db } from '../../project/spatialite';
import type { CollarDraft, LevelRecord, LithologyRecord, QualityRecord, TestRecord } from './validate-rows';
import type { Existing } from './validate-rows';

type Collar = Omit<CollarDraft, 'a' | 'b'> & { x: number; y: number };

export type Records =
  | { kind: 'collars'; rows: Collar[] }
  | { kind: 'lithology'; rows: LithologyRecord[] }
  | { kind: 'levels'; rows: LevelRecord[] }
  | { kind: 'tests'; rows: TestRecord[] }
  | { kind: 'quality'; rows: QualityRecord[] };

/** The collar table is shown on the map as this layer. */
export const COLLAR_TABLE = 'gw_collars';
const COLLAR_LAYER_NAME = '钻孔与监测井';

export function loadExisting(db: Db): Existing {
  const collars = new Map<string, { depth: number | null; elevation: number | null }>();
  for (const r of db.prepare('SELECT hole_id, depth, elevation FROM gw_collars').all() as Array<{ hole_id: string; depth: number | null; elevation: number | null }>) {
    collars.set(r.hole_id, { depth: r.depth, elevation: r.elevation });
  }
  const intervals = new Map<string, Array<{ top: number; bottom: number }>>();
  for (const r of db.prepare('SELECT hole_id, top, bottom FROM gw_lithology').all() as Array<{ hole_id: string; top: number; bottom: number }>) {
    intervals.set(r.hole_id, [...(intervals.get(r.hole_id) ?? []), { top: r.top, bottom: r.bottom }]);
  }
  const levels = new Set((db.prepare('SELECT hole_id, date FROM gw_levels').all() as Array<{ hole_id: string; date: string }>).map((r) => `${r.hole_id}\u0000${r.date}`));
  return { collars, intervals, levels };
}

/** The project table of each kind, and the column naming the hole (site) a row belongs to. */
export const KIND_TABLES = {
  collars: { table: 'gw_collars', id: 'hole_id' },
  lithology: { table: 'gw_lithology', id: 'hole_id' },
  levels: { table: 'gw_levels', id: 'hole_id' },
  tests: { table: 'gw_tests', id: 'hole_id' },
  quality: { table: 'gw_quality', id: 'site' },
} as const;

/** What validation must no longer hold against a file that replaces these holes' rows of `kind`. */
export function forgetReplaced(existing: Existing, kind: keyof typeof KIND_TABLES, ids: ReadonlySet<string>): void {
  if (kind === 'collars') for (const id of ids) existing.collars.delete(id);
  if (kind === 'lithology') for (const id of ids) existing.intervals.delete(id);
  if (kind === 'levels') for (const key of [...existing.levels]) if (ids.has(key.split('\u0000')[0]!)) existing.levels.delete(key);
}

/** Deletes the rows the file replaces (inside the caller's transaction); how many. */
export function deleteReplaced(db: Db, kind: keyof typeof KIND_TABLES, ids: ReadonlySet<string>): number {
  const { table, id } = KIND_TABLES[kind];
  const del = db.prepare(`DELETE FROM ${table} WHERE ${id} = ?`);
  let n = 0;
  for (const hole of ids) n += del.run(hole).changes;
  return n;
}

export function boreholeSummary(db: Db): BoreholeSummary {
  const n = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { collars: n('gw_collars'), lithology: n('gw_lithology'), levels: n('gw_levels'), tests: n('gw_tests'), quality: n('gw_quality') };
}

/**
 * The collar geometry column and its layer entry appear with the first collars, in the project CRS
 * (migration 3 runs before a new project has its CRS). Inside the caller's transaction.
 */
function ensureCollarLayer(db: Db, srid: number, source: string): number {
  const hasGeom = db.prepare('SELECT 1 FROM geometry_columns WHERE f_table_name = ?').get(COLLAR_TABLE);
  if (!hasGeom) {
    const added = db.prepare("SELECT AddGeometryColumn(?, ?, ?, 'POINT', 'XY') AS ok").get(COLLAR_TABLE, GEOMETRY_COLUMN, BigInt(srid)) as { ok: number };
    if (added.ok !== 1) throw new Error(`AddGeometryColumn failed for ${COLLAR_TABLE}`);
    db.prepare('SELECT CreateSpatialIndex(?, ?)').get(COLLAR_TABLE, GEOMETRY_COLUMN);
  }
  const row = db.prepare('SELECT id FROM gwz_layers WHERE table_name = ?').get(COLLAR_TABLE) as { id: number } | undefined;
  if (row) return row.id;
  const { next } = db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 AS next FROM gwz_layers').get() as { next: number };
  return Number(
    db
      .prepare(
        `INSERT INTO gwz_layers (name, kind, table_name, geometry_type, srid, group_name, sort_order, visible, origin, source, created_at)
         VALUES (?, 'vector', ?, 'POINT', ?, '钻孔与监测', ?, 1, 'import', ?, ?)`,
      )
      .run(COLLAR_LAYER_NAME, COLLAR_TABLE, srid, next, source, new Date().toISOString()).lastInsertRowid,
  );
}

/** Inserts the accepted rows (inside the caller's transaction); the collar layer id for collars. */
export function writeRecords(db: Db, records: Records, opts: { srid: number; source: string }): number | null {
  switch (records.kind) {
    case 'collars': {
      const layerId = ensureCollarLayer(db, opts.srid, opts.source);
      const insert = db.prepare(
        `INSERT INTO gw_collars (hole_id, x, y, elevation, depth, aquifer, name, ${GEOMETRY_COLUMN})
         VALUES (?, ?, ?, ?, ?, ?, ?, MakePoint(?, ?, ${opts.srid}))`,
      );
      for (const c of records.rows) insert.run(c.hole_id, c.x, c.y, c.elevation, c.depth, c.aquifer, c.name, c.x, c.y);
      return layerId;
    }
    case 'lithology': {
      const insert = db.prepare('INSERT INTO gw_lithology (hole_id, top, bottom, code, lithology, description) VALUES (?, ?, ?, ?, ?, ?)');
      for (const r of records.rows) insert.run(r.hole_id, r.top, r.bottom, r.code, r.lithology, r.description);
      return null;
    }
    case 'levels': {
      const insert = db.prepare('INSERT INTO gw_levels (hole_id, date, depth_to_water, level) VALUES (?, ?, ?, ?)');
      for (const r of records.rows) insert.run(r.hole_id, r.date, r.depth_to_water, r.level);
      return null;
    }
    case 'tests': {
      const insert = db.prepare(
        'INSERT INTO gw_tests (hole_id, date, test_type, k_m_per_d, specific_yield, effective_porosity, well_yield_m3_per_d) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (const r of records.rows) insert.run(r.hole_id, r.date, r.test_type, r.k, r.specific_yield, r.effective_porosity, r.well_yield);
      return null;
    }
    case 'quality': {
      const insert = db.prepare(
        `INSERT INTO gw_quality (site, date, analyte, value, unit, qualifier, detection_limit, source_value, source_unit)
         VALUES (?, ?, ?, ?, 'mg/L', ?, ?, ?, ?)`,
      );
      for (const r of records.rows) insert.run(r.site, r.date, r.analyte, r.value, r.qualifier, r.detection_limit, r.source_value, r.source_unit);
      return null;
    }
  }
}
