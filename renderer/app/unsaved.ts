/**
 * Unsaved work, app-wide. Whatever holds work that closing the window or the project would lose
 * registers a source here: an edit session with changes (editing/EditingPanel), a cell being typed
 * into (attributes/VirtualGrid), wizard progress not yet autosaved (keyzones, recharge). Closing the
 * window (Electron: main asks the page; browser: beforeunload), closing or switching projects and
 * New Project ask once, for all of them: 保存 / 不保存 / 取消. No React or DOM here: unit-tested.
 */
export interface UnsavedSource {
  /** One line for the prompt in the current language, or null when there is nothing unsaved now. */
  describe(): string | null;
  /** Keep the work (end the session with save, commit the cell, write the progress). */
  save(): Promise<void>;
  /** Drop it (discard the session's changes, cancel the cell). */
  discard(): Promise<void>;
}

export type LeaveChoice = 'save' | 'discard' | 'cancel';

export class UnsavedRegistry {
  private readonly sources = new Set<UnsavedSource>();

  register(source: UnsavedSource): () => void {
    this.sources.add(source);
    return () => {
      this.sources.delete(source);
    };
  }

  /** The prompt's lines, one per source with unsaved work. */
  pending(): string[] {
    return this.dirty().map((d) => d.line);
  }

  hasUnsaved(): boolean {
    return this.dirty().length > 0;
  }

  /** Saves or discards every source with unsaved work, in registration order; the first failure stops and throws. */
  async resolve(choice: Exclude<LeaveChoice, 'cancel'>): Promise<void> {
    for (const { source } of this.dirty()) await (choice === 'save' ? source.save() : source.discard());
  }

  private dirty(): { source: UnsavedSource; line: string }[] {
    const out: { source: UnsavedSource; line: string }[] = [];
    for (const source of this.sources) {
      const line = source.describe();
      if (line !== null) out.push({ source, line });
    }
    return out;
  }
}

/**
 * The one check before leaving: nothing unsaved goes on at once; otherwise `ask` shows the lines
 * and the answer decides. True means go on (saved or discarded), false means stay. A failed save
 * throws, so the caller stays and shows the error instead of closing over lost work.
 */
export async function guardLeave(registry: UnsavedRegistry, ask: (lines: string[]) => Promise<LeaveChoice>): Promise<boolean> {
  const lines = registry.pending();
  if (lines.length === 0) return true;
  const choice = await ask(lines);
  if (choice === 'cancel') return false;
  await registry.resolve(choice);
  return true;
}

/** The page's registry (one workbench per page). */
export const unsavedWork = new UnsavedRegistry();
