import { importVector } from '../io/import-vector';
import { importRaster } from '../io/raster/import-raster';
import { previewSource, projectExtents } from '../io/vector/preview';
import { layerChecksum } from '../project/checksum';
import { getLayerRow, listLayerRows, listLayers, type LayerRow } from '../project/layers';
import type { EngineContext, GroupHandlers } from './context';
import { layerOpsHandlers } from './layer-ops';
import { writingJob } from './context';

export function layerHandlers(ctx: EngineContext): GroupHandlers<'layers'> {
  const version = ctx.options.appVersion;
  return {
    ...layerOpsHandlers(ctx),
    'layers.list': () => ({ layers: listLayers(ctx.requireProject().db) }),
    // needs no project: people preview a file before choosing where it goes
    'layers.previewSource': (req) => previewSource(req, projectExtents(ctx.currentProject())),
    'layers.importVector': (req) => writingJob(ctx, 'layers.importVector', (p, job) => importVector(p, req, job, version)),
    'layers.importRaster': (req) => writingJob(ctx, 'layers.importRaster', (p, job) => importRaster(p, req, job, version)),
    'layers.checksum': (req) => {
      const p = ctx.requireProject();
      const rows: LayerRow[] = req.layerIds ? req.layerIds.map((id) => getLayerRow(p.db, id)) : listLayerRows(p.db);
      const jobId = ctx.jobs.start('layers.checksum', async (job) => {
        const out = [];
        for (const [i, row] of rows.entries()) {
          const sum = await layerChecksum(
            p.db,
            row,
            (done) => job.progress((100 * i) / rows.length, `正在校验“${row.name}”：${done} 行`, `Checksumming "${row.name}": ${done} rows`),
            job.signal,
          );
          out.push({ id: row.id, name: row.name, ...sum });
        }
        return { layers: out };
      });
      return { jobId };
    },
  };
}
