import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { GwzError, type Extent, type ProjectInfo } from '../../../shared/api';
import { boundsInProject, ensureSrid, resolveCrs, type ProjectCrs } from './crs';
import { listLayers, unionExtent } from './layers';
import { acquireLock, releaseLock, staleLock, type LockInfo } from './lock';
import { migrate, SCHEMA_VERSION } from './migrations';
import { configureWriter, openSpatialite, type Db } from './spatialite';

export interface CreateProjectOptions {
  crs: string;
  title?: string;
  overwrite?: boolean;
  appVersion: string;
}

export interface OpenProjectOptions {
  readOnly?: boolean;
}

type Meta = Record<string, string>;

/** Files SQLite keeps beside a database in WAL mode. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/**
 * One open project file. Holds the main connection (reads, short writes) and the writer lock;
 * long writes (imports) take `exclusiveWrite`, which gives them their own connection so the main
 * one keeps reading the last committed state meanwhile.
 */
export class Project {
  private writeQueue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private defaultExtent: Extent | null | undefined;
  /** Set when the last session that had this project open for writing ended without closing it. */
  uncleanShutdown: LockInfo | null = null;

  private constructor(
    readonly path: string,
    readonly db: Db,
    readonly readOnly: boolean,
    readonly crs: ProjectCrs,
    private readonly lockPath: string | null,
  ) {}

  static create(path: string, options: CreateProjectOptions): Project {
    const file = resolve(path);
    const crs = resolveCrs(options.crs);
    if (!existsSync(dirname(file))) {
      throw new GwzError('FILE_NOT_FOUND', `文件夹不存在：${dirname(file)}`, `Folder does not exist: ${dirname(file)}`, {
        path: dirname(file),
      });
    }
    if (existsSync(file) && !options.overwrite) {
      throw new GwzError('PROJECT_EXISTS', `工程文件已存在：${file}`, `The project file already exists: ${file}`, { path: file });
    }
    // Locking the final name first means an overwrite never pulls a file from under another window.
    const lockPath = acquireLock(file);
    // Built under a temporary name and renamed into place, so a crash mid-create leaves no
    // half-initialised project behind.
    const tmp = `${file}.creating-${process.pid}`;
    try {
      removeWithSideFiles(tmp);
      const db = openSpatialite(tmp, { fileMustExist: false });
      try {
        db.prepare('SELECT InitSpatialMetadata(1)').get();
        migrate(db, 0);
        const now = new Date().toISOString();
        const meta: Meta = {
          app_version: options.appVersion,
          crs: crs.code,
          srid: String(crs.srid),
          title: options.title ?? defaultTitle(file),
          created_at: now,
        };
        db.transaction(() => {
          ensureSrid(db, crs);
          const put = db.prepare('INSERT OR REPLACE INTO gwz_meta (key, value) VALUES (?, ?)');
          for (const [k, v] of Object.entries(meta)) put.run(k, v);
        }).immediate();
        db.pragma('journal_mode = WAL');
      } finally {
        db.close();
      }
      removeWithSideFiles(file);
      renameSync(tmp, file);
      return Project.openLocked(file, false, lockPath);
    } catch (err) {
      removeWithSideFiles(tmp);
      releaseLock(lockPath);
      throw err;
    }
  }

  static open(path: string, options: OpenProjectOptions = {}): Project {
    const file = resolve(path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new GwzError('PROJECT_NOT_FOUND', `找不到工程文件：${file}`, `Project file not found: ${file}`, { path: file });
    }
    const readOnly = options.readOnly ?? false;
    const stale = staleLock(file);
    const lockPath = readOnly ? null : acquireLock(file);
    try {
      const project = Project.openLocked(file, readOnly, lockPath);
      project.uncleanShutdown = stale;
      return project;
    } catch (err) {
      if (lockPath) releaseLock(lockPath);
      throw err;
    }
  }

  private static openLocked(file: string, readOnly: boolean, lockPath: string | null): Project {
    let db: Db;
    try {
      db = openSpatialite(file, { readonly: readOnly });
    } catch (err) {
      throw asCorrupt(err, file);
    }
    try {
      if (!readOnly) configureWriter(db);
      const hasMeta = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gwz_meta'").get();
      if (!hasMeta) {
        throw new GwzError('PROJECT_CORRUPT', `不是工作台工程文件（缺少 gwz_meta）：${file}`, `Not a GWZ project file (no gwz_meta): ${file}`, {
          path: file,
        });
      }
      const messages = integrityMessages(db);
      if (messages.length > 0) {
        throw new GwzError(
          'PROJECT_CORRUPT',
          `工程文件已损坏（完整性检查未通过）：${file}`,
          `The project file is damaged (integrity check failed): ${file}`,
          { path: file, messages },
        );
      }
      const version = schemaVersionOf(db);
      if (version > SCHEMA_VERSION) {
        throw new GwzError(
          'PROJECT_TOO_NEW',
          `工程文件由更新版本的软件创建（结构版本 ${version}，本软件支持 ${SCHEMA_VERSION}），请升级软件。`,
          `The project was written by a newer version (schema ${version}; this build knows ${SCHEMA_VERSION}). Please upgrade.`,
          { path: file, schemaVersion: version, supported: SCHEMA_VERSION },
        );
      }
      if (version < SCHEMA_VERSION) {
        if (readOnly) {
          throw new GwzError(
            'PROJECT_READ_ONLY',
            `工程文件需要升级（结构版本 ${version} → ${SCHEMA_VERSION}），只读方式无法升级，请以可写方式打开一次。`,
            `The project needs an upgrade (schema ${version} → ${SCHEMA_VERSION}), which a read-only open cannot do. Open it for writing once.`,
            { path: file, schemaVersion: version, supported: SCHEMA_VERSION },
          );
        }
        migrate(db, version);
      }
      const meta = readMeta(db);
      return new Project(file, db, readOnly, resolveCrs(meta.crs ?? `EPSG:${meta.srid ?? ''}`), lockPath);
    } catch (err) {
      db.close();
      throw asCorrupt(err, file);
    }
  }

