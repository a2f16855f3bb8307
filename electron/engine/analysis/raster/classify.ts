import { GwzError } from '../../../../shared/api';
import { classBreaks, classOf, rampColors, type ClassMethod, type RasterStyle } from '../../../../shared/style';
import { readAligned, resolveAnalysisGrid } from '../core/analysis-grid';
import { rowTicker, type Progress } from '../core/progress';
import { emptyRaster, type RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';

/**
 * Class codes 1…n for ascending breaks [b0 … bn] (shared/style/classify: (bᵢ, bᵢ₊₁], the first class
 * also b0). Nodata stays nodata; values outside [b0, bn] become nodata and are counted.
 */
export function classifyRaster(src: RasterArray, breaks: readonly number[], progress?: Progress): RasterArray & { counts: number[]; outside: number } {
  if (breaks.length < 2) throw new Error('classifyRaster needs at least two breaks');
  const out = emptyRaster(src.grid);
  const counts = new Array<number>(breaks.length - 1).fill(0);
  let outside = 0;
  const { data } = src;
  const tick = rowTicker(progress, data.length, { zh: '正在分级', en: 'Classifying' }, [30, 80], 1 << 18);
  const nb = breaks.length;
  const first = breaks[0]!;
  const last = breaks[nb - 1]!;
  // few breaks: a linear scan beats the binary search of classOf
  const linear = nb <= 12;
  for (let i = 0; i < data.length; i++) {
    tick(i);
    const v = data[i]!;
    if (v !== v) continue;
    if (v < first || v > last) {
      outside++;
      continue;
    }
    let c = 0;
    if (linear) while (c < nb - 2 && v > breaks[c + 1]!) c++;
    else c = classOf(v, breaks);
    out.data[i] = c + 1;
    counts[c]!++;
  }
  return Object.assign(out, { counts, outside });
}

/**
 * Manual breaks as the cells hold them (Float32): a cell equal to a break as written — 0.1 is
 * 0.100000001… in a cell, above the float64 0.1 — then falls in the class the break closes. Breaks
 * computed from the data stay float64: they split the cells' own values exactly.
 */
export function cellBreaks(breaks: readonly number[]): number[] {
  return breaks.map(Math.fround);
}

/** Breaks for a raster by a method (Jenks samples large rasters: shared/style/classify). */
export function rasterBreaks(src: RasterArray, method: ClassMethod, classes: number, manual: readonly number[] = []): number[] {
  const breaks = classBreaks(src.data, method, classes, manual);
  if (breaks.length < 2) {
    throw new GwzError('BAD_INPUT', '栅格没有有效值，无法分级。', 'The raster has no valid cells; it cannot be classified.', { method });
  }
  return breaks;
}

const fmt = (v: number): string => String(Number(v.toPrecision(6)));

/** A paletted style for class codes 1…n, labelled with their value ranges. */
export function classStyle(breaks: readonly number[], ramp: string): RasterStyle {
  const colors = rampColors(ramp, breaks.length - 1);
  return {
    kind: 'raster',
    type: 'paletted',
    opacity: 1,
    entries: colors.map((color, i) => {
      const text = `${fmt(breaks[i]!)} – ${fmt(breaks[i + 1]!)}`;
      return { value: i + 1, color, label: { zh: text, en: text } };
    }),
  };
}

export const classify: OperationImpl<'analysis.classify'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, req.grid, { rasters: [req.raster] });
  const src = await readAligned(ctx, req.raster, grid);
  ctx.job.progress(15, '正在计算断点', 'Computing the breaks');
  const breaks = rasterBreaks(src, req.method, req.classes, req.breaks);
  const out = classifyRaster(src, req.method === 'manual' ? cellBreaks(breaks) : breaks, ctx.job);
  if (out.outside > 0) {
    ctx.warn(`${out.outside} 个像元的值在断点范围之外，已设为无数据。`, `${out.outside} cells lie outside the breaks; they are nodata.`);
  }
  const methodZh = { jenks: '自然断点', equal: '等间距', quantile: '分位数', manual: '手动' }[req.method];
  return {
    outputs: [
      {
        kind: 'raster',
        name: req.outputName ?? `${ctx.layer(req.raster).name}_分级(${methodZh})`,
        raster: { grid: out.grid, data: out.data },
        type: breaks.length - 1 <= 254 ? 'Byte' : 'Int16',
        style: JSON.stringify(classStyle(breaks, req.ramp)),
      },
    ],
    extra: { breaks, counts: out.counts, outside: out.outside },
  };
};
