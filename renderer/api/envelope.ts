import type { ErrorCode } from '../../shared/api/errors';
import { EnvelopeSchema, type Envelope } from '../../shared/api/wire';

export function failure(code: ErrorCode, message_zh: string, message_en: string, details?: unknown): Envelope {
  return { ok: false, error: { code, message_zh, message_en, ...(details === undefined ? {} : { details }) } };
}

/** A host answered something that is not an Envelope: say so instead of failing on a property access. */
export function parseEnvelope(body: unknown, context: string): Envelope {
  const parsed = EnvelopeSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  return failure('INTERNAL', `服务返回了无法识别的应答（${context}）`, `The host sent an unexpected answer (${context})`, {
    issues: parsed.error.issues,
  });
}
