import type { EngineEvent, JobMethodName, JobResultOf, MethodName, ProjectInfo } from '../../../shared/api';
import type { Handler } from '../dispatch';
import type { EngineOptions } from '../engine-api';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import type { Project } from '../project/project';
import type { RecentProjects } from '../project/recent';

/** What every handler group may use of the engine: the open project, jobs, events, options. */
export interface EngineContext {
  options: EngineOptions;
  jobs: JobRunner;
  recent: RecentProjects;
  emit(event: EngineEvent): void;
  /** The open project, or PROJECT_NOT_OPEN. */
  requireProject(): Project;
  /** The open project, if any (methods that work without one, like previews). */
  currentProject(): Project | null;
  /** Opens or creates the next project, then closes the current one (a failed open leaves it). */
  switchTo(path: string, reason: 'created' | 'opened', make: () => Project): Promise<ProjectInfo>;
  closeProject(): Promise<boolean>;
}

/** The handlers of the methods whose names start with `${G}.` — one module per group. */
export type GroupHandlers<G extends string> = { [M in Extract<MethodName, `${G}.${string}`>]: Handler<M> };

/**
 * Starts a job that writes into the open project and tells every window when it is done — the
 * shape of every import and analysis handler.
 */
export function writingJob<M extends JobMethodName>(
  ctx: EngineContext,
  kind: M,
  work: (project: Project, job: JobContext) => Promise<JobResultOf<M>>,
): { jobId: string } {
  const p = ctx.requireProject();
  p.assertWritable();
  const jobId = ctx.jobs.start(kind, async (job) => {
    const result = await work(p, job);
    ctx.emit({ type: 'project.changed', path: p.path, reason: 'layers' });
    return result;
  });
  return { jobId };
}
