import type { UiLang } from '../../shared/api/host';

/**
 * Closing the window with unsaved work, as a state machine without Electron (unit-tested).
 *
 *   BrowserWindow 'close' ──► onClose() ── 'close' ─► let it close
 *                                       ├─ 'ask-page' ─► preventDefault, send 'close-requested'
 *                                       └─ 'wait' ────► preventDefault (the page is answering)
 *   page: nothing unsaved / saved / discarded ──► window.close ──► allow() + win.close()
 *   page: dialog.unsavedChanges ──► answering(); the native dialog; answered ──► settled()
 *
 * A page that never answers (hung, crashed, still loading React) must not trap the user: a second
 * close after `patienceMs` closes anyway, and a page that is not ours or not loaded closes at once.
 */
export type CloseStep = 'close' | 'ask-page' | 'wait';

export class CloseGuard {
  private allowed = false;
  private askedAt: number | null = null;
  private dialogOpen = false;

  constructor(private readonly patienceMs = 4000) {}

  onClose(now: number, pageReady: boolean): CloseStep {
    if (this.allowed || !pageReady) return 'close';
    // our own native dialog is up: the user answers it, not the window's close button
    if (this.dialogOpen) return 'wait';
    if (this.askedAt !== null && now - this.askedAt < this.patienceMs) return 'wait';
    if (this.askedAt !== null) return 'close';
    this.askedAt = now;
    return 'ask-page';
  }

  /** The page asked the user (dialog.unsavedChanges): it is alive, wait for it without a deadline. */
  answering(): void {
    this.dialogOpen = true;
  }

  /**
   * The user answered the native dialog. Cancel: stay. Save / Don't save: the page now does it and
   * calls window.close; if that fails it shows the error and stays, so either way the next close
   * asks again rather than closing over work a failed save did not keep.
   */
  settled(): void {
    this.dialogOpen = false;
    this.askedAt = null;
  }

  /** The page has dealt with its work (window.close): the next close goes through. */
  allow(): void {
    this.allowed = true;
  }

  get closeAllowed(): boolean {
    return this.allowed;
  }
}

export type UnsavedChoice = 'save' | 'discard' | 'cancel';
const CHOICES: readonly UnsavedChoice[] = ['save', 'discard', 'cancel'];

/** Electron's MessageBoxOptions for the 保存 / 不保存 / 取消 question, in the page's language. */
export function unsavedDialogOptions(lang: UiLang, items: readonly string[]) {
  const zh = lang === 'zh-CN';
  return {
    type: 'warning' as const,
    title: zh ? '有未保存的工作' : 'Unsaved work',
    message: zh ? '关闭窗口前是否保存以下工作？' : 'Save the following work before closing the window?',
    detail: `${items.map((i) => `• ${i}`).join('\n')}\n\n${zh ? '选择“不保存”将放弃这些修改。' : '“Don’t Save” drops these changes.'}`,
    // same order as CHOICES
    buttons: zh ? ['保存', '不保存', '取消'] : ['Save', "Don't Save", 'Cancel'],
    defaultId: 0,
    cancelId: 2,
    noLink: true,
  };
}

/** The button index Electron answered with, as a choice; anything unexpected is Cancel (keep the work). */
export function choiceFor(response: number): UnsavedChoice {
  return CHOICES[response] ?? 'cancel';
}
