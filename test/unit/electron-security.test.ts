import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  CSP_DIRECTIVES,
  SCHEME_PRIVILEGES,
  appResponseHeaders,
  isAllowedNavigation,
  isTrustedSender,
  permissionDecision,
  secureWebPreferences,
  windowOpenDecision,
} from '../../electron/main/security';
import { contentTypeFor, resolveAppPath } from '../../electron/hosting/static-path';

describe('BrowserWindow webPreferences', () => {
  it('isolates and sandboxes the page and turns off everything a web page should not have', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload.cjs', false);
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    expect(secureWebPreferences('/p', true).devTools).toBe(true);
  });

  it('registers gwz:// as a standard, secure, fetchable, streaming, CORS-enabled scheme', () => {
    expect(SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true });
  });
});

describe('Content-Security-Policy', () => {
  const directive = (name: string) => CSP_DIRECTIVES.find(([n]) => n === name)?.[1];

  it('never allows eval or inline scripts, and forbids plugins, base and framing', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(directive('script-src')).toBe("'self'");
    expect(directive('default-src')).toBe("'self'");
    expect(directive('object-src')).toBe("'none'");
    expect(directive('base-uri')).toBe("'none'");
    expect(directive('frame-ancestors')).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('allows inline styles (antd) and gwz: layer data for images and fetch, blob workers (GeoTIFF)', () => {
    expect(directive('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directive('img-src')?.split(' ')).toEqual(expect.arrayContaining(["'self'", 'data:', 'blob:', 'gwz:']));
    expect(directive('connect-src')?.split(' ')).toEqual(["'self'", 'gwz:']);
    expect(directive('worker-src')).toBe("'self' blob:");
  });

  it('is sent with HTML only, with nosniff on everything', () => {
    expect(appResponseHeaders('text/html; charset=utf-8')['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    const js = appResponseHeaders('text/javascript; charset=utf-8');
    expect(js['Content-Security-Policy']).toBeUndefined();
    expect(js['X-Content-Type-Options']).toBe('nosniff');
  });
});

describe('navigation, new windows, permissions, IPC senders', () => {
  it('lets the window navigate only within gwz://app/', () => {
    expect(isAllowedNavigation(APP_ENTRY_URL)).toBe(true);
    expect(isAllowedNavigation('gwz://app/index.html')).toBe(true);
    expect(isAllowedNavigation('gwz://app/index.html#/layers?x=1')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'file:///C:/Windows/win.ini',
      'gwz://data/layers/1/features.geojson',
      'gwz://app.evil.example/',
      'gwz://user:pw@app/index.html',
      'gwz://evil@app/index.html',
      'gwz://APP/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'about:blank',
      'not a url',
      '',
    ]) {
      expect(isAllowedNavigation(url), url).toBe(false);
    }
  });

  it('opens no new windows; only https links go to the system browser', () => {
    expect(windowOpenDecision('https://www.mee.gov.cn/')).toEqual({ action: 'deny', openExternally: 'https://www.mee.gov.cn/' });
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'gwz://app/index.html', 'javascript:alert(1)', 'smb://host/share', 'https://u:p@example.com/']) {
      expect(windowOpenDecision(url), url).toEqual({ action: 'deny', openExternally: null });
    }
  });

  it('denies every permission request', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(permissionDecision(p)).toBe(false);
    }
  });

  it('trusts IPC only from frames showing the app', () => {
    expect(isTrustedSender('gwz://app/index.html')).toBe(true);
    for (const url of ['https://evil.example/', 'gwz://data/x', 'file:///index.html', '', null, undefined]) {
      expect(isTrustedSender(url), String(url)).toBe(false);
    }
  });
});

describe('resolveAppPath', () => {
  const root = path.resolve('/srv/gwz/dist/renderer');

  it.each([
    ['/index.html', 'index.html'],
    ['/', 'index.html'],
    ['', 'index.html'],
    ['/assets/index-B2x9Qk.js', 'assets/index-B2x9Qk.js'],
    ['/assets/antd-Dd81.css', 'assets/antd-Dd81.css'],
    ['/assets/fonts/NotoSansSC.woff2', 'assets/fonts/NotoSansSC.woff2'],
    ['/icons/%E5%9C%B0%E5%9B%BE.svg', 'icons/地图.svg'],
    ['/assets/with%20space.png', 'assets/with space.png'],
    ['/a..b/file.js', 'a..b/file.js'],
  ])('serves %s from the renderer root', (urlPath, expected) => {
    expect(resolveAppPath(root, urlPath)).toBe(path.join(root, expected));
  });

  it.each([
    ['parent segment', '/../etc/passwd'],
    ['nested parent segment', '/assets/../../etc/passwd'],
    ['parent at the end', '/assets/..'],
    ['encoded dots', '/%2e%2e/%2e%2e/etc/passwd'],
    ['mixed-case encoded dots', '/%2E%2e/secret'],
    ['encoded slash with dots', '/assets%2f..%2f..%2fetc%2fpasswd'],
    ['double-encoded dots', '/%252e%252e/etc/passwd'],
    ['raw backslash', '/..\\..\\windows\\win.ini'],
    ['encoded backslash', '/%5c..%5c..%5cwindows%5cwin.ini'],
    ['drive letter', '/C:/Windows/win.ini'],
    ['encoded drive letter', '/C%3a%5cWindows%5cwin.ini'],
    ['UNC-style empty segments', '//server/share/file'],
    ['absolute path after decoding', '/%2fetc%2fpasswd'],
    ['NUL byte', '/index.html%00.png'],
    ['raw NUL', '/index.html\u0000'],
    ['control character', '/index%0a.html'],
    ['NTFS alternate data stream', '/index.html::$DATA'],
    ['Windows trailing dot', '/index.html.'],
    ['Windows device name', '/assets/CON'],
    ['Windows device name with extension', '/nul.txt'],
    ['malformed escape', '/%E5%9C'],
    ['lone percent', '/100%'],
    ['dot segment', '/./index.html'],
  ])('refuses %s (%s)', (_label, urlPath) => {
    expect(resolveAppPath(root, urlPath)).toBeNull();
  });

  it('holds on Windows paths too', () => {
    const winRoot = 'C:\\Program Files\\GWZ Workbench\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath(winRoot, '/assets/app.js', path.win32)).toBe(`${winRoot}\\assets\\app.js`);
    for (const attack of ['/..%5c..%5c..%5cWindows%5cwin.ini', '/D:/secret.txt', '/%2e%2e/%2e%2e/x', '/assets/aux', '//?/C:/x']) {
      expect(resolveAppPath(winRoot, attack, path.win32), attack).toBeNull();
    }
  });
});

describe('content types', () => {
  it('names the types the renderer build contains; unknown files are opaque bytes', () => {
    expect(contentTypeFor('/r/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('/r/assets/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('/r/assets/a.wasm')).toBe('application/wasm');
    expect(contentTypeFor('/r/assets/a.bin')).toBe('application/octet-stream');
  });
});
