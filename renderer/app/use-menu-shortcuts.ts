import { useEffect, useRef } from 'react';
import type { Actions } from './actions';
import { entryEnabled, menuEntries, menuHandlers, shortcutOf } from './menu-items';

/**
 * Browser mode's menu shortcuts (Ctrl+O, Ctrl+S, Ctrl+I, F1…): in the desktop app the native menu
 * owns them (electron/main/menu-template.ts), so this stays off there to never run an item twice.
 * Shortcuts the page handles itself (pageKeys: I, F6, Ctrl+Z/Y) are left to their own handlers.
 * Keys the browser keeps for itself (Ctrl+N, Ctrl+Shift+W) never reach the page; the menu still works.
 */
export function useMenuShortcuts(enabled: boolean, actions: Actions, hasProject: boolean): void {
  const ref = useRef({ actions, hasProject });
  ref.current = { actions, hasProject };
  useEffect(() => {
    if (!enabled) return;
    const byShortcut = new Map(menuEntries().filter((e) => e.shortcut && !e.pageKeys).map((e) => [e.shortcut!, e]));
    const onKey = (e: KeyboardEvent): void => {
      const entry = byShortcut.get(shortcutOf(e) ?? '');
      if (!entry || e.defaultPrevented) return;
      e.preventDefault();
      if (entryEnabled(entry, ref.current.hasProject)) menuHandlers(ref.current.actions)[entry.key]?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
