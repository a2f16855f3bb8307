import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GwzError, type ExportPackageResult, type LayerFormat, type ParsedRequestOf } from '../../../shared/api';
import { exportLayer } from '../io/export/export-layer';
import { zip } from '../io/zip-write';
import { renderLayout } from '../layout/export-layout';
import type { JobContext } from '../jobs/job-runner';
import { subContext } from '../jobs/sub-context';
import { listLayerRows } from '../project/layers';
import type { Project } from '../project/project';
import { exportReport } from './export-report';
import type { ReportFigure } from './report-context';

const safe = (s: string): string => s.replace(/[\\/:*?"<>|]/g, '_');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/**
 * The results package (成果包) handed to the client agency: every layer (vectors as UTF-8
 * shapefiles, tables as CSV, rasters as GeoTIFF) under 图层/, every figure of the report as an A3 PDF under 成果图/,
 * the technical report, and the whole folder zipped beside it.
 */
export async function exportPackage(p: Project, req: ParsedRequestOf<'export.package'>, job: JobContext, version: string): Promise<ExportPackageResult> {
  const dir = resolve(req.path);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !req.overwrite) {
    throw new GwzError('BAD_INPUT', `输出文件夹不为空：${dir}（选择“覆盖”可替换其中同名文件）`, `The output folder is not empty: ${dir} (choose overwrite to replace files of the same names)`, { path: dir });
  }
  mkdirSync(join(dir, '图层'), { recursive: true });
  mkdirSync(join(dir, '成果图'), { recursive: true });
  const rows = listLayerRows(p.db);
  const warnings: ExportPackageResult['warnings'] = [];
  for (const [i, row] of rows.entries()) {
    const format: LayerFormat = row.kind === 'raster' ? 'geotiff' : row.kind === 'table' ? 'csv' : 'shapefile';
    const step = subContext(job, (50 * i) / rows.length, (50 * (i + 1)) / rows.length);
    const r = await exportLayer(p, { layerId: row.id, format, path: join(dir, '图层', safe(row.name)), encoding: 'UTF-8', overwrite: true }, step);
    warnings.push(...r.warnings.map((w) => ({ message_zh: `${row.name}：${w.message_zh}`, message_en: `${row.name}: ${w.message_en}` })));
  }
  // the standard figure set: every figure of the report, each as its own 300 dpi PDF (图2-1 工作区位置图.pdf …)
  const figures: ReportFigure[] = [];
  const report = await exportReport(p, { path: join(dir, '技术报告.docx'), report: { ...req.report }, overwrite: true }, subContext(job, 50, 75), version, (f) => figures.push(f));
  warnings.push(...report.warnings);
  for (const [i, f] of figures.entries()) {
    job.progress(75 + (20 * i) / Math.max(1, figures.length), `正在输出${f.number}`, `Printing ${f.number}`);
    const { bytes } = await renderLayout(p, { ...f.layout, paper: 'A3' }, 'pdf', 300, job.signal);
    writeFileSync(join(dir, '成果图', safe(`${f.number.replace(/\s+/g, '')} ${f.caption}.pdf`)), bytes);
    job.throwIfCancelled();
  }
  job.progress(96, '正在压缩成果包', 'Zipping the package');
  const files = filesUnder(dir).sort();
  const zipPath = `${dir}.zip`;
  writeFileSync(zipPath, zip(files.map((f) => ({ name: relative(dir, f).split('\\').join('/'), data: readFileSync(f) }))));
  return { path: dir, zipPath, files, warnings };
}
