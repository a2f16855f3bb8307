import path from 'node:path';
import { dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { HostHandlers } from './host-dispatch';
import { PROJECT_EXTENSION } from './launch-args';

/** Formats GDAL reads for us and the borehole tables; the renderer may pass its own filters. */
const IMPORT_EXTENSIONS = ['shp', 'geojson', 'json', 'gpkg', 'kml', 'dxf', 'tif', 'tiff', 'asc', 'img', 'csv', 'xlsx', 'xls'];

function labels(locale: string) {
  const zh = locale.toLowerCase().startsWith('zh');
  return {
    openProject: zh ? '打开工程' : 'Open Project',
    saveProject: zh ? '新建工程' : 'New Project',
    openFiles: zh ? '导入数据' : 'Import Data',
    projectFiles: zh ? 'GWZ 工程文件' : 'GWZ project files',
    dataFiles: zh ? '空间数据与表格' : 'Spatial data and tables',
    allFiles: zh ? '所有文件' : 'All files',
    defaultName: zh ? '新工程' : 'New project',
  };
}

async function showOpen(win: BrowserWindow | null, options: OpenDialogOptions) {
  return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
}

async function showSave(win: BrowserWindow | null, options: SaveDialogOptions) {
  return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
}

/** Native file dialogs, modal to the window that asked (the window's own methods: host-window.ts). */
export function hostDialogs(
  win: BrowserWindow | null,
  locale: string,
  documentsDir: string,
): Pick<HostHandlers, 'dialog.openProject' | 'dialog.saveProject' | 'dialog.openFiles'> {
  const t = labels(locale);
  const projectFilter = { name: t.projectFiles, extensions: [PROJECT_EXTENSION.slice(1)] };
  return {
    'dialog.openProject': async () => {
      const r = await showOpen(win, { title: t.openProject, properties: ['openFile'], filters: [projectFilter] });
      return { path: r.canceled ? null : (r.filePaths[0] ?? null) };
    },
    'dialog.saveProject': async (req) => {
      const name = (req.defaultName ?? t.defaultName).replace(/[\\/:*?"<>|]/g, '_');
      const r = await showSave(win, {
        title: t.saveProject,
        defaultPath: path.join(documentsDir, name.toLowerCase().endsWith(PROJECT_EXTENSION) ? name : name + PROJECT_EXTENSION),
        filters: [projectFilter],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (r.canceled || !r.filePath) return { path: null };
      // Linux dialogs do not always add the extension from the filter.
      return { path: r.filePath.toLowerCase().endsWith(PROJECT_EXTENSION) ? r.filePath : r.filePath + PROJECT_EXTENSION };
    },
    'dialog.openFiles': async (req) => {
      const filters = req.filters ?? [
        { name: t.dataFiles, extensions: IMPORT_EXTENSIONS },
        { name: t.allFiles, extensions: ['*'] },
      ];
      const r = await showOpen(win, { title: t.openFiles, properties: ['openFile', 'multiSelections'], filters });
      return { paths: r.canceled ? [] : r.filePaths };
    },
  };
}
