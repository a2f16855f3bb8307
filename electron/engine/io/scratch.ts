import { readdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Names for the engine's scratch files in the system temp folder (staged imports, repaired
 * shapefile copies) carry the engine's pid, so one left by a killed or crashed engine can be told
 * from one a live engine is using, and swept at the next start instead of piling up.
 */
const PREFIXES = ['gwz-import-', 'gwz-shp-'];
const host = hostname().replace(/[^A-Za-z0-9]/g, '').slice(0, 16) || 'host';

export function scratchName(prefix: 'gwz-import-' | 'gwz-shp-'): string {
  return `${prefix}${host}-${process.pid}-`;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes this machine's scratch entries whose engine process is gone; returns how many. */
export function sweepStaleScratch(dir = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const prefix = PREFIXES.find((p) => name.startsWith(p));
    if (!prefix) continue;
    const m = /^([A-Za-z0-9]+)-(\d+)-/.exec(name.slice(prefix.length));
    if (!m || m[1] !== host || Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed++;
    } catch {
      // in use or not ours to remove: leave it
    }
  }
  return removed;
}
