import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createDataClient } from '../../electron/main/data-client';
import { DataReplySchema, type DataRequest } from '../../electron/main/engine-messages';
import { engineArgs, engineOptionsFromArgs } from '../../electron/main/engine-options';
import { answerDataRequest, servePort, toArrayBuffer } from '../../electron/main/port-server';
import { WireMessageSchema, type WireMessage } from '../../shared/api';
import { electronStyle, smallEngine } from './electron-test-engine';

/** The renderer's end: send invokes, collect every message that comes back. */
function client(port: MessagePort) {
  const received: WireMessage[] = [];
  const waiters: Array<() => void> = [];
  port.on('message', (data: unknown) => {
    received.push(WireMessageSchema.parse(data));
    waiters.splice(0).forEach((w) => w());
  });
  const until = async (pred: (all: WireMessage[]) => boolean) => {
    while (!pred(received)) await new Promise<void>((r) => waiters.push(r));
  };
  return {
    received,
    async call(id: number, method: string, params: unknown) {
      port.postMessage({ type: 'invoke', id, method, params } satisfies WireMessage);
      await until((all) => all.some((m) => m.type === 'reply' && m.id === id));
      return received.find((m) => m.type === 'reply' && m.id === id) as Extract<WireMessage, { type: 'reply' }>;
    },
    until,
  };
}

const channels: MessageChannel[] = [];
function channel() {
  const ch = new MessageChannel();
  channels.push(ch);
  return ch;
}
afterEach(() => {
  for (const ch of channels.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

describe('servePort over a real MessageChannel', () => {
  it('answers an invoke with a reply carrying the same id and the dispatcher envelope', async () => {
    const engine = smallEngine();
    const { port1, port2 } = channel();
    servePort(engine, electronStyle(port1));
    const renderer = client(port2);
    const reply = await renderer.call(7, 'jobs.cancel', { jobId: 'j1' });
    expect(reply.envelope).toEqual({ ok: true, result: { cancelled: true } });
  });

  it('returns UNKNOWN_METHOD, BAD_REQUEST and handler errors as envelopes, not as silence', async () => {
    const engine = smallEngine();
    const { port1, port2 } = channel();
    servePort(engine, electronStyle(port1));
    const renderer = client(port2);
    const [unknown, bad, failed] = await Promise.all([
      renderer.call(1, 'nope.method', {}),
      renderer.call(2, 'jobs.cancel', { jobId: 42 }),
      renderer.call(3, 'jobs.list', {}),
    ]);
    expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(bad.envelope).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(failed.envelope).toMatchObject({ ok: false, error: { code: 'PROJECT_NOT_OPEN', message_zh: '没有打开的工程' } });
  });

  it('forwards engine events to the port and ignores malformed messages', async () => {
    const engine = smallEngine();
    const { port1, port2 } = channel();
    servePort(engine, electronStyle(port1));
    const renderer = client(port2);
    port2.postMessage({ type: 'invoke', id: 'not-a-number', method: 'jobs.cancel' });
    port2.postMessage('garbage');
    engine.emit({ type: 'project.changed', path: '/tmp/a.gwz', reason: 'opened' });
    await renderer.call(5, 'jobs.cancel', { jobId: 'j2' });
    const events = renderer.received.filter((m) => m.type === 'event').map((m) => (m.type === 'event' ? m.event : null));
    expect(events).toEqual([
      { type: 'project.changed', path: '/tmp/a.gwz', reason: 'opened' },
      { type: 'job.done', jobId: 'j2', kind: 'import', status: 'cancelled' },
    ]);
    expect(renderer.received.filter((m) => m.type === 'reply')).toHaveLength(1);
  });

  it('stops listening to the engine when the window end closes', async () => {
    const engine = smallEngine();
    const { port1, port2 } = channel();
    servePort(engine, electronStyle(port1));
    expect(engine.listeners()).toBe(1);
    const closed = new Promise<void>((r) => port1.once('close', () => r()));
    port2.close();
    await closed;
    expect(engine.listeners()).toBe(0);
  });
});

describe('gwz://data requests between main and the engine process', () => {
  it('answers with ArrayBuffer bodies (exact bytes of a sub-view) and JSON errors', async () => {
    const engine = smallEngine();
    const ranged = await answerDataRequest(engine, { type: 'data', id: 3, path: 'layers/5/raster.tif', query: '', range: 'bytes=1-3' });
    expect(DataReplySchema.parse(ranged)).toMatchObject({ id: 3, status: 206, headers: { 'Content-Range': 'bytes 1-3/5' } });
    expect(ranged.body).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(ranged.body as ArrayBuffer)]).toEqual([2, 3, 4]);

    const json = await answerDataRequest(engine, { type: 'data', id: 4, path: 'layers/1/features.geojson', query: 'bbox=1,2,3,4' });
    expect(JSON.parse(json.body as string)).toEqual({ path: 'layers/1/features.geojson', bbox: '1,2,3,4' });

    const missing = await answerDataRequest(engine, { type: 'data', id: 5, path: 'layers/9/features.geojson', query: '' });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body as string)).toMatchObject({ code: 'LAYER_NOT_FOUND' });
  });

  it('keeps whole buffers as they are and copies views', () => {
    const whole = new Uint8Array([9, 8, 7]);
    expect(toArrayBuffer(whole)).toBe(whole.buffer);
    const view = new Uint8Array([1, 2, 3, 4]).subarray(2);
    expect(toArrayBuffer(view).byteLength).toBe(2);
  });

  it('correlates replies by id across a real channel and fails pending requests when the engine dies', async () => {
    const engine = smallEngine();
    const { port1: mainEnd, port2: engineEnd } = channel();
    // The engine side of parentPort: answer data requests.
    engineEnd.on('message', (req: DataRequest) => void answerDataRequest(engine, req).then((r) => engineEnd.postMessage(r)));
    const data = createDataClient((req) => mainEnd.postMessage(req));
    mainEnd.on('message', (reply: unknown) => data.settle(DataReplySchema.parse(reply)));

    const [a, b] = await Promise.all([
      data.request('layers/1/features.geojson', 'bbox=0,0,1,1'),
      data.request('layers/5/raster.tif', '', 'bytes=1-3'),
    ]);
    expect(JSON.parse(a.body as string).bbox).toBe('0,0,1,1');
    expect(b.status).toBe(206);
    expect(data.pending).toBe(0);

    const dead = createDataClient(() => undefined);
    const lost = dead.request('layers/1/features.geojson', '');
    expect(dead.pending).toBe(1);
    dead.failAll(new Error('engine process exited with code 1'));
    await expect(lost).rejects.toThrow('exited with code 1');
    expect(dead.pending).toBe(0);
  });

  it('times out a request nobody answers', async () => {
    const silent = createDataClient(() => undefined, 20);
    await expect(silent.request('layers/1/features.geojson', '')).rejects.toThrow('did not answer');
  });
});

