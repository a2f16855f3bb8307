import { z } from 'zod';
import { ErrorDataSchema } from './errors';

/** Events the engine emits, transport-neutral: IPC port, WebSocket and the CLI all carry these. */
export const JobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

export const JobProgressEventSchema = z.object({
  type: z.literal('job.progress'),
  jobId: z.string(),
  kind: z.string(),
  /** 0–100 */
  percent: z.number().min(0).max(100),
  message_zh: z.string(),
  message_en: z.string(),
});

export const JobDoneEventSchema = z.object({
  type: z.literal('job.done'),
  jobId: z.string(),
  kind: z.string(),
  status: z.enum(['succeeded', 'failed', 'cancelled']),
  result: z.unknown().optional(),
  error: ErrorDataSchema.optional(),
});

export const ProjectChangedEventSchema = z.object({
  type: z.literal('project.changed'),
  /** null when the project was closed */
  path: z.string().nullable(),
  reason: z.enum(['created', 'opened', 'closed', 'layers', 'meta']),
});

export const EngineEventSchema = z.discriminatedUnion('type', [
  JobProgressEventSchema,
  JobDoneEventSchema,
  ProjectChangedEventSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;
export type JobDoneEvent = z.infer<typeof JobDoneEventSchema>;
export type ProjectChangedEvent = z.infer<typeof ProjectChangedEventSchema>;
