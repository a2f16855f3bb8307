/** One satisfiable byte range, inclusive ends as in HTTP. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Parses a Range header for a body of `size` bytes (RFC 9110 §14): null means "answer 200 with the
 * whole body" (no header, another unit, or several ranges, which COG readers do not send),
 * 'unsatisfiable' means 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!m) return null;
  const [, first, last] = m as unknown as [string, string, string];
  if (first === '' && last === '') return null;
  if (first === '') {
    // suffix range: the last N bytes
    const n = Number(last);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return null; // syntactically invalid: ignore the header
  return { start, end };
}
