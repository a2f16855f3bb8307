import { TOKEN_PARAM } from '../../shared/api/http';

const STORAGE_KEY = 'gwz.token';

/** Splits the one-time `?token=` off a page URL; pure so it can be unit-tested. */
export function splitToken(href: string): { token: string | null; cleanUrl: string } {
  const url = new URL(href);
  const token = url.searchParams.get(TOKEN_PARAM);
  url.searchParams.delete(TOKEN_PARAM);
  return { token: token && token.length > 0 ? token : null, cleanUrl: url.toString() };
}

/**
 * The browser-mode server hands the token once in the page URL. Keep it for this tab only
 * (sessionStorage survives reloads, not new tabs) and take it out of the address bar and history,
 * so it is not copied along with a screenshot or a bookmarked URL.
 */
export function takeSessionToken(): string | null {
  const { token, cleanUrl } = splitToken(window.location.href);
  if (token) {
    window.sessionStorage.setItem(STORAGE_KEY, token);
    window.history.replaceState(window.history.state, '', cleanUrl);
    return token;
  }
  return window.sessionStorage.getItem(STORAGE_KEY);
}
