import {
  BoreholeTableKindSchema,
  GwzError,
  type BoreholeImportReport,
  type BoreholeImportResult,
  type BoreholeTemplate,
  type RequestOf,
} from '../../shared/api';
import { table } from './text';
import { flag, str, type Verb } from './verb';

const DELIMITERS: Record<string, RequestOf<'boreholes.import'>['delimiter']> = {
  ',': ',',
  comma: ',',
  ';': ';',
  semicolon: ';',
  tab: '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
  space: ' ',
};

/** The validation report as a terminal table: every rejected row with its reason in both languages. */
export function formatBoreholeReport(report: BoreholeImportReport): string {
  const lines = [
    `读取 Read: ${report.rowsRead} 行 rows · 导入 Imported: ${report.rowsImported} · 拒绝 Rejected: ${report.rejected.length}` +
      (report.sheet ? ` · 工作表 Sheet: ${report.sheet}` : ''),
    `字段对应 Columns: ${Object.entries(report.mapping)
      .map(([field, column]) => `${field} ← ${column}`)
      .join(', ')}`,
    ...report.notes.map((n) => `说明 ${n.message_zh}\nNote ${n.message_en}`),
  ];
  if (report.rejected.length > 0) {
    lines.push(
      table(
        ['行 Row', '字段 Field', '值 Value', '原因 Reason'],
        report.rejected.map((r) => [String(r.row), r.field ?? '—', r.value ?? '—', `${r.reason_zh} / ${r.reason_en}`]),
      ),
    );
  }
  return lines.join('\n');
}

function isReport(details: unknown): details is BoreholeImportReport {
  return typeof details === 'object' && details !== null && 'rejected' in details && Array.isArray((details as { rejected: unknown }).rejected);
}

const boreholesVerb: Verb = {
  name: 'boreholes',
  args: '<project> <file>',
  minArgs: 2,
  maxArgs: 2,
  zh: '导入钻孔与监测数据（CSV/XLSX：钻孔、岩性、水位、试验、水质），打印校验报告',
  en: 'Import borehole and monitoring data (CSV/XLSX: collars, lithology, levels, tests, quality) and print the validation report',
  options: {
    kind: { type: 'string', value: 'collars|lithology|levels|tests|quality', required: true, zh: '表的类型', en: 'kind of table' },
    sheet: { type: 'string', value: '<sheet>', zh: '工作表名，默认第一个', en: 'worksheet, default the first' },
    'src-crs': { type: 'string', value: 'EPSG:<code>', zh: '钻孔坐标的坐标系，默认工程坐标系', en: 'CRS of the collar coordinates, default the project CRS' },
    delimiter: { type: 'string', value: ',|;|tab|pipe|space', zh: 'CSV 分隔符，默认自动识别', en: 'CSV delimiter, detected by default' },
    'skip-rejected': { type: 'boolean', zh: '跳过未通过校验的行，导入其余行', en: 'skip the rows that fail validation and import the rest' },
    replace: {
      type: 'boolean',
      zh: '重新导入：文件中出现的钻孔（点位）在工程中的同类数据被文件中的替换',
      en: 're-import: the project rows of this kind for the holes (sites) in the file are replaced by the file’s',
    },
  },
  async run(ctx) {
    const [project, file] = ctx.args as [string, string];
    const kind = BoreholeTableKindSchema.safeParse(str(ctx.opts, 'kind'));
    if (!kind.success) {
      throw new GwzError('BAD_REQUEST', '--kind 应为 collars、lithology、levels、tests 或 quality', '--kind must be collars, lithology, levels, tests or quality');
    }
    const delimiterText = str(ctx.opts, 'delimiter');
    const delimiter = delimiterText === undefined ? undefined : DELIMITERS[delimiterText.toLowerCase()];
    if (delimiterText !== undefined && delimiter === undefined) {
      throw new GwzError('BAD_REQUEST', `不支持的分隔符：${delimiterText}`, `Unsupported delimiter: ${delimiterText}`);
    }
    const sheet = str(ctx.opts, 'sheet');
    const srcCrs = str(ctx.opts, 'src-crs');
    await ctx.client.api.project.open({ path: ctx.resolvePath(project), readOnly: false });
    let result: BoreholeImportResult;
    try {
      result = await ctx.runJob('boreholes.import', {
        path: ctx.resolvePath(file),
        kind: kind.data,
        skipRejected: flag(ctx.opts, 'skip-rejected'),
        replace: flag(ctx.opts, 'replace'),
        ...(sheet !== undefined ? { sheet } : {}),
        ...(srcCrs !== undefined ? { srcCrs: /^\d+$/.test(srcCrs) ? `EPSG:${srcCrs}` : srcCrs } : {}),
        ...(delimiter !== undefined ? { delimiter } : {}),
      });
    } catch (err) {
      if (err instanceof GwzError && isReport(err.details)) {
        ctx.say(formatBoreholeReport(err.details));
        ctx.say('未导入任何数据；加 --skip-rejected 可跳过这些行。Nothing was imported; add --skip-rejected to skip these rows.');
      }
      throw err;
    }
    return { data: result, human: formatBoreholeReport(result) };
  },
};

function formatTemplates(templates: readonly BoreholeTemplate[]): string {
  if (templates.length === 0) return '（没有模板）(no templates)';
  return table(
    ['类型 Kind', '格式 Format', '文件 File'],
    templates.map((t) => [t.kind, t.format, t.path]),
  );
}

const templatesVerb: Verb = {
  name: 'templates',
  args: '',
  minArgs: 0,
  maxArgs: 0,
  zh: '列出钻孔与监测数据模板（CSV/XLSX，中文表头，第二行英文表头）',
  en: 'List the borehole and monitoring data templates (CSV/XLSX, Chinese headers, English header row below)',
  options: {},
  async run(ctx) {
    const result = await ctx.client.api.boreholes.templates({});
    return { data: result, human: formatTemplates(result.templates) };
  },
};

/** Verbs of the borehole import; registered in verbs.ts by the lead. */
export const BOREHOLE_VERBS: readonly Verb[] = [boreholesVerb, templatesVerb];
