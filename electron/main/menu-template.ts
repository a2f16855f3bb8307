import type { MenuItemConstructorOptions } from 'electron';
import type { HostCommand } from '../../shared/api/events';

/**
 * The native menu as data (type-only electron import, so tests build it without Electron).
 * Items that need the UI send a host command to the renderer; editing and view items use Electron
 * roles so text fields keep native undo, copy and zoom. Chinese unless the OS locale is not Chinese.
 */
export interface MenuOptions {
  locale: string;
  platform: NodeJS.Platform;
  /** Development builds get reload and developer tools; packaged builds do not. */
  devTools: boolean;
  send(command: HostCommand): void;
}

type Labels = Record<
  | 'project' | 'newProject' | 'openProject' | 'importData' | 'closeProject' | 'quit'
  | 'edit' | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'view' | 'reload' | 'devTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'fullscreen'
  | 'help' | 'about',
  string
>;

const ZH: Labels = {
  project: '工程(&P)',
  newProject: '新建工程…',
  openProject: '打开工程…',
  importData: '导入数据…',
  closeProject: '关闭工程',
  quit: '退出',
  edit: '编辑(&E)',
  undo: '撤销',
  redo: '重做',
  cut: '剪切',
  copy: '复制',
  paste: '粘贴',
  selectAll: '全选',
  view: '视图(&V)',
  reload: '重新加载',
  devTools: '开发者工具',
  resetZoom: '实际大小',
  zoomIn: '放大',
  zoomOut: '缩小',
  fullscreen: '全屏',
  help: '帮助(&H)',
  about: '关于 GWZ Workbench',
};

const EN: Labels = {
  project: '&Project',
  newProject: 'New Project…',
  openProject: 'Open Project…',
  importData: 'Import Data…',
  closeProject: 'Close Project',
  quit: 'Quit',
  edit: '&Edit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  view: '&View',
  reload: 'Reload',
  devTools: 'Developer Tools',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullscreen: 'Full Screen',
  help: '&Help',
  about: 'About GWZ Workbench',
};

export function menuLabels(locale: string): Labels {
  return locale.toLowerCase().startsWith('zh') ? ZH : EN;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const t = menuLabels(options.locale);
  const command = (label: string, accelerator: string, name: HostCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.send(name),
  });
  const isMac = options.platform === 'darwin';

  const project: MenuItemConstructorOptions = {
    label: t.project,
    submenu: [
      command(t.newProject, 'CmdOrCtrl+N', 'new-project'),
      command(t.openProject, 'CmdOrCtrl+O', 'open-project'),
      { type: 'separator' },
      command(t.importData, 'CmdOrCtrl+I', 'import-data'),
      { type: 'separator' },
      command(t.closeProject, 'CmdOrCtrl+Shift+W', 'close-project'),
      ...(isMac ? [] : [{ type: 'separator' } as const, { label: t.quit, role: 'quit', accelerator: 'CmdOrCtrl+Q' } as const]),
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: t.edit,
    submenu: [
      { label: t.undo, role: 'undo', accelerator: 'CmdOrCtrl+Z' },
      { label: t.redo, role: 'redo', accelerator: isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y' },
      { type: 'separator' },
      { label: t.cut, role: 'cut', accelerator: 'CmdOrCtrl+X' },
      { label: t.copy, role: 'copy', accelerator: 'CmdOrCtrl+C' },
      { label: t.paste, role: 'paste', accelerator: 'CmdOrCtrl+V' },
      { label: t.selectAll, role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: t.view,
    submenu: [
      ...(options.devTools
        ? [
            { label: t.reload, role: 'reload', accelerator: 'CmdOrCtrl+R' } as const,
            { label: t.devTools, role: 'toggleDevTools', accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' } as const,
            { type: 'separator' } as const,
          ]
        : []),
      { label: t.resetZoom, role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { label: t.zoomIn, role: 'zoomIn', accelerator: 'CmdOrCtrl+=' },
      { label: t.zoomOut, role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      { type: 'separator' },
      { label: t.fullscreen, role: 'togglefullscreen', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: t.help,
    role: 'help',
    submenu: [command(t.about, 'F1', 'show-about')],
  };
  // macOS puts Quit and About under the application menu, which must come first.
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [{ role: 'appMenu', submenu: [{ role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { label: t.quit, role: 'quit' }] }]
    : [];
  return [...appMenu, project, edit, view, help];
}
