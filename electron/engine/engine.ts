import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GwzError, type EngineEvent, type ErrorData, type ProjectInfo } from '../../shared/api';
import { CRS_LIST } from '../../shared/crs';
import { buildDemo } from './demo/build-demo';
import { dispatch, type Handlers } from './dispatch';
import type { DataResponse, EngineApi, EngineOptions } from './engine-api';
import { gdal } from './gdal';
import { importVector } from './io/import-vector';
import { previewSource, projectExtents } from './io/vector/preview';
import { importBoreholes } from './io/tables/import-boreholes';
import { boreholeSummary } from './io/tables/store-boreholes';
import { listTemplates } from './io/tables/templates';
import { importRaster } from './io/raster/import-raster';
import { RASTER_PATH, rasterInfo, readRasterData } from './io/raster/raster-store';
import { JobRunner } from './jobs/job-runner';
import { layerChecksum } from './project/checksum';
import { featuresGeoJson, parseBbox } from './project/features-geojson';
import { getLayerRow, listLayerRows, listLayers, type LayerRow } from './project/layers';
import { SCHEMA_VERSION } from './project/migrations';
import { notOpen, Project } from './project/project';
import { RecentProjects } from './project/recent';
import { openSpatialite } from './project/spatialite';

const FEATURES_PATH = /^layers\/(\d+)\/features\.geojson$/;

/**
 * The engine: one project at a time, jobs, events, and layer data by URL. Hosts reach it only
 * through EngineApi; every method of the contract has its handler here.
 */
