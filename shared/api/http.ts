/**
 * Browser mode over HTTP, shared by electron/server and renderer/api so neither spells paths twice.
 *
 * - POST  {INVOKE_PREFIX}<method>  JSON body = request, header `Authorization: Bearer <token>`;
 *         answers 200 with an Envelope (errors too), 401 without a valid token.
 * - GET   {EVENTS_PATH}?token=…  WebSocket upgrade; each message is a WireMessage `{type:'event'}`.
 * - GET   {DATA_PREFIX}<LayerInfo.dataUrl>?token=…  layer data (Range supported for rasters).
 * - GET   /  and /assets/…  the built renderer; the token arrives once in the page URL (?token=).
 */
export const INVOKE_PREFIX = '/api/invoke/';
export const EVENTS_PATH = '/api/events';
export const DATA_PREFIX = '/data/';
export const TOKEN_PARAM = 'token';
export const TOKEN_HEADER = 'authorization';

/** The desktop app serves the same data paths through its protocol: `gwz://data/<dataUrl>`. */
export const APP_PROTOCOL = 'gwz';
export const APP_DATA_BASE = `${APP_PROTOCOL}://data/`;
export const APP_UI_BASE = `${APP_PROTOCOL}://app/`;
