import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkbench, ROOT, type Workbench } from './harness';

/**
 * The recovery notice: a project whose last writer died (its lock file names a process that is
 * gone) opens with a warning saying what survived; opened again after a clean close, it does not.
 */
let wb: Workbench;
beforeAll(async () => {
  wb = await openWorkbench('recovery');
});
afterAll(async () => {
  await wb?.close();
});

describe('recovery prompt after a crash', () => {
  it('warns, naming the dead process, when the project was not closed cleanly', async () => {
    const { page, server, work } = wb;
    const path = join(work, '崩溃后.gwz');
    // made by the CLI (a separate process that closes it cleanly)
    const made = spawnSync(process.execPath, [join(ROOT, 'dist/cli/gwz.cjs'), 'new', path, '--crs', 'EPSG:4548'], { encoding: 'utf8', env: { ...process.env, GWZ_HOME: join(work, 'cli-home') } });
    expect(made.status, made.stderr).toBe(0);
    // a process that has exited: its pid is dead, as after a crash
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: Number(dead), hostname: hostname(), startedAt: '2026-12-02T09:30:00.000Z' }));

    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('empty-state').isVisible(), { timeout: 60_000 }).toBe(true);
    await page.getByTestId('open-project').click();
    await page.getByTestId('open-project-path').fill(path);
    await page.getByTestId('open-project-ok').click();
    const notice = page.locator('.ant-modal-confirm');
    await expect.poll(() => notice.textContent()).toContain('工程上次未正常关闭');
    expect(await notice.textContent()).toContain(`进程 ${dead}`);
    expect(await notice.textContent()).toContain('已恢复到最后保存的状态');
    await wb.shot('recovery-notice-zh');
  });
});
