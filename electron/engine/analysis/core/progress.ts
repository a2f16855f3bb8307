import type { JobContext } from '../../jobs/job-runner';

/**
 * What an operation's core function needs of its job: report progress and stop when cancelled.
 * Optional everywhere, so the cores run without a job (workflows, tests).
 */
export type Progress = Pick<JobContext, 'progress' | 'throwIfCancelled'>;

/**
 * A per-row callback for long loops: every `every` rows it checks for cancellation and reports
 * `from + (to − from) · row/rows` percent with the given message.
 */
export function rowTicker(
  progress: Progress | undefined,
  rows: number,
  message: { zh: string; en: string },
  range: [from: number, to: number] = [0, 80],
  every = 256,
): (row: number) => void {
  if (!progress) return () => {};
  const [from, to] = range;
  return (row) => {
    if (row % every !== 0) return;
    progress.throwIfCancelled();
    progress.progress(from + ((to - from) * row) / Math.max(1, rows), message.zh, message.en);
  };
}
