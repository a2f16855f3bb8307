import type { EncodingInfo, ImportVectorResult } from '../../../../shared/api';
import type { gdal } from '../../gdal';
import type { JobContext } from '../../jobs/job-runner';
import { registerLayer } from '../../project/layer-write';
import { FID_COLUMN, getLayerRow, layerInfo } from '../../project/layers';
import type { Project } from '../../project/project';
import { recordRun } from '../../project/runs';
import { quoteIdent } from '../../project/spatialite';
import { fileChecksums } from '../file-checksums';
import type { ImportVectorRequest } from '../import-vector';
import { columnNames } from '../table-name';
import { sqlType, sqlValue } from './values';

const BATCH = 500;

/**
 * Imports a source's attributes as a table layer (kind 'table'): sources without geometry (a DBF
 * alone, an XLSX sheet, a CSV without coordinate columns) or any layer the user asks to keep as a
 * table. One transaction, like every import; geometries, if any, are not kept.
 */
export async function importTableLayer(
  project: Project,
  src: { path: string; layer: gdal.Layer; encoding: EncodingInfo | null; req: ImportVectorRequest; warnings: ImportVectorResult['warnings'] },
  ctx: JobContext,
  engineVersion: string,
): Promise<ImportVectorResult> {
  const { path, layer, encoding, req, warnings } = src;
  const startedAt = new Date().toISOString();
  const fieldDefs = layer.fields.map((f) => ({ name: f.name, type: f.type }));
  const columns = columnNames(
    fieldDefs.map((f) => f.name),
    [FID_COLUMN],
  );
  const total = await layer.features.countAsync();
  const inputs = await fileChecksums(layer.ds.getFileList(), ctx.signal);
  let read = 0;
  const id = await project.exclusiveWrite(async (db) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const { id, tableName } = registerLayer(db, {
        name: req.name ?? layer.name,
        kind: 'table',
        origin: 'import',
        source: path,
        srid: null,
        geometryType: null,
      });
      const cols = [`${quoteIdent(FID_COLUMN)} INTEGER PRIMARY KEY AUTOINCREMENT`, ...columns.map((c, i) => `${quoteIdent(c)} ${sqlType(fieldDefs[i]!.type)}`)];
      db.exec(`CREATE TABLE ${quoteIdent(tableName)} (${cols.join(', ')})`);
      const insert = db.prepare(
        `INSERT INTO ${quoteIdent(tableName)} (${columns.map(quoteIdent).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      let feature = await layer.features.firstAsync();
      while (feature) {
        read++;
        if (columns.length > 0) insert.run(...fieldDefs.map((_, i) => sqlValue(feature!.fields.get(i))));
        else db.prepare(`INSERT INTO ${quoteIdent(tableName)} DEFAULT VALUES`).run();
        if (read % BATCH === 0) {
          ctx.throwIfCancelled();
          ctx.progress(Math.min(95, (95 * read) / Math.max(total, 1)), `正在导入：${read}/${total} 行`, `Importing: ${read}/${total} rows`);
        }
        feature = await layer.features.nextAsync();
      }
      ctx.throwIfCancelled();
      recordRun(db, {
        operation: 'layers.importVector',
        params: req,
        inputs: { files: inputs, sourceLayer: layer.name, asTable: true, encoding: encoding?.detected ?? null },
        outputs: { layerId: id, tableName, rows: read },
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
  warnings.push({
    message_zh: `“${layer.name}”作为属性表导入（${read} 行，不含几何）。`,
    message_en: `"${layer.name}" was imported as an attribute table (${read} rows, no geometry).`,
  });
  return {
    layer: layerInfo(project.db, getLayerRow(project.db, id)),
    featuresRead: read,
    featuresWritten: read,
    skippedNullGeometry: 0,
    repaired: 0,
    encoding: encoding?.detected ?? null,
    srcCrs: '',
    webOffset: null,
    warnings,
  };
}
