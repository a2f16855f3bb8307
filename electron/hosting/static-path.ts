import path from 'node:path';

/*
 * Serving the built renderer from disk, shared by both hosts that do it: the desktop app's gwz://app
 * protocol and browser mode's HTTP server. One path guard and one content-type table, so a fix to
 * either reaches both.
 */

/**
 * Map the path of an app URL (gwz://app/… or http://127.0.0.1/…) to a file under `root`, or null when it must be refused.
 * `urlPath` is the URL's pathname, still percent-encoded. Refused: anything that could leave
 * `root` or name something other than a plain relative file — `..` (raw or encoded), backslashes,
 * drive letters and other colons (also NTFS streams), NUL and control characters, empty segments
 * (`//`), double encoding (a `%` left after decoding) and malformed escapes. `pathImpl` lets tests
 * check the Windows flavour on any OS.
 */
export function resolveAppPath(
  root: string,
  urlPath: string,
  pathImpl: path.PlatformPath = path,
): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\\:%\u0000-\u001f\u007f]/.test(decoded)) return null;
  const relativePath = decoded.replace(/^\//, '');
  if (relativePath === '') return pathImpl.join(pathImpl.resolve(root), 'index.html');
  const segments = relativePath.split('/');
  if (segments.some(isUnsafeSegment)) return null;
  const base = pathImpl.resolve(root);
  const full = pathImpl.resolve(base, ...segments);
  // Belt and braces: whatever the checks above missed, the result must still lie inside root.
  const rel = pathImpl.relative(base, full);
  if (rel === '' || rel.split(pathImpl.sep)[0] === '..' || pathImpl.isAbsolute(rel)) return null;
  return full;
}

/**
 * Empty, `.` and `..` segments, plus names Windows resolves to something else: trailing dots or
 * spaces are stripped by Win32 (so `index.html.` reads `index.html`) and device names (CON, NUL,
 * COM1, …) open devices instead of files.
 */
function isUnsafeSegment(segment: string): boolean {
  return (
    segment === '' ||
    segment === '.' ||
    segment === '..' ||
    /[. ]$/.test(segment) ||
    /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(segment)
  );
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}
