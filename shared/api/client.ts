import { contract, type JobResultOf, type MethodName, type RequestOf, type ResponseOf } from './contract';
import { GwzError } from './errors';
import type { EngineEvent, JobProgressEvent } from './events';
import type { Envelope } from './wire';

/** A transport moves calls and events; it knows nothing about individual methods. */
export interface Transport {
  invoke(method: string, params: unknown): Promise<Envelope>;
  listen(handler: (event: EngineEvent) => void): () => void;
}

type Split<S extends string> = S extends `${infer G}.${infer N}` ? [G, N] : never;
type Groups = Split<MethodName>[0];
type MethodsOf<G extends Groups> = Extract<MethodName, `${G}.${string}`>;

export type Api = {
  [G in Groups]: {
    [M in MethodsOf<G> as Split<M>[1]]: (req: RequestOf<M>) => Promise<ResponseOf<M>>;
  };
};

export type JobMethodName = {
  // Job methods are the ones with a result schema (`job` is typed boolean, so it cannot be matched on).
  [M in MethodName]: [JobResultOf<M>] extends [never] ? never : M;
}[MethodName];

export interface Client {
  api: Api;
  call<M extends MethodName>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Start a job method and resolve with its result when it ends; rejects with GwzError on failure/cancel. */
  runJob<M extends JobMethodName>(
    method: M,
    req: RequestOf<M>,
    onProgress?: (event: JobProgressEvent) => void,
  ): Promise<{ jobId: string; result: JobResultOf<M> }>;
  on(handler: (event: EngineEvent) => void): () => void;
}

export function createClient(transport: Transport): Client {
  async function call<M extends MethodName>(method: M, req: RequestOf<M>): Promise<ResponseOf<M>> {
    const envelope = await transport.invoke(method, req);
    if (!envelope.ok) throw GwzError.fromData(envelope.error);
    return envelope.result as ResponseOf<M>;
  }

  const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
  for (const name of Object.keys(contract) as MethodName[]) {
    const [group, short] = name.split('.') as [string, string];
    (api[group] ??= {})[short] = (req: unknown) => call(name, req as RequestOf<typeof name>);
  }

  async function runJob<M extends JobMethodName>(
    method: M,
    req: RequestOf<M>,
    onProgress?: (event: JobProgressEvent) => void,
  ): Promise<{ jobId: string; result: JobResultOf<M> }> {
    // Listen before starting so a fast job's events are not missed; buffer until the id is known.
    const early: EngineEvent[] = [];
    let jobId: string | null = null;
    let settle: ((event: EngineEvent) => void) | null = null;
    const done = new Promise<{ jobId: string; result: JobResultOf<M> }>((resolve, reject) => {
      settle = (event) => {
        if (event.type === 'job.progress') onProgress?.(event);
        if (event.type !== 'job.done') return;
        if (event.status === 'succeeded') resolve({ jobId: event.jobId, result: event.result as JobResultOf<M> });
        else if (event.error) reject(GwzError.fromData(event.error));
        else reject(new GwzError('JOB_CANCELLED', '任务已取消', 'The job was cancelled'));
      };
    });
    const stop = transport.listen((event) => {
      if (event.type !== 'job.progress' && event.type !== 'job.done') return;
      if (jobId === null) early.push(event);
      else if (event.jobId === jobId) settle?.(event);
    });
    try {
      const started = (await call(method, req)) as { jobId: string };
      jobId = started.jobId;
      for (const event of early) if ('jobId' in event && event.jobId === jobId) settle!(event);
      return await done;
    } finally {
      stop();
    }
  }

  return { api: api as unknown as Api, call, runJob, on: (handler) => transport.listen(handler) };
}
