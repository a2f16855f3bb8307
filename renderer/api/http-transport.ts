import type { Transport } from '../../shared/api/client';
import type { EngineEvent } from '../../shared/api/events';
import { EVENTS_PATH, INVOKE_PREFIX, TOKEN_PARAM } from '../../shared/api/http';
import { WireMessageSchema } from '../../shared/api/wire';
import { failure, parseEnvelope } from './envelope';

export type LinkState = 'connecting' | 'open' | 'closed';

export interface HttpTransport extends Transport {
  /** Event-socket state, for the status bar; called at once with the current state. */
  onLinkState(handler: (state: LinkState) => void): () => void;
  close(): void;
}

export interface HttpTransportOptions {
  token: string | null;
  /** Page origin by default; tests and the dev server may point elsewhere. */
  origin?: string;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 8_000;
/** How long a call waits for the event socket, so a job's first events are not lost. */
const SOCKET_WAIT_MS = 3_000;

/**
 * Browser mode: calls are `POST /api/invoke/<method>` with the bearer token, events come over one
 * WebSocket that reconnects by itself (the server may restart under a running page).
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const origin = options.origin ?? window.location.origin;
  const token = options.token;
  const handlers = new Set<(event: EngineEvent) => void>();
  const linkHandlers = new Set<(state: LinkState) => void>();
  let socket: WebSocket | null = null;
  let state: LinkState = 'connecting';
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let openWaiters: Array<() => void> = [];

  function setState(next: LinkState): void {
    state = next;
    if (next === 'open') {
      for (const wake of openWaiters) wake();
      openWaiters = [];
    }
    for (const handler of linkHandlers) handler(next);
  }

  function connect(): void {
    if (closed) return;
    const url = new URL(EVENTS_PATH, origin);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (token) url.searchParams.set(TOKEN_PARAM, token);
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = RECONNECT_MIN_MS;
      setState('open');
    };
    ws.onmessage = (msg) => {
      if (typeof msg.data !== 'string') return;
      let body: unknown;
      try {
        body = JSON.parse(msg.data);
      } catch {
        return;
      }
      const parsed = WireMessageSchema.safeParse(body);
      if (!parsed.success || parsed.data.type !== 'event') return;
      for (const handler of [...handlers]) handler(parsed.data.event);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      setState('closed');
      if (closed) return;
      retryTimer = setTimeout(connect, retryMs);
      retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    };
  }

  function socketReady(): Promise<void> {
    // Only a socket on its way up is worth waiting for; a dropped one is retried in the background.
    if (state !== 'connecting') return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, SOCKET_WAIT_MS);
      openWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  connect();

  return {
    async invoke(method, params) {
      await socketReady();
      let response: Response;
      try {
        response = await fetch(new URL(INVOKE_PREFIX + encodeURIComponent(method), origin), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(params ?? {}),
        });
      } catch (err) {
        const text = err instanceof Error ? err.message : String(err);
        return failure('INTERNAL', `无法连接到工作台服务：${text}`, `Cannot reach the workbench server: ${text}`);
      }
      if (response.status === 401) {
        return failure(
          'UNAUTHORIZED',
          '访问令牌无效或缺失，请使用服务启动时输出的完整地址（含 ?token=）重新打开页面',
          'The access token is missing or invalid; reopen the page with the full address (with ?token=) printed by the server',
        );
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        return failure('INTERNAL', `服务应答不是 JSON（HTTP ${response.status}）`, `The server answer is not JSON (HTTP ${response.status})`);
      }
      return parseEnvelope(body, method);
    },
    listen(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    onLinkState(handler) {
      linkHandlers.add(handler);
      handler(state);
      return () => linkHandlers.delete(handler);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