export async function createEngine(options: EngineOptions): Promise<EngineApi> {
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent): void => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {
        // a failing listener (closed socket) must not stop the others
      }
    }
  };
  const jobs = new JobRunner(emit);
  const recent = new RecentProjects(options.userDataDir);
  let project: Project | null = null;
  let versions: { spatialite: string; proj: string } | null = null;

  const requireProject = (): Project => {
    if (!project) throw notOpen();
    return project;
  };

  const closeProject = async (): Promise<boolean> => {
    if (!project) return false;
    await jobs.cancelAll();
    const closing = project;
    project = null;
    closing.close();
    emit({ type: 'project.changed', path: null, reason: 'closed' });
    return true;
  };

  /**
   * Opens or creates the next project before closing the current one, so a failed open leaves the
   * user where they were. Re-opening the file this engine holds meets our own lock: then close it
   * and try once more.
   */
  const switchTo = async (path: string, reason: 'created' | 'opened', make: () => Project): Promise<ProjectInfo> => {
    let next: Project;
    try {
      next = make();
    } catch (err) {
      const ownFile = project !== null && resolve(path) === project.path;
      if (!(err instanceof GwzError && err.code === 'PROJECT_LOCKED' && ownFile)) throw err;
      await closeProject();
      next = make();
    }
    await closeProject();
    project = next;
    const info = next.info();
    recent.add(info.path, info.title);
    emit({ type: 'project.changed', path: info.path, reason });
    return info;
  };

  const componentVersions = (): { spatialite: string; proj: string } => {
    if (!versions) {
      const db = openSpatialite(':memory:', { fileMustExist: false });
      try {
        versions = db.prepare('SELECT spatialite_version() AS spatialite, proj_version() AS proj').get() as {
          spatialite: string;
          proj: string;
        };
      } finally {
        db.close();
      }
    }
    return versions;
  };

  const handlers: Handlers = {
    'app.info': () => ({
      appVersion: options.appVersion,
      schemaVersion: SCHEMA_VERSION,
      node: process.versions.node,
      gdal: gdal.version,
      ...componentVersions(),
      platform: `${process.platform}-${process.arch}`,
    }),
    'app.recentProjects': () => ({ items: recent.list() }),
    'app.crsList': () => ({
      items: CRS_LIST.map((c) => ({ code: c.code, name_zh: c.name_zh, name_en: c.name_en, proj4: c.proj4, bounds: c.bounds })),
    }),

    'project.create': (req) =>
      switchTo(req.path, 'created', () =>
        Project.create(req.path, { crs: req.crs, title: req.title, overwrite: req.overwrite, appVersion: options.appVersion }),
      ),
    'project.open': (req) => switchTo(req.path, 'opened', () => Project.open(req.path, { readOnly: req.readOnly })),
    'project.close': async () => ({ closed: await closeProject() }),
    'project.info': () => requireProject().info(),
    'project.createDemo': (req) => {
      const jobId = jobs.start('project.createDemo', async (ctx) => {
        // Built on its own connection, then opened like any project the user picks; rebuilding the
        // open project first lets go of it.
        const path = resolve(req.path ?? join(options.userDataDir, '示范工程', '抚州市示范工程.gwz'));
        const overwrite = req.path === undefined ? true : req.overwrite;
        if (project && project.path === path) await closeProject();
        mkdirSync(dirname(path), { recursive: true });
        const built = await buildDemo(path, { overwrite, engineVersion: options.appVersion }, ctx);
        const info = await switchTo(path, 'opened', () => Project.open(path));
        return { project: info, ...built };
      });
      return { jobId };
    },
    'project.check': () => requireProject().check(),

    'layers.list': () => ({ layers: listLayers(requireProject().db) }),
    // needs no project: people preview a file before choosing where it goes
    'layers.previewSource': (req) => previewSource(req, projectExtents(project)),
    'layers.importVector': (req) => {
      const p = requireProject();
      p.assertWritable();
      const jobId = jobs.start('layers.importVector', async (ctx) => {
        const result = await importVector(p, req, ctx, options.appVersion);
        emit({ type: 'project.changed', path: p.path, reason: 'layers' });
        return result;
      });
      return { jobId };
    },
    'layers.importRaster': (req) => {
      const p = requireProject();
      p.assertWritable();
      const jobId = jobs.start('layers.importRaster', async (ctx) => {
        const result = await importRaster(p, req, ctx, options.appVersion);
        emit({ type: 'project.changed', path: p.path, reason: 'layers' });
        return result;
      });
      return { jobId };
    },
    'rasters.info': (req) => rasterInfo(requireProject().db, req.layerId),
    'boreholes.import': (req) => {
      const p = requireProject();
      p.assertWritable();
      const jobId = jobs.start('boreholes.import', async (ctx) => {
        const result = await importBoreholes(p, req, ctx, options.appVersion);
        emit({ type: 'project.changed', path: p.path, reason: 'layers' });
        return result;
      });
      return { jobId };
    },
    'boreholes.templates': () => ({ templates: listTemplates() }),
    'boreholes.summary': () => boreholeSummary(requireProject().db),
    'layers.checksum': (req) => {
      const p = requireProject();
      const rows: LayerRow[] = req.layerIds ? req.layerIds.map((id) => getLayerRow(p.db, id)) : listLayerRows(p.db);
      const jobId = jobs.start('layers.checksum', async (ctx) => {
        const out = [];
        for (const [i, row] of rows.entries()) {
          const sum = await layerChecksum(
            p.db,
            row,
            (done) => ctx.progress((100 * i) / rows.length, `正在校验“${row.name}”：${done} 行`, `Checksumming "${row.name}": ${done} rows`),
            ctx.signal,
          );
          out.push({ id: row.id, name: row.name, ...sum });
        }
        return { layers: out };
      });
      return { jobId };
    },

    'jobs.list': () => ({ jobs: jobs.list() }),
    'jobs.get': (req) => jobs.get(req.jobId),
    'jobs.cancel': (req) => ({ cancelled: jobs.cancel(req.jobId) }),
  };

  return {
    dispatch: (method, params) => dispatch(handlers, method, params),
    onEvent(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    async readData(path, query, range): Promise<DataResponse> {
      const raster = RASTER_PATH.exec(path.replace(/^\/+/, ''));
      if (raster) {
        if (!project) return errorResponse(404, notOpen().toData());
        try {
          return readRasterData(project.db, Number(raster[1]), range);
        } catch (err) {
          if (err instanceof GwzError && err.code === 'LAYER_NOT_FOUND') return errorResponse(404, err.toData());
          throw err;
        }
      }
      const match = FEATURES_PATH.exec(path.replace(/^\/+/, ''));
      if (!match) return errorResponse(404, new GwzError('FILE_NOT_FOUND', `没有这个数据地址：${path}`, `No data at: ${path}`, { path }).toData());
      if (!project) return errorResponse(404, notOpen().toData());
      try {
        const layer = getLayerRow(project.db, Number(match[1]));
        let bbox;
        try {
          bbox = parseBbox(query.get('bbox'));
        } catch {
          return errorResponse(
            400,
            new GwzError('BAD_REQUEST', 'bbox 参数应为 minx,miny,maxx,maxy', 'bbox must be minx,miny,maxx,maxy', { bbox: query.get('bbox') }).toData(),
          );
        }
        const body = featuresGeoJson(project.db, layer, bbox, project.crs.srs.isGeographic());
        return { status: 200, contentType: 'application/geo+json; charset=utf-8', body };
      } catch (err) {
        if (err instanceof GwzError && err.code === 'LAYER_NOT_FOUND') return errorResponse(404, err.toData());
        throw err;
      }
    },
    async shutdown() {
      await closeProject();
    },
  };
}

function errorResponse(status: number, error: ErrorData): DataResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error }) };
}
