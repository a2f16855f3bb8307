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

/** A north-up GeoTIFF written from values (NaN → nodata), for synthetic inputs the peers read too. */
export function writeTiff(
  path: string,
  grid: { x0: number; y0: number; dx: number; dy: number; width: number; height: number; srid: number },
  data: ArrayLike<number>,
  type: 'Float32' | 'Int16' | 'Int32' | 'Byte' = 'Float32',
  nodata: number = type === 'Byte' ? 255 : type === 'Float32' ? -9999 : -32768,
): string {
  const gdt = { Float32: gdal.GDT_Float32, Int16: gdal.GDT_Int16, Int32: gdal.GDT_Int32, Byte: gdal.GDT_Byte }[type];
  const ds = gdal.open(path, 'w', 'GTiff', grid.width, grid.height, 1, gdt, ['COMPRESS=DEFLATE', 'TILED=YES']);
  try {
    ds.geoTransform = [grid.x0, grid.dx, 0, grid.y0, 0, -grid.dy];
    ds.srs = gdal.SpatialReference.fromEPSG(grid.srid);
    const band = ds.bands.get(1);
    band.noDataValue = nodata;
    const out = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) out[i] = Number.isNaN(data[i]!) ? nodata : data[i]!;
    band.pixels.write(0, 0, grid.width, grid.height, out);
  } finally {
    ds.close();
  }
  return path;
}

/** Largest |a − b| over cells valid in both, and the cells where exactly one of them is nodata. */
export function compareBands(
  ours: ArrayLike<number>,
  ref: ArrayLike<number>,
  diff: (a: number, b: number) => number = (a, b) => Math.abs(a - b),
): { compared: number; maxDiff: number; nodataMismatch: number[] } {
  let compared = 0;
  let maxDiff = 0;
  const nodataMismatch: number[] = [];
  for (let i = 0; i < ref.length; i++) {
    const a = ours[i]!;
    const b = ref[i]!;
    if (Number.isNaN(a) !== Number.isNaN(b)) {
      if (nodataMismatch.length < 20) nodataMismatch.push(i);
      continue;
    }
    if (Number.isNaN(a)) continue;
    compared++;
    maxDiff = Math.max(maxDiff, diff(a, b));
  }
  return { compared, maxDiff, nodataMismatch };
}

/** Runs a peer command line, failing with its stderr. */
export function peer(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Runs an R script (gstat is the kriging peer), returning its standard output. */
export function rscript(code: string): string {
  return execFileSync('Rscript', ['--vanilla', '-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

/** Whether R can load a package (e.g. gstat). */
export function hasRPackage(name: string): boolean {
  if (!hasTool('Rscript')) return false;
  try {
    rscript(`suppressMessages(library(${name}))`);
    return true;
  } catch {
    return false;
  }
}

/**
 * Deterministic pseudo-random wells (a trend, a wave and noise in field `head`; text field `code`)
 * over 10 × 8 km from (x0, y0), as a point shapefile in the given CRS.
 */
export function writeWells(path: string, o: { n: number; epsg: number; x0: number; y0: number; seed?: number }): void {
  let seed = o.seed ?? 20240601;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) | 0) >>> 0) / 4294967296;
  const ds = gdal.open(path, 'w', 'ESRI Shapefile');
  const layer = ds.layers.create('wells', gdal.SpatialReference.fromEPSG(o.epsg), gdal.wkbPoint);
  layer.fields.add(new gdal.FieldDefn('head', gdal.OFTReal));
  layer.fields.add(new gdal.FieldDefn('code', gdal.OFTString));
  for (let i = 0; i < o.n; i++) {
    const x = o.x0 + rnd() * 10_000;
    const y = o.y0 + rnd() * 8_000;
    const feat = new gdal.Feature(layer);
    feat.fields.set({ head: 50 + 0.002 * (x - o.x0) - 0.001 * (y - o.y0) + 3 * Math.sin((x - o.x0) / 900) + rnd(), code: `W${i}` });
    feat.setGeometry(new gdal.Point(x, y));
    layer.features.add(feat);
  }
  ds.close();
}
