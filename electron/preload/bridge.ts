import { HostCommandSchema, type EngineEvent, type HostCommandEvent } from '../../shared/api/events';
import { isHostMethod, type PreloadBridge } from '../../shared/api/host';
import { WireMessageSchema, type Envelope, type WireMessage } from '../../shared/api/wire';

/**
 * The preload's logic without Electron, so it runs under Node's own MessageChannel in tests.
 * Engine calls go over the MessagePort main hands us (request ids match replies); host methods go
 * to main over IPC; engine events and host commands reach listen(). Calls made before the port
 * arrives are queued, and calls in flight when the engine restarts (a new port arrives) fail with
 * a clear error instead of hanging.
 */

/** The DOM MessagePort surface we use (the preload receives a real one from ipcRenderer). */
export interface BridgePort {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  start(): void;
  close(): void;
}

export interface BridgeOptions {
  invokeHost(method: string, params: unknown): Promise<Envelope>;
}

export interface Bridge {
  /** What the page gets as window.gwz, but for pathForFile (Electron's webUtils, added by preload.ts). */
  api: EngineBridge;
  attachPort(port: BridgePort): void;
  /** A 'gwz:menu' payload from main. */
  deliverCommand(payload: unknown): void;
}

export type EngineBridge = Pick<PreloadBridge, 'invoke' | 'listen'>;

const MAX_EARLY_COMMANDS = 20;

const ENGINE_RESTARTED: Envelope = {
  ok: false,
  error: {
    code: 'INTERNAL',
    message_zh: '计算引擎已重新启动，请重试该操作',
    message_en: 'The engine was restarted; please try again',
  },
};

export function createBridge(options: BridgeOptions): Bridge {
  let port: BridgePort | null = null;
  const onPortMessage = (event: { data: unknown }) => receive(event.data);
  let nextId = 1;
  const queue: WireMessage[] = [];
  const inFlight = new Map<number, (envelope: Envelope) => void>();
  const listeners = new Set<(event: EngineEvent) => void>();
  // A file opened from the OS arrives as a command right after load, possibly before the UI listens.
  const earlyCommands: EngineEvent[] = [];

  function emit(event: EngineEvent) {
    if (listeners.size === 0) {
      if (event.type === 'host.command' && earlyCommands.length < MAX_EARLY_COMMANDS) earlyCommands.push(event);
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('gwz: event listener failed', err);
      }
    }
  }

  function receive(data: unknown) {
    const parsed = WireMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'reply') {
      const resolve = inFlight.get(message.id);
      inFlight.delete(message.id);
      resolve?.(message.envelope);
    } else if (message.type === 'event') {
      emit(message.event);
    }
  }

  const api: EngineBridge = {
    invoke(method, params) {
      if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
      if (isHostMethod(method)) return options.invokeHost(method, params);
      const id = nextId++;
      return new Promise<Envelope>((resolve) => {
        inFlight.set(id, resolve);
        const message: WireMessage = { type: 'invoke', id, method, params };
        if (port) port.postMessage(message);
        else queue.push(message);
      });
    },
    listen(handler) {
      if (typeof handler !== 'function') throw new TypeError('handler must be a function');
      listeners.add(handler);
      for (const event of earlyCommands.splice(0)) emit(event);
      return () => {
        listeners.delete(handler);
      };
    },
  };

  return {
    api,
    attachPort(next) {
      if (port) {
        port.removeEventListener('message', onPortMessage);
        port.close();
        // Whatever the old engine had not answered is lost with it.
        const queuedIds = new Set(queue.map((m) => (m.type === 'invoke' ? m.id : -1)));
        for (const [id, resolve] of [...inFlight]) {
          if (queuedIds.has(id)) continue;
          inFlight.delete(id);
          resolve(ENGINE_RESTARTED);
        }
      }
      port = next;
      next.addEventListener('message', onPortMessage);
      next.start();
      for (const message of queue.splice(0)) next.postMessage(message);
    },
    deliverCommand(payload) {
      if (typeof payload !== 'object' || payload === null) return;
      const { command, path, item } = payload as { command?: unknown; path?: unknown; item?: unknown };
      const parsed = HostCommandSchema.safeParse(command);
      if (!parsed.success) return;
      const event: HostCommandEvent = { type: 'host.command', command: parsed.data };
      if (typeof path === 'string') event.path = path;
      if (typeof item === 'string' && item.length <= 100) event.item = item;
      emit(event);
    },
  };
}
