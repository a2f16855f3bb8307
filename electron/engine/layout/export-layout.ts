import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { GwzError, type ExportLayoutResult, type LayoutPlacement, type LayoutSpec, type ParsedRequestOf } from '../../../shared/api';
import type { JobContext } from '../jobs/job-runner';
import type { Project } from '../project/project';
import { svgToPdf, svgToPng } from './browser';
import { composeLayout } from './compose';
import { pngInfo, withDpi } from './png';

/** The preview draws rasters at screen resolution; everything else is the exported drawing itself. */
const PREVIEW_DPI = 96;

export async function layoutPreview(p: Project, layout: LayoutSpec): Promise<{ svg: string; placement: LayoutPlacement }> {
  const { svg, placement } = await composeLayout(p, layout, PREVIEW_DPI);
  return { svg, placement };
}

export function outputPath(path: string, ext: string, overwrite: boolean): string {
  const out = resolve(extname(path).toLowerCase() === ext ? path : `${path}${ext}`);
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new GwzError('FILE_NOT_FOUND', `输出文件夹不存在：${folder}`, `The output folder does not exist: ${folder}`, { path: folder });
  }
  if (existsSync(out) && !overwrite) {
    throw new GwzError('BAD_INPUT', `输出文件已存在：${out}（选择“覆盖”可替换）`, `The output file already exists: ${out} (choose overwrite to replace it)`, { path: out });
  }
  return out;
}

/** One figure to bytes: the SVG itself, Chromium's PDF of it, or its PNG at `dpi` with the resolution recorded. */
export async function renderLayout(
  p: Project,
  layout: LayoutSpec,
  format: 'pdf' | 'png' | 'svg',
  dpi: number,
  signal: AbortSignal,
): Promise<{ bytes: Buffer; placement: LayoutPlacement; warnings: ExportLayoutResult['warnings'] }> {
  // PDF pages embed rasters at up to 300 dpi: more only grows the file past what presses use
  const { svg, placement, warnings } = await composeLayout(p, layout, format === 'png' ? dpi : Math.min(dpi, 300));
  const [w, h] = placement.pageMm;
  if (format === 'svg') return { bytes: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 'utf8'), placement, warnings };
  if (format === 'pdf') return { bytes: await svgToPdf(svg, w, h, signal), placement, warnings };
  return { bytes: withDpi(await svgToPng(svg, w, h, dpi, signal), dpi), placement, warnings };
}

export async function exportLayout(p: Project, req: ParsedRequestOf<'export.layout'>, job: JobContext): Promise<ExportLayoutResult> {
  const path = outputPath(req.path, `.${req.format}`, req.overwrite);
  job.progress(5, '正在排版', 'Composing the layout');
  const { bytes, placement, warnings } = await renderLayout(p, req.layout, req.format, req.dpi, job.signal);
  job.throwIfCancelled();
  job.progress(95, '正在写出', 'Writing');
  writeFileSync(path, bytes);
  const png = req.format === 'png' ? pngInfo(bytes) : null;
  return {
    path,
    format: req.format,
    bytes: bytes.length,
    dpi: req.format === 'svg' ? null : req.dpi,
    pixels: png ? [png.width, png.height] : null,
    placement,
    warnings,
  };
}
