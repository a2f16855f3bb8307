/**
 * Conditional GET for data responses (RFC 9110 §13.1.2): the map's tiles carry an ETag by data
 * version and `Cache-Control: no-cache`, so the browser revalidates every tile it has; when the
 * tag still matches, both hosts (browser-mode server, Electron's gwz:// handler) answer 304 with no
 * body instead of sending the same bytes again. Weak comparison, comma lists and `*`, as the RFC says.
 */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string | undefined): boolean {
  if (!ifNoneMatch || !etag) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const mine = opaque(etag);
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === mine);
}

/** A 200 answer whose ETag the request already holds becomes 304 with only the validator headers. */
export function notModified<R extends { status: number; headers?: Record<string, string>; body: unknown }>(
  response: R,
  ifNoneMatch: string | null | undefined,
): R {
  if (response.status !== 200 || !etagMatches(ifNoneMatch, response.headers?.ETag)) return response;
  const headers: Record<string, string> = { ETag: response.headers!.ETag! };
  if (response.headers?.['Cache-Control']) headers['Cache-Control'] = response.headers['Cache-Control'];
  return { ...response, status: 304, headers, body: '' };
}
