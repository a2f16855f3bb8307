import Database from 'better-sqlite3';
import { GwzError } from '../../../shared/api';

export type Db = Database.Database;

/**
 * SpatiaLite ships as a loadable SQLite module (Debian: libsqlite3-mod-spatialite). Packaged builds
 * may point GWZ_SPATIALITE at their own copy; otherwise SQLite's loader searches the usual paths.
 */
export function spatialiteModule(): string {
  return process.env.GWZ_SPATIALITE && process.env.GWZ_SPATIALITE.length > 0 ? process.env.GWZ_SPATIALITE : 'mod_spatialite';
}

export interface OpenDbOptions {
  readonly?: boolean;
  /** false only when creating a new file */
  fileMustExist?: boolean;
}

/** A better-sqlite3 connection with SpatiaLite loaded, or SPATIALITE_MISSING. */
export function openSpatialite(path: string, options: OpenDbOptions = {}): Db {
  const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? true });
  try {
    db.loadExtension(spatialiteModule());
  } catch (err) {
    db.close();
    throw spatialiteMissing(err);
  }
  return db;
}

export function spatialiteMissing(err: unknown): GwzError {
  const reason = err instanceof Error ? err.message : String(err);
  return new GwzError(
    'SPATIALITE_MISSING',
    `无法加载 SpatiaLite 扩展（${spatialiteModule()}）：${reason}。请安装 libsqlite3-mod-spatialite。`,
    `Cannot load the SpatiaLite extension (${spatialiteModule()}): ${reason}. Install libsqlite3-mod-spatialite.`,
    { module: spatialiteModule(), reason },
  );
}

/** Pragmas every read-write project connection uses. */
export function configureWriter(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // A second writer (another import on this engine) waits rather than failing at once.
  db.pragma('busy_timeout = 5000');
}

/** Runs fn inside BEGIN IMMEDIATE … COMMIT, rolling back on any throw. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/** Double-quotes an SQL identifier (table or column), so Chinese and odd names survive. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
