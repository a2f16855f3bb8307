import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../electron/engine/project/spatialite';
import { createClient, type Client, type LayerInfo, type XY } from '../../shared/api';
import { blobs, hasVertex, pairRelation, readOnly, sharedInteriorVertex, unionArea } from '../integration/editing-support';
import { chooseOption, openWorkbench, type Workbench } from './harness';

/**
 * Boundary editing driven with the mouse in Chromium: drag a vertex shared by two hydrogeological
 * units on the demo project, give the reason, and check in SpatiaLite (a second, read-only
 * connection) that both polygons changed together; then Ctrl+Z restores the exact bytes.
 */
let wb: Workbench;
let page: Page;
let client: Client;
let ro: Db;
let units: LayerInfo;
let path: string;

/** Status bar "X <northing> Y <easting>" → [easting, northing]. */
async function cursorXY(): Promise<XY> {
  const text = (await page.getByTestId('status-xy').textContent()) ?? '';
  const m = /X([-\d.]+)Y([-\d.]+)/.exec(text.replace(/\s/g, ''));
  expect(m, `status-xy "${text}"`).not.toBeNull();
  return [Number(m![2]), Number(m![1])];
}

/** Map ↔ page pixels, measured through the status bar's cursor readout at two points (no rotation). */
async function calibrate(): Promise<((p: XY) => XY) & { toMap(p: XY): XY }> {
  const box = (await page.getByTestId('map').boundingBox())!;
  // both left of the editing panel, which covers the map's right 40 %
  const p1: XY = [box.x + box.width * 0.2, box.y + box.height * 0.3];
  const p2: XY = [box.x + box.width * 0.5, box.y + box.height * 0.7];
  await page.mouse.move(...p1);
  const m1 = await cursorXY();
  await page.mouse.move(...p2);
  const m2 = await cursorXY();
  const sx = (p2[0] - p1[0]) / (m2[0] - m1[0]);
  const sy = (p2[1] - p1[1]) / (m2[1] - m1[1]);
  const toPixel = (m: XY): XY => [p1[0] + (m[0] - m1[0]) * sx, p1[1] + (m[1] - m1[1]) * sy];
  return Object.assign(toPixel, { toMap: (p: XY): XY => [m1[0] + (p[0] - p1[0]) / sx, m1[1] + (p[1] - p1[1]) / sy] });
}

/**
 * Starts an edit session and drags the shared vertex nearest the middle of the map's left half by
 * `by` map units; returns the layer's geometry bytes from before the drag.
 */
