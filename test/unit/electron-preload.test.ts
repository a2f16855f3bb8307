import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchHost, type HostHandlers } from '../../electron/main/host-dispatch';
import { servePort } from '../../electron/main/port-server';
import { createBridge, type Bridge } from '../../electron/preload/bridge';
import type { EngineEvent, Envelope } from '../../shared/api';
import { electronStyle, smallEngine } from './electron-test-engine';

const root = path.resolve(__dirname, '../..');

/** Every module a CommonJS bundle loads at run time. */
function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]+)\1\s*\)/g)].map((m) => m[2]!);
}

async function bundle(entry: string): Promise<string> {
  // Same shape as scripts/build.mjs: CJS for Node, electron external. platform 'node' keeps any
  // Node built-in as a require() call, which is exactly what a sandboxed preload cannot do.
  const out = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['electron'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

describe('preload bundle', () => {
  it('requires nothing but electron (sandboxed preloads cannot load other modules)', async () => {
    const built = path.join(root, 'dist/electron/preload.cjs');
    const code = existsSync(built) ? readFileSync(built, 'utf8') : await bundle(path.join(root, 'electron/preload/preload.ts'));
    const required = requiredModules(code);
    expect(required).toContain('electron');
    expect(required.filter((m) => m !== 'electron')).toEqual([]);
    expect(code).toContain('exposeInMainWorld');
  });

  it('the scan does catch a Node built-in (control case)', async () => {
    const code = await bundle(path.join(root, 'electron/main/launch-args.ts'));
    expect(requiredModules(code)).toContain('node:path');
  });

  it('exposes exactly invoke, listen and pathForFile as window.gwz', () => {
    const source = readFileSync(path.join(root, 'electron/preload/preload.ts'), 'utf8');
    const exposeCalls = [...source.matchAll(/exposeInMainWorld\(\s*'([^']+)'/g)].map((m) => m[1]);
    expect(exposeCalls).toEqual(['gwz']);
    const bridgeObject = /const exposed: PreloadBridge = \{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
    const keys = [...bridgeObject.matchAll(/^\s{2}(\w+):/gm)].map((m) => m[1]);
    expect(keys).toEqual(['invoke', 'listen', 'pathForFile']);
    // the path comes from Electron's webUtils, nothing the page could pass in
    expect(bridgeObject).toMatch(/pathForFile: \(file\) => webUtils\.getPathForFile\(file\)/);
  });
});

/**
 * The preload's logic end to end without Electron: the bridge holds one end of a real
 * MessageChannel (a DOM-style port, as in the page), servePort with a small real engine the
 * other; host methods go through the real host dispatcher with fake-free dialog handlers.
 */
const ports: MessageChannel[] = [];
afterEach(() => {
  for (const ch of ports.splice(0)) {
    ch.port1.close();
    ch.port2.close();
  }
});

function connectEngine(bridge: Bridge, engine = smallEngine()) {
  const ch = new MessageChannel();
  ports.push(ch);
  servePort(engine, electronStyle(ch.port1));
  // Node's MessagePort implements the DOM MessagePort (addEventListener/start/close) the preload
  // gets from ipcRenderer; @types/node only types its EventEmitter face.
  bridge.attachPort(ch.port2 as unknown as globalThis.MessagePort);
  return engine;
}

const hostCalls: string[] = [];
const dialogs: HostHandlers = {
  'dialog.openProject': async () => ({ path: '/data/抚州.gwz' }),
  'dialog.saveProject': async (req) => ({ path: `/data/${req.defaultName ?? 'new'}.gwz` }),
  'dialog.openFiles': async () => ({ paths: [] }),
  'dialog.unsavedChanges': async () => ({ choice: 'cancel' }),
  'window.close': async () => ({ closing: false }),
  'menu.update': async () => ({ recent: 0 }),
};

function newBridge(): Bridge {
  return createBridge({
    invokeHost: (method, params) => {
      hostCalls.push(method);
      return dispatchHost(dialogs, { senderUrl: 'gwz://app/index.html', method, params });
    },
  });
}

function collect(bridge: Bridge) {
  const events: EngineEvent[] = [];
  const stop = bridge.api.listen((e) => events.push(e));
  return { events, stop };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('preload bridge', () => {
  it('queues engine calls until the port arrives, then answers each by id', async () => {
    const bridge = newBridge();
    const early = [bridge.api.invoke('jobs.cancel', { jobId: 'j1' }), bridge.api.invoke('jobs.cancel', { jobId: 'j9' })];
    await tick();
    connectEngine(bridge);
    expect(await Promise.all(early)).toEqual([
      { ok: true, result: { cancelled: true } },
      { ok: true, result: { cancelled: false } },
    ]);
    const unknown = await bridge.api.invoke('nope.method', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('sends host methods to main, not to the engine', async () => {
    const bridge = newBridge();
    hostCalls.length = 0;
    connectEngine(bridge);
    const answer: Envelope = await bridge.api.invoke('dialog.saveProject', { defaultName: '示范区' });
    expect(answer).toEqual({ ok: true, result: { path: '/data/示范区.gwz' } });
    expect(hostCalls).toEqual(['dialog.saveProject']);
    const bad = await bridge.api.invoke('dialog.saveProject', { defaultName: 3 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('delivers engine events to listeners until they unsubscribe', async () => {
    const bridge = newBridge();
    const engine = connectEngine(bridge);
    const { events, stop } = collect(bridge);
    await bridge.api.invoke('jobs.cancel', { jobId: 'j3' });
    engine.emit({ type: 'project.changed', path: null, reason: 'closed' });
    await tick();
    expect(events).toEqual([
      { type: 'job.done', jobId: 'j3', kind: 'import', status: 'cancelled' },
      { type: 'project.changed', path: null, reason: 'closed' },
    ]);
    stop();
    engine.emit({ type: 'project.changed', path: '/x.gwz', reason: 'opened' });
    await tick();
    expect(events).toHaveLength(2);
  });

  it('turns menu commands into host.command events, keeping ones sent before the UI listens', () => {
    const bridge = newBridge();
    bridge.deliverCommand({ command: 'open-project', path: 'D:\\工程\\抚州.gwz' });
    bridge.deliverCommand({ command: 'rm -rf' });
    bridge.deliverCommand('new-project');
    const { events } = collect(bridge);
    bridge.deliverCommand({ command: 'import-data' });
    bridge.deliverCommand({ command: 'menu', item: 'data.importRaster' });
    bridge.deliverCommand({ command: 'menu', item: 'x'.repeat(101) });
    bridge.deliverCommand({ command: 'close-requested', item: 42 });
    expect(events).toEqual([
      { type: 'host.command', command: 'open-project', path: 'D:\\工程\\抚州.gwz' },
      { type: 'host.command', command: 'import-data' },
      { type: 'host.command', command: 'menu', item: 'data.importRaster' },
      // an item that is too long is dropped, the command kept (the page then does nothing)
      { type: 'host.command', command: 'menu' },
      { type: 'host.command', command: 'close-requested' },
    ]);
  });

  it('fails calls in flight when the engine restarts and uses the new port afterwards', async () => {
    const bridge = newBridge();
    connectEngine(bridge);
    const stuck = bridge.api.invoke('jobs.get', { jobId: 'j1' });
    await tick();
    connectEngine(bridge);
    await expect(stuck).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL', message_en: expect.stringContaining('restarted') } });
    await expect(bridge.api.invoke('jobs.cancel', { jobId: 'j1' })).resolves.toEqual({ ok: true, result: { cancelled: true } });
  });
});
