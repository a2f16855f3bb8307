import type { Actions } from './actions';

/**
 * The menu bar of docs/ux.md as data: the page's antd menu (MenuBar.tsx) and the desktop app's
 * native menu (electron/main/menu-template.ts) show the same items with the same shortcuts — the unit
 * test electron-menu-parity.test.ts compares the two so they cannot drift. Entries for later issues
 * are present but disabled, so the shape stays stable.
 */
export interface MenuEntry {
  key: string;
  /** i18n key of the label (renderer/i18n zh.ts / en.ts). */
  labelKey: string;
  /** Shown beside the label, Electron accelerator syntax with Ctrl (the native menu writes CmdOrCtrl). */
  shortcut?: string;
  /**
   * The page's own key handlers take this shortcut (identify, attribute table, boundary undo/redo):
   * the native menu only displays it, so one key press never runs twice, and a plain "I" typed in a
   * text field stays a letter.
   */
  pageKeys?: boolean;
  needsProject?: boolean;
  /** Belongs to a later issue: shown, disabled. */
  later?: boolean;
  /** The recent-projects submenu, filled from app.recentProjects (the native menu reads the same list). */
  recent?: boolean;
}
export type MenuNode = MenuEntry | { divider: true };
export interface MenuGroup {
  key: string;
  labelKey: string;
  items: MenuNode[];
}

export const RECENT_CLEAR_KEY = 'project.recent.clear';
/** Keys of the recent-project items: `project.recent.<index>` into the list as shown. */
export const RECENT_ITEM_PREFIX = 'project.recent.';

export const MENU: readonly MenuGroup[] = [
  {
    key: 'project',
    labelKey: 'menu.project',
    items: [
      { key: 'project.new', labelKey: 'menu.newProject', shortcut: 'Ctrl+N' },
      { key: 'project.open', labelKey: 'menu.openProject', shortcut: 'Ctrl+O' },
      { key: 'project.recent', labelKey: 'menu.recentProjects', recent: true },
      { key: 'project.save', labelKey: 'menu.saveProject', shortcut: 'Ctrl+S', needsProject: true },
      { divider: true },
      { key: 'project.check', labelKey: 'menu.projectCheck', needsProject: true },
      { key: 'project.close', labelKey: 'menu.closeProject', shortcut: 'Ctrl+Shift+W', needsProject: true },
    ],
  },
  {
    key: 'data',
    labelKey: 'menu.data',
    items: [
      { key: 'data.importVector', labelKey: 'menu.importVector', shortcut: 'Ctrl+I', needsProject: true },
      { key: 'data.importRaster', labelKey: 'menu.importRaster', needsProject: true },
      { key: 'data.importBoreholes', labelKey: 'menu.importBoreholes', needsProject: true },
      { key: 'data.importWaterQuality', labelKey: 'menu.importWaterQuality', needsProject: true },
    ],
  },
  {
    key: 'map',
    labelKey: 'menu.map',
    items: [
      { key: 'map.fullExtent', labelKey: 'menu.fullExtent' },
      { key: 'map.identify', labelKey: 'menu.identify', shortcut: 'I', pageKeys: true, needsProject: true },
      { key: 'map.attributes', labelKey: 'attributes.open', shortcut: 'F6', pageKeys: true, needsProject: true },
      // renderer/app/map-tools/use-map-tools.tsx handles these keys itself (as QGIS assigns them)
      { key: 'map.measureLine', labelKey: 'maptools.measureLine', shortcut: 'Ctrl+Shift+M', pageKeys: true, needsProject: true },
      { key: 'map.measureArea', labelKey: 'maptools.measureArea', shortcut: 'Ctrl+Shift+J', pageKeys: true, needsProject: true },
      { divider: true },
      { key: 'map.previousExtent', labelKey: 'maptools.previousExtent', shortcut: 'Alt+Left', pageKeys: true },
      { key: 'map.nextExtent', labelKey: 'maptools.nextExtent', shortcut: 'Alt+Right', pageKeys: true },
      { key: 'map.zoomSelection', labelKey: 'maptools.zoomSelection', shortcut: 'Ctrl+J', pageKeys: true, needsProject: true },
      { key: 'map.basemap', labelKey: 'maptools.basemap', needsProject: true },
    ],
  },
  {
    key: 'edit',
    labelKey: 'menu.edit',
    items: [
      { key: 'edit.start', labelKey: 'menu.startEditing', needsProject: true },
      { key: 'edit.undo', labelKey: 'menu.undo', shortcut: 'Ctrl+Z', pageKeys: true, needsProject: true },
      { key: 'edit.redo', labelKey: 'menu.redo', shortcut: 'Ctrl+Y', pageKeys: true, needsProject: true },
    ],
  },
  {
    key: 'analysis',
    labelKey: 'menu.analysis',
    items: [
      { key: 'analysis.processing', labelKey: 'menu.processing', needsProject: true },
      { key: 'analysis.raster', labelKey: 'menu.rasterCalculator', later: true },
      { key: 'analysis.interpolation', labelKey: 'menu.interpolation', later: true },
      { key: 'analysis.hydrology', labelKey: 'menu.hydrology', later: true },
      { key: 'analysis.overlay', labelKey: 'menu.overlay', later: true },
    ],
  },
  {
    key: 'workflow',
    labelKey: 'menu.workflow',
    items: [
      { key: 'workflow.keyZone', labelKey: 'menu.keyZone', needsProject: true },
      { key: 'workflow.recharge', labelKey: 'menu.recharge', needsProject: true },
    ],
  },
  {
    key: 'output',
    labelKey: 'menu.output',
    items: [
      { key: 'output.exportLayer', labelKey: 'menu.exportLayer', needsProject: true },
      { key: 'output.layout', labelKey: 'menu.layout', needsProject: true },
      { key: 'output.report', labelKey: 'menu.report', needsProject: true },
      { key: 'output.package', labelKey: 'menu.packageMenu', needsProject: true },
    ],
  },
  {
    key: 'help',
    labelKey: 'menu.help',
    items: [
      { key: 'help.guide', labelKey: 'menu.userGuide', later: true },
      { key: 'help.about', labelKey: 'menu.about', shortcut: 'F1' },
    ],
  },
];

