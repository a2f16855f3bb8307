import { importBoreholes } from '../io/tables/import-boreholes';
import { boreholeSummary } from '../io/tables/store-boreholes';
import { listTemplates } from '../io/tables/templates';
import { rasterInfo } from '../io/raster/raster-store';
import { inspectTile } from '../io/tiles/tile-data';
import type { EngineContext, GroupHandlers } from './context';
import { writingJob } from './context';

export function rasterHandlers(ctx: EngineContext): GroupHandlers<'rasters'> {
  return {
    'rasters.info': (req) => rasterInfo(ctx.requireProject().db, req.layerId),
  };
}

export function boreholeHandlers(ctx: EngineContext): GroupHandlers<'boreholes'> {
  return {
    'boreholes.import': (req) => writingJob(ctx, 'boreholes.import', (p, job) => importBoreholes(p, req, job, ctx.options.appVersion)),
    'boreholes.templates': () => ({ templates: listTemplates() }),
    'boreholes.summary': () => boreholeSummary(ctx.requireProject().db),
  };
}

export function jobHandlers(ctx: EngineContext): GroupHandlers<'jobs'> {
  return {
    'jobs.list': () => ({ jobs: ctx.jobs.list() }),
    'jobs.get': (req) => ctx.jobs.get(req.jobId),
    'jobs.cancel': (req) => ({ cancelled: ctx.jobs.cancel(req.jobId) }),
  };
}

export function tileHandlers(ctx: EngineContext): GroupHandlers<'tiles'> {
  return {
    'tiles.inspect': (req) => inspectTile(ctx.requireProject(), req),
  };
}