async function startAndDragMiddleVertex(by: XY): Promise<Map<number, Buffer>> {
  await page.getByTestId('editing-start').click();
  await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('编辑中');
  const toPixel = await calibrate();
  const box = (await page.getByTestId('map').boundingBox())!;
  const { at } = sharedInteriorVertex(ro, units.tableName, false, toPixel.toMap([box.x + box.width * 0.4, box.y + box.height * 0.55]));
  const before = blobs(ro, units.tableName);
  const [px, py] = toPixel(at);
  const to = toPixel([at[0] + by[0], at[1] + by[1]]);
  await page.mouse.move(px, py, { steps: 2 });
  await page.mouse.down();
  await page.mouse.move(to[0], to[1], { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => page.getByTestId('reason-input').isVisible()).toBe(true);
  return before;
}

beforeAll(async () => {
  wb = await openWorkbench('editing');
  page = wb.page;
  const engine = wb.server.engine;
  client = createClient({ invoke: (m, p) => engine.dispatch(m, p), listen: (h) => engine.onEvent(h) });
  path = join(wb.work, 'demo.gwz');
  await client.runJob('project.createDemo', { path });
});
afterAll(async () => {
  ro?.close();
  await wb?.close();
});

describe('boundary editing in the browser', () => {
  it('drags a shared vertex: both units move together, the reason is logged, Ctrl+Z restores the bytes', async () => {
    await page.goto(wb.server.url);
    await client.api.project.open({ path });
    const list = page.getByTestId('layer-list');
    await expect.poll(() => list.textContent(), { timeout: 30_000 }).toContain('水文地质分区');
    units = (await client.api.layers.list({})).layers.find((l) => l.name === '水文地质分区')!;
    ro = readOnly(path);
    // a vertex near the middle of the left half of the map, clear of the editing panel
    const box = (await page.getByTestId('map').boundingBox())!;
    const middle = (await calibrate()).toMap([box.x + box.width * 0.4, box.y + box.height * 0.55]);
    const { at, fids } = sharedInteriorVertex(ro, units.tableName, false, middle);
    const before = blobs(ro, units.tableName);
    const unionBefore = unionArea(ro, units.tableName);

    await page.getByTestId('start-editing').click();
    const panel = page.getByTestId('editing-panel');
    await expect.poll(() => panel.isVisible()).toBe(true);
    await chooseOption(page, page.getByTestId('editing-layer'), '水文地质分区');

    // zoom in on the vertex (double clicks, before the session starts, so they edit nothing)
    for (let i = 0; i < 4; i++) {
      const toPixel = await calibrate();
      await page.mouse.dblclick(...toPixel(at));
      await page.waitForTimeout(450);
    }
    await page.getByTestId('editing-start').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('编辑中');
    const toPixel = await calibrate();
    const [px, py] = toPixel(at);
    await page.mouse.move(px, py, { steps: 2 });
    await wb.shot('editing-00-before-drag');
    await page.mouse.down();
    await page.mouse.move(px + 6, py - 4, { steps: 3 });
    await page.mouse.move(px + 14, py - 9, { steps: 3 });
    await page.mouse.up();

    const dialog = page.getByTestId('reason-input');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.fill('依据 1:5 万水文地质图调整分界');
    await wb.shot('editing-01-reason');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('edit-log').textContent(), { timeout: 15_000 }).toContain('依据 1:5 万水文地质图调整分界');
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('1 处未保存的修改');

    // the engine's view, from a second connection: both polygons share the new vertex, nothing else moved
    const log = await client.api.editing.log({ layerId: units.id });
    const change = log.changes[0]!;
    expect(change).toMatchObject({ op: 'moveVertex', reason: '依据 1:5 万水文地质图调整分界', state: 'applied' });
    const to = (change.params as { to: XY }).to;
    expect(Math.hypot(to[0] - at[0], to[1] - at[1])).toBeGreaterThan(5);
    expect(change.fids.sort()).toEqual([...fids].sort());
    for (const fid of fids) {
      expect(hasVertex(ro, units.tableName, fid, at)).toBe(false);
      expect(hasVertex(ro, units.tableName, fid, to)).toBe(true);
    }
    expect(unionArea(ro, units.tableName)).toBeCloseTo(unionBefore, 3);
    const rel = pairRelation(ro, units.tableName, fids[0], fids[1]);
    expect(rel.overlaps).toBe(0);
    expect(rel.interArea).toBeLessThan(1e-6);
    await page.mouse.move(px + 120, py + 80);
    await wb.shot('editing-02-moved');

    // Ctrl+Z: the exact previous bytes, and the undo is logged
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('edit-log').textContent()).toContain('已撤销');
    const after = blobs(ro, units.tableName);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
    // Ctrl+Y brings the change back
    await page.keyboard.press('Control+y');
    await expect.poll(async () => hasVertex(ro, units.tableName, fids[0], to)).toBe(true);
    await page.getByTestId('editing-check').click();
    await expect.poll(() => page.getByTestId('editing-problems').textContent()).toContain('未发现');
    await page.getByTestId('edit-log-item').first().click();
    await wb.shot('editing-03-log-check');
    await page.getByTestId('editing-save').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('未开始');
  });

  it('refuses a drag that twists a unit, puts the drawing back, and says why in Chinese', async () => {
    const before = await startAndDragMiddleVertex([2500, -2500]);
    await page.getByTestId('reason-input').fill('测试');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('error-message').first().textContent(), { timeout: 15_000 }).toMatch(/已拒绝/);
    await wb.shot('editing-04-refused');
    const after = blobs(ro, units.tableName);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
    await page.getByTestId('editing-save').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('未开始');
  });

  it('splits a unit by a drawn line and merges the halves back; two Ctrl+Z give the same bytes', async () => {
    const table = units.tableName;
    // a 1 km² unit square near the middle of the whole layer's view, clear of the panel
    await page.getByTestId('zoom-full').click();
    await page.waitForTimeout(500);
    const toPixel = await calibrate();
    const box = (await page.getByTestId('map').boundingBox())!;
    const middle = toPixel.toMap([box.x + box.width * 0.35, box.y + box.height * 0.55]);
    const squares = ro
      .prepare(
        `SELECT fid, MbrMinX(geom) AS x0, MbrMinY(geom) AS y0, MbrMaxX(geom) AS x1, MbrMaxY(geom) AS y1 FROM "${table}"
         WHERE ST_NPoints(geom) = 5 AND abs(ST_Area(geom) - 1e6) < 1
           AND ST_Within(ST_Buffer(geom, 200), (SELECT ST_Union(geom) FROM "${table}"))
         ORDER BY (MbrMinX(geom) - ?) * (MbrMinX(geom) - ?) + (MbrMinY(geom) - ?) * (MbrMinY(geom) - ?)`,
      )
      .all(middle[0], middle[0], middle[1], middle[1]) as { fid: number; x0: number; y0: number; x1: number; y1: number }[];
    const sq = squares[0]!;
    const before = blobs(ro, table);
    // pan the square to the middle, then zoom in on it (before the session starts) until it is ≥ 170 px wide
    const centre: XY = [box.x + box.width * 0.35, box.y + box.height * 0.55];
    for (let i = 0; i < 2; i++) {
      const p = await calibrate();
      const at = p([(sq.x0 + sq.x1) / 2, (sq.y0 + sq.y1) / 2]);
      await page.mouse.move(...at);
      await page.mouse.down();
      await page.mouse.move(centre[0], centre[1], { steps: 8 });
      await page.mouse.up();
      await page.waitForTimeout(300);
    }
    for (let i = 0; i < 6; i++) {
      const p = await calibrate();
      const wide = p([sq.x1, sq.y0])[0] - p([sq.x0, sq.y0])[0];
      if (wide >= 170) break;
      await page.mouse.dblclick(...p([(sq.x0 + sq.x1) / 2, (sq.y0 + sq.y1) / 2]));
      await page.waitForTimeout(450);
    }
    await page.getByTestId('editing-start').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('编辑中');
    await page.getByTestId('editing-mode').getByText('切分').click();
    const px = await calibrate();
    const xm = (sq.x0 + sq.x1) / 2 + 123.4;
    const a = px([xm, sq.y0 - 150]);
    const b = px([xm, sq.y1 + 150]);
    for (const p of [a, b]) {
      expect(p[0]).toBeGreaterThan(box.x);
      expect(p[1]).toBeGreaterThan(box.y);
      expect(p[1]).toBeLessThan(box.y + box.height);
    }
    await page.mouse.click(...a);
    await page.mouse.dblclick(...b);
    await expect.poll(() => page.getByTestId('reason-input').isVisible()).toBe(true);
    await page.getByTestId('reason-input').fill('沿断层切分');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('edit-log').textContent(), { timeout: 15_000 }).toContain('沿断层切分');
    const split = (await client.api.editing.log({ layerId: units.id })).changes[0]!;
    expect(split.op).toBe('split');
    const created = (split.params as { created: number[] }).created;
    expect(created).toHaveLength(1);
    const area = (fid: number) => (ro.prepare(`SELECT ST_Area(geom) AS a FROM "${table}" WHERE fid = ?`).get(fid) as { a: number }).a;
    expect(area(sq.fid) + area(created[0]!)).toBeCloseTo(1e6, 3);
    await page.mouse.move(box.x + 20, box.y + 20);
    await wb.shot('editing-05-split');

    await page.getByTestId('editing-mode').getByText('合并').click();
    const inside = (x: number) => px([x, (sq.y0 + sq.y1) / 2]);
    await page.mouse.click(...inside(sq.x0 + 200));
    await page.waitForTimeout(400);
    await page.mouse.click(...inside(sq.x1 - 200));
    await expect.poll(() => page.getByTestId('editing-merge').textContent()).toContain('2');
    await wb.shot('editing-06-merge-picked');
    await page.getByTestId('editing-merge').click();
    await expect.poll(() => page.getByTestId('reason-input').isVisible()).toBe(true);
    await page.getByTestId('reason-input').fill('恢复为一个单元');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('edit-log').textContent(), { timeout: 15_000 }).toContain('恢复为一个单元');
    expect((ro.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE fid = ?`).get(created[0]) as { n: number }).n).toBe(0);
    expect(area(sq.fid)).toBeCloseTo(1e6, 3);

    await page.getByTestId('editing-mode').getByText('修改顶点').click();
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await client.api.editing.log({ layerId: units.id })).changes[0]!.op).toBe('undo');
    // the panel takes the next Ctrl+Z once the first undo has landed in the map (it ignores keys while busy)
    await expect.poll(() => page.getByTestId('editing-undo').isEnabled(), { timeout: 15_000 }).toBe(true);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await client.api.editing.log({ layerId: units.id })).changes.filter((c) => c.op === 'undo').length).toBeGreaterThanOrEqual(3);
    const after = blobs(ro, table);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [fid, blob] of before) expect(after.get(fid)!.equals(blob)).toBe(true);
  });

  it('asks before leaving an edit session with changes: 取消 keeps it, 不保存 discards it and goes on', async () => {
    // a session with one logged change, not saved
    await page.getByTestId('editing-save').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent()).toContain('未开始');
    // a small move (the map is zoomed in after the split test: 1 px ≈ 4 m)
    const before = await startAndDragMiddleVertex([40, 25]);
    await page.getByTestId('reason-input').fill('待确认的调整');
    await page.getByTestId('reason-ok').click();
    await expect.poll(() => page.getByTestId('editing-status').textContent(), { timeout: 15_000 }).toContain('1 处未保存的修改');

    const newProject = async () => {
      await page.getByTestId('menu-bar').getByText('工程', { exact: true }).click();
      await page.locator('.gwz-menu-item', { hasText: '新建工程…' }).click();
    };
    const prompt = page.getByTestId('unsaved-prompt');
    await newProject();
    await expect.poll(() => prompt.textContent()).toContain('图层“水文地质分区”的边界编辑：1 处修改尚未保存');
    // the earlier toasts sit above the modal: let them go for a readable screenshot
    await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 15_000 }).toBe(0);
    await wb.shot('editing-07-unsaved-prompt');
    await page.getByTestId('unsaved-cancel').click();
    await expect.poll(() => prompt.count()).toBe(0);
    expect(await page.getByTestId('editing-status').textContent()).toContain('1 处未保存的修改');
    expect(await page.getByTestId('new-project-path').count()).toBe(0);

    await newProject();
    await expect.poll(() => prompt.count()).toBe(1);
    await page.getByTestId('unsaved-discard').click();
    // the New Project dialog opens, and the change is gone from the project: the exact earlier bytes
    await expect.poll(() => page.getByTestId('new-project-path').count()).toBeGreaterThan(0);
    const unchanged = () => {
      const now = blobs(ro, units.tableName);
      return [...before].every(([fid, blob]) => now.get(fid)?.equals(blob) === true);
    };
    await expect.poll(unchanged, { timeout: 15_000 }).toBe(true);
    // the log keeps the dropped change with its reason, and says it was discarded
    const { changes } = await client.api.editing.log({ layerId: units.id });
    expect(changes[0]!.reason).toContain('放弃编辑');
    expect(changes.find((c) => c.reason === '待确认的调整')).toBeDefined();
    await page.keyboard.press('Escape');
  });

  it('logged no errors in the page', () => {
    // the refused edit is reported through the UI, not the console
    expect(wb.pageErrors.filter((e) => !/400|BAD_INPUT/.test(e))).toEqual([]);
  });
});
