import type { MenuItemConstructorOptions } from 'electron';
import type { HostCommand } from '../../shared/api/events';

/**
 * The native menu as data (type-only electron import, so tests build it without Electron). It has
 * every item of the page's menu bar (renderer/app/menu-items.ts), same keys, labels and shortcuts —
 * electron-menu-parity.test.ts compares the two — and sends each click to the page as a 'menu' host
 * command with the item's key, so both menus run the same handler. Native-only: 视图 (zoom, full
 * screen, devtools in development), cut/copy/paste roles for text fields, Quit, the macOS app menu.
 * Labels follow the page's language once it has told main (menu.update), the OS locale before.
 */
export interface RecentEntry {
  path: string;
  title: string;
}

export interface MenuOptions {
  /** 'zh-CN' / 'en' from the page, or the OS locale before the page has said. */
  locale: string;
  platform: NodeJS.Platform;
  /** Development builds get reload and developer tools; packaged builds do not. */
  devTools: boolean;
  hasProject: boolean;
  /** Read by main from the user data folder (the engine's recent-projects.json), never from the page. */
  recent: readonly RecentEntry[];
  send(command: HostCommand, extra?: { item?: string; path?: string }): void;
}

/** A page item: its key, shortcut (Ctrl means CmdOrCtrl) and how it behaves. */
interface NativeEntry {
  key: string;
  accelerator?: string;
  /** The page's own key handlers take the shortcut: shown, not registered (see menu-items.ts pageKeys). */
  pageKeys?: boolean;
  needsProject?: boolean;
  later?: boolean;
  recent?: boolean;
}
type NativeNode = NativeEntry | 'separator';

const GROUPS: readonly { key: string; items: readonly NativeNode[] }[] = [
  {
    key: 'project',
    items: [
      { key: 'project.new', accelerator: 'CmdOrCtrl+N' },
      { key: 'project.open', accelerator: 'CmdOrCtrl+O' },
      { key: 'project.recent', recent: true },
      { key: 'project.save', accelerator: 'CmdOrCtrl+S', needsProject: true },
      'separator',
      { key: 'project.check', needsProject: true },
      { key: 'project.close', accelerator: 'CmdOrCtrl+Shift+W', needsProject: true },
    ],
  },
  {
    key: 'data',
    items: [
      { key: 'data.importVector', accelerator: 'CmdOrCtrl+I', needsProject: true },
      { key: 'data.importRaster', needsProject: true },
      { key: 'data.importBoreholes', needsProject: true },
      { key: 'data.importWaterQuality', needsProject: true },
    ],
  },
  {
    key: 'map',
    items: [
      { key: 'map.fullExtent' },
      { key: 'map.identify', accelerator: 'I', pageKeys: true, needsProject: true },
      { key: 'map.attributes', accelerator: 'F6', pageKeys: true, needsProject: true },
      { key: 'map.measureLine', accelerator: 'Ctrl+Shift+M', pageKeys: true, needsProject: true },
      { key: 'map.measureArea', accelerator: 'Ctrl+Shift+J', pageKeys: true, needsProject: true },
      'separator',
      { key: 'map.previousExtent', accelerator: 'Alt+Left', pageKeys: true },
      { key: 'map.nextExtent', accelerator: 'Alt+Right', pageKeys: true },
      { key: 'map.zoomSelection', accelerator: 'Ctrl+J', pageKeys: true, needsProject: true },
      { key: 'map.basemap', needsProject: true },
    ],
  },
  {
    key: 'edit',
    items: [
      { key: 'edit.start', needsProject: true },
      { key: 'edit.undo', accelerator: 'CmdOrCtrl+Z', pageKeys: true, needsProject: true },
      { key: 'edit.redo', accelerator: 'CmdOrCtrl+Y', pageKeys: true, needsProject: true },
    ],
  },
  {
    key: 'analysis',
    items: [
      { key: 'analysis.processing', needsProject: true },
      { key: 'analysis.raster', later: true },
      { key: 'analysis.interpolation', later: true },
      { key: 'analysis.hydrology', later: true },
      { key: 'analysis.overlay', later: true },
    ],
  },
  {
    key: 'workflow',
    items: [
      { key: 'workflow.keyZone', needsProject: true },
      { key: 'workflow.recharge', needsProject: true },
    ],
  },
  {
    key: 'output',
    items: [
      { key: 'output.exportLayer', needsProject: true },
      { key: 'output.layout', needsProject: true },
      { key: 'output.report', needsProject: true },
      { key: 'output.package', needsProject: true },
    ],
  },
  {
    key: 'help',
    items: [{ key: 'help.guide', later: true }, { key: 'help.about', accelerator: 'F1' }],
  },
];