  meta(): Meta {
    return readMeta(this.db);
  }

  info(): ProjectInfo {
    const meta = this.meta();
    const layers = listLayers(this.db);
    return {
      path: this.path,
      title: meta.title ?? defaultTitle(this.path),
      crs: this.crs.code,
      crsName: this.crs.name,
      srid: this.crs.srid,
      schemaVersion: Number(meta.schema_version ?? SCHEMA_VERSION),
      appVersion: meta.app_version ?? '',
      createdAt: meta.created_at ?? '',
      readOnly: this.readOnly,
      layerCount: layers.length,
      ...(this.uncleanShutdown
        ? { uncleanShutdown: { pid: this.uncleanShutdown.pid, host: this.uncleanShutdown.hostname, since: this.uncleanShutdown.startedAt } }
        : {}),
      extent: unionExtent(layers.map((l) => l.extent)) ?? this.crsExtent(),
    };
  }

  /** Computed once: building the PROJ transformation costs tens of milliseconds. */
  private crsExtent(): Extent | null {
    if (this.defaultExtent === undefined) this.defaultExtent = boundsInProject(this.crs);
    return this.defaultExtent;
  }

  check(): { ok: boolean; messages: string[] } {
    const messages = integrityMessages(this.db);
    return { ok: messages.length === 0, messages: messages.length === 0 ? ['ok'] : messages };
  }

  assertWritable(): void {
    if (this.readOnly) {
      throw new GwzError('PROJECT_READ_ONLY', '工程以只读方式打开，不能修改。', 'The project is open read-only; it cannot be changed.', {
        path: this.path,
      });
    }
  }

  /**
   * Runs a long write with its own connection, one at a time per project. The callback opens and
   * commits its own transaction; the main connection keeps seeing the last committed state (WAL).
   */
  exclusiveWrite<T>(fn: (writer: Db) => Promise<T>): Promise<T> {
    this.assertWritable();
    const run = async (): Promise<T> => {
      if (this.closed) throw notOpen();
      const writer = openSpatialite(this.path);
      try {
        configureWriter(writer);
        return await fn(writer);
      } finally {
        writer.close();
      }
    };
    const result = this.writeQueue.then(run, run);
    this.writeQueue = result.catch(() => undefined);
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      if (this.lockPath) releaseLock(this.lockPath);
    }
  }
}

export function notOpen(): GwzError {
  return new GwzError('PROJECT_NOT_OPEN', '没有打开的工程。', 'No project is open.');
}

function readMeta(db: Db): Meta {
  const rows = db.prepare('SELECT key, value FROM gwz_meta').all() as { key: string; value: string | null }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value ?? '']));
}

function schemaVersionOf(db: Db): number {
  const row = db.prepare("SELECT value FROM gwz_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const fromMeta = Number(row?.value);
  return Number.isInteger(fromMeta) ? fromMeta : Number(db.pragma('user_version', { simple: true }));
}

function integrityMessages(db: Db): string[] {
  const rows = db.pragma('integrity_check(50)') as { integrity_check: string }[];
  const messages = rows.map((r) => r.integrity_check);
  return messages.length === 1 && messages[0] === 'ok' ? [] : messages;
}

/** SQLite's "not a database" / "malformed" become PROJECT_CORRUPT; everything else passes through. */
function asCorrupt(err: unknown, file: string): unknown {
  if (err instanceof GwzError) return err;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    const reason = err instanceof Error ? err.message : String(err);
    return new GwzError('PROJECT_CORRUPT', `工程文件已损坏或不是 SQLite 文件：${file}`, `The project file is damaged or not an SQLite file: ${file}`, {
      path: file,
      reason,
    });
  }
  return err;
}

function removeWithSideFiles(file: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${file}${suffix}`, { force: true });
}

function defaultTitle(file: string): string {
  return (file.split(/[\\/]/).pop() ?? file).replace(/\.gwz$/i, '');
}
