import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { dispatchHost, type HostHandlers } from '../../electron/main/host-dispatch';
import { projectPathFromArgv } from '../../electron/main/launch-args';
import { buildMenuTemplate } from '../../electron/main/menu-template';
import { createRestartPolicy } from '../../electron/main/restart-policy';
import { choiceFor, CloseGuard, unsavedDialogOptions } from '../../electron/main/close-guard';
import { HOST_COMMANDS, HostCommandEventSchema, hostContract, type HostCommand } from '../../shared/api';

const calls: unknown[] = [];
const handlers: HostHandlers = {
  'dialog.openProject': async (req) => {
    calls.push(req);
    return { path: '/data/demo.gwz' };
  },
  'dialog.saveProject': async () => ({ path: 42 as unknown as string }),
  'dialog.openFiles': async (req) => ({ paths: (req.filters ?? []).map((f) => f.name) }),
  'dialog.unsavedChanges': async (req) => ({ choice: req.items.length > 1 ? 'save' : 'cancel' }),
  'window.close': async () => ({ closing: true }),
  'menu.update': async () => ({ recent: 2 }),
};

describe('host method IPC (gwz:host)', () => {
  const app = 'gwz://app/index.html';

  it('answers our page with a contract-checked envelope', async () => {
    await expect(dispatchHost(handlers, { senderUrl: app, method: 'dialog.openProject', params: {} })).resolves.toEqual({
      ok: true,
      result: { path: '/data/demo.gwz' },
    });
    const files = await dispatchHost(handlers, {
      senderUrl: app,
      method: 'dialog.openFiles',
      params: { filters: [{ name: 'Shapefile', extensions: ['shp'] }] },
    });
    expect(files).toEqual({ ok: true, result: { paths: ['Shapefile'] } });
  });

  it('refuses other senders before running anything', async () => {
    calls.length = 0;
    for (const senderUrl of ['https://evil.example/', 'gwz://data/x', 'file:///index.html', undefined]) {
      const answer = await dispatchHost(handlers, { senderUrl, method: 'dialog.openProject', params: {} });
      expect(answer, String(senderUrl)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses unknown methods (engine methods included) and invalid requests with bilingual errors', async () => {
    const engineMethod = await dispatchHost(handlers, { senderUrl: app, method: 'project.open', params: {} });
    expect(engineMethod).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const notString = await dispatchHost(handlers, { senderUrl: app, method: { toString: 1 }, params: {} });
    expect(notString).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    const strictBody = await dispatchHost(handlers, { senderUrl: app, method: 'dialog.openProject', params: { path: '/etc' } });
    expect(strictBody).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message_zh: expect.stringContaining('请求参数无效') } });
  });

  it('does not let a handler answer something the contract does not describe', async () => {
    const answer = await dispatchHost(handlers, { senderUrl: app, method: 'dialog.saveProject', params: {} });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('has a handler for every host method in the contract (generic, not a hand list)', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.keys(hostContract).sort());
  });
});