export const isEntry = (node: MenuNode): node is MenuEntry => !('divider' in node);

/** Every item of the menu, in order (dividers left out). */
export function menuEntries(): MenuEntry[] {
  return MENU.flatMap((g) => g.items.filter(isEntry));
}

export function entryEnabled(entry: MenuEntry, hasProject: boolean): boolean {
  return !entry.later && (!entry.needsProject || hasProject);
}

/** What each item does; the page's menu clicks and the native menu's commands both come here. */
export function menuHandlers(actions: Actions): Record<string, () => void> {
  return {
    'project.new': actions.newProject,
    'project.open': actions.openProject,
    'project.save': actions.saveAll,
    'project.check': actions.checkProject,
    'project.close': actions.closeProject,
    [RECENT_CLEAR_KEY]: actions.clearRecent,
    'data.importVector': actions.importVector,
    // Same dialog: the preview tells a raster from a vector by reading the file.
    'data.importRaster': actions.importVector,
    'data.importBoreholes': () => actions.importBoreholes('collars'),
    'data.importWaterQuality': () => actions.importBoreholes('quality'),
    'map.fullExtent': actions.zoomFull,
    'analysis.processing': actions.processing,
    'map.identify': actions.toggleIdentify,
    'map.attributes': actions.openAttributes,
    'map.measureLine': () => actions.measureLine?.(),
    'map.measureArea': () => actions.measureArea?.(),
    'map.previousExtent': () => actions.previousExtent?.(),
    'map.nextExtent': () => actions.nextExtent?.(),
    'map.zoomSelection': () => actions.zoomSelection?.(),
    'map.basemap': () => actions.basemap?.(),
    'output.exportLayer': actions.exportLayer,
    'output.layout': actions.exportLayout,
    'output.report': actions.exportReport,
    'output.package': actions.exportPackage,
    'workflow.recharge': actions.openRecharge,
    'help.about': actions.about,
    'workflow.keyZone': () => actions.keyZones?.(),
    'edit.start': actions.toggleEditing,
    'edit.undo': actions.undo,
    'edit.redo': actions.redo,
  };
}

/** The key a keydown would have as a shortcut ("Ctrl+Shift+W", "F6", "I"), or null for plain typing. */
export function shortcutOf(e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }): string | null {
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  if (['Control', 'Shift', 'Alt', 'Meta'].includes(key)) return null;
  const parts = [e.ctrlKey || e.metaKey ? 'Ctrl' : null, e.altKey ? 'Alt' : null, e.shiftKey ? 'Shift' : null, key].filter(Boolean);
  return parts.join('+');
}
