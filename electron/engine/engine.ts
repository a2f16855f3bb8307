import { resolve } from 'node:path';
import { GwzError, type EngineEvent, type ErrorData, type ProjectInfo } from '../../shared/api';
import { dispatch, type Handlers } from './dispatch';
import type { DataResponse, EngineApi, EngineOptions } from './engine-api';
import { analysisHandlers } from './handlers/analysis';
import { appHandlers } from './handlers/app';
import type { EngineContext } from './handlers/context';
import { boreholeHandlers, jobHandlers, rasterHandlers, tileHandlers } from './handlers/data';
import { keyzoneHandlers } from './handlers/keyzones';
import { featureHandlers } from './handlers/features';
import { releaseIdentifyRasters } from './features/identify';
import { exportHandlers } from './handlers/export';
import { editingHandlers } from './handlers/editing';
import { layerHandlers } from './handlers/layers';
import { projectHandlers } from './handlers/project';
import { rechargeHandlers } from './handlers/recharge';
import { workflowStateHandlers } from './handlers/workflow-state';
import { RASTER_PATH, readRasterData } from './io/raster/raster-store';
import { JobRunner } from './jobs/job-runner';
import { featuresGeoJson, parseBbox } from './project/features-geojson';
import { getLayerRow } from './project/layers';
import { notOpen, type Project } from './project/project';
import { RecentProjects } from './project/recent';
import { sweepStaleScratch } from './io/scratch';
import { readTileData, TILE_PATH } from './io/tiles/tile-data';
import { basemapHandlers, geometryHandlers } from './handlers/map-tools';
import { readBasemapData, releaseBasemap } from './basemap/basemap';

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
  // scratch files of engines that were killed or crashed (their pid is gone)
  sweepStaleScratch();
  const recent = new RecentProjects(options.userDataDir);
  let project: Project | null = null;

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
    releaseIdentifyRasters();
    releaseBasemap();
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

  const ctx: EngineContext = {
    options,
    jobs,
    recent,
    emit,
    requireProject,
    currentProject: () => project,
    switchTo,
    closeProject,
  };
  // Each group answers its own methods; the Handlers type insists that together they answer all.
  const handlers: Handlers = {
    ...appHandlers(ctx),
    ...projectHandlers(ctx),
    ...layerHandlers(ctx),
    ...rasterHandlers(ctx),
    ...boreholeHandlers(ctx),
    ...analysisHandlers(ctx),
    ...jobHandlers(ctx),
    ...keyzoneHandlers(ctx),
    ...featureHandlers(ctx),
    ...exportHandlers(ctx),
    ...rechargeHandlers(ctx),
    ...editingHandlers(ctx),
    ...tileHandlers(ctx),
    ...geometryHandlers(ctx),
    ...basemapHandlers(ctx),
    ...workflowStateHandlers(ctx),
  };

  return {
    dispatch: (method, params) => dispatch(handlers, method, params),
    onEvent(handler) {
      listeners.add(handler);
      return () => listeners.delete(handler);
    },
    async readData(rawPath, query, range): Promise<DataResponse> {
      const path = rawPath.replace(/^\/+/, '');
      const basemap = await readBasemapData(project, path);
      if (basemap) return basemap;
      const raster = RASTER_PATH.exec(path);
      if (raster) {
        if (!project) return errorResponse(404, notOpen().toData());
        try {
          return readRasterData(project.db, Number(raster[1]), range);
        } catch (err) {
          if (err instanceof GwzError && err.code === 'LAYER_NOT_FOUND') return errorResponse(404, err.toData());
          throw err;
        }
      }
      const tile = TILE_PATH.exec(path);
      if (tile) return project ? readTileData(project, tile, query) : errorResponse(404, notOpen().toData());
      const match = FEATURES_PATH.exec(path);
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
        const fields = query.get('fields');
        const body = featuresGeoJson(project.db, layer, bbox, project.crs.srs.isGeographic(), {
          resolution: query.has('resolution') ? Number(query.get('resolution')) : null,
          fields: fields === null ? null : fields.split(',').filter(Boolean),
        });
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
