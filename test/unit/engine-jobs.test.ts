import { describe, expect, it } from 'vitest';
import { JobRunner } from '../../electron/engine/jobs/job-runner';
import { GwzError, type ChecksumResult, type EngineEvent, type JobDoneEvent } from '../../shared/api';

function runner(): { jobs: JobRunner; events: EngineEvent[]; done: (id: string) => Promise<JobDoneEvent> } {
  const events: EngineEvent[] = [];
  const waiters = new Map<string, (e: JobDoneEvent) => void>();
  const jobs = new JobRunner((e) => {
    events.push(e);
    if (e.type === 'job.done') waiters.get(e.jobId)?.(e);
  });
  const done = (id: string): Promise<JobDoneEvent> => {
    const seen = events.find((e): e is JobDoneEvent => e.type === 'job.done' && e.jobId === id);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.set(id, resolve));
  };
  return { jobs, events, done };
}

const empty: ChecksumResult = { layers: [] };

describe('JobRunner', () => {
  it('answers with an id at once and ends with one job.done carrying the checked result', async () => {
    const { jobs, events, done } = runner();
    let ran = false;
    const id = jobs.start('layers.checksum', async () => {
      ran = true;
      return { layers: [{ id: 1, name: '图层', featureCount: 3, sha256: 'ab' }] };
    });
    expect(ran).toBe(false); // the work starts after start() returned
    expect(jobs.get(id).status).toBe('queued');
    const event = await done(id);
    expect(event).toMatchObject({ type: 'job.done', kind: 'layers.checksum', status: 'succeeded' });
    expect(event.result).toEqual({ layers: [{ id: 1, name: '图层', featureCount: 3, sha256: 'ab' }] });
    expect(jobs.get(id)).toMatchObject({ status: 'succeeded', percent: 100, endedAt: expect.any(String) });
    expect(events.filter((e) => e.type === 'job.done')).toHaveLength(1);
  });

  it('throttles progress events to about ten a second but keeps the latest value', async () => {
    const { jobs, events, done } = runner();
    const id = jobs.start('layers.checksum', async (ctx) => {
      for (let i = 1; i <= 500; i++) ctx.progress(i / 10, `第 ${i} 步`, `step ${i}`);
      expect(jobs.get(ctx.jobId)).toMatchObject({ percent: 50, message_en: 'step 500' });
      return empty;
    });
    await done(id);
    const progress = events.filter((e) => e.type === 'job.progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
  });

  it('fails a job whose result breaks the contract, and keeps GwzErrors as they are', async () => {
    const { jobs, done } = runner();
    const bad = jobs.start('layers.checksum', async () => ({ layers: 'nope' }) as unknown as ChecksumResult);
    expect(await done(bad)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL' } });
    const typed = jobs.start('layers.checksum', async () => {
      throw new GwzError('BAD_INPUT', '坏数据', 'bad data', { row: 3 });
    });
    expect(await done(typed)).toMatchObject({
      status: 'failed',
      error: { code: 'BAD_INPUT', message_zh: '坏数据', message_en: 'bad data', details: { row: 3 } },
    });
  });

  it('cancels through the signal: JOB_CANCELLED, whatever the work threw', async () => {
    const { jobs, done } = runner();
    const id = jobs.start('layers.checksum', async (ctx) => {
      await new Promise<void>((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      return empty;
    });
    await new Promise((r) => setImmediate(r));
    expect(jobs.cancel(id)).toBe(true);
    expect(await done(id)).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect(jobs.cancel(id)).toBe(false);
    expect(jobs.get(id).status).toBe('cancelled');
  });

  it('cancelAll waits until every running job has ended', async () => {
    const { jobs } = runner();
    const ids = [1, 2, 3].map(() =>
      jobs.start('layers.checksum', async (ctx) => {
        while (!ctx.signal.aborted) await new Promise((r) => setTimeout(r, 5));
        ctx.throwIfCancelled();
        return empty;
      }),
    );
    await jobs.cancelAll();
    expect(ids.map((id) => jobs.get(id).status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('keeps the last 50 finished jobs and answers JOB_NOT_FOUND for others', async () => {
    const { jobs, done } = runner();
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(jobs.start('layers.checksum', async () => empty));
    await Promise.all(ids.map(done));
    expect(jobs.list()).toHaveLength(50);
    expect(jobs.get(ids[59]!).status).toBe('succeeded');
    expect(() => jobs.get(ids[0]!)).toThrow(expect.objectContaining({ code: 'JOB_NOT_FOUND' }));
  });
});
