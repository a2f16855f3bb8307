import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { dispatchHost, type HostHandlers } from '../../electron/main/host-dispatch';
import { projectPathFromArgv } from '../../electron/main/launch-args';
import { buildMenuTemplate } from '../../electron/main/menu-template';
import { createRestartPolicy } from '../../electron/main/restart-policy';
import { HOST_COMMANDS, HostCommandEventSchema, hostContract, type HostCommand } from '../../shared/api';

describe('host method IPC (gwz:host)', () => {
  const calls: unknown[] = [];
  const handlers: HostHandlers = {
    'dialog.openProject': async (req) => {
      calls.push(req);
      return { path: '/data/demo.gwz' };
    },
    'dialog.saveProject': async () => ({ path: 42 as unknown as string }),
    'dialog.openFiles': async (req) => ({ paths: (req.filters ?? []).map((f) => f.name) }),
  };
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
  function build(locale: string, platform: NodeJS.Platform = 'win32', devTools = false) {
    const sent: HostCommand[] = [];
    const template = buildMenuTemplate({ locale, platform, devTools, send: (c) => sent.push(c) });
    return { template, items: flatten(template), sent };
  }

  it('is Chinese for zh locales: 工程 / 编辑 / 视图 / 帮助', () => {
    for (const locale of ['zh-CN', 'zh-TW', 'zh']) {
      expect(build(locale).template.map((m) => m.label)).toEqual(['工程(&P)', '编辑(&E)', '视图(&V)', '帮助(&H)']);
    }
    expect(build('en-US').template.map((m) => m.label)).toEqual(['&Project', '&Edit', '&View', '&Help']);
  });

  it('sends a host command for every UI item, each with a shortcut, all valid host.command events', () => {
    const { items, sent } = build('zh-CN');
    const clickable = items.filter((i) => typeof i.click === 'function');
    expect(clickable.map((i) => i.label)).toEqual(['新建工程…', '打开工程…', '导入数据…', '关闭工程', '关于 GWZ Workbench']);
    for (const item of clickable) {
      expect(item.accelerator, String(item.label)).toBeTruthy();
      (item.click as () => void)();
    }
    expect(sent).toEqual(['new-project', 'open-project', 'import-data', 'close-project', 'show-about']);
    for (const command of sent) expect(HostCommandEventSchema.safeParse({ type: 'host.command', command }).success).toBe(true);
    expect(HOST_COMMANDS).toEqual(expect.arrayContaining(sent));
  });

  it('never binds one shortcut twice', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const accelerators = build('zh-CN', platform, true).items.map((i) => i.accelerator).filter(Boolean);
      expect(new Set(accelerators).size, platform).toBe(accelerators.length);
    }
  });

  it('offers reload and developer tools only in development builds', () => {
    const roles = (devTools: boolean) => build('zh-CN', 'linux', devTools).items.map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('reload');
    expect(roles(true)).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
  });

  it('uses native roles for text editing, and the app menu first on macOS', () => {
    const { template, items } = build('zh-CN', 'darwin');
    expect(template[0]?.role).toBe('appMenu');
    expect(items.filter((i) => ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'].includes(String(i.role)))).toHaveLength(6);
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
