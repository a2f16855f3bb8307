import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PATH, type Envelope } from '../../shared/api';
import { startServer, type RunningServer } from '../../electron/server/server';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gwz-upload-'));
  mkdirWww();
  server = await startServer({ engineOptions: { userDataDir: join(dir, 'home'), appVersion: 't' }, staticDir: join(dir, 'www') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function mkdirWww(): void {
  const www = join(dir, 'www');
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  writeFileSync(join(www, 'index.html'), '<!doctype html>');
}

async function upload(query: Record<string, string>, body: Blob | string, token: string | null = server.token): Promise<{ status: number; envelope: Envelope }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${UPLOAD_PATH}?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body,
  });
  return { status: res.status, envelope: (await res.json()) as Envelope };
}

describe('browser-mode upload of dropped files', () => {
  it('stores a batch of files in one folder, byte for byte, and removes it when the server stops', async () => {
    const shp = await upload({ batch: 'b1', name: '县界.shp' }, new Blob([new Uint8Array([1, 2, 3])]));
    const dbf = await upload({ batch: 'b1', name: '县界.dbf' }, '属性');
    expect(shp.status).toBe(200);
    expect(shp.envelope.ok && dbf.envelope.ok).toBe(true);
    const shpPath = (shp.envelope as { result: { path: string } }).result.path;
    const dbfPath = (dbf.envelope as { result: { path: string } }).result.path;
    expect(dirname(shpPath)).toBe(dirname(dbfPath));
    expect([...readFileSync(shpPath)]).toEqual([1, 2, 3]);
    expect(readFileSync(dbfPath, 'utf8')).toBe('属性');
    const other = await startServer({ engineOptions: { userDataDir: join(dir, 'home2'), appVersion: 't' }, staticDir: join(dir, 'www') });
    const r = await fetch(`http://127.0.0.1:${other.port}${UPLOAD_PATH}?batch=x&name=a.txt`, { method: 'POST', headers: { Authorization: `Bearer ${other.token}` }, body: 'a' });
    const path = ((await r.json()) as { result: { path: string } }).result.path;
    expect(existsSync(path)).toBe(true);
    await other.close();
    expect(existsSync(path)).toBe(false);
  });

  it('refuses without the token, and refuses names or batches that could leave the folder', async () => {
    expect((await upload({ batch: 'b2', name: 'a.shp' }, 'x', null)).status).toBe(401);
    expect((await upload({ batch: 'b2', name: 'a.shp' }, 'x', 'wrong')).status).toBe(401);
    for (const query of [
      { batch: 'b2', name: '../escape.txt' },
      { batch: 'b2', name: '..' },
      { batch: 'b2', name: 'sub\\evil.txt' },
      { batch: '../up', name: 'a.txt' },
      { batch: 'b2' },
    ]) {
      const { envelope } = await upload(query as Record<string, string>, 'x');
      expect(envelope.ok, JSON.stringify(query)).toBe(false);
      if (!envelope.ok) {
        expect(envelope.error.code).toBe('BAD_REQUEST');
        expect(envelope.error.message_zh).toMatch(/无效/);
      }
    }
    expect(existsSync(join(dirname(dir), 'escape.txt'))).toBe(false);
  });
});
