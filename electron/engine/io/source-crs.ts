import { basename } from 'node:path';
import { GwzError } from '../../../shared/api';
import type { gdal } from '../gdal';
import { resolveCrs } from '../project/crs';

type Warning = { message_zh: string; message_en: string };

/** How the "no CRS" message names the source: vector and raster sources lack a CRS in different ways. */
export interface NoCrsWording {
  what_zh: string; // 数据没有坐标系信息（如缺少 .prj 文件）
  what_en: string;
  example: string; // an EPSG code to suggest
}

/**
 * The CRS a source is read in: its own when it declares one (a given srcCrs is then ignored, with
 * a warning), else the user's srcCrs, else CRS_UNKNOWN asking for --src-crs.
 */
export function sourceSrs(
  declared: gdal.SpatialReference | null,
  srcCrs: string | undefined,
  path: string,
  warnings: Warning[],
  wording: NoCrsWording,
): gdal.SpatialReference {
  if (declared) {
    if (srcCrs) {
      warnings.push({
        message_zh: `数据自带坐标系，已忽略指定的源坐标系 ${srcCrs}。`,
        message_en: `The source declares its own CRS; the given source CRS ${srcCrs} was ignored.`,
      });
    }
    return declared;
  }
  if (srcCrs) return resolveCrs(srcCrs).srs;
  throw new GwzError(
    'CRS_UNKNOWN',
    `${wording.what_zh}，请指定源坐标系（命令行 --src-crs，例如 ${wording.example}）：${basename(path)}`,
    `${wording.what_en}; give one with --src-crs (e.g. ${wording.example}): ${basename(path)}`,
    { path },
  );
}
