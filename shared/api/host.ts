import { z } from 'zod';
import { method } from './method';

/**
 * Methods answered by the host, not the engine: native dialogs in Electron. Browser mode has no
 * native dialogs, so the renderer asks for a path in a form instead (isHostMethod tells it).
 */
/** The UI languages (renderer/i18n): native dialogs and menus follow the page's choice. */
export const UiLangSchema = z.enum(['zh-CN', 'en']);
export type UiLang = z.infer<typeof UiLangSchema>;

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
  'dialog.unsavedChanges': method({
    summary_zh: '关闭窗口前询问未保存的工作：保存 / 不保存 / 取消',
    summary_en: 'Ask about unsaved work before the window closes: Save / Don\'t save / Cancel',
    request: z
      .object({
        lang: UiLangSchema,
        /** What is unsaved, one line each in `lang` (the page's registry, renderer/app/unsaved.ts). */
        items: z.array(z.string().max(300)).min(1).max(20),
      })
      .strict(),
    response: z.object({ choice: z.enum(['save', 'discard', 'cancel']) }),
  }),
  'window.close': method({
    summary_zh: '关闭窗口（页面已处理未保存的工作）',
    summary_en: 'Close the window (the page has dealt with unsaved work)',
    request: z.object({}).strict(),
    response: z.object({ closing: z.boolean() }),
  }),
  'menu.update': method({
    summary_zh: '按界面语言和工程状态重建原生菜单（含最近的工程）',
    summary_en: 'Rebuild the native menu for the UI language and project state (recent projects included)',
    request: z.object({ lang: UiLangSchema, hasProject: z.boolean() }).strict(),
    /** How many recent projects the menu lists (main reads them from the user data folder, never from the page). */
    response: z.object({ recent: z.number().int() }),
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
