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

/**
 * A command from the host rather than the engine: the desktop app's native menu, a .gwz opened from
 * the OS (command 'open-project' with its path) or an engine restart. The preload delivers these
 * through the same listen() as engine events, so the bridge stays exactly invoke + listen.
 */
export const HOST_COMMANDS = [
  'new-project',
  'open-project', // with `path` when the OS handed us a file; without it, show the open dialog
  'import-data',
  'close-project',
  'show-about',
  'engine-restarted', // the engine process died and was restarted: reload project state
  'menu', // a native menu item, with `item`: the key of the same item in the page's menu (renderer/app/menu-items.ts)
  'close-requested', // the window is closing: the page checks for unsaved work and answers (window.close / dialog.unsavedChanges)
] as const;
export const HostCommandSchema = z.enum(HOST_COMMANDS);
export type HostCommand = z.infer<typeof HostCommandSchema>;

export const HostCommandEventSchema = z.object({
  type: z.literal('host.command'),
  command: HostCommandSchema,
  path: z.string().optional(),
  /** For 'menu': which item (e.g. 'data.importVector'). */
  item: z.string().max(100).optional(),
});

export const EngineEventSchema = z.discriminatedUnion('type', [
  JobProgressEventSchema,
  JobDoneEventSchema,
  ProjectChangedEventSchema,
  HostCommandEventSchema,
]);
export type EngineEvent = z.infer<typeof EngineEventSchema>;
export type JobProgressEvent = z.infer<typeof JobProgressEventSchema>;
export type JobDoneEvent = z.infer<typeof JobDoneEventSchema>;
export type ProjectChangedEvent = z.infer<typeof ProjectChangedEventSchema>;
export type HostCommandEvent = z.infer<typeof HostCommandEventSchema>;
