import type { JobContext } from './job-runner';

/** A step of a larger job: its 0–100 % maps onto [from, to] of the parent's progress bar. */
export function subContext(parent: JobContext, from: number, to: number): JobContext {
  return {
    jobId: parent.jobId,
    signal: parent.signal,
    throwIfCancelled: () => parent.throwIfCancelled(),
    progress: (percent, zh, en) => parent.progress(from + ((to - from) * Math.max(0, Math.min(100, percent))) / 100, zh, en),
  };
}
