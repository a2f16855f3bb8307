import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { scratchName } from '../scratch';
import { basename, dirname, extname, join } from 'node:path';
import { gdal } from '../../gdal';
import { GwzError } from '../../../../shared/api';
import { badSource, explainReadFailure } from './diagnose';
import { sidecar } from './encoding';

export interface RepairedShapefile {
  path: string;
  repairs: { message_zh: string; message_en: string }[];
  remove(): void;
}

/**
 * A shapefile missing its .shx and/or .dbf, copied (with every sidecar it has) into a temporary
 * folder, where GDAL rebuilds the .shx from the .shp's own record headers (SHAPE_RESTORE_SHX); with
 * no .dbf GDAL reads the geometries without attributes. Null when nothing needs mending. The
 * original files are never touched: the user may be reading them from a CD or a colleague's share.
 */
export function repairedShapefile(path: string): RepairedShapefile | null {
  if (extname(path).toLowerCase() !== '.shp') return null;
  const missingShx = sidecar(path, 'shx') === null;
  const missingDbf = sidecar(path, 'dbf') === null;
  if (!missingShx && !missingDbf) return null;
  const dir = mkdtempSync(join(tmpdir(), scratchName('gwz-shp-')));
  const stem = basename(path).replace(/\.[^.]+$/, '');
  for (const name of readdirSync(dirname(path))) {
    if (name.replace(/\.[^.]+(\.xml)?$/, '') === stem) copyFileSync(join(dirname(path), name), join(dir, name));
  }
  const copy = join(dir, basename(path));
  const repairs: RepairedShapefile['repairs'] = [];
  if (missingShx) {
    // The driver restores the index when it opens the file for update with this option set.
    const previous = gdal.config.get('SHAPE_RESTORE_SHX');
    gdal.config.set('SHAPE_RESTORE_SHX', 'YES');
    try {
      gdal.open(copy, 'r').close();
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      // a record whose length is wrong stops the rebuild: say which one
      const explained = explainReadFailure(path, err);
      throw explained instanceof GwzError ? explained : badSource(path, 'unsupported-format', { gdal: String(err) });
    } finally {
      gdal.config.set('SHAPE_RESTORE_SHX', previous ?? null);
    }
    repairs.push({
      message_zh: '缺少 .shx 索引文件，已由 .shp 重建（原文件未改动）。',
      message_en: 'The .shx index was missing and has been rebuilt from the .shp (the original files are unchanged).',
    });
  }
  if (missingDbf) {
    repairs.push({
      message_zh: '缺少 .dbf 属性表文件，只导入了几何（没有属性）。',
      message_en: 'The .dbf attribute table is missing: only the geometries were imported (no attributes).',
    });
  }
  return { path: copy, repairs, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
