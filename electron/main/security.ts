import { contentSecurityPolicy, cspDirectives } from '../../shared/api/csp';
import { APP_PROTOCOL } from '../../shared/api/http';

/**
 * The desktop shell's security rules as plain data and pure functions. Nothing here imports
 * electron at run time, so the unit tests check the exact values main.ts hands to Electron
 * (Electron's security checklist: isolation, sandbox, CSP, navigation, new windows, permissions,
 * custom protocol instead of file://, IPC sender validation).
 */

/** The one page origin we trust: the built renderer served by our own protocol handler. */
export const APP_HOST = 'app';
export const DATA_HOST = 'data';
export const APP_ORIGIN = `${APP_PROTOCOL}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Options for protocol.registerSchemesAsPrivileged (must run before app 'ready'). */
export const SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  corsEnabled: true,
} as const;

/** Matches the shape of Electron's WebPreferences for the fields we set (checked by tsc in main.ts). */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webviewTag: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  devTools: boolean;
}

export function secureWebPreferences(preloadPath: string, devTools: boolean): SecureWebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    // Dropping a file on the window must not navigate away from the app.
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools,
  };
}

/** The desktop host's CSP (shared/api/csp.ts holds the one definition). */
export const CSP_DIRECTIVES = cspDirectives('desktop');
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy('desktop');

/** Headers on every response of the app host; the CSP is added for HTML. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
  if (contentType.startsWith('text/html')) headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
  return headers;
}

/**
 * The page (origin gwz://app) reads layer data from gwz://data, a different origin, so data
 * responses carry CORS headers for exactly our origin; Range is allowed and Content-Range exposed
 * because the GeoTIFF source reads COGs in byte ranges.
 */
export const DATA_CORS_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': APP_ORIGIN,
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range',
  'Access-Control-Expose-Headers': 'Content-Range, Content-Length, Accept-Ranges',
  'X-Content-Type-Options': 'nosniff',
};

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/** True only for pages of our own app host: gwz://app/… (no credentials, no port). */
export function isAppUrl(raw: string): boolean {
  const url = parseUrl(raw);
  return (
    url !== null &&
    url.protocol === `${APP_PROTOCOL}:` &&
    url.host === APP_HOST &&
    url.username === '' &&
    url.password === ''
  );
}

/** 'will-navigate' / 'will-redirect' guard: the window may only ever show the app itself. */
export function isAllowedNavigation(raw: string): boolean {
  return isAppUrl(raw);
}

/** IPC handlers answer only frames showing our app (not an injected iframe or a navigated page). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return typeof frameUrl === 'string' && isAppUrl(frameUrl);
}

/**
 * setWindowOpenHandler: never open a new Electron window. An https link (e.g. a standard's web page
 * in the help) is handed to the system browser; everything else is dropped.
 */
export function windowOpenDecision(raw: string): { action: 'deny'; openExternally: string | null } {
  const url = parseUrl(raw);
  const external = url !== null && url.protocol === 'https:' && url.username === '' && url.password === '';
  return { action: 'deny', openExternally: external ? url.href : null };
}

/** Session permission requests (camera, geolocation, notifications, …): the workbench needs none. */
export function permissionDecision(_permission: string): boolean {
  return false;
}
