import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { GwzError, type ImportVectorResult, type ParsedRequestOf } from '../../../shared/api';
import { gdal } from '../gdal';
import type { JobContext } from '../jobs/job-runner';
import { resolveCrs } from '../project/crs';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, layerInfo } from '../project/layers';
import type { Project } from '../project/project';
import { recordRun } from '../project/runs';
import { quoteIdent, type Db } from '../project/spatialite';
import { fileChecksums } from './file-checksums';
import { columnNames, layerTableName } from './table-name';

export type ImportVectorRequest = ParsedRequestOf<'layers.importVector'>;
type Warning = ImportVectorResult['warnings'][number];
type Family = 'POINT' | 'LINESTRING' | 'POLYGON';

/** Features per write batch: progress and cancellation are checked between batches. */
const BATCH = 200;

/**
 * Imports one vector layer into the project as a SpatiaLite table in the project CRS. The whole
 * import is one transaction on its own connection: cancelled, failed or killed midway, the project
 * stays exactly as it was.
 */
export async function importVector(
  project: Project,
  req: ImportVectorRequest,
  ctx: JobContext,
  engineVersion: string,
): Promise<ImportVectorResult> {
  project.assertWritable();
  const startedAt = new Date().toISOString();
  const path = resolve(req.path);
  if (!existsSync(path)) {
    throw new GwzError('FILE_NOT_FOUND', `找不到文件：${path}`, `File not found: ${path}`, { path });
  }
  const warnings: Warning[] = [];
  ctx.progress(1, '正在打开数据源', 'Opening the source');
  const ds = await openSource(path, req.encoding, warnings);
  try {
    const layer = pickLayer(ds, req.sourceLayer, path);
    const srcSrs = sourceSrs(layer, req.srcCrs, path, warnings);
    const dstSrs = project.crs.srs;
    const transform = srcSrs.isSame(dstSrs) ? null : new gdal.CoordinateTransformation(srcSrs, dstSrs);

    const fieldDefs = layer.fields.map((f) => ({ name: f.name, type: f.type }));
    const columns = columnNames(
      fieldDefs.map((f) => f.name),
      [FID_COLUMN, GEOMETRY_COLUMN],
    );
    const total = await layer.features.countAsync();
    const family = familyOf(layer.geomType) ?? (await dominantFamily(layer, ctx));
    if (!family) {
      throw new GwzError('BAD_INPUT', `图层没有几何：${layer.name}`, `The layer has no geometries: ${layer.name}`, {
        path,
        layer: layer.name,
      });
    }
    const geometryType = `MULTI${family}`;
    const inputs = await fileChecksums(ds.getFileList(), ctx.signal);
    const name = req.name ?? layer.name;

    const counts = { read: 0, written: 0, nullGeometry: 0, invalid: 0, otherType: 0 };
    const layerId = await project.exclusiveWrite(async (db) => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const id = createLayerTable(db, {
          name,
          source: path,
          srid: project.crs.srid,
          geometryType,
          columns: columns.map((c, i) => ({ name: c, sqlType: sqlType(fieldDefs[i]!.type) })),
        });
        const table = getLayerRow(db, id).table_name;
        const insert = db.prepare(
          `INSERT INTO ${quoteIdent(table)} (${[...columns, GEOMETRY_COLUMN].map(quoteIdent).join(', ')})
           VALUES (${columns.map(() => '?').join(', ')}${columns.length ? ', ' : ''}CastToMulti(CastToXY(GeomFromWKB(?, ${project.crs.srid}))))`,
        );
        let feature = await layer.features.firstAsync();
        while (feature) {
          counts.read++;
          const geom = feature.getGeometry();
          if (!geom || geom.isEmpty()) {
            counts.nullGeometry++;
          } else if (familyOf(geom.wkbType) !== family) {
            counts.otherType++;
          } else {
            if (transform) transformOrFail(geom, transform, feature.fid, path);
            if (!geom.isValid()) counts.invalid++;
            const values = fieldDefs.map((_, i) => sqlValue(feature!.fields.get(i)));
            insert.run(...values, geom.toWKB('LSB', 'ISO'));
            counts.written++;
          }
          if (counts.read % BATCH === 0) {
            ctx.throwIfCancelled();
            ctx.progress(
              // some drivers only estimate their feature count: never claim more than 95 % here
              Math.min(95, 5 + (90 * counts.read) / Math.max(total, 1)),
              `正在导入：${counts.read}/${total} 个要素`,
              `Importing: ${counts.read}/${total} features`,
            );
          }
          feature = await layer.features.nextAsync();
        }
        ctx.throwIfCancelled();
        ctx.progress(96, '正在建立空间索引', 'Building the spatial index');
        db.prepare('SELECT CreateSpatialIndex(?, ?)').get(table, GEOMETRY_COLUMN);
        recordRun(db, {
          operation: 'layers.importVector',
          params: req,
          inputs: { files: inputs, sourceLayer: layer.name, srcCrs: srcSrs.toProj4() },
          outputs: { layerId: id, tableName: table, featuresWritten: counts.written },
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

    if (counts.nullGeometry > 0) {
      warnings.push({
        message_zh: `${counts.nullGeometry} 个要素没有几何，已跳过。`,
        message_en: `${counts.nullGeometry} features without geometry were skipped.`,
      });
    }
    if (counts.otherType > 0) {
      warnings.push({
        message_zh: `${counts.otherType} 个要素的几何类型不是 ${family}，已跳过。`,
        message_en: `${counts.otherType} features whose geometry is not ${family} were skipped.`,
      });
    }
    if (counts.invalid > 0) {
      warnings.push({
        message_zh: `${counts.invalid} 个要素的几何无效（如自相交），已原样导入。`,
        message_en: `${counts.invalid} features have invalid geometries (e.g. self-intersections); imported as they are.`,
      });
    }
    return {
      layer: layerInfo(project.db, getLayerRow(project.db, layerId)),
      featuresRead: counts.read,
      featuresWritten: counts.written,
      skippedNullGeometry: counts.nullGeometry,
      warnings,
    };
  } finally {
    ds.close();
  }
}

async function openSource(path: string, encoding: string | undefined, warnings: Warning[]): Promise<gdal.Dataset> {
  let ds: gdal.Dataset;
  try {
    ds = await gdal.openAsync(path);
  } catch (err) {
    throw cannotOpen(path, err);
  }
  if (!encoding) return ds;
  if (ds.driver.description !== 'ESRI Shapefile') {
    warnings.push({
      message_zh: `编码选项只适用于 Shapefile，已忽略（${ds.driver.description}）。`,
      message_en: `The encoding option applies to shapefiles only; ignored (${ds.driver.description}).`,
    });
    return ds;
  }
  ds.close();
  // gdal-async 3.12's Driver.openAsync drops its open options (checked: ENCODING has no effect), so
  // the reopen with ENCODING is synchronous; it only reads headers, the features are read async.
  try {
    return gdal.drivers.get('ESRI Shapefile').open(path, 'r', [`ENCODING=${encoding}`]);
  } catch (err) {
    throw cannotOpen(path, err);
  }
}

function cannotOpen(path: string, err: unknown): GwzError {
  const gdalMessage = err instanceof Error ? err.message : String(err);
  return new GwzError(
    'BAD_INPUT',
    `无法读取该文件，GDAL 不支持其格式或文件已损坏：${basename(path)}`,
    `Cannot read this file: GDAL does not support its format or it is damaged: ${basename(path)}`,
    { path, gdal: gdalMessage },
  );
}

function pickLayer(ds: gdal.Dataset, sourceLayer: string | undefined, path: string): gdal.Layer {
  const available = ds.layers.map((l) => l.name);
  if (available.length === 0) {
    throw new GwzError('BAD_INPUT', `文件中没有矢量图层：${basename(path)}`, `The file has no vector layers: ${basename(path)}`, { path });
  }
  if (sourceLayer === undefined) return ds.layers.get(0);
  if (!available.includes(sourceLayer)) {
    throw new GwzError(
      'BAD_INPUT',
      `文件中没有图层“${sourceLayer}”，可用图层：${available.join('、')}`,
      `No layer "${sourceLayer}" in the file; available: ${available.join(', ')}`,
      { path, sourceLayer, available },
    );
  }
  return ds.layers.get(sourceLayer);
}

function sourceSrs(layer: gdal.Layer, srcCrs: string | undefined, path: string, warnings: Warning[]): gdal.SpatialReference {
  if (layer.srs) {
    if (srcCrs) {
      warnings.push({
        message_zh: `数据自带坐标系，已忽略指定的源坐标系 ${srcCrs}。`,
        message_en: `The source declares its own CRS; the given source CRS ${srcCrs} was ignored.`,
      });
    }
    return layer.srs;
  }
  if (srcCrs) return resolveCrs(srcCrs).srs;
  throw new GwzError(
    'CRS_UNKNOWN',
    `数据没有坐标系信息（如缺少 .prj 文件），请指定源坐标系（命令行 --src-crs，例如 EPSG:4326）：${basename(path)}`,
    `The source has no coordinate reference system (e.g. no .prj file); give one with --src-crs (e.g. EPSG:4326): ${basename(path)}`,
    { path },
  );
}

function transformOrFail(geom: gdal.Geometry, transform: gdal.CoordinateTransformation, fid: number, path: string): void {
  try {
    geom.transform(transform);
  } catch (err) {
    throw new GwzError(
      'BAD_INPUT',
      `要素 ${fid} 无法转换到工程坐标系（可能源坐标系不对或超出投影范围）。`,
      `Feature ${fid} cannot be transformed to the project CRS (wrong source CRS, or outside the projection's area).`,
      { path, fid, gdal: err instanceof Error ? err.message : String(err) },
    );
  }
}

/** POINT / LINESTRING / POLYGON for single and multi types in 2D, Z, M and ZM; null otherwise. */
function familyOf(wkbType: number): Family | null {
  const flat = (wkbType & 0x7fffffff) % 1000; // drops the 2.5D bit and the ISO Z/M thousands
  if (flat === 1 || flat === 4) return 'POINT';
  if (flat === 2 || flat === 5) return 'LINESTRING';
  if (flat === 3 || flat === 6) return 'POLYGON';
  return null;
}

/** For layers that declare no geometry type (GeoJSON, DXF…): the most common one among the features. */
async function dominantFamily(layer: gdal.Layer, ctx: JobContext): Promise<Family | null> {
  const seen = new Map<Family, number>();
  let feature = await layer.features.firstAsync();
  while (feature) {
    const geom = feature.getGeometry();
    const family = geom ? familyOf(geom.wkbType) : null;
    if (family) seen.set(family, (seen.get(family) ?? 0) + 1);
    ctx.throwIfCancelled();
    feature = await layer.features.nextAsync();
  }
  return [...seen.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function sqlType(ogrType: string): string {
  if (ogrType === 'integer' || ogrType === 'integer64') return 'INTEGER';
  if (ogrType === 'real') return 'REAL';
  if (ogrType === 'binary') return 'BLOB';
  return 'TEXT'; // strings, dates and times (ISO text), lists (JSON)
}

type SqlValue = string | number | bigint | Buffer | null;

function sqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Buffer.isBuffer(value)) return value;
  if (isOgrDate(value)) return ogrDateText(value);
  return JSON.stringify(value);
}

interface OgrDate {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

function isOgrDate(v: unknown): v is OgrDate {
  return typeof v === 'object' && v !== null && 'year' in v && 'month' in v && 'day' in v;
}

function ogrDateText(d: OgrDate): string {
  const p = (n: number, w = 2): string => String(Math.trunc(n)).padStart(w, '0');
  const date = `${p(d.year, 4)}-${p(d.month)}-${p(d.day)}`;
  if (d.hour === undefined) return date;
  return `${date}T${p(d.hour)}:${p(d.minute ?? 0)}:${p(d.second ?? 0)}`;
}

interface NewLayer {
  name: string;
  source: string;
  srid: number;
  geometryType: string;
  columns: { name: string; sqlType: string }[];
}

/** Registers the layer and creates its geometry table (inside the caller's transaction). */
function createLayerTable(db: Db, layer: NewLayer): number {
  const { next } = db.prepare('SELECT COALESCE(MAX(sort_order), 0) + 1 AS next FROM gwz_layers').get() as { next: number };
  const pending = `pending_${process.pid}_${Date.now()}`;
  const id = Number(
    db
      .prepare(
        `INSERT INTO gwz_layers (name, kind, table_name, geometry_type, srid, sort_order, visible, origin, source, created_at)
         VALUES (?, 'vector', ?, ?, ?, ?, 1, 'import', ?, ?)`,
      )
      .run(layer.name, pending, layer.geometryType, layer.srid, next, layer.source, new Date().toISOString()).lastInsertRowid,
  );
  const table = layerTableName(layer.name, id);
  db.prepare('UPDATE gwz_layers SET table_name = ? WHERE id = ?').run(table, id);
  const cols = [`${quoteIdent(FID_COLUMN)} INTEGER PRIMARY KEY AUTOINCREMENT`, ...layer.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`)];
  db.exec(`CREATE TABLE ${quoteIdent(table)} (${cols.join(', ')})`);
  // BigInt: better-sqlite3 binds plain numbers as REAL, and AddGeometryColumn insists on an INTEGER SRID.
  const added = db.prepare("SELECT AddGeometryColumn(?, ?, ?, ?, 'XY') AS ok").get(table, GEOMETRY_COLUMN, BigInt(layer.srid), layer.geometryType) as {
    ok: number;
  };
  if (added.ok !== 1) throw new Error(`AddGeometryColumn failed for ${table}`);
  return id;
}
