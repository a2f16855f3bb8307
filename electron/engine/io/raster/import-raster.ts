import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { GwzError, type ImportRasterResult, type ParsedRequestOf, type Resampling } from '../../../../shared/api';
import { gdal } from '../../gdal';
import type { JobContext } from '../../jobs/job-runner';
import { boundsInProject } from '../../project/crs';
import { getLayerRow, layerInfo } from '../../project/layers';
import { registerLayer } from '../../project/layer-write';
import type { Project } from '../../project/project';
import { recordRun } from '../../project/runs';
import { fileChecksums } from '../file-checksums';
import { cannotReadCells, openRasterSource } from './open-raster';
import { buildCog, type BuiltCog } from './cog';
import { insertRaster, rasterInfo } from './raster-store';
import { sourceSrs } from '../source-crs';

export type ImportRasterRequest = ParsedRequestOf<'layers.importRaster'>;
type Warning = ImportRasterResult['warnings'][number];

const FLOAT_TYPES = new Set(['Float32', 'Float64', 'CFloat32', 'CFloat64']);
/**
 * Nodata given to a reprojected raster whose source declares none, for the cells outside the
 * source: the far end of the type's range, which real data (elevations, classes) do not reach.
 * Byte has no spare value: its outside cells stay 0, with a warning.
 */
const FILL_NODATA: Record<string, number> = {
  Float32: -3.4028234663852886e38,
  Float64: -3.4028234663852886e38,
  Int16: -32768,
  UInt16: 65535,
  Int32: -2147483648,
  UInt32: 4294967295,
};

/**
 * Imports a raster into the project file as a Cloud-Optimized GeoTIFF (tiled 256, ZSTD with
 * predictor, internal overviews), reprojected to the project CRS when its CRS differs. GDAL does the
 * work in /vsimem/ (a VRT chain, then the COG driver); the COG bytes, statistics and layer row are
 * written in one transaction at the end, so a failure or cancel leaves the project untouched.
 * GDAL's own steps cannot be interrupted: cancel takes effect between them.
 */
