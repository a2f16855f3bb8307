import { existsSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { GwzError, type DemoResult } from '../../../shared/api';
import { importVector } from '../io/import-vector';
import { importRaster } from '../io/raster/import-raster';
import { importBoreholes } from '../io/tables/import-boreholes';
import type { JobContext } from '../jobs/job-runner';
import { subContext } from '../jobs/sub-context';
import { listLayers } from '../project/layers';
import { Project } from '../project/project';
import { resourcesDir } from '../resources';
import { DEMO_CRS } from './region';
import { writeSample } from './write-sample';

export const DEMO_TITLE = '抚州市示范工程（示例数据）';

type Warning = DemoResult['warnings'][number];

/**
 * Builds the demo project: writes the sample folder beside the project (real 抚州市 county
 * boundaries + synthetic layers, all marked 示例数据), then imports it through the same importers a
 * user's files go through, so the demo exercises them. Returns with the project closed; the caller
 * opens it.
 */
export async function buildDemo(
  path: string,
  options: { overwrite?: boolean; engineVersion: string },
  ctx: JobContext,
): Promise<Omit<DemoResult, 'project'>> {
  const started = Date.now();
  const boundaries = join(resourcesDir(), 'sample', 'fuzhou_counties');
  if (!existsSync(join(boundaries, '抚州市.shp'))) {
    throw new GwzError('FILE_NOT_FOUND', `示范数据缺失：${boundaries}`, `The demo data is missing: ${boundaries}`, {
      path: boundaries,
    });
  }
  const sampleDir = join(dirname(path), `${basename(path).replace(/\.gwz$/i, '')}_示例数据`);
  ctx.progress(2, '正在生成示例数据', 'Writing the sample data');
  rmSync(sampleDir, { recursive: true, force: true });
  const files = writeSample(sampleDir, boundaries);
  ctx.throwIfCancelled();

  const project = Project.create(path, {
    crs: DEMO_CRS,
    title: DEMO_TITLE,
    overwrite: options.overwrite,
    appVersion: options.engineVersion,
  });
  const warnings: Warning[] = [];
  try {
    for (const [i, file] of files.entries()) {
      const step = subContext(ctx, 10 + (85 * i) / files.length, 10 + (85 * (i + 1)) / files.length);
      const srcCrs = file.srcCrs ? { srcCrs: file.srcCrs } : {};
      const v = options.engineVersion;
      const result =
        file.kind === 'vector'
          ? await importVector(project, { path: file.path, name: file.name, ...srcCrs, ...(file.encoding ? { encoding: file.encoding } : {}), ...(file.webOffset ? { webOffset: file.webOffset } : {}) }, step, v)
          : file.kind === 'raster'
            ? await importRaster(project, { path: file.path, name: file.name, ...srcCrs }, step, v)
            : await importBoreholes(project, { path: file.path, kind: file.tableKind!, sheet: file.sheet, skipRejected: false, replace: false }, step, v);
      if ('warnings' in result) warnings.push(...result.warnings);
    }
    const layers = listLayers(project.db).map((l) => ({ name: l.name, kind: l.kind, featureCount: l.featureCount }));
    return { sampleDir, layers, warnings, seconds: (Date.now() - started) / 1000 };
  } finally {
    project.close();
  }
}