type NativeOnly =
  | 'recentNone' | 'recentClear' | 'quit' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'view' | 'reload' | 'devTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'fullscreen';
type Labels = Record<string, string> & Record<NativeOnly, string>;

// Same words as renderer/i18n (zh.ts / en.ts); the parity test holds them together.
const ZH: Labels = {
  project: '工程(&P)',
  'project.new': '新建工程…',
  'project.open': '打开工程…',
  'project.recent': '最近的工程',
  'project.save': '保存',
  'project.check': '检查工程文件',
  'project.close': '关闭工程',
  data: '数据(&D)',
  'data.importVector': '导入矢量数据…',
  'data.importRaster': '导入栅格数据…',
  'data.importBoreholes': '导入钻孔数据…',
  'data.importWaterQuality': '导入水质数据…',
  map: '地图(&M)',
  'map.fullExtent': '全图',
  'map.identify': '识别',
  'map.attributes': '打开属性表',
  'map.measureLine': '量测距离',
  'map.measureArea': '量测面积',
  'map.previousExtent': '上一视图',
  'map.nextExtent': '下一视图',
  'map.zoomSelection': '缩放至所选',
  'map.basemap': '底图…',
  edit: '编辑(&E)',
  'edit.start': '开始编辑',
  'edit.undo': '撤销',
  'edit.redo': '重做',
  analysis: '分析(&A)',
  'analysis.processing': '处理工具箱…',
  'analysis.raster': '栅格计算',
  'analysis.interpolation': '插值',
  'analysis.hydrology': '水文分析',
  'analysis.overlay': '叠加分析',
  workflow: '工作流(&W)',
  'workflow.keyZone': '地下水污染防治重点区划分',
  'workflow.recharge': '补给区划定',
  output: '输出(&O)',
  'output.exportLayer': '导出图层…',
  'output.layout': '成果图件布局',
  'output.report': '技术报告',
  'output.package': '成果包…',
  help: '帮助(&H)',
  'help.guide': '使用手册',
  'help.about': '关于',
  recentNone: '（无）',
  recentClear: '清除列表',
  quit: '退出',
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
};

const EN: Labels = {
  project: '&Project',
  'project.new': 'New project…',
  'project.open': 'Open project…',
  'project.recent': 'Recent Projects',
  'project.save': 'Save',
  'project.check': 'Check project file',
  'project.close': 'Close project',
  data: '&Data',
  'data.importVector': 'Import vector data…',
  'data.importRaster': 'Import raster data…',
  'data.importBoreholes': 'Import boreholes…',
  'data.importWaterQuality': 'Import water quality…',
  map: '&Map',
  'map.fullExtent': 'Full extent',
  'map.identify': 'Identify',
  'map.attributes': 'Open attribute table',
  'map.measureLine': 'Measure distance',
  'map.measureArea': 'Measure area',
  'map.previousExtent': 'Previous extent',
  'map.nextExtent': 'Next extent',
  'map.zoomSelection': 'Zoom to selection',
  'map.basemap': 'Basemap…',
  edit: '&Edit',
  'edit.start': 'Start editing',
  'edit.undo': 'Undo',
  'edit.redo': 'Redo',
  analysis: '&Analysis',
  'analysis.processing': 'Processing toolbox…',
  'analysis.raster': 'Raster calculator',
  'analysis.interpolation': 'Interpolation',
  'analysis.hydrology': 'Hydrology',
  'analysis.overlay': 'Overlay',
  workflow: '&Workflow',
  'workflow.keyZone': 'Groundwater pollution prevention key zones',
  'workflow.recharge': 'Recharge area mapping',
  output: '&Output',
  'output.exportLayer': 'Export layer…',
  'output.layout': 'Result map layout',
  'output.report': 'Technical report',
  'output.package': 'Results package…',
  help: '&Help',
  'help.guide': 'User guide',
  'help.about': 'About',
  recentNone: '(none)',
  recentClear: 'Clear List',
  quit: 'Quit',
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
};

