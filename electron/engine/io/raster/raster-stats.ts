import type { RasterHistogram, RasterStats } from '../../../../shared/api';
import type { gdal } from '../../gdal';

/** Bins of the histogram stored at import (enough for a colour-ramp stretch in the UI). */
export const HISTOGRAM_BINS = 64;
/** Rows read per strip: bounds memory on large rasters and gives room for cancellation. */
const STRIP_ROWS = 256;

/**
 * Statistics and histogram of one band, ignoring nodata and NaN, computed in JS over row strips
 * (two passes: the histogram needs min/max first). GDAL's own statistics do not report the valid
 * cell count, and its histogram API is approximate by default.
 */
export async function bandStatistics(
  band: gdal.RasterBand,
  nodata: number | null,
  onStrip: (fraction: number) => void,
): Promise<{ stats: RasterStats; histogram: RasterHistogram | null }> {
  const { x: width, y: height } = band.size;
  const isValid = (v: number): boolean => !Number.isNaN(v) && v !== nodata && !(nodata !== null && Math.fround(v) === Math.fround(nodata));
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  await eachStrip(band, width, height, (data) => {
    for (const v of data) {
      if (!isValid(v)) continue;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
      sumSq += v * v;
    }
  }, (f) => onStrip(f / 2));
  if (n === 0) return { stats: { min: null, max: null, mean: null, std: null, validCount: 0 }, histogram: null };
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const span = max - min;
  await eachStrip(band, width, height, (data) => {
    for (const v of data) {
      if (!isValid(v)) continue;
      const bin = span === 0 ? 0 : Math.min(HISTOGRAM_BINS - 1, Math.floor(((v - min) / span) * HISTOGRAM_BINS));
      counts[bin]!++;
    }
  }, (f) => onStrip(0.5 + f / 2));
  return { stats: { min, max, mean, std, validCount: n }, histogram: { min, max, counts } };
}

/**
 * The same statistics and histogram as bandStatistics, over cells already in memory (an analysis
 * result about to be stored), so they need not be read back from the COG: one pass for the moments,
 * one for the histogram, both plain loops over the typed array.
 */
export function arrayStatistics(data: ArrayLike<number>, nodata: number | null): { stats: RasterStats; histogram: RasterHistogram | null } {
  const nd = nodata ?? Number.NaN;
  const nd32 = Math.fround(nd);
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v || v === nd || Math.fround(v) === nd32) continue;
    n++;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    sumSq += v * v;
  }
  if (n === 0) return { stats: { min: null, max: null, mean: null, std: null, validCount: 0 }, histogram: null };
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  const span = max - min;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v || v === nd || Math.fround(v) === nd32) continue;
    const bin = span === 0 ? 0 : Math.min(HISTOGRAM_BINS - 1, Math.floor(((v - min) / span) * HISTOGRAM_BINS));
    counts[bin]!++;
  }
  return { stats: { min, max, mean, std, validCount: n }, histogram: { min, max, counts } };
}

async function eachStrip(
  band: gdal.RasterBand,
  width: number,
  height: number,
  visit: (data: Float64Array) => void,
  onStrip: (fraction: number) => void,
): Promise<void> {
  const buffer = new Float64Array(width * Math.min(STRIP_ROWS, height));
  for (let y = 0; y < height; y += STRIP_ROWS) {
    const rows = Math.min(STRIP_ROWS, height - y);
    const data = buffer.subarray(0, width * rows);
    await band.pixels.readAsync(0, y, width, rows, data);
    visit(data);
    onStrip((y + rows) / height);
  }
}
