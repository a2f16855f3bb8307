import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { GwzError } from '../../../shared/api';

/**
 * The writer lock beside a project file (`<file>.lock`). SQLite's own locking only guards single
 * statements; this one says "a window or a gwz process is editing this project" for as long as it is
 * open, so two programs never interleave edits. A lock whose process is gone (crash, SIGKILL) is
 * taken over.
 */
export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

/** Locks this process holds, so a second engine in the same process is refused too and exit cleans up. */
const held = new Set<string>();
let exitHookInstalled = false;

export function lockPathFor(projectPath: string): string {
  return `${projectPath}.lock`;
}

export function acquireLock(projectPath: string): string {
  const path = lockPathFor(projectPath);
  const mine: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  // Two attempts: the second after removing a stale lock. A racing process may win in between; then
  // its lock is live and we report it.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: 'wx' });
      held.add(path);
      installExitHook();
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const other = readLock(path);
    if (other && isLive(other, path)) throw lockedError(other);
    if (!other && justWritten(path)) throw lockedError({ pid: 0, hostname: '?', startedAt: new Date().toISOString() });
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const other = readLock(path);
  throw lockedError(other ?? mine);
}

/**
 * The lock a process left behind when it ended without closing the project (a crash, a kill, a
 * power cut): present, readable, on this machine, its process gone. Read before acquiring the lock,
 * which takes such a lock over. SQLite has already rolled back what that process had not committed;
 * this is what lets the app say so instead of opening as if nothing had happened.
 */
export function staleLock(projectPath: string): LockInfo | null {
  const path = lockPathFor(projectPath);
  const lock = readLock(path);
  if (!lock || lock.hostname !== hostname() || isLive(lock, path)) return null;
  return lock;
}

export function releaseLock(lockPath: string): void {
  if (!held.delete(lockPath)) return;
  try {
    unlinkSync(lockPath);
  } catch {
    // already gone: nothing to release
  }
}

export function readLock(path: string): LockInfo | null {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof data.pid !== 'number') return null;
    return { pid: data.pid, hostname: String(data.hostname ?? ''), startedAt: String(data.startedAt ?? '') };
  } catch {
    // unreadable or half-written: stale if old (see justWritten), a racing writer if fresh
    return null;
  }
}

/** An unreadable lock younger than this is probably being written by a racing process right now. */
const FRESH_MS = 2000;

function justWritten(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < FRESH_MS;
  } catch {
    return false;
  }
}

function isLive(lock: LockInfo, path: string): boolean {
  // A lock from another machine (project on a network share) cannot be probed: respect it.
  if (lock.hostname !== hostname()) return true;
  if (lock.pid === process.pid) return held.has(path);
  try {
    process.kill(lock.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(lock: LockInfo): GwzError {
  return new GwzError(
    'PROJECT_LOCKED',
    `工程已在其他窗口或程序中打开（进程 ${lock.pid}，主机 ${lock.hostname}，自 ${lock.startedAt}）。可以只读方式打开。`,
    `The project is open elsewhere (process ${lock.pid} on ${lock.hostname} since ${lock.startedAt}). It can be opened read-only.`,
    { pid: lock.pid, host: lock.hostname, since: lock.startedAt },
  );
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const path of held) {
      try {
        unlinkSync(path);
      } catch {
        // best effort at exit
      }
    }
    held.clear();
  });
}