describe('native menu', () => {
  function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
    return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
  }
  type Sent = { command: HostCommand; item?: string; path?: string };
  function build(locale: string, platform: NodeJS.Platform = 'win32', devTools = false, hasProject = true, recent: { path: string; title: string }[] = []) {
    const sent: Sent[] = [];
    const template = buildMenuTemplate({ locale, platform, devTools, hasProject, recent, send: (command, extra) => sent.push({ command, ...extra }) });
    return { template, items: flatten(template), sent };
  }

  it('is Chinese for zh locales, with the page menu bar groups plus 视图', () => {
    for (const locale of ['zh-CN', 'zh-TW', 'zh']) {
      expect(build(locale).template.map((m) => m.label)).toEqual(['工程(&P)', '数据(&D)', '地图(&M)', '编辑(&E)', '分析(&A)', '工作流(&W)', '输出(&O)', '视图(&V)', '帮助(&H)']);
    }
    expect(build('en-US').template.map((m) => m.label)).toEqual(['&Project', '&Data', '&Map', '&Edit', '&Analysis', '&Workflow', '&Output', '&View', '&Help']);
  });

  it('sends every page item to the page as a menu command with its key, all valid host.command events', () => {
    const { items, sent } = build('zh-CN');
    const clickable = items.filter((i) => typeof i.click === 'function');
    expect(clickable.length).toBeGreaterThan(25);
    for (const item of clickable) (item.click as () => void)();
    expect(sent.map((c) => c.item)).toEqual(clickable.map((i) => i.id));
    for (const c of sent) {
      expect(HostCommandEventSchema.safeParse({ type: 'host.command', ...c }).success, c.item).toBe(true);
      expect(c.command).toBe('menu');
    }
    expect(HOST_COMMANDS).toEqual(expect.arrayContaining(['menu', 'close-requested']));
  });

  it('disables project items without a project, and later items always', () => {
    const enabled = (hasProject: boolean) => new Map(build('zh-CN', 'win32', false, hasProject).items.filter((i) => i.id).map((i) => [i.id, i.enabled]));
    expect(enabled(false).get('data.importVector')).toBe(false);
    expect(enabled(true).get('data.importVector')).toBe(true);
    expect(enabled(false).get('project.open')).toBe(true);
    expect(enabled(true).get('analysis.raster')).toBe(false);
  });

  it('lists recent projects (from main, not the page): a click opens that path, and the list can be cleared', () => {
    const recent = [
      { path: 'D:\\工程\\抚州.gwz', title: '抚州' },
      { path: '/data/R&D.gwz', title: 'R&D' },
    ];
    const { items, sent } = build('zh-CN', 'win32', false, false, recent);
    const submenu = items.find((i) => i.id === 'project.recent')!.submenu as MenuItemConstructorOptions[];
    expect(submenu.map((i) => i.label ?? i.type)).toEqual(['1  抚州  —  D:\\工程\\抚州.gwz', '2  R&&D  —  /data/R&&D.gwz', 'separator', '清除列表']);
    (submenu[1]!.click as () => void)();
    (submenu[3]!.click as () => void)();
    expect(sent).toEqual([{ command: 'open-project', path: '/data/R&D.gwz' }, { command: 'menu', item: 'project.recent.clear' }]);
    const empty = build('en', 'linux', false, false, []).items.find((i) => i.id === 'project.recent')!.submenu as MenuItemConstructorOptions[];
    expect(empty).toEqual([{ id: 'project.recent.none', label: '(none)', enabled: false }]);
  });

  it('never binds one shortcut twice, and only shows the ones the page handles itself', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const accelerators = build('zh-CN', platform, true).items.map((i) => i.accelerator).filter(Boolean);
      expect(new Set(accelerators).size, platform).toBe(accelerators.length);
    }
    const shownOnly = build('zh-CN').items.filter((i) => i.registerAccelerator === false).map((i) => `${i.id} ${i.accelerator}`);
    expect(shownOnly).toEqual([
      'map.identify I',
      'map.attributes F6',
      'map.measureLine Ctrl+Shift+M',
      'map.measureArea Ctrl+Shift+J',
      'map.previousExtent Alt+Left',
      'map.nextExtent Alt+Right',
      'map.zoomSelection Ctrl+J',
      'edit.undo CmdOrCtrl+Z',
      'edit.redo CmdOrCtrl+Y',
    ]);
  });

  it('offers reload and developer tools only in development builds', () => {
    const roles = (devTools: boolean) => build('zh-CN', 'linux', devTools).items.map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('keeps native roles for text fields, and the app menu first on macOS', () => {
    const { template, items } = build('zh-CN', 'darwin');
    expect(template[0]?.role).toBe('appMenu');
    expect(items.filter((i) => ['cut', 'copy', 'paste', 'selectAll'].includes(String(i.role)))).toHaveLength(4);
    expect(items.filter((i) => i.role === 'quit')).toHaveLength(1);
  });
});