export function menuLabels(locale: string): Labels {
  return locale.toLowerCase().startsWith('zh') ? ZH : EN;
}

/** Keys the page's menu uses for the recent list (renderer/app/menu-items.ts). */
export const RECENT_CLEAR_KEY = 'project.recent.clear';
const RECENT_ITEM_PREFIX = 'project.recent.';

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const t = menuLabels(options.locale);
  const isMac = options.platform === 'darwin';
  const label = (key: string): string => t[key] ?? key;

  const recentSubmenu = (): MenuItemConstructorOptions[] =>
    options.recent.length === 0
      ? [{ id: `${RECENT_ITEM_PREFIX}none`, label: t.recentNone, enabled: false }]
      : [
          ...options.recent.map((r, i) => ({
            id: `${RECENT_ITEM_PREFIX}${i}`,
            // "&" would become a mnemonic; the path tells two projects of one title apart
            label: `${i + 1}  ${(r.title || r.path).replace(/&/g, '&&')}  —  ${r.path.replace(/&/g, '&&')}`,
            click: () => options.send('open-project', { path: r.path }),
          })),
          { type: 'separator' as const },
          { id: RECENT_CLEAR_KEY, label: t.recentClear, click: () => options.send('menu', { item: RECENT_CLEAR_KEY }) },
        ];

  const item = (node: NativeNode): MenuItemConstructorOptions => {
    if (node === 'separator') return { type: 'separator' };
    if (node.recent) return { id: node.key, label: label(node.key), submenu: recentSubmenu() };
    return {
      id: node.key,
      label: label(node.key),
      ...(node.accelerator ? { accelerator: node.accelerator } : {}),
      ...(node.pageKeys ? { registerAccelerator: false } : {}),
      enabled: !node.later && (!node.needsProject || options.hasProject),
      click: () => options.send('menu', { item: node.key }),
    };
  };

  const groups: MenuItemConstructorOptions[] = GROUPS.map((g) => {
    const submenu = g.items.map(item);
    if (g.key === 'project' && !isMac) submenu.push({ type: 'separator' }, { label: t.quit, role: 'quit', accelerator: 'CmdOrCtrl+Q' });
    // text fields keep native cut/copy/paste (macOS needs the roles for them to work at all)
    if (g.key === 'edit') {
      submenu.push(
        { type: 'separator' },
        { label: t.cut, role: 'cut', accelerator: 'CmdOrCtrl+X' },
        { label: t.copy, role: 'copy', accelerator: 'CmdOrCtrl+C' },
        { label: t.paste, role: 'paste', accelerator: 'CmdOrCtrl+V' },
        { label: t.selectAll, role: 'selectAll', accelerator: 'CmdOrCtrl+A' },
      );
    }
    return { id: g.key, label: label(g.key), ...(g.key === 'help' ? { role: 'help' as const } : {}), submenu };
  });

  const view: MenuItemConstructorOptions = {
    id: 'view',
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
  // macOS puts Quit under the application menu, which must come first.
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [{ role: 'appMenu', submenu: [{ role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' }, { label: t.quit, role: 'quit' }] }]
    : [];
  const help = groups.pop()!;
  return [...appMenu, ...groups, view, help];
}
