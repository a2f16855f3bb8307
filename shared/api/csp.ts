import { APP_PROTOCOL } from './http';

/**
 * The one Content-Security-Policy of the UI, per place it is applied:
 * - 'desktop': header on gwz://app pages (layer data from gwz://data);
 * - 'browser': header of browser mode (everything same-origin, events over WebSocket);
 * - 'page':    the <meta> baked into the built index.html, valid under both hosts (a meta tag cannot
 *              carry frame-ancestors). Browsers enforce header and meta together, so the stricter wins.
 * antd writes CSS-in-JS into <style> tags, hence 'unsafe-inline' for styles only; scripts never get
 * inline or eval; OpenLayers decodes GeoTIFF in blob: workers.
 */
export type CspTarget = 'desktop' | 'browser' | 'page';

export function cspDirectives(target: CspTarget): ReadonlyArray<readonly [string, string]> {
  const app = `${APP_PROTOCOL}:`;
  const img = target === 'browser' ? "'self' data: blob:" : `'self' data: blob: ${app}`;
  const connect = { desktop: `'self' ${app}`, browser: "'self' ws: wss:", page: `'self' ws: wss: ${app}` }[target];
  const directives: Array<readonly [string, string]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', img],
    ['font-src', "'self' data:"],
    ['connect-src', connect],
    ['worker-src', "'self' blob:"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (target !== 'page') directives.push(['frame-ancestors', "'none'"]);
  return directives;
}

export function contentSecurityPolicy(target: CspTarget): string {
  return cspDirectives(target)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
