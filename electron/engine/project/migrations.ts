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
