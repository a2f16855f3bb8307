import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import {
  contract,
  GwzError,
  toErrorData,
  type EngineEvent,
  type ErrorData,
  type JobInfo,
  type JobResultOf,
  type JobMethodName,
} from '../../../shared/api';

export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** percent 0–100 with a bilingual message; events are throttled, the latest value is always kept. */
  progress(percent: number, message_zh: string, message_en: string): void;
  throwIfCancelled(): void;
}

interface JobRecord {
  info: JobInfo;
  controller: AbortController;
  settled: Promise<void>;
  lastEmit: number;
}

const KEEP_FINISHED = 50;
const PROGRESS_INTERVAL_MS = 100;

export function cancelledError(): GwzError {
  return new GwzError('JOB_CANCELLED', '任务已取消。', 'The job was cancelled.');
}

/**
 * Long operations run here: start() answers with an id at once, the work reports progress and ends
 * with exactly one job.done event whose result has been checked against the contract.
 */
export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly emit: (event: EngineEvent) => void) {}

  start<M extends JobMethodName>(kind: M, fn: (ctx: JobContext) => Promise<JobResultOf<M>>): string {
    const id = randomUUID();
    const controller = new AbortController();
    const info: JobInfo = {
      id,
      kind,
      status: 'queued',
      percent: 0,
      message_zh: '排队中',
      message_en: 'Queued',
      startedAt: new Date().toISOString(),
      endedAt: null,
    };
    const record: JobRecord = { info, controller, settled: Promise.resolve(), lastEmit: 0 };
    const ctx: JobContext = {
      jobId: id,
      signal: controller.signal,
      progress: (percent, message_zh, message_en) => {
        if (info.status !== 'running') return;
        info.percent = Math.max(0, Math.min(100, percent));
        info.message_zh = message_zh;
        info.message_en = message_en;
        const now = Date.now();
        if (now - record.lastEmit < PROGRESS_INTERVAL_MS && info.percent < 100) return;
        record.lastEmit = now;
        this.emit({ type: 'job.progress', jobId: id, kind, percent: info.percent, message_zh, message_en });
      },
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw cancelledError();
      },
    };
    this.jobs.set(id, record);
    record.settled = this.run(record, kind, () => fn(ctx));
    this.prune();
    return id;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((r) => ({ ...r.info }));
  }

  get(id: string): JobInfo {
    return { ...this.record(id).info };
  }

  /** true when the job was still running and has been asked to stop. */
  cancel(id: string): boolean {
    const record = this.record(id);
    if (record.info.status !== 'queued' && record.info.status !== 'running') return false;
    record.controller.abort();
    return true;
  }

  /** Cancels every unfinished job and waits until each has ended. */
  async cancelAll(): Promise<void> {
    const pending = [...this.jobs.values()].filter((r) => r.info.status === 'queued' || r.info.status === 'running');
    for (const r of pending) r.controller.abort();
    await Promise.all(pending.map((r) => r.settled));
  }

  private record(id: string): JobRecord {
    const record = this.jobs.get(id);
    if (!record) throw new GwzError('JOB_NOT_FOUND', `任务不存在：${id}`, `No such job: ${id}`, { jobId: id });
    return record;
  }

  private async run(record: JobRecord, kind: JobMethodName, work: () => Promise<unknown>): Promise<void> {
    const { info } = record;
    // Let start() return the id before the work begins, so callers can subscribe first.
    await new Promise<void>((r) => setImmediate(r));
    info.status = 'running';
    info.message_zh = '运行中';
    info.message_en = 'Running';
    try {
      if (record.controller.signal.aborted) throw cancelledError();
      const value = await work();
      const schema: z.ZodType | undefined = contract[kind].result;
      if (!schema) throw new Error(`${kind} is not a job method`);
      const checked = schema.safeParse(value);
      if (!checked.success) throw new Error(`result of ${kind} does not match the contract: ${checked.error.message}`);
      this.finish(record, 'succeeded', checked.data);
    } catch (err) {
      if (record.controller.signal.aborted) this.finish(record, 'cancelled', undefined, cancelledError().toData());
      else this.finish(record, 'failed', undefined, toErrorData(err));
    }
  }

  private finish(record: JobRecord, status: 'succeeded' | 'failed' | 'cancelled', result?: unknown, error?: ErrorData): void {
    const { info } = record;
    info.status = status;
    info.endedAt = new Date().toISOString();
    if (status === 'succeeded') {
      info.percent = 100;
      info.result = result;
      info.message_zh = '完成';
      info.message_en = 'Done';
    } else {
      info.error = error;
      info.message_zh = error?.message_zh ?? '';
      info.message_en = error?.message_en ?? '';
    }
    this.emit({
      type: 'job.done',
      jobId: info.id,
      kind: info.kind,
      status,
      ...(result !== undefined ? { result } : {}),
      ...(error !== undefined ? { error } : {}),
    });
    this.prune();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((r) => r.info.endedAt !== null);
    for (const r of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(r.info.id);
  }
}
