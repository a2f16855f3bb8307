import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportReportResult, ParsedRequestOf } from '../../../shared/api';
import { outputPath } from '../layout/export-layout';
import type { JobContext } from '../jobs/job-runner';
import type { Project } from '../project/project';
import { buildDocx, type Block } from './docx';
import { ReportContext, type ReportFigure } from './report-context';
import { REPORT_SECTIONS } from './report-sections';

const SOFFICE = ['/usr/bin/soffice', '/usr/bin/libreoffice', 'C:\\Program Files\\LibreOffice\\program\\soffice.exe', '/Applications/LibreOffice.app/Contents/MacOS/soffice'];

/** DOCX → PDF with LibreOffice headless, in its own profile so a running LibreOffice does not swallow the job. */
function convertToPdf(docx: string, signal: AbortSignal): Promise<string | null> {
  const soffice = process.env.GWZ_SOFFICE ?? SOFFICE.find((s) => existsSync(s));
  if (!soffice) return Promise.resolve(null);
  const dir = mkdtempSync(join(tmpdir(), 'gwz-soffice-'));
  const input = join(dir, 'report.docx');
  copyFileSync(docx, input);
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], { stdio: 'ignore' });
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    signal.addEventListener('abort', kill, { once: true });
    const timer = setTimeout(kill, 240_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', kill);
      const pdf = join(dir, 'report.pdf');
      if (code === 0 && existsSync(pdf)) {
        const target = docx.replace(/\.docx$/i, '.pdf');
        copyFileSync(pdf, target);
        rmSync(dir, { recursive: true, force: true });
        resolve(target);
      } else {
        rmSync(dir, { recursive: true, force: true });
        reject(new Error(`LibreOffice exited with ${code}`));
      }
    });
  });
}

/**
 * The technical report: cover, contents, the chapters of REPORT_SECTIONS filled from the project,
 * with the figures drawn by the layout engine and numbered per chapter.
 */
export async function exportReport(
  p: Project,
  req: ParsedRequestOf<'export.report'>,
  job: JobContext,
  version: string,
  onFigure?: (figure: ReportFigure) => void,
): Promise<ExportReportResult> {
  const path = outputPath(req.path, '.docx', req.overwrite);
  const spec = req.report;
  const ctx = new ReportContext(p, spec, job, undefined, onFigure);
  const title = spec.title ?? `${p.info().title.replace(/（示例数据）$/, '')}地下水污染防治重点区划定技术报告`;
  const d = new Date();
  const date = spec.date ?? `${d.getFullYear()}年${d.getMonth() + 1}月`;
  const organization = spec.organization ?? '（编制单位）';
  const chapters: Block[][] = [];
  for (const [i, section] of REPORT_SECTIONS.entries()) {
    job.progress(5 + (80 * i) / REPORT_SECTIONS.length, `正在编写：${section.title}`, `Writing: ${section.id}`);
    chapters.push(await section.build(ctx));
    job.throwIfCancelled();
  }
  const headings = chapters.flat().filter((b): b is Extract<Block, { t: 'heading' }> => b.t === 'heading' && b.level <= 2);
  const blocks: Block[] = [
    { t: 'cover', title, organization, date },
    { t: 'toc', entries: headings.map((b) => ({ level: b.level, text: b.text })) },
    { t: 'pageBreak' },
    ...chapters.flatMap((c, i) => (i === 0 ? c : [{ t: 'pageBreak' } as Block, ...c])),
  ];
  job.progress(88, '正在写出 DOCX', 'Writing the DOCX');
  const bytes = buildDocx(blocks, { title, creator: `GWZ Workbench ${version}` });
  writeFileSync(path, bytes);
  let pdfPath: string | null = null;
  if (spec.pdf) {
    job.progress(92, '正在用 LibreOffice 转换 PDF', 'Converting to PDF with LibreOffice');
    try {
      pdfPath = await convertToPdf(path, job.signal);
      if (pdfPath === null) ctx.warnings.push({ message_zh: '未安装 LibreOffice，未生成 PDF', message_en: 'LibreOffice is not installed; no PDF was written' });
    } catch (err) {
      job.throwIfCancelled();
      ctx.warnings.push({ message_zh: `PDF 转换失败：${(err as Error).message}`, message_en: `PDF conversion failed: ${(err as Error).message}` });
    }
  }
  return {
    path,
    pdfPath,
    bytes: bytes.length,
    chapters: REPORT_SECTIONS.map((s) => s.title),
    figures: ctx.figures,
    tables: ctx.tables,
    placeholders: ctx.placeholders,
    warnings: ctx.warnings.length ? ctx.warnings : [],
  };
}

