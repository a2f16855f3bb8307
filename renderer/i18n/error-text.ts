import { GwzError } from '../../shared/api/errors';
import type { Lang } from './index';

export interface ErrorText {
  message: string;
  code: string | null;
  /** Pretty-printed details for the disclosure, or null when there are none. */
  details: string | null;
}

function describeDetails(details: unknown): string | null {
  if (details === undefined || details === null) return null;
  if (typeof details === 'string') return details;
  try {
    return JSON.stringify(details, null, 2);
  } catch {
    return String(details);
  }
}

/** What the user reads: the engine's message in the UI language; raw exceptions keep their text. */
export function errorText(err: unknown, lang: Lang, unexpected: (message: string) => string): ErrorText {
  if (err instanceof GwzError) {
    return {
      message: lang === 'en' ? err.message_en : err.message_zh,
      code: err.code,
      details: describeDetails(err.details),
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message: unexpected(message), code: null, details: err instanceof Error ? (err.stack ?? null) : null };
}
