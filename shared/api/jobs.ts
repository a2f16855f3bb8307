import { z } from 'zod';
import { EmptySchema } from './common';
import { ErrorDataSchema } from './errors';
import { JobStatusSchema } from './events';
import { method } from './method';

export const JobInfoSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: JobStatusSchema,
  percent: z.number(),
  message_zh: z.string(),
  message_en: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  result: z.unknown().optional(),
  error: ErrorDataSchema.optional(),
});
export type JobInfo = z.infer<typeof JobInfoSchema>;

export const jobMethods = {
  'jobs.list': method({
    summary_zh: '任务列表',
    summary_en: 'List jobs',
    request: EmptySchema,
    response: z.object({ jobs: z.array(JobInfoSchema) }),
  }),
  'jobs.get': method({
    summary_zh: '任务状态',
    summary_en: 'Job status',
    request: z.object({ jobId: z.string() }),
    response: JobInfoSchema,
  }),
  'jobs.cancel': method({
    summary_zh: '取消任务',
    summary_en: 'Cancel a job',
    request: z.object({ jobId: z.string() }),
    response: z.object({ cancelled: z.boolean() }),
  }),
} as const;
