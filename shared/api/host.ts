import { z } from 'zod';
import { method } from './method';

/**
 * Methods answered by the host, not the engine: native dialogs in Electron. Browser mode has no
 * native dialogs, so the renderer asks for a path in a form instead (isHostMethod tells it).
 */
export const FileFilterSchema = z.object({ name: z.string(), extensions: z.array(z.string()) });

export const hostContract = {
  'dialog.openProject': method({
    summary_zh: '选择要打开的工程文件',
    summary_en: 'Choose a project file to open',
    request: z.object({}).strict(),
    response: z.object({ path: z.string().nullable() }),
  }),
  'dialog.saveProject': method({
    summary_zh: '选择新工程文件的位置',
    summary_en: 'Choose where to save a new project',
    request: z.object({ defaultName: z.string().optional() }),
    response: z.object({ path: z.string().nullable() }),
  }),
  'dialog.openFiles': method({
    summary_zh: '选择要导入的数据文件',
    summary_en: 'Choose data files to import',
    request: z.object({ filters: z.array(FileFilterSchema).optional() }),
    response: z.object({ paths: z.array(z.string()) }),
  }),
} as const;

export type HostContract = typeof hostContract;
export type HostMethodName = keyof HostContract;

export function isHostMethod(name: string): name is HostMethodName {
  return Object.prototype.hasOwnProperty.call(hostContract, name);
}

/** The preload's whole surface (window.gwz). */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<import('./wire').Envelope>;
  listen(handler: (event: import('./events').EngineEvent) => void): () => void;
  /**
   * The path of a file dropped onto the window (Electron's webUtils.getPathForFile): sandboxed pages
   * see File objects without paths, and the engine imports by path. Empty for files with no path.
   */
  pathForFile(file: File): string;
}
