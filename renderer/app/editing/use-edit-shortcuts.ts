import { useEffect } from 'react';

/** Inputs that hold no text of their own (radio buttons of a Segmented, checkboxes): shortcuts still apply. */
const NOT_TEXT = new Set(['radio', 'checkbox', 'button', 'submit', 'range', 'color']);

/** Ctrl+Z undoes, Ctrl+Y (or Ctrl+Shift+Z) redoes — not while typing in a field, where they edit the text. */
export function useEditShortcuts(enabled: boolean, undo: () => void, redo: () => void): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent): void => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || target.tagName === 'TEXTAREA' || (target instanceof HTMLInputElement && !NOT_TEXT.has(target.type)))) return;
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (key === 'y' || (key === 'z' && e.shiftKey)) {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled, undo, redo]);
}