describe('closing the window with unsaved work', () => {
  it('asks the page once, waits while it answers, and closes once the page allows it', () => {
    const guard = new CloseGuard(4000);
    expect(guard.onClose(0, true)).toBe('ask-page');
    expect(guard.onClose(1000, true)).toBe('wait');
    guard.allow();
    expect(guard.onClose(1200, true)).toBe('close');
  });

  it('asks again after Cancel, and never closes while the native dialog is up', () => {
    const guard = new CloseGuard(4000);
    expect(guard.onClose(0, true)).toBe('ask-page');
    guard.answering();
    expect(guard.onClose(60_000, true)).toBe('wait');
    guard.settled();
    expect(guard.onClose(61_000, true)).toBe('ask-page');
    expect(guard.closeAllowed).toBe(false);
  });

  it('does not trap the user with a page that never answers or is not loaded', () => {
    const hung = new CloseGuard(4000);
    expect(hung.onClose(0, true)).toBe('ask-page');
    expect(hung.onClose(3999, true)).toBe('wait');
    expect(hung.onClose(4000, true)).toBe('close');
    expect(new CloseGuard().onClose(0, false)).toBe('close');
  });

  it('words the native dialog in the page language: 保存 / 不保存 / 取消, Cancel for Esc and anything odd', () => {
    const zh = unsavedDialogOptions('zh-CN', ['图层“分区”的边界编辑：2 处修改尚未保存']);
    expect(zh.buttons).toEqual(['保存', '不保存', '取消']);
    expect(zh.detail).toContain('• 图层“分区”的边界编辑');
    expect([zh.defaultId, zh.cancelId]).toEqual([0, 2]);
    expect(unsavedDialogOptions('en', ['x']).buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect([0, 1, 2, 3, -1].map(choiceFor)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });

  it('checks the page request: at least one line, the language named', async () => {
    const app = 'gwz://app/index.html';
    await expect(dispatchHost(handlers, { senderUrl: app, method: 'dialog.unsavedChanges', params: { lang: 'zh-CN', items: [] } })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(dispatchHost(handlers, { senderUrl: app, method: 'dialog.unsavedChanges', params: { lang: 'fr', items: ['a'] } })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    await expect(dispatchHost(handlers, { senderUrl: app, method: 'dialog.unsavedChanges', params: { lang: 'en', items: ['a', 'b'] } })).resolves.toEqual({ ok: true, result: { choice: 'save' } });
    await expect(dispatchHost(handlers, { senderUrl: 'https://evil.example/', method: 'window.close', params: {} })).resolves.toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // the page cannot hand main a path for the menu: menu.update takes the language and a flag only
    await expect(dispatchHost(handlers, { senderUrl: app, method: 'menu.update', params: { lang: 'en', hasProject: true, recent: [{ path: '/etc/passwd' }] } })).resolves.toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });
});

describe('project path from the command line', () => {
  const cwd = path.resolve('/home/user/work');

  it('finds the .gwz a file association or second instance passes, resolved against its cwd', () => {
    expect(projectPathFromArgv(['/opt/GWZ/gwz-workbench', '/data/抚州.gwz'], cwd)).toBe(path.resolve('/data/抚州.gwz'));
    expect(projectPathFromArgv(['electron', '.', 'demo/fuzhou.GWZ'], cwd)).toBe(path.join(cwd, 'demo/fuzhou.GWZ'));
    expect(projectPathFromArgv(['gwz.exe', '--allow-file-access-from-files', '--x=a.gwz', 'b.gwz'], cwd)).toBe(path.join(cwd, 'b.gwz'));
  });

  it('ignores flags, other files and the executable itself', () => {
    expect(projectPathFromArgv(['gwz-workbench'], cwd)).toBeNull();
    expect(projectPathFromArgv(['/opt/x.gwz'], cwd)).toBeNull();
    expect(projectPathFromArgv(['gwz', '--open=evil.gwz', 'notes.txt'], cwd)).toBeNull();
  });
});

describe('engine restart policy', () => {
  it('allows a few restarts, then gives up until the window has passed', () => {
    const policy = createRestartPolicy(3, 60_000);
    expect([0, 1_000, 2_000].map((t) => policy.allow(t))).toEqual([true, true, true]);
    expect(policy.allow(3_000)).toBe(false);
    expect(policy.allow(200_000)).toBe(true);
  });
});
