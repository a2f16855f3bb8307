import { exportLayer } from '../io/export/export-layer';
import { exportLayout, layoutPreview } from '../layout/export-layout';
import { exportPackage } from '../report/export-package';
import { exportReport } from '../report/export-report';
import type { EngineContext, GroupHandlers } from './context';

/**
 * Exports only read the project, so they run on a read-only open too (`gwz export` opens read-only:
 * QGIS or the app may hold the file for writing meanwhile) and emit no project.changed.
 */
export function exportHandlers(ctx: EngineContext): GroupHandlers<'export'> {
  return {
    'export.layer': (req) => {
      const p = ctx.requireProject();
      return { jobId: ctx.jobs.start('export.layer', (job) => exportLayer(p, req, job)) };
    },
    'export.layoutPreview': (req) => layoutPreview(ctx.requireProject(), req.layout),
    'export.layout': (req) => {
      const p = ctx.requireProject();
      return { jobId: ctx.jobs.start('export.layout', (job) => exportLayout(p, req, job)) };
    },
    'export.report': (req) => {
      const p = ctx.requireProject();
      return { jobId: ctx.jobs.start('export.report', (job) => exportReport(p, req, job, ctx.options.appVersion)) };
    },
    'export.package': (req) => {
      const p = ctx.requireProject();
      return { jobId: ctx.jobs.start('export.package', (job) => exportPackage(p, req, job, ctx.options.appVersion)) };
    },
  };
}
