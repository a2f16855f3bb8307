import { cancelledError, type JobContext } from '../../jobs/job-runner';

/**
 * How a long pure-TypeScript computation stays a good citizen of the engine process: it reports its
 * progress and, between chunks, lets the event loop run, so a cancel request (or any other request)
 * gets through while it works. Every field is optional: called without a job, the algorithms just run.
 */
export interface Cooperation {
  signal?: AbortSignal;
  /** 0–1 of this computation. */
  onProgress?: (fraction: number) => void;
}

const SLICE_MS = 40;

/**
 * A checkpoint for one computation: `await tick(fraction)` costs one clock read when the slice is not
 * used up, so it can sit in an outer loop that runs every few thousand cells.
 */
export function checkpoints(opts: Cooperation = {}): (fraction: number) => Promise<void> | undefined {
  let last = performance.now();
  return (fraction) => {
    const now = performance.now();
    if (now - last < SLICE_MS) return undefined;
    last = now;
    opts.onProgress?.(fraction);
    return yieldToEventLoop().then(() => {
      if (opts.signal?.aborted) throw cancelledError();
    });
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Maps a sub-computation's 0–1 onto [from, to] of its caller's progress. */
export function subProgress(opts: Cooperation, from: number, to: number): Cooperation {
  return {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onProgress: (f) => opts.onProgress?.(from + (to - from) * f),
  };
}

/** The cooperation of a job's step: its share [from, to] of the job's percent, with the step's message. */
export function jobStep(job: JobContext, from: number, to: number, message_zh: string, message_en: string): Cooperation {
  job.progress(from, message_zh, message_en);
  return { signal: job.signal, onProgress: (f) => job.progress(from + (to - from) * f, message_zh, message_en) };
}
