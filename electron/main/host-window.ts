import { dialog, type BrowserWindow } from 'electron';
import type { UiLang } from '../../shared/api/host';
import { choiceFor, unsavedDialogOptions, type CloseGuard } from './close-guard';
import type { HostHandlers } from './host-dispatch';

export interface WindowHost {
  guard: CloseGuard;
  /** Rebuilds the native menu for the page's language and project state; answers the recent count. */
  updateMenu(lang: UiLang, hasProject: boolean): number;
}

/** The host methods about the window itself: the close question and the native menu. */
export function hostWindow(
  win: BrowserWindow | null,
  host: WindowHost | null,
): Pick<HostHandlers, 'dialog.unsavedChanges' | 'window.close' | 'menu.update'> {
  return {
    'dialog.unsavedChanges': async (req) => {
      host?.guard.answering();
      const options = unsavedDialogOptions(req.lang, req.items);
      const r = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      host?.guard.settled();
      return { choice: choiceFor(r.response) };
    },
    'window.close': async () => {
      if (!win || win.isDestroyed() || !host) return { closing: false };
      host.guard.allow();
      // after this answer has gone back to the page
      setImmediate(() => win.close());
      return { closing: true };
    },
    'menu.update': async (req) => ({ recent: host ? host.updateMenu(req.lang, req.hasProject) : 0 }),
  };
}
