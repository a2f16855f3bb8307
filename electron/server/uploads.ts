import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { GwzError } from '../../shared/api';

/** Largest file a drop may upload (a province's DEM or parcel layer fits). */
export const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

const BATCH = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Where browser mode keeps files dropped onto the page: one temporary folder per server run, one
 * sub-folder per drop (batch), removed when the server stops. Names are the files' own, checked to
 * be plain names (no folders, no `..`), so nothing is written outside the folder.
 */
export class UploadStore {
  private readonly root = mkdtempSync(join(tmpdir(), 'gwz-uploads-'));

  async save(req: IncomingMessage, batch: string | null, name: string | null): Promise<string> {
    if (!batch || !BATCH.test(batch)) throw bad('batch', '上传批次编号无效', 'Invalid upload batch id');
    if (!name || name.length > 255 || /[/\\]/.test(name) || name.includes(String.fromCharCode(0)) || name === '.' || name === '..') {
      throw bad('name', '上传文件名无效', 'Invalid upload file name');
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
      throw bad('size', `文件超过 ${MAX_UPLOAD_BYTES / 1024 ** 3} GB，请在命令行或桌面版中导入`, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GB; import it from the CLI or the desktop app`);
    }
    const dir = join(this.root, batch);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, name);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new Error('upload too large'));
    });
    try {
      await pipeline(req, createWriteStream(path));
    } catch (err) {
      rmSync(path, { force: true });
      throw new GwzError('BAD_INPUT', '上传中断', 'The upload was interrupted', { reason: err instanceof Error ? err.message : String(err) });
    }
    return path;
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function bad(field: string, zh: string, en: string): GwzError {
  return new GwzError('BAD_REQUEST', zh, en, { field });
}
