import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  contract,
  createClient,
  exitCodeFor,
  ERROR_CODES,
  GwzError,
  hostContract,
  methodNames,
  type EngineEvent,
  type Transport,
} from '../../shared/api';
import { dispatch, type Handlers } from '../../electron/engine/dispatch';

describe('contract table', () => {
  it('names every method group.name with bilingual summaries', () => {
    for (const name of [...methodNames, ...Object.keys(hostContract)]) {
      expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    }
    for (const spec of [...Object.values(contract), ...Object.values(hostContract)]) {
      expect(spec.summary_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(spec.summary_en.length).toBeGreaterThan(3);
    }
  });

  it('gives every job method a jobId response and a result schema', () => {
    const jobs = Object.entries(contract).filter(([, s]) => 'job' in s && s.job);
    expect(jobs.length).toBeGreaterThan(0);
    for (const [name, spec] of jobs) {
      expect(spec.response.safeParse({ jobId: 'j1' }).success, name).toBe(true);
      expect('result' in spec && spec.result instanceof z.ZodType, name).toBe(true);
    }
  });

  it('keeps host methods out of the engine table', () => {
    for (const name of Object.keys(hostContract)) expect(methodNames).not.toContain(name);
  });

  it('maps every error code to a CLI exit code 2–5', () => {
    for (const code of ERROR_CODES) expect([2, 3, 4, 5]).toContain(exitCodeFor(code));
    expect(exitCodeFor('PROJECT_LOCKED')).toBe(4);
    expect(exitCodeFor('BAD_INPUT')).toBe(3);
    expect(exitCodeFor('BAD_REQUEST')).toBe(2);
  });
});

/**
 * The typed client over the real dispatcher, with a transport that only moves messages — the shape
 * every host has. Handlers here are a real (small) implementation of the methods used.
 */
function loopback(handlers: Partial<Handlers>, startJob?: (emit: (e: EngineEvent) => void) => void): Transport {
  const listeners = new Set<(e: EngineEvent) => void>();
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  return {
    async invoke(method, params) {
      const envelope = await dispatch(handlers as Handlers, method, params);
      if (envelope.ok && method === 'layers.checksum') queueMicrotask(() => startJob?.(emit));
      return envelope;
    },
    listen(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
  };
}

describe('client + dispatcher', () => {
  it('calls a method through api.group.name and validates the response', async () => {
    const client = createClient(
      loopback({
        'jobs.cancel': async ({ jobId }) => ({ cancelled: jobId === 'j1' }),
      }),
    );
    await expect(client.api.jobs.cancel({ jobId: 'j1' })).resolves.toEqual({ cancelled: true });
  });

  it('rejects unknown methods and invalid requests with typed bilingual errors', async () => {
    const client = createClient(loopback({}));
    const unknown = await client.call('nope.method' as 'jobs.list', {}).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(GwzError);
    expect((unknown as GwzError).code).toBe('UNKNOWN_METHOD');

    const bad = await client.api.project.create({ path: '/tmp/x.gwz', crs: '4548' }).catch((e: unknown) => e);
    expect((bad as GwzError).code).toBe('BAD_REQUEST');
    expect((bad as GwzError).message_zh).toContain('crs');
    expect((bad as GwzError).details).toMatchObject({ issues: [{ path: 'crs' }] });
  });

  it('turns a handler answer that breaks the contract into INTERNAL, not a silent pass', async () => {
    const client = createClient(
      loopback({ 'jobs.cancel': async () => ({ cancelled: 'yes' }) as unknown as { cancelled: boolean } }),
    );
    const err = await client.api.jobs.cancel({ jobId: 'x' }).catch((e: unknown) => e);
    expect((err as GwzError).code).toBe('INTERNAL');
  });

  it('runJob reports progress and resolves with the job result, even for events that arrive early', async () => {
    const client = createClient(
      loopback({ 'layers.checksum': async () => ({ jobId: 'job-7' }) }, (emit) => {
        emit({ type: 'job.progress', jobId: 'job-7', kind: 'layers.checksum', percent: 50, message_zh: '半', message_en: 'half' });
        emit({ type: 'job.progress', jobId: 'other', kind: 'x', percent: 10, message_zh: '', message_en: '' });
        emit({ type: 'job.done', jobId: 'job-7', kind: 'layers.checksum', status: 'succeeded', result: { layers: [] } });
      }),
    );
    const seen: number[] = [];
    const { jobId, result } = await client.runJob('layers.checksum', {}, (p) => seen.push(p.percent));
    expect(jobId).toBe('job-7');
    expect(result).toEqual({ layers: [] });
    expect(seen).toEqual([50]);
  });

  it('runJob rejects with the job error and with JOB_CANCELLED', async () => {
    const failing = createClient(
      loopback({ 'layers.checksum': async () => ({ jobId: 'j' }) }, (emit) =>
        emit({
          type: 'job.done',
          jobId: 'j',
          kind: 'layers.checksum',
          status: 'failed',
          error: { code: 'BAD_INPUT', message_zh: '坏', message_en: 'bad' },
        }),
      ),
    );
    await expect(failing.runJob('layers.checksum', {})).rejects.toMatchObject({ code: 'BAD_INPUT' });

    const cancelled = createClient(
      loopback({ 'layers.checksum': async () => ({ jobId: 'j' }) }, (emit) =>
        emit({ type: 'job.done', jobId: 'j', kind: 'layers.checksum', status: 'cancelled' }),
      ),
    );
    await expect(cancelled.runJob('layers.checksum', {})).rejects.toMatchObject({ code: 'JOB_CANCELLED' });
  });
});
