import { z } from 'zod';
import { CrsCodeSchema, EmptySchema } from './common';
import { method } from './method';

export const RecentProjectSchema = z.object({ path: z.string(), title: z.string(), openedAt: z.string() });
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const CrsEntrySchema = z.object({
  code: CrsCodeSchema,
  name_zh: z.string(),
  name_en: z.string(),
  proj4: z.string(),
  /** Area of use in lon/lat: [west, south, east, north] */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type CrsEntry = z.infer<typeof CrsEntrySchema>;

export const appMethods = {
  'app.info': method({
    summary_zh: '软件与组件版本',
    summary_en: 'Application and component versions',
    request: EmptySchema,
    response: z.object({
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      node: z.string(),
      gdal: z.string(),
      spatialite: z.string(),
      proj: z.string(),
      platform: z.string(),
    }),
  }),
  'app.recentProjects': method({
    summary_zh: '最近打开的工程',
    summary_en: 'Recent projects',
    request: EmptySchema,
    response: z.object({ items: z.array(RecentProjectSchema) }),
  }),
  'app.clearRecentProjects': method({
    summary_zh: '清除最近的工程列表',
    summary_en: 'Clear the recent projects list',
    request: EmptySchema,
    response: z.object({ cleared: z.number().int() }),
  }),
  'app.crsList': method({
    summary_zh: '内置坐标系列表',
    summary_en: 'Built-in coordinate reference systems',
    request: EmptySchema,
    response: z.object({ items: z.array(CrsEntrySchema) }),
  }),
} as const;
