import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GwzError, type ImportVectorResult, type ParsedRequestOf, type WebOffset } from '../../../shared/api';
import { gdal } from '../gdal';
import type { JobContext } from '../jobs/job-runner';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, layerInfo } from '../project/layers';
import { createVectorLayerTable } from '../project/layer-write';
import type { Project } from '../project/project';
import { recordRun } from '../project/runs';
import { quoteIdent, type Db } from '../project/spatialite';
import { fileChecksums } from './file-checksums';
import { columnNames } from './table-name';
import { sourceSrs } from './source-crs';
import { checkSourceCrs } from './vector/check-crs';
import { explainReadFailure } from './vector/diagnose';
import { importTableLayer } from './vector/import-table';
import { STAGE_TABLE, stageWithGdal } from './vector/stage';
import { epsgCode, crsName, layerExtent, openVectorSource, pickLayer } from './vector/source';
import { sqlType, sqlValue } from './vector/values';
import { toWgs84, WEB_OFFSET_NOTE } from './vector/webmap-offset';

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
  const source = openVectorSource(path, req.encoding, req.repairShapefile ?? false);
  const { ds, encoding } = source;
  warnings.push(...source.repairs);
  try {
    const layer = pickLayer(ds, req.sourceLayer, path);
    // Sources without geometry (a DBF, an XLSX sheet, a CSV without coordinate columns) are tables.
    if (req.asTable || (layer.geomType === gdal.wkbNone && !(req.xField && req.yField))) {
      return await importTableLayer(project, { path, layer, encoding, req, warnings }, ctx, engineVersion);
    }
    const pointFields = pointColumns(layer, req, path);
    const srcSrs = sourceSrs(layer.srs, req.srcCrs, path, warnings, {
      what_zh: '数据没有坐标系信息（如缺少 .prj 文件）',
      what_en: 'The source has no coordinate reference system (e.g. no .prj file)',
      example: 'EPSG:4326',
    });
    refuseImpossibleCoordinates(layer, srcSrs, req, path);
    const webOffset = req.webOffset ?? null;
    if (webOffset && !srcSrs.isGeographic()) {
      throw new GwzError(
        'BAD_INPUT',
        '网络地图偏移纠正只适用于经纬度数据（GCJ-02/BD-09 是经纬度）。',
        'The web-map offset correction applies to lon/lat data only (GCJ-02 and BD-09 are lon/lat).',
        { path, webOffset },
      );
    }
    const dstSrs = project.crs.srs;
    const transform = srcSrs.isSame(dstSrs) ? null : new gdal.CoordinateTransformation(srcSrs, dstSrs);

    const fieldDefs = layer.fields.map((f) => ({ name: f.name, type: f.type }));
    const columns = columnNames(
      fieldDefs.map((f) => f.name),
      [FID_COLUMN, GEOMETRY_COLUMN],
    );
    const total = await layer.features.countAsync();
    const family = pointFields ? 'POINT' : (familyOf(layer.geomType) ?? (await dominantFamily(layer, ctx)));
    if (!family) {
      throw new GwzError(
        'BAD_INPUT',
        `图层没有几何：${layer.name}（只需要属性时可作为表导入：--as-table）`,
        `The layer has no geometries: ${layer.name} (to keep the attributes only, import it as a table: --as-table)`,
        { path, layer: layer.name, reason: 'no-geometry' },
      );
    }
    const geometryType = `MULTI${family}`;
    const inputs = await fileChecksums(ds.getFileList(), ctx.signal);
    const name = req.name ?? layer.name;

    const counts = { read: 0, written: 0, nullGeometry: 0, invalid: 0, repaired: 0, otherType: 0 };
    // Axis swaps and web-map offsets are per-coordinate fixes GDAL cannot make: those imports read
    // feature by feature; all others are staged by GDAL at native speed (io/vector/stage.ts).
    const perFeature = (req.swapAxes ?? false) || webOffset !== null || pointFields !== null;
    const staged = perFeature
      ? null
      : await stageWithGdal(ds, layer.name, { srcSrs: layer.srs ? null : srcSrs, dstSrs: transform ? dstSrs : null }, ctx, {
          from: 5,
          to: 70,
        });
    let layerId: number;
    try {
      ctx.throwIfCancelled();
      layerId = await project.exclusiveWrite(async (db) => {
        // ATTACH is refused inside a transaction, so it wraps the transaction.
        if (staged) db.prepare(`ATTACH DATABASE ? AS ${STAGE_TABLE}`).run(staged.path);
        try {
          db.exec('BEGIN IMMEDIATE');
          try {
            const { id, tableName: table, registerGeometry } = createVectorLayerTable(
              db,
              {
                name,
                origin: 'import',
                source: path,
                srid: project.crs.srid,
                geometryType,
                columns: columns.map((c, i) => ({ name: c, sqlType: sqlType(fieldDefs[i]!.type) })),
              },
              { bulk: staged !== null },
            );
            if (staged) {
              ctx.progress(72, '正在写入工程', 'Writing into the project');
              Object.assign(counts, copyStaged(db, table, columns, family, project.crs.srid));
              registerGeometry();
              ctx.throwIfCancelled();
            } else {
              const insertSql = (geometry: string): string =>
                `INSERT INTO ${quoteIdent(table)} (${[...columns, GEOMETRY_COLUMN].map(quoteIdent).join(', ')})
                 VALUES (${columns.map(() => '?').join(', ')}${columns.length ? ', ' : ''}${geometry})`;
              const wkb = `CastToXY(GeomFromWKB(?, ${project.crs.srid}))`;
              const insert = db.prepare(insertSql(`CastToMulti(${wkb})`));
              // MakeValid may split a bow-tie into parts or leave stray lines: keep the layer's own family, as multi.
              const insertRepaired = db.prepare(insertSql(`CastToMulti(CollectionExtract(ST_MakeValid(${wkb}), ${FAMILY_CODE[family]}))`));
              let feature = await layer.features.firstAsync();
              while (feature) {
                counts.read++;
                const geom = pointFields ? pointFrom(feature, pointFields) : feature.getGeometry();
                if (!geom || geom.isEmpty()) {
                  counts.nullGeometry++;
                } else if (familyOf(geom.wkbType) !== family) {
                  counts.otherType++;
                } else {
                  const fixed = correctAxesAndOffset(geom, req.swapAxes ?? false, webOffset);
                  if (transform) transformOrFail(fixed, transform, feature.fid, path);
                  const values = fieldDefs.map((_, i) => sqlValue(feature!.fields.get(i)));
                  if (fixed.isValid()) {
                    insert.run(...values, fixed.toWKB('LSB', 'ISO'));
                  } else {
                    counts.invalid++;
                    insertRepaired.run(...values, fixed.toWKB('LSB', 'ISO'));
                    counts.repaired++;
                  }
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
            }
            ctx.throwIfCancelled();
            ctx.progress(96, '正在建立空间索引', 'Building the spatial index');
            db.prepare('SELECT CreateSpatialIndex(?, ?)').get(table, GEOMETRY_COLUMN);
            recordRun(db, {
              operation: 'layers.importVector',
              params: req,
              inputs: {
                files: inputs,
                sourceLayer: layer.name,
                srcCrs: srcSrs.toProj4(),
                encoding: encoding?.detected ?? null,
                encodingSource: encoding?.source ?? null,
                ...(webOffset ? { webOffset, webOffsetNote: WEB_OFFSET_NOTE.en } : {}),
              },
              outputs: { layerId: id, tableName: table, featuresWritten: counts.written, repaired: counts.repaired },
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
        } finally {
          if (staged) db.exec(`DETACH DATABASE ${STAGE_TABLE}`);
        }
      });
    } finally {
      staged?.remove();
    }

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
    if (counts.repaired > 0) {
      warnings.push({
        message_zh: `${counts.repaired} 个要素的几何无效（如自相交），已用 ST_MakeValid 修复（保留多部件）。`,
        message_en: `${counts.repaired} features had invalid geometries (e.g. self-intersections); repaired with ST_MakeValid (multipart kept).`,
      });
    }
    if (webOffset) warnings.push({ message_zh: WEB_OFFSET_NOTE.zh, message_en: WEB_OFFSET_NOTE.en });
    return {
      layer: layerInfo(project.db, getLayerRow(project.db, layerId)),
      featuresRead: counts.read,
      featuresWritten: counts.written,
      skippedNullGeometry: counts.nullGeometry,
      repaired: counts.repaired,
      encoding: encoding?.detected ?? null,
      srcCrs: epsgCode(srcSrs.clone()) ?? crsName(srcSrs) ?? srcSrs.toProj4(),
      webOffset,
      warnings,
    };
  } catch (err) {
    throw explainReadFailure(path, err);
  } finally {
    source.close();
  }
}

/** The X/Y (or lon/lat) columns the user chose for a point table, checked; null when none were chosen. */
function pointColumns(layer: gdal.Layer, req: ImportVectorRequest, path: string): { x: number; y: number } | null {
  if (!req.xField && !req.yField) return null;
  const names = layer.fields.getNames();
  const index = (name: string | undefined, axis: 'X' | 'Y'): number => {
    const i = name === undefined ? -1 : names.indexOf(name);
    if (i < 0) {
      throw new GwzError('BAD_REQUEST', `没有${axis}坐标列“${name ?? ''}”，可选列：${names.join('、')}`, `No ${axis} column "${name ?? ''}"; columns: ${names.join(', ')}`, {
        path,
        field: name,
        columns: names,
      });
    }
    return i;
  };
  return { x: index(req.xField, 'X'), y: index(req.yField, 'Y') };
}

/** A point from two attribute columns; null when either is not a number (counted as missing geometry). */
function pointFrom(feature: gdal.Feature, cols: { x: number; y: number }): gdal.Geometry | null {
  const x = Number(feature.fields.get(cols.x));
  const y = Number(feature.fields.get(cols.y));
  const xv = feature.fields.get(cols.x);
  const yv = feature.fields.get(cols.y);
  if (xv === null || yv === null || xv === '' || yv === '' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  return new gdal.Point(x, y);
}

const FAMILY_CODE: Record<Family, number> = { POINT: 1, LINESTRING: 2, POLYGON: 3 };

type Counts = { read: number; written: number; nullGeometry: number; invalid: number; repaired: number; otherType: number };

/**
 * Takes the staged rows into the layer table in one statement (inside the caller's transaction):
 * null/empty geometries and geometries of another family stay behind and are counted; invalid ones
 * are then repaired in place with ST_MakeValid, keeping the layer's family as multi-geometries.
 */
function copyStaged(db: Db, table: string, columns: string[], family: Family, srid: number): Counts {
  // The staged columns are taken by position, renamed c0…cN by a CTE: a field name whose bytes are
  // not valid UTF-8 (a damaged .dbf header) does not survive the round trip through a JS string, so
  // selecting it by name fails with "no such column".
  const all = (db.prepare(`PRAGMA ${STAGE_TABLE}.table_info(${STAGE_TABLE})`).all() as { name: string }[]).map((c) => c.name);
  const aliases = all.map((n, i) => (/^ogc_fid$/i.test(n) ? 'ogc_fid' : /^geometry$/i.test(n) ? 'GEOMETRY' : `c${i}`));
  const staged = aliases.filter((a) => a !== 'ogc_fid' && a !== 'GEOMETRY');
  if (staged.length !== columns.length || !aliases.includes('GEOMETRY') || !aliases.includes('ogc_fid')) {
    throw new Error(`staged columns (${all.join(', ')}) do not match the layer's (${columns.join(', ')})`);
  }
  const positional = `WITH staged(${aliases.join(', ')}) AS (SELECT * FROM ${STAGE_TABLE}.${quoteIdent(STAGE_TABLE)})`;
  const src = `${STAGE_TABLE}.${quoteIdent(STAGE_TABLE)}`;
  const types = [family, `MULTI${family}`].map((t) => `'${t}'`).join(', ');
  // one scan for every count
  const { read, nullGeometry } = db
    .prepare(`SELECT count(*) AS read, COALESCE(SUM(GEOMETRY IS NULL OR ST_IsEmpty(GEOMETRY) = 1), 0) AS nullGeometry FROM ${src}`)
    .get() as { read: number; nullGeometry: number };
  // Staged geometries are already multi and XY (-nlt PROMOTE_TO_MULTI -dim XY): only the SRID is set.
  const written = db
    .prepare(
      `${positional}
       INSERT INTO ${quoteIdent(table)} (${[...columns, GEOMETRY_COLUMN].map(quoteIdent).join(', ')})
       SELECT ${[...staged, `SetSRID(GEOMETRY, ${srid})`].join(', ')}
       FROM staged
       WHERE GEOMETRY IS NOT NULL AND ST_IsEmpty(GEOMETRY) = 0 AND GeometryType(GEOMETRY) IN (${types})
       ORDER BY ogc_fid`,
    )
    .run().changes;
  const repaired = db
    .prepare(
      `UPDATE ${quoteIdent(table)}
       SET ${quoteIdent(GEOMETRY_COLUMN)} = CastToMulti(CollectionExtract(ST_MakeValid(${quoteIdent(GEOMETRY_COLUMN)}), ${FAMILY_CODE[family]}))
       WHERE ST_IsValid(${quoteIdent(GEOMETRY_COLUMN)}) = 0`,
    )
    .run().changes;
  return { read, written, nullGeometry, invalid: repaired, repaired, otherType: read - nullGeometry - written };
}

/** Refuses coordinates that cannot be in the source CRS (the preview explains them), unless forced. */
function refuseImpossibleCoordinates(layer: gdal.Layer, srs: gdal.SpatialReference, req: ImportVectorRequest, path: string): void {
  if (req.force) return;
  const issue = checkSourceCrs(layerExtent(layer), srs, req.swapAxes ?? false)[0];
  if (!issue) return;
  throw new GwzError(
    'BAD_INPUT',
    `${issue.message_zh}（确认无误可强制导入：--force）`,
    `${issue.message_en} (import anyway with --force)`,
    { path, crsIssue: issue },
  );
}

/** Axis swap and web-map offset, in source coordinates, before any reprojection. */
function correctAxesAndOffset(geom: gdal.Geometry, swapAxes: boolean, webOffset: WebOffset | null): gdal.Geometry {
  if (swapAxes) geom.swapXY();
  if (!webOffset) return geom;
  const json = geom.toObject() as { type: string; coordinates?: unknown; geometries?: unknown[] };
  return gdal.Geometry.fromGeoJson(mapPositions(json, (x, y) => toWgs84(webOffset, x, y)) as object);
}

function mapPositions(node: unknown, fn: (x: number, y: number) => [number, number]): unknown {
  if (Array.isArray(node)) {
    if (typeof node[0] === 'number') {
      const [x, y] = fn(node[0], node[1] as number);
      return [x, y, ...node.slice(2)];
    }
    return node.map((n) => mapPositions(n, fn));
  }
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === 'type' ? v : mapPositions(v, fn)]));
  }
  return node;
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

