import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import { contentTypeFor, resolveAppPath } from '../hosting/static-path';
import { BASE_HEADERS, CONTENT_SECURITY_POLICY } from './security';

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Serves the built renderer: GET/HEAD only, no directory listings, hashed assets cached for good. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'Method Not Allowed');
    return;
  }
  if (!existsSync(resolve(root, 'index.html'))) {
    send(res, 503, '界面尚未构建，请先运行 npm run build\nThe UI is not built yet: run npm run build first\n');
    return;
  }
  const file = resolveAppPath(root, pathname);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    send(res, 404, 'Not Found');
    return;
  }
  const isHtml = extname(file) === '.html';
  const headers: Record<string, string> = {
    ...BASE_HEADERS,
    'Content-Type': contentTypeFor(file),
    'Content-Length': String(info.size),
    // Vite names assets by content hash; the page itself must always be fetched fresh.
    'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache, no-store',
  };
  if (isHtml) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
