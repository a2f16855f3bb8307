import type { z } from 'zod';

/**
 * One contract entry. `job: true` methods answer at once with `{ jobId }`; their `result` schema
 * describes what the job's `job.done` event carries.
 */
export interface MethodSpec<
  Req extends z.ZodType = z.ZodType,
  Res extends z.ZodType = z.ZodType,
  Result extends z.ZodType | undefined = z.ZodType | undefined,
> {
  summary_zh: string;
  summary_en: string;
  request: Req;
  response: Res;
  job?: boolean;
  result?: Result;
}

export function method<Req extends z.ZodType, Res extends z.ZodType, Result extends z.ZodType | undefined = undefined>(
  spec: MethodSpec<Req, Res, Result>,
): MethodSpec<Req, Res, Result> {
  return spec;
}
