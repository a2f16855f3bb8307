import { z } from 'zod';
import { CrsCodeSchema, EmptySchema, ExtentSchema, FilePathSchema, JobStartedSchema } from './common';
import { method } from './method';

export const ProjectInfoSchema = z.object({
  path: z.string(),
  title: z.string(),
  crs: CrsCodeSchema,
  crsName: z.string(),
  srid: z.number().int(),
  schemaVersion: z.number().int(),
  appVersion: z.string(),
  createdAt: z.string(),
  readOnly: z.boolean(),
  layerCount: z.number().int(),
  /** Default view for a project with no layers yet: the CRS's area of use in project coordinates. */
  extent: ExtentSchema.nullable(),
  /**
   * Present when the session that last had the project open for writing ended without closing it
   * (crash, kill, power cut; found by its lock file): the project holds what that session had
   * committed, its unfinished work was rolled back. The app shows a recovery notice.
   */
  uncleanShutdown: z.object({ pid: z.number().int(), host: z.string(), since: z.string() }).optional(),
});
export type ProjectInfo = z.infer<typeof ProjectInfoSchema>;

export const DemoResultSchema = z.object({
  project: ProjectInfoSchema,
  /** Where the sample source files were written (beside the project), for practising imports. */
  sampleDir: z.string(),
  layers: z.array(z.object({ name: z.string(), kind: z.enum(['vector', 'raster', 'table']), featureCount: z.number().int() })),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
  seconds: z.number(),
});
export type DemoResult = z.infer<typeof DemoResultSchema>;

export const projectMethods = {
  'project.create': method({
    summary_zh: '新建工程文件',
    summary_en: 'Create a project file',
    request: z.object({
      path: FilePathSchema,
      crs: CrsCodeSchema,
      title: z.string().max(200).optional(),
      overwrite: z.boolean().optional(),
    }),
    response: ProjectInfoSchema,
  }),
  'project.open': method({
    summary_zh: '打开工程文件',
    summary_en: 'Open a project file',
    request: z.object({ path: FilePathSchema, readOnly: z.boolean().optional() }),
    response: ProjectInfoSchema,
  }),
  'project.close': method({
    summary_zh: '关闭工程',
    summary_en: 'Close the project',
    request: EmptySchema,
    response: z.object({ closed: z.boolean() }),
  }),
  'project.info': method({
    summary_zh: '工程信息',
    summary_en: 'Project information',
    request: EmptySchema,
    response: ProjectInfoSchema,
  }),
  'project.createDemo': method({
    summary_zh: '生成抚州市示范工程（示例数据）',
    summary_en: 'Build the Fuzhou demo project (sample data)',
    job: true,
    /** Without a path the demo goes to the user's data folder (示范工程/抚州市示范工程.gwz), replaced each time. */
    request: z.object({ path: FilePathSchema.optional(), overwrite: z.boolean().optional() }),
    response: JobStartedSchema,
    result: DemoResultSchema,
  }),
  'project.check': method({
    summary_zh: '工程文件完整性检查',
    summary_en: 'Check the project file integrity',
    request: EmptySchema,
    response: z.object({ ok: z.boolean(), messages: z.array(z.string()) }),
  }),
} as const;
