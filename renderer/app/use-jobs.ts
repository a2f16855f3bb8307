import { useEffect, useState } from 'react';
import type { Client } from '../../shared/api/client';
import type { ErrorData } from '../../shared/api/errors';

export interface JobView {
  jobId: string;
  kind: string;
  percent: number;
  message_zh: string;
  message_en: string;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled';
  error?: ErrorData;
  /** Order of the last event, so the most recent news shows first. */
  seq: number;
}

/** A finished job stays in the status bar this long, so a quick one is not just a flicker. */
const LINGER_MS = 6_000;

/** Jobs as the status bar shows them: every job of the engine, whoever started it. */
export function useJobs(client: Client): JobView[] {
  const [jobs, setJobs] = useState<ReadonlyMap<string, JobView>>(new Map());

  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    let seq = 0;
    const update = (jobId: string, change: (job: JobView | undefined) => JobView | undefined) =>
      setJobs((current) => {
        const next = new Map(current);
        const job = change(current.get(jobId));
        if (job) next.set(jobId, job);
        else next.delete(jobId);
        return next;
      });
    const stop = client.on((event) => {
      if (event.type === 'job.progress') {
        update(event.jobId, (job) => ({
          jobId: event.jobId,
          kind: event.kind,
          percent: event.percent,
          message_zh: event.message_zh,
          message_en: event.message_en,
          status: job?.status === 'running' || !job ? 'running' : job.status,
          seq: ++seq,
        }));
      } else if (event.type === 'job.done') {
        update(event.jobId, (job) => ({
          jobId: event.jobId,
          kind: event.kind,
          percent: event.status === 'succeeded' ? 100 : (job?.percent ?? 0),
          message_zh: job?.message_zh ?? event.kind,
          message_en: job?.message_en ?? event.kind,
          status: event.status,
          ...(event.error ? { error: event.error } : {}),
          seq: ++seq,
        }));
        const timer = setTimeout(() => {
          timers.delete(timer);
          update(event.jobId, () => undefined);
        }, LINGER_MS);
        timers.add(timer);
      }
    });
    return () => {
      stop();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [client]);

  // Running jobs first, then what finished last.
  const rank = (j: JobView) => (j.status === 'running' ? 1 : 0);
  return [...jobs.values()].sort((a, b) => rank(b) - rank(a) || b.seq - a.seq);
}
