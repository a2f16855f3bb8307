import { describe, expect, it } from 'vitest';
import { etagMatches, notModified } from '../../electron/engine/io/not-modified';

describe('If-None-Match against a data response (RFC 9110 weak comparison)', () => {
  it('matches the same tag, a weak form of it, one of a list and *', () => {
    expect(etagMatches('"a-1"', '"a-1"')).toBe(true);
    expect(etagMatches('W/"a-1"', '"a-1"')).toBe(true);
    expect(etagMatches('"x", W/"a-1" , "y"', '"a-1"')).toBe(true);
    expect(etagMatches('*', '"a-1"')).toBe(true);
  });

  it('does not match another tag, a missing header or a response without a tag', () => {
    expect(etagMatches('"a-2"', '"a-1"')).toBe(false);
    expect(etagMatches('a-1', '"a-1"')).toBe(false);
    expect(etagMatches(undefined, '"a-1"')).toBe(false);
    expect(etagMatches('"a-1"', undefined)).toBe(false);
  });

  it('turns only a matching 200 into a bodiless 304 that keeps the validators', () => {
    const ok = { status: 200, contentType: 'application/vnd.mapbox-vector-tile', headers: { ETag: '"a-1"', 'Cache-Control': 'no-cache', 'X-Other': '1' }, body: new Uint8Array([1, 2]) };
    expect(notModified(ok, '"a-1"')).toEqual({ ...ok, status: 304, headers: { ETag: '"a-1"', 'Cache-Control': 'no-cache' }, body: '' });
    expect(notModified(ok, '"a-0"')).toBe(ok);
    const partial = { ...ok, status: 206 };
    expect(notModified(partial, '"a-1"')).toBe(partial);
  });
});
