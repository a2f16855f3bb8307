import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RecentProjectSchema } from '../../../shared/api';

type RecentProject = z.infer<typeof RecentProjectSchema>;

const MAX_RECENT = 10;
const FileSchema = z.object({ items: z.array(RecentProjectSchema) });

/** The recent-projects list in the user's data folder: most recent first, files that vanished dropped. */
export class RecentProjects {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'recent-projects.json');
  }

  list(): RecentProject[] {
    return this.read().filter((item) => existsSync(item.path));
  }

  add(path: string, title: string): void {
    const items = [{ path, title, openedAt: new Date().toISOString() }, ...this.list().filter((i) => i.path !== path)];
    this.write(items.slice(0, MAX_RECENT));
  }

  /** Empties the list; answers how many entries it had. */
  clear(): number {
    const had = this.read().length;
    if (had > 0) this.write([]);
    return had;
  }

  private read(): RecentProject[] {
    try {
      const parsed = FileSchema.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data.items : [];
    } catch {
      // first run or an unreadable file: start a new list rather than failing the open
      return [];
    }
  }

  private write(items: RecentProject[]): void {
    mkdirSync(this.dir, { recursive: true });
    // temp + rename: a crash mid-write leaves the old list, never half a file
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ items }, null, 2));
    renameSync(tmp, this.file);
  }
}
