import type { Db } from './spatialite';

/**
 * The project schema, as an ordered list of steps. A step is never edited once released: a change
 * to the schema is a new step appended here. The version a file is at lives in gwz_meta
 * (schema_version) and, for tools that only speak SQLite, in PRAGMA user_version.
 */
export interface Migration {
  version: number;
  up(db: Db): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    up(db) {
      db.exec(`
        CREATE TABLE gwz_meta (
          key   TEXT PRIMARY KEY,
          value TEXT
        );
        CREATE TABLE gwz_layers (
          id            INTEGER PRIMARY KEY AUTOINCREMENT,
          name          TEXT NOT NULL,
          kind          TEXT NOT NULL CHECK (kind IN ('vector', 'raster', 'table')),
          table_name    TEXT NOT NULL UNIQUE,
          geometry_type TEXT,
          srid          INTEGER,
          group_name    TEXT,
          sort_order    INTEGER NOT NULL DEFAULT 0,
          visible       INTEGER NOT NULL DEFAULT 1,
          style         TEXT, -- JSON of shared/style
          origin        TEXT NOT NULL CHECK (origin IN ('import', 'analysis', 'edit')),
          source        TEXT,
          created_at    TEXT NOT NULL
        );
        CREATE TABLE gwz_runs (
          id             INTEGER PRIMARY KEY AUTOINCREMENT,
          operation      TEXT NOT NULL,
          params         TEXT NOT NULL, -- JSON
          inputs         TEXT NOT NULL, -- JSON, with checksums
          outputs        TEXT,          -- JSON
          engine_version TEXT NOT NULL,
          started_at     TEXT NOT NULL,
          ended_at       TEXT,
          status         TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled'))
        );
        CREATE TABLE gwz_edits (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          layer_id    INTEGER NOT NULL REFERENCES gwz_layers (id) ON DELETE CASCADE,
          feature_id  INTEGER,
          action      TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
          geom_before BLOB,
          geom_after  BLOB,
          reason      TEXT,
          user_name   TEXT,
          created_at  TEXT NOT NULL
        );
        CREATE INDEX gwz_edits_layer ON gwz_edits (layer_id, id);
      `);
    },
  },
  {
    // Rasters live inside the project file as Cloud-Optimized GeoTIFF bytes: metadata one row per
    // raster layer, the COG itself in fixed-size chunks so a byte-range read touches only the chunks
    // it needs (substr() on one big BLOB reads all of it: 200 ms per range on 200 MB, measured).
    // gwz_layers.table_name names a one-row view over gwz_rasters (see io/raster/raster-store).
    version: 2,
    up(db) {
      db.exec(`
        CREATE TABLE gwz_rasters (
          layer_id     INTEGER PRIMARY KEY REFERENCES gwz_layers (id) ON DELETE CASCADE,
          width        INTEGER NOT NULL,
          height       INTEGER NOT NULL,
          bands        INTEGER NOT NULL,
          data_type    TEXT NOT NULL,
          nodata       REAL,
          geotransform TEXT NOT NULL, -- JSON [x0, dx, rx, y0, ry, dy]
          srid         INTEGER NOT NULL,
          extent       TEXT NOT NULL, -- JSON [minx, miny, maxx, maxy]
          resampling   TEXT,
          stats        TEXT NOT NULL, -- JSON shared/api/rasters RasterStats
          histogram    TEXT,          -- JSON shared/api/rasters RasterHistogram
          bytes        INTEGER NOT NULL,
          sha256       TEXT NOT NULL,   -- of the whole COG
          chunk_size   INTEGER NOT NULL
        );
        CREATE TABLE gwz_raster_chunks (
          layer_id INTEGER NOT NULL REFERENCES gwz_rasters (layer_id) ON DELETE CASCADE,
          seq      INTEGER NOT NULL, -- chunk i holds COG bytes [i * chunk_size, (i + 1) * chunk_size)
          data     BLOB NOT NULL,
          PRIMARY KEY (layer_id, seq)
        );
      `);
    },
  },
  {
    // Borehole and monitoring tables (io/tables/import-boreholes). The collar geometry column is
    // added at the first collar import, in the project CRS, which is not yet known when a new file
    // is migrated; hole_id links the other tables to gw_collars (checked at import).
    version: 3,
    up(db) {
      db.exec(`
        CREATE TABLE gw_collars (
          fid       INTEGER PRIMARY KEY AUTOINCREMENT,
          hole_id   TEXT NOT NULL UNIQUE,
          x         REAL NOT NULL, -- easting, project CRS
          y         REAL NOT NULL, -- northing, project CRS
          elevation REAL,
          depth     REAL,
          aquifer   TEXT,
          name      TEXT
        );
        CREATE TABLE gw_lithology (
          fid         INTEGER PRIMARY KEY AUTOINCREMENT,
          hole_id     TEXT NOT NULL,
          top         REAL NOT NULL,
          bottom      REAL NOT NULL CHECK (bottom > top),
          code        TEXT NOT NULL, -- shared/domain/lithology
          lithology   TEXT NOT NULL, -- as written in the source
          description TEXT
        );
        CREATE INDEX gw_lithology_hole ON gw_lithology (hole_id, top);
        CREATE TABLE gw_levels (
          fid            INTEGER PRIMARY KEY AUTOINCREMENT,
          hole_id        TEXT NOT NULL,
          date           TEXT NOT NULL, -- ISO yyyy-mm-dd
          depth_to_water REAL,
          level          REAL,
          UNIQUE (hole_id, date)
        );
        CREATE TABLE gw_tests (
          fid                INTEGER PRIMARY KEY AUTOINCREMENT,
          hole_id            TEXT NOT NULL,
          date               TEXT,
          test_type          TEXT,
          k_m_per_d          REAL,
          specific_yield     REAL,
          effective_porosity REAL,
          well_yield_m3_per_d REAL
        );
        CREATE TABLE gw_quality (
          fid             INTEGER PRIMARY KEY AUTOINCREMENT,
          site            TEXT NOT NULL,
          date            TEXT NOT NULL,
          analyte         TEXT NOT NULL,
          value           REAL, -- mg/L; NULL when not detected
          unit            TEXT NOT NULL DEFAULT 'mg/L',
          qualifier       TEXT CHECK (qualifier IN ('<', 'ND')),
          detection_limit REAL,
          source_value    TEXT NOT NULL,
          source_unit     TEXT NOT NULL
        );
        CREATE INDEX gw_quality_site ON gw_quality (site, analyte, date);
      `);
    },
  },
  {
    // Workflow state (key zones, recharge areas: step status, chosen inputs, parameters, notes) and the
    // method profiles a project uses (rating tables, weights, rules — shared/domain), kept in the
    // project so a run can always be explained and repeated from the file alone.
    version: 4,
    up(db) {
      db.exec(`
        CREATE TABLE gwz_workflows (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          kind       TEXT NOT NULL CHECK (kind IN ('keyzone', 'recharge')),
          name       TEXT NOT NULL,
          state      TEXT NOT NULL, -- JSON, schema in shared/api
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE TABLE gwz_profiles (
          id         TEXT PRIMARY KEY, -- builtin: e.g. keyzone-2023; user copies: a uuid
          kind       TEXT NOT NULL CHECK (kind IN ('keyzone', 'recharge')),
          name       TEXT NOT NULL,
          version    TEXT NOT NULL,
          body       TEXT NOT NULL, -- JSON, schema in shared/domain
          builtin    INTEGER NOT NULL DEFAULT 0,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    // The attribute edit log behind the field calculator's and the table's undo/redo: one row per
    // gesture (a computed field, a cell edit), with every touched row's value before and after, so an
    // undo restores exactly what was there and a redo puts back exactly what was computed.
    version: 7,
    up(db) {
      db.exec(`
        CREATE TABLE gwz_attr_edits (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          layer_id   INTEGER NOT NULL REFERENCES gwz_layers (id) ON DELETE CASCADE,
          field      TEXT NOT NULL,
          action     TEXT NOT NULL CHECK (action IN ('add-field', 'update')),
          field_type TEXT,          -- declared type of an added field
          expression TEXT,
          filter     TEXT,
          rows       INTEGER NOT NULL,
          undone     INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        );
        CREATE TABLE gwz_attr_values (
          edit_id INTEGER NOT NULL REFERENCES gwz_attr_edits (id) ON DELETE CASCADE,
          fid     INTEGER NOT NULL,
          before,
          after,
          PRIMARY KEY (edit_id, fid)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    // Boundary editing (engine/editing): a session per layer, and one row per change (a gesture: a
    // vertex drag, an undo…) with its reason; gwz_edits keeps the per-feature before/after geometry
    // of each change and now points at it. Undo restores geom_before byte for byte.
    version: 10,
    up(db) {
      db.exec(`
        CREATE TABLE gwz_edit_sessions (
          id         INTEGER PRIMARY KEY AUTOINCREMENT,
          layer_id   INTEGER NOT NULL REFERENCES gwz_layers (id) ON DELETE CASCADE,
          user_name  TEXT NOT NULL,
          started_at TEXT NOT NULL,
          ended_at   TEXT,
          status     TEXT NOT NULL CHECK (status IN ('open', 'saved', 'discarded'))
        );
        CREATE TABLE gwz_edit_changes (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          layer_id    INTEGER NOT NULL REFERENCES gwz_layers (id) ON DELETE CASCADE,
          session_id  INTEGER REFERENCES gwz_edit_sessions (id) ON DELETE SET NULL,
          op          TEXT NOT NULL,
          params      TEXT NOT NULL, -- JSON of the shared/api/editing EditOp
          reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
          user_name   TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          state       TEXT NOT NULL CHECK (state IN ('applied', 'undone', 'dropped', 'log')),
          target_id   INTEGER REFERENCES gwz_edit_changes (id),
          area_before REAL NOT NULL,
          area_after  REAL NOT NULL
        );
        CREATE INDEX gwz_edit_changes_layer ON gwz_edit_changes (layer_id, state, id);
        ALTER TABLE gwz_edits ADD COLUMN change_id INTEGER REFERENCES gwz_edit_changes (id) ON DELETE CASCADE;
        -- JSON of the attributes of a feature a change inserted (split) or deleted (merge), to bring it back
        ALTER TABLE gwz_edits ADD COLUMN attrs TEXT;
        CREATE INDEX gwz_edits_change ON gwz_edits (change_id);
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings a file from `from` to the newest version in one transaction: a failure leaves it exactly
 * as it was. `migrations` is a parameter so tests can exercise an upgrade path.
 */
export function migrate(db: Db, from: number, migrations: readonly Migration[] = MIGRATIONS): number {
  const pending = [...migrations].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return from;
  const to = pending[pending.length - 1]!.version;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.prepare(`INSERT INTO gwz_meta (key, value) VALUES ('schema_version', ?)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(to));
    db.pragma(`user_version = ${to}`);
  }).immediate();
  return to;
}
