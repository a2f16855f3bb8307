import { GwzError } from '../../../shared/api';
import { boreholeLog, qualitySeries } from '../features/boreholes';
import { calculateField, editHistory, redoEdit, setValue, undoEdit } from '../features/calc';
import { attributeTable, cellValue, whereOf } from '../features/fields';
import { identify } from '../features/identify';
import { listFeatures, orderingOf, rowsByFid } from '../features/rows';
import { fieldStats } from '../features/stats';
import { FID_COLUMN, GEOMETRY_COLUMN } from '../project/layers';
import type { Project } from '../project/project';
import { inTransaction, quoteIdent, type Db } from '../project/spatialite';
import type { EngineContext, GroupHandlers } from './context';
import { writingJob } from './context';

type Extent = [number, number, number, number];

function extentOf(db: Db, table: string, fids: readonly number[]): Extent | null {
  if (fids.length === 0) return null;
  // json_each carries any number of ids in one parameter (bound-parameter limits do not apply)
  const r = db
    .prepare(
      `SELECT MbrMinX(e) AS a, MbrMinY(e) AS b, MbrMaxX(e) AS c, MbrMaxY(e) AS d FROM (SELECT Extent(${quoteIdent(GEOMETRY_COLUMN)}) AS e FROM ${table}
       WHERE ${quoteIdent(FID_COLUMN)} IN (SELECT value FROM json_each(?)))`,
    )
    .get(JSON.stringify(fids)) as { a: number | null; b: number | null; c: number | null; d: number | null };
  return r.a === null || r.b === null || r.c === null || r.d === null ? null : [r.a, r.b, r.c, r.d];
}

/** A short write on the project's write queue, in one transaction, telling every window afterwards. */
async function quickWrite<T>(ctx: EngineContext, fn: (db: Db) => T): Promise<T> {
  const p: Project = ctx.requireProject();
  const result = await p.exclusiveWrite(async (db) => inTransaction(db, () => fn(db)));
  ctx.emit({ type: 'project.changed', path: p.path, reason: 'layers' });
  return result;
}

export function featureHandlers(ctx: EngineContext): GroupHandlers<'features'> {
  const db = (): Db => ctx.requireProject().db;
  return {
    'features.fields': (req) => {
      const t = attributeTable(db(), req.layerId);
      const count = (db().prepare(`SELECT COUNT(*) AS n FROM ${t.table}`).get() as { n: number }).n;
      return { layerId: t.layer.id, fields: t.fields, count };
    },
    'features.list': (req) => listFeatures(db(), req),
    'features.get': (req) => {
      const d = db();
      const t = attributeTable(d, req.layerId);
      const rows = rowsByFid(
        d,
        t,
        req.fids,
        t.fields.map((f) => f.name),
      );
      const geometry = new Map<number, string | null>();
      if (req.geometry && t.hasGeometry && req.fids.length > 0) {
        const stmt = d.prepare(
          `SELECT ${quoteIdent(FID_COLUMN)} AS fid, AsGeoJSON(${quoteIdent(GEOMETRY_COLUMN)}) AS g FROM ${t.table} WHERE ${quoteIdent(FID_COLUMN)} IN (SELECT value FROM json_each(?))`,
        );
        for (const r of stmt.all(JSON.stringify(req.fids)) as { fid: number; g: string | null }[]) geometry.set(r.fid, r.g);
      }
      return {
        features: req.fids.map((fid, i) => ({
          fid,
          properties: Object.fromEntries(t.fields.map((f, j) => [f.name, cellValue(rows[i]![j])])),
          geometry: geometry.get(fid) ?? null,
        })),
      };
    },
    'features.stats': (req) => fieldStats(db(), req),
    'features.select': (req) => {
      const d = db();
      const t = attributeTable(d, req.layerId);
      whereOf(t, req.filter); // BAD_INPUT before any work
      const all = orderingOf(d, t, undefined, req.filter);
      const fids = all.slice(0, req.limit);
      return { fids, count: all.length, extent: t.hasGeometry ? extentOf(d, t.table, all) : null };
    },
    'features.extent': (req) => {
      const d = db();
      const t = attributeTable(d, req.layerId);
      return { extent: t.hasGeometry ? extentOf(d, t.table, req.fids) : null };
    },
    'features.calc': (req) =>
      writingJob(ctx, 'features.calc', async (p, job) => {
        const started = performance.now();
        job.progress(5, `正在计算字段「${req.field}」`, `Calculating field "${req.field}"`);
        const result = await p.exclusiveWrite(async (writer) =>
          inTransaction(writer, () => {
            const r = calculateField(writer, req);
            // the one statement cannot stop half-way; a cancel arriving meanwhile rolls it all back
            job.throwIfCancelled();
            return r;
          }),
        );
        return { ...result, seconds: (performance.now() - started) / 1000 };
      }),
    'features.setValue': (req) => quickWrite(ctx, (w) => setValue(w, req)),
    'features.undo': async (req) => ({ edit: await quickWrite(ctx, (w) => undoEdit(w, req.layerId)) }),
    'features.redo': async (req) => ({ edit: await quickWrite(ctx, (w) => redoEdit(w, req.layerId)) }),
    'features.history': (req) => ({ edits: editHistory(db(), req.layerId, req.limit) }),
    'features.identify': async (req) => {
      if (!Number.isFinite(req.x) || !Number.isFinite(req.y)) {
        throw new GwzError('BAD_REQUEST', '识别点坐标无效', 'The identify point is not a valid coordinate');
      }
      return { results: await identify(db(), req) };
    },
    'features.boreholeLog': (req) => boreholeLog(db(), req.holeId),
    'features.quality': (req) => ({ site: req.site, series: qualitySeries(db(), req.site, req.analytes) }),
  };
}