describe('engine process options', () => {
  it('round-trips user data dir and version through argv, with env as fallback', () => {
    const args = engineArgs({ userDataDir: 'C:\\Users\\张三\\AppData\\Roaming\\GWZ Workbench', appVersion: '0.1.0' });
    expect(engineOptionsFromArgs(['electron', 'engine-process.cjs', ...args], {})).toEqual({
      userDataDir: 'C:\\Users\\张三\\AppData\\Roaming\\GWZ Workbench',
      appVersion: '0.1.0',
    });
    expect(args.some((a) => a.startsWith('--user-data-dir'))).toBe(false);
    expect(engineOptionsFromArgs([], { GWZ_USER_DATA_DIR: '/home/u/.config/gwz' })).toEqual({ userDataDir: '/home/u/.config/gwz', appVersion: '0.0.0' });
    expect(engineOptionsFromArgs([], {})).toBeNull();
  });
});

describe('servePort with the real engine', () => {
  it('answers contract calls from createEngine over the channel', async () => {
    const { createEngine } = await import('../../electron/engine');
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'gwz-port-engine-'));
    const engine = await createEngine({ userDataDir, appVersion: '0.0.0-test' });
    try {
      const { port1, port2 } = channel();
      servePort(engine, electronStyle(port1));
      const renderer = client(port2);
      const crs = await renderer.call(1, 'app.crsList', {});
      expect(crs.envelope.ok).toBe(true);
      const items = (crs.envelope as { result: { items: Array<{ code: string }> } }).result.items;
      expect(items.map((c) => c.code)).toContain('EPSG:4490');
      const recent = await renderer.call(2, 'app.recentProjects', {});
      expect(recent.envelope).toEqual({ ok: true, result: { items: [] } });
      const unknown = await renderer.call(3, 'app.selfDestruct', {});
      expect(unknown.envelope).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    } finally {
      await engine.shutdown();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  });
});
