import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { gdal } from '../../../electron/engine/gdal';
import type { Grid } from '../../../electron/engine/analysis/core/grid';
import { layerGrid as storedLayerGrid } from '../../../electron/engine/analysis/core/raster-array';
import { readCog } from '../../../electron/engine/io/raster/raster-store';

/** The stored COG of a raster layer, written out so GDAL's tools (and gdal-async) can read it. */
export function storedRaster(project: string, layerId: number, dir: string): string {
  const db = new Database(project, { readonly: true });
  try {
    const out = join(dir, `layer${layerId}.tif`);
    writeFileSync(out, readCog(db, layerId));
    return out;
  } finally {
    db.close();
  }
}

/** Band 1 as Float64 with nodata as NaN. */
export function readBand(path: string): { width: number; height: number; data: Float64Array } {
  const ds = gdal.open(path);
  try {
    const band = ds.bands.get(1);
    const { x: width, y: height } = ds.rasterSize;
    const data = new Float64Array(width * height);
    band.pixels.read(0, 0, width, height, data);
    const nd = band.noDataValue;
    if (nd !== null) for (let i = 0; i < data.length; i++) if (data[i] === nd || Math.fround(data[i]!) === Math.fround(nd)) data[i] = Number.NaN;
    return { width, height, data };
  } finally {
    ds.close();
  }
}

/** Whether a command-line peer (gdaldem, r.watershed via grass…) is installed. */
export function hasTool(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a shell script inside a throw-away GRASS location of the given CRS (`grass --tmp-location
 * EPSG:… --exec`), returning its standard output.
 */
export function grass(epsg: number, script: string): string {
  return execFileSync('grass', ['--tmp-location', `EPSG:${epsg}`, '--exec', 'bash', '-c', `set -e\n${script}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GRASS_VERBOSE: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Cells of a GRASS raster (r.univar's n). */
export function grassCellCount(out: string): number {
  const m = /^n=(\d+)$/m.exec(out);
  if (!m) throw new Error(`no r.univar count in:\n${out}`);
  return Number(m[1]);
}

/** The grid of a stored raster layer, read from the project file. */
export function layerGrid(project: string, layerId: number): Grid {
  const db = new Database(project, { readonly: true });
  try {
    return storedLayerGrid(db, layerId);
  } finally {
    db.close();
  }
}