export async function importRaster(
  project: Project,
  req: ImportRasterRequest,
  ctx: JobContext,
  engineVersion: string,
): Promise<ImportRasterResult> {
  project.assertWritable();
  const startedAt = new Date().toISOString();
  const path = resolve(req.path);
  if (!existsSync(path)) throw new GwzError('FILE_NOT_FOUND', `找不到文件：${path}`, `File not found: ${path}`, { path });
  const warnings: Warning[] = [];
  ctx.progress(1, '正在打开栅格数据', 'Opening the raster');
  const src = await openRasterSource(path);
  const tag = randomUUID();
  const scratch: string[] = [];
  // VRTs keep pointers to the datasets they read: every one stays open until the COG is written,
  // then all close in reverse order (closing a source under a live VRT crashes GDAL).
  const opened: gdal.Dataset[] = [];
  try {
    const bandCount = src.bands.count();
    if (req.band !== undefined && req.band > bandCount) {
      throw new GwzError('BAD_INPUT', `栅格只有 ${bandCount} 个波段，没有第 ${req.band} 波段`, `The raster has ${bandCount} bands, not band ${req.band}`, {
        path,
        bands: bandCount,
      });
    }
    const first = src.bands.get(req.band ?? 1);
    const dataType = first.dataType ?? 'Unknown';
    const srcNodata = first.noDataValue;
    const srcSrs = sourceSrs(src.srs, req.srcCrs, path, warnings, {
      what_zh: '栅格没有坐标系信息（如 ASCII 格网缺少 .prj）',
      what_en: 'The raster has no coordinate reference system (e.g. an ASCII grid without .prj)',
      example: 'EPSG:4528',
    });
    const dst = project.crs;
    const reproject = !sameCrs(srcSrs, dst.srs);
    const resampling: Resampling = req.resampling ?? (FLOAT_TYPES.has(dataType) ? 'bilinear' : 'nearest');
    ctx.throwIfCancelled();

    // 1. band choice and the source CRS as a VRT (references the source file, copies nothing)
    const selectPath = `/vsimem/gwz-${tag}-select.vrt`;
    scratch.push(selectPath);
    const selectArgs = ['-of', 'VRT', ...(req.band !== undefined ? ['-b', String(req.band)] : []), '-a_srs', srcSrs.toWKT()];
    let current = await gdal.translateAsync(selectPath, src, selectArgs);
    opened.push(current);
    let nodata = srcNodata;

    // 2. reprojection to the project CRS, also a VRT: the COG driver pulls warped blocks from it
    if (reproject) {
      ctx.progress(5, '正在重投影到工程坐标系', 'Reprojecting to the project CRS');
      if (nodata === null && FILL_NODATA[dataType] !== undefined) {
        nodata = FILL_NODATA[dataType];
        warnings.push({
          message_zh: `源栅格没有无数据值，重投影后范围外的像元设为 ${nodata}（无数据）。`,
          message_en: `The source raster has no nodata value; cells outside it after reprojection are set to ${nodata} (nodata).`,
        });
      } else if (nodata === null) {
        warnings.push({
          message_zh: '源栅格没有无数据值，重投影后范围外的像元为 0。',
          message_en: 'The source raster has no nodata value; cells outside it after reprojection are 0.',
        });
      }
      const warpPath = `/vsimem/gwz-${tag}-warp.vrt`;
      scratch.push(warpPath);
      const warpArgs = ['-of', 'VRT', '-t_srs', `EPSG:${dst.srid}`, '-r', resampling, ...(nodata !== null ? ['-dstnodata', String(nodata)] : [])];
      try {
        current = await gdal.warpAsync(warpPath, null, [current], warpArgs);
        opened.push(current);
      } catch (err) {
        throw new GwzError(
          'BAD_INPUT',
          `栅格无法转换到工程坐标系 ${dst.code}（源坐标系可能不对或超出投影范围）：${basename(path)}`,
          `The raster cannot be reprojected to the project CRS ${dst.code} (wrong source CRS, or outside the projection's area): ${basename(path)}`,
          { path, gdal: gdalMessage(err) },
        );
      }
    }
    ctx.throwIfCancelled();

    // 3. the COG itself, in memory, with statistics over what is stored (after reprojection)
    ctx.progress(10, '正在生成云优化 GeoTIFF（分块、压缩、金字塔）', 'Writing the Cloud-Optimized GeoTIFF (tiles, compression, overviews)');
    let built: BuiltCog;
    try {
      built = await buildCog(current, {
        srid: dst.srid,
        resampling: reproject ? resampling : null,
        overviewResampling: resampling,
        signal: ctx.signal,
        onProgress: (f, phase) =>
          phase === 'cog'
            ? ctx.progress(10 + 60 * f, '正在生成云优化 GeoTIFF', 'Writing the Cloud-Optimized GeoTIFF')
            : ctx.progress(70 + 20 * f, '正在计算统计和直方图', 'Computing statistics and the histogram'),
      });
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      throw cannotReadCells(path, err);
    }
    const { cog, meta } = built;
    const { extent, sha256 } = meta;
    const area = boundsInProject(dst);
    if (area && (extent[2] < area[0] || extent[0] > area[2] || extent[3] < area[1] || extent[1] > area[3])) {
      // allowed (the source CRS is the user's choice) but almost always a wrong --src-crs or project
      warnings.push({
        message_zh: `栅格位于工程坐标系 ${dst.code} 的适用范围之外，请检查源坐标系是否正确。`,
        message_en: `The raster lies outside the area of use of the project CRS ${dst.code}; check that the source CRS is right.`,
      });
    }
    ctx.throwIfCancelled();

    ctx.progress(92, '正在写入工程', 'Writing into the project');
    const inputs = await fileChecksums(src.getFileList().filter((f) => !f.startsWith('/vsi')).concat(path), ctx.signal);
    const name = req.name ?? basename(path).replace(/(\.[a-z0-9]+)+$/i, '');
    const layerId = await project.exclusiveWrite(async (db) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const { id, tableName } = registerLayer(db, { name, kind: 'raster', origin: 'import', source: path, srid: dst.srid, geometryType: null });
        insertRaster(db, id, tableName, meta, cog);
        ctx.throwIfCancelled();
        recordRun(db, {
          operation: 'layers.importRaster',
          params: req,
          inputs: { files: dedupe(inputs), srcCrs: srcSrs.toProj4() },
          outputs: { layerId: id, bytes: cog.length, sha256, reprojected: reproject, resampling },
          engineVersion,
          startedAt,
          status: 'succeeded',
        });
        db.exec('COMMIT');
        return id;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
    return {
      layer: layerInfo(project.db, getLayerRow(project.db, layerId)),
      raster: rasterInfo(project.db, layerId),
      reprojected: reproject,
      warnings,
    };
  } finally {
    for (const ds of opened.reverse()) ds.close();
    src.close();
    for (const p of scratch) {
      try {
        gdal.vsimem.release(p);
      } catch {
        // never created (the step before failed)
      }
    }
  }
}

/** isSame is strict about names; a GeoTIFF carrying the full definition but no EPSG code is still the same CRS. */
function sameCrs(a: gdal.SpatialReference, b: gdal.SpatialReference): boolean {
  if (a.isSame(b)) return true;
  try {
    return a.toProj4() === b.toProj4();
  } catch {
    return false;
  }
}

function dedupe<T extends { path: string }>(items: T[]): T[] {
  return [...new Map(items.map((i) => [i.path, i])).values()];
}

function gdalMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
