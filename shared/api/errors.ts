import { z } from 'zod';

/**
 * Every failure that crosses the contract is one of these codes, with a message in Chinese and in
 * English. Hosts never invent their own error shapes: the CLI maps codes to exit codes, the UI shows
 * message_zh or message_en, and `details` carries what a person needs to fix it (a path, a field, a
 * zod issue list).
 */
export const ERROR_CODES = [
  'BAD_REQUEST', // request failed schema validation
  'UNKNOWN_METHOD',
  'UNAUTHORIZED',
  'BAD_INPUT', // input data cannot be used (file format, CRS, geometry)
  'FILE_NOT_FOUND',
  'CRS_UNKNOWN',
  'PROJECT_NOT_FOUND',
  'PROJECT_EXISTS',
  'PROJECT_LOCKED', // open for writing elsewhere
  'PROJECT_CORRUPT', // integrity check failed or not a project file
  'PROJECT_TOO_NEW', // written by a newer schema than this build knows
  'PROJECT_NOT_OPEN',
  'PROJECT_READ_ONLY',
  'LAYER_NOT_FOUND',
  'JOB_NOT_FOUND',
  'JOB_CANCELLED',
  'SPATIALITE_MISSING',
  'INTERNAL',
] as const;

export const ErrorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  message_zh: z.string(),
  message_en: z.string(),
  details: z.unknown().optional(),
});
export type ErrorData = z.infer<typeof ErrorDataSchema>;

export class GwzError extends Error {
  readonly code: ErrorCode;
  readonly message_zh: string;
  readonly message_en: string;
  readonly details: unknown;

  constructor(code: ErrorCode, message_zh: string, message_en: string, details?: unknown) {
    super(message_en);
    this.name = 'GwzError';
    this.code = code;
    this.message_zh = message_zh;
    this.message_en = message_en;
    this.details = details;
  }

  toData(): ErrorData {
    const data: ErrorData = { code: this.code, message_zh: this.message_zh, message_en: this.message_en };
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: ErrorData): GwzError {
    return new GwzError(data.code, data.message_zh, data.message_en, data.details);
  }
}

/** Anything thrown becomes ErrorData; unexpected exceptions become INTERNAL with their message kept. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof GwzError) return err.toData();
  const message = err instanceof Error ? err.message : String(err);
  return {
    code: 'INTERNAL',
    message_zh: `内部错误：${message}`,
    message_en: `Internal error: ${message}`,
  };
}

/** Exit codes of the CLI (see docs/architecture.md). */
export const EXIT = { ok: 0, usage: 2, badInput: 3, project: 4, internal: 5 } as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'UNKNOWN_METHOD':
      return EXIT.usage;
    case 'BAD_INPUT':
    case 'FILE_NOT_FOUND':
    case 'CRS_UNKNOWN':
    case 'LAYER_NOT_FOUND':
      return EXIT.badInput;
    case 'PROJECT_NOT_FOUND':
    case 'PROJECT_EXISTS':
    case 'PROJECT_LOCKED':
    case 'PROJECT_CORRUPT':
    case 'PROJECT_TOO_NEW':
    case 'PROJECT_NOT_OPEN':
    case 'PROJECT_READ_ONLY':
      return EXIT.project;
    default:
      return EXIT.internal;
  }
}
