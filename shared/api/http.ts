/**
 * Browser mode over HTTP, shared by electron/server and renderer/api so neither spells paths twice.
 *
 * - POST  {INVOKE_PREFIX}<method>  JSON body = request, header `Authorization: Bearer <token>`;
 *         answers 200 with an Envelope (errors too), 401 without a valid token.
 * - GET   {EVENTS_PATH}?token=…  WebSocket upgrade; each message is a WireMessage `{type:'event'}`.
 * - GET   {DATA_PREFIX}<LayerInfo.dataUrl>?token=…  layer data (Range supported for rasters).
 * - POST  {UPLOAD_PATH}?batch=<id>&name=<file>  body = the file's bytes, Bearer token; answers an
 *         Envelope whose result is `{ path }` on the server. Browser mode's drag-and-drop: the page has
 *         File objects, the engine imports by path. Files of one batch land in one folder, so a
 *         shapefile's sidecars stay together.
 * - GET   /  and /assets/…  the built renderer; the token arrives once in the page URL (?token=).
 */
export const UPLOAD_PATH = '/api/upload';
export const INVOKE_PREFIX = '/api/invoke/';
export const EVENTS_PATH = '/api/events';
export const DATA_PREFIX = '/data/';
export const TOKEN_PARAM = 'token';
export const TOKEN_HEADER = 'authorization';

/** The desktop app serves the same data paths through its protocol: `gwz://data/<dataUrl>`. */
export const APP_PROTOCOL = 'gwz';
export const APP_DATA_BASE = `${APP_PROTOCOL}://data/`;
export const APP_UI_BASE = `${APP_PROTOCOL}://app/`;
