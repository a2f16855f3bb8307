import type { JobProgressEvent } from '../../shared/api';
import type { Lang } from './lang';
import { displayWidth } from './text';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update(event: JobProgressEvent): void;
  /** Clears the bar so the next output starts on a clean line. */
  done(): void;
}

const NONE: Progress = { update: () => {}, done: () => {} };

/** A one-line bar on stderr, redrawn in place; nothing at all when stderr is not a terminal. */
export function createProgress(stream: ProgressStream, lang: Lang): Progress {
  if (!stream.isTTY) return NONE;
  let shown = false;
  let last = '';
  return {
    update(event) {
      // A pty without a size (script, some CI runners) reports 0 columns.
      const columns = stream.columns && stream.columns >= 40 ? stream.columns : 80;
      const barWidth = Math.max(10, Math.min(30, columns - 50));
      const filled = Math.round((event.percent / 100) * barWidth);
      const message = lang === 'en' ? event.message_en : event.message_zh;
      let line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${event.percent.toFixed(0).padStart(3)}% ${message}`;
      while (displayWidth(line) > columns - 1 && line.length > 0) line = line.slice(0, -1);
      if (line === last) return;
      last = line;
      shown = true;
      stream.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
      last = '';
    },
  };
}
