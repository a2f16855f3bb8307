import type { LayoutSpec, LayoutSpecInput, ReportSpec } from '../../../shared/api';
import { LayoutSpecSchema } from '../../../shared/api';
import { renderLayout } from '../layout/export-layout';
import type { JobContext } from '../jobs/job-runner';
import { listLayerRows, type LayerRow } from '../project/layers';
import type { Project } from '../project/project';
import type { Block } from './docx';

/** Text width of the report page (A4, 3.17 cm margins), mm: figures are placed this wide. */
export const FIGURE_WIDTH_MM = 146;

/**
 * What a report section may use: the project, the request, and numbered figures and tables. Numbers
 * are per chapter (图 2-1, 表 5-2) and assigned in the order sections ask for them, so a section
 * plugged in later numbers itself correctly.
 */
export class ReportContext {
  readonly figures: { number: string; caption: string }[] = [];
  readonly tables: { number: string; caption: string; rows: number }[] = [];
  readonly warnings: { message_zh: string; message_en: string }[] = [];
  placeholders = 0;
  private readonly counters = new Map<string, { fig: number; tab: number }>();

  constructor(
    readonly project: Project,
    readonly spec: ReportSpec,
    readonly job: JobContext,
    readonly layers: LayerRow[] = listLayerRows(project.db),
    /** Told of every figure drawn (the results package prints each one as its own PDF). */
    private readonly onFigure?: (figure: ReportFigure) => void,
  ) {}

  private next(chapter: string, kind: 'fig' | 'tab'): string {
    const c = this.counters.get(chapter) ?? { fig: 0, tab: 0 };
    c[kind] += 1;
    this.counters.set(chapter, c);
    return `${kind === 'fig' ? '图' : '表'} ${chapter}-${c[kind]}`;
  }

  table(chapter: string, caption: string, header: string[], rows: (string | number)[][], note?: string, widths?: number[]): Block {
    const number = this.next(chapter, 'tab');
    this.tables.push({ number, caption, rows: rows.length });
    return { t: 'table', number, caption, header, rows, ...(note ? { note } : {}), ...(widths ? { widths } : {}) };
  }

  /** A figure drawn by the layout engine (the same as `gwz export map`), A4 landscape, at the report's figure resolution. */
  async figure(chapter: string, caption: string, layout: LayoutSpecInput): Promise<Block> {
    const number = this.next(chapter, 'fig');
    const spec = LayoutSpecSchema.parse({ paper: 'A4', orientation: 'landscape', title: caption, ...layout });
    const { bytes, placement } = await renderLayout(this.project, spec, 'png', this.spec.figureDpi, this.job.signal);
    this.figures.push({ number, caption });
    this.onFigure?.({ number, caption, layout: spec });
    const [w, h] = placement.pageMm;
    return { t: 'figure', number, caption, png: bytes, widthMm: FIGURE_WIDTH_MM, heightMm: (FIGURE_WIDTH_MM * h) / w };
  }

  placeholder(text: string): Block {
    this.placeholders++;
    return { t: 'placeholder', text };
  }
}

export interface ReportFigure {
  number: string;
  caption: string;
  layout: LayoutSpec;
}

/** One chapter (or appendix) of the report. Workflows add theirs to REPORT_SECTIONS. */
export interface ReportSection {
  id: string;
  /** The chapter number used in figure and table numbers ("2", "附录A"…). */
  chapter: string;
  title: string;
  build(ctx: ReportContext): Promise<Block[]>;
}
