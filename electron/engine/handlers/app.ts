import { CRS_LIST } from '../../../shared/crs';
import { gdal } from '../gdal';
import { SCHEMA_VERSION } from '../project/migrations';
import { openSpatialite } from '../project/spatialite';
import type { EngineContext, GroupHandlers } from './context';

export function appHandlers(ctx: EngineContext): GroupHandlers<'app'> {
  let versions: { spatialite: string; proj: string } | null = null;
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
  return {
    'app.info': () => ({
      appVersion: ctx.options.appVersion,
      schemaVersion: SCHEMA_VERSION,
      node: process.versions.node,
      gdal: gdal.version,
      ...componentVersions(),
      platform: `${process.platform}-${process.arch}`,
    }),
    'app.recentProjects': () => ({ items: ctx.recent.list() }),
    'app.clearRecentProjects': () => ({ cleared: ctx.recent.clear() }),
    'app.crsList': () => ({
      items: CRS_LIST.map((c) => ({ code: c.code, name_zh: c.name_zh, name_en: c.name_en, proj4: c.proj4, bounds: c.bounds })),
    }),
  };
}
