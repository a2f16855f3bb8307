import { z } from 'zod';
import { CrsCodeSchema, EmptySchema, FilePathSchema, JobStartedSchema } from './common';
import { LayerInfoSchema } from './layers';
import { method } from './method';

export const BoreholeTableKindSchema = z.enum(['collars', 'lithology', 'levels', 'tests', 'quality']);
export type BoreholeTableKind = z.infer<typeof BoreholeTableKindSchema>;

/** One rejected row: `row` is the line a person sees in Excel or a text editor (header = 1). */
export const RejectedRowSchema = z.object({
  row: z.number().int(),
  field: z.string().nullable(),
  value: z.string().nullable(),
  reason_zh: z.string(),
  reason_en: z.string(),
});
export type RejectedRow = z.infer<typeof RejectedRowSchema>;

const NoteSchema = z.object({ message_zh: z.string(), message_en: z.string() });

export const BoreholeImportReportSchema = z.object({
  kind: BoreholeTableKindSchema,
  sheet: z.string().nullable(),
  rowsRead: z.number().int(),
  rowsImported: z.number().int(),
  /** Source column used for each field the importer knows. */
  mapping: z.record(z.string(), z.string()),
  rejected: z.array(RejectedRowSchema),
  /** What the importer decided for the user (axis order, zone prefix, unit conversions…). */
  notes: z.array(NoteSchema),
});
export type BoreholeImportReport = z.infer<typeof BoreholeImportReportSchema>;

export const BoreholeImportResultSchema = BoreholeImportReportSchema.extend({
  /** The collar layer, after importing collars. */
  layer: LayerInfoSchema.nullable(),
  /** Rows of the project removed because the file replaced them (replace: true). */
  rowsReplaced: z.number().int(),
});
export type BoreholeImportResult = z.infer<typeof BoreholeImportResultSchema>;

export const BoreholeSummarySchema = z.object({
  collars: z.number().int(),
  lithology: z.number().int(),
  levels: z.number().int(),
  tests: z.number().int(),
  quality: z.number().int(),
});
export type BoreholeSummary = z.infer<typeof BoreholeSummarySchema>;

export const BoreholeTemplateSchema = z.object({
  kind: BoreholeTableKindSchema,
  format: z.enum(['csv', 'xlsx']),
  path: z.string(),
});
export type BoreholeTemplate = z.infer<typeof BoreholeTemplateSchema>;

export const boreholeMethods = {
  'boreholes.import': method({
    summary_zh: '导入钻孔与监测数据（CSV/XLSX）',
    summary_en: 'Import borehole and monitoring data (CSV/XLSX)',
    job: true,
    request: z.object({
      path: FilePathSchema,
      kind: BoreholeTableKindSchema,
      /** Worksheet of a workbook; default the first. */
      sheet: z.string().optional(),
      /** CRS of collar X/Y; default the project CRS. */
      srcCrs: CrsCodeSchema.optional(),
      /** Source columns holding the easting (xField) and northing (yField); skips axis detection. */
      xField: z.string().optional(),
      yField: z.string().optional(),
      /** Any other field → source column, for tables whose headers no synonym covers. */
      fieldMap: z.record(z.string(), z.string()).optional(),
      /** CSV delimiter; default detected by GDAL (comma, semicolon, tab). */
      delimiter: z.enum([',', ';', '\t', '|', ' ']).optional(),
      /** Import the good rows and report the others; without it any rejected row aborts the import. */
      skipRejected: z.boolean().default(false),
      /**
       * Re-import: the project's rows of this kind for the holes (sites) in the file are replaced by the
       * file's, in the same transaction; other holes' rows stay. Without it rows are added, and a hole
       * already present is a rejected row.
       */
      replace: z.boolean().default(false),
    }),
    response: JobStartedSchema,
    result: BoreholeImportResultSchema,
  }),
  'boreholes.templates': method({
    summary_zh: '钻孔与监测数据模板列表',
    summary_en: 'Borehole and monitoring data templates',
    request: EmptySchema,
    response: z.object({ templates: z.array(BoreholeTemplateSchema) }),
  }),
  'boreholes.summary': method({
    summary_zh: '钻孔与监测数据统计',
    summary_en: 'Counts of borehole and monitoring records',
    request: EmptySchema,
    response: BoreholeSummarySchema,
  }),
} as const;
