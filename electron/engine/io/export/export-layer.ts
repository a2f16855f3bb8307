import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  GwzError,
  type ExportLayerResult,
  type FieldMapping,
  type LayerFormat,
  type ParsedRequestOf,
} from '../../../../shared/api';
import { geometryFamily as geometryKindOf, mainColor, symbolFor, type Symbol, type VectorStyle } from '../../../../shared/style';
import { gdal } from '../../gdal';
import type { JobContext } from '../../jobs/job-runner';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, layerInfo, type LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { quoteIdent } from '../../project/spatialite';
import { readCog } from '../raster/raster-store';
import { zip } from '../zip-write';
import { shapefileFieldNames } from './field-names';
import { encodeGbk } from './gbk';

type Request = ParsedRequestOf<'export.layer'>;
type Warning = ExportLayerResult['warnings'][number];

/** File name ending each format writes, and the GDAL driver that writes it. */
const FORMATS: Record<LayerFormat, { ext: string; driver: string; kinds: LayerRow['kind'][] }> = {
  shapefile: { ext: '.shp', driver: 'ESRI Shapefile', kinds: ['vector'] },
  gpkg: { ext: '.gpkg', driver: 'GPKG', kinds: ['vector', 'table'] },
  geojson: { ext: '.geojson', driver: 'GeoJSON', kinds: ['vector'] },
  kml: { ext: '.kml', driver: 'KML', kinds: ['vector'] },
  kmz: { ext: '.kmz', driver: 'KML', kinds: ['vector'] },
  dxf: { ext: '.dxf', driver: 'DXF', kinds: ['vector'] },
  csv: { ext: '.csv', driver: 'CSV', kinds: ['vector', 'table'] },
  xlsx: { ext: '.xlsx', driver: 'XLSX', kinds: ['vector', 'table'] },
  geotiff: { ext: '.tif', driver: 'COG', kinds: ['raster'] },
};

/** GeoJSON (RFC 7946) and KML (OGC 07-147) are WGS84 by specification. */
const WGS84_ONLY: ReadonlySet<LayerFormat> = new Set(['geojson', 'kml', 'kmz']);

const SHAPEFILE_SIDES = ['.shp', '.shx', '.dbf', '.prj', '.cpg'];

/** The files a format's main path stands for (a shapefile is five). */
function filesOf(format: LayerFormat, path: string): string[] {
  if (format !== 'shapefile') return [path];
  const stem = path.slice(0, -extname(path).length);
  return [...SHAPEFILE_SIDES.map((e) => stem + e), `${stem}_字段对照.csv`];
}

function withExt(path: string, ext: string): string {
  return extname(path).toLowerCase() === ext ? path : `${path}${ext}`;
}

interface Column {
  name: string;
  type: 'integer' | 'real' | 'text';
}

function columnsOf(p: Project, row: LayerRow): Column[] {
  const info = p.db.prepare(`PRAGMA table_info(${quoteIdent(row.table_name)})`).all() as { name: string; type: string }[];
  return info
    .filter((c) => c.name !== GEOMETRY_COLUMN && c.name !== FID_COLUMN && !/BLOB/i.test(c.type))
    .map((c) => {
      const t = c.type.toUpperCase();
      const type: Column['type'] = /INT/.test(t) ? 'integer' : /REAL|FLOA|DOUB|NUM|DEC/.test(t) ? 'real' : 'text';
      return { name: c.name, type };
    });
}

/** An OGR style string for KML/DXF from a style symbol (colours #rrggbbaa with the fill opacity). */
function ogrStyle(symbol: Symbol, kind: ReturnType<typeof geometryKindOf>): string {
  const alpha = (o: number): string => Math.round(o * 255).toString(16).padStart(2, '0');
  const pen = symbol.stroke ? `PEN(c:${symbol.stroke.color.slice(0, 7)},w:${Math.max(1, Math.round(symbol.stroke.width * 1.33))}px)` : '';
  if (kind === 'point') return `SYMBOL(id:"ogr-sym-3",c:${mainColor(symbol) ?? '#000000'})`;
  if (kind === 'line') return pen || 'PEN(c:#000000)';
  const brush = symbol.fill ? `BRUSH(fc:${symbol.fill.slice(0, 7)}${alpha(symbol.fillOpacity)})` : 'BRUSH(fc:#00000000)';
  return [brush, pen].filter(Boolean).join(';');
}

function legendLabelFor(style: VectorStyle, valueOf: (f: string) => unknown, fallback: string): string {
  if (style.type === 'categorized') {
    const v = valueOf(style.field);
    const hit = style.categories.find((c) => String(c.value) === String(v));
    return hit ? hit.label.zh : fallback;
  }
  if (style.type === 'graduated') {
    const v = Number(valueOf(style.field));
    const hit = style.classes.find((c) => v > c.min && v <= c.max) ?? (v === style.classes[0]!.min ? style.classes[0] : undefined);
    return hit ? hit.label.zh : fallback;
  }
  return fallback;
}

/** DXF layer names may not hold <>/\":;?*|=' (AutoCAD's rule); the rest, Chinese included, is kept. */
const dxfLayerName = (s: string): string => s.replace(/[<>/\\":;?*|=']/g, '_').slice(0, 255) || '0';

/**
 * The layer as an in-memory OGR dataset in project coordinates. GDAL never opens the project file
 * (see analysis/core/vector-raster: a second SQLite in the process breaks the engine's locks), so
 * features go over as WKB read through the engine's connection.
 */
function memoryCopy(
  p: Project,
  row: LayerRow,
  columns: Column[],
  names: Map<string, string>,
  format: LayerFormat,
  job: JobContext,
): { ds: gdal.Dataset; count: number } {
  const ds = gdal.open('gwz-export', 'w', 'Memory');
  const srs = row.srid ? gdal.SpatialReference.fromEPSG(row.srid) : null;
  const hasGeometry = row.kind === 'vector';
  const geomType = hasGeometry ? gdal.wkbUnknown : gdal.wkbNone;
  const out = ds.layers.create(row.name, srs, geomType);
  const rows = p.db
    .prepare(
      `SELECT ${columns.map((c) => quoteIdent(c.name)).join(', ')}${columns.length ? ', ' : ''}` +
        `${hasGeometry ? `AsBinary(${quoteIdent(GEOMETRY_COLUMN)})` : 'NULL'} AS "__wkb" FROM ${quoteIdent(row.table_name)} ORDER BY ${quoteIdent(FID_COLUMN)}`,
    )
    .all() as Record<string, unknown>[];
  for (const c of columns) {
    // 32-bit integers where every value fits: dBASE readers (ArcGIS) read N(18) as double
    let type = c.type === 'integer' ? gdal.OFTInteger : c.type === 'real' ? gdal.OFTReal : gdal.OFTString;
    if (c.type === 'integer' && rows.some((r) => typeof r[c.name] === 'bigint' || Math.abs(Number(r[c.name] ?? 0)) > 2_147_483_647)) type = gdal.OFTInteger64;
    out.fields.add(new gdal.FieldDefn(names.get(c.name) ?? c.name, type));
  }
  const kind = geometryKindOf(row.geometry_type);
  // the style the map draws (stored, else the layer's default): KML and DXF get the same colours
  const shown = hasGeometry ? layerInfo(p.db, row).style : null;
  const style: VectorStyle | null = shown && shown.kind === 'vector' ? shown : null;
  const styled = format === 'kml' || format === 'kmz' || format === 'dxf';
  if (format === 'dxf') out.fields.add(new gdal.FieldDefn('Layer', gdal.OFTString));
  const point = kind === 'point' && (format === 'xlsx' || format === 'csv');
  if (point && format === 'xlsx') {
    out.fields.add(new gdal.FieldDefn('X', gdal.OFTReal));
    out.fields.add(new gdal.FieldDefn('Y', gdal.OFTReal));
  }
  let count = 0;
  for (const r of rows) {
    const f = new gdal.Feature(out);
    for (const c of columns) {
      const v = r[c.name];
      if (v === null || v === undefined) continue;
      f.fields.set(names.get(c.name) ?? c.name, typeof v === 'bigint' ? Number(v) : (v as string | number));
    }
    const wkb = r.__wkb;
    if (Buffer.isBuffer(wkb)) {
      const g = gdal.Geometry.fromWKB(wkb);
      f.setGeometry(g);
      if (point && format === 'xlsx') {
        // multipoint layers (imported shapefiles are often MULTIPOINT) hold one point a feature
        const c = g.centroid();
        f.fields.set('X', c.x);
        f.fields.set('Y', c.y);
      }
    }
    if (styled && style) {
      const valueOf = (field: string): unknown => r[field];
      const symbol = symbolFor(style, valueOf);
      if (symbol) f.setStyleString(ogrStyle(symbol, kind));
      if (format === 'dxf') f.fields.set('Layer', dxfLayerName(legendLabelFor(style, valueOf, row.name)));
    }
    out.features.add(f);
    count++;
    if (count % 5000 === 0) job.throwIfCancelled();
  }
  return { ds, count };
}

function assertWritable(files: string[], overwrite: boolean): void {
  const folder = dirname(files[0]!);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new GwzError('FILE_NOT_FOUND', `输出文件夹不存在：${folder}`, `The output folder does not exist: ${folder}`, { path: folder });
  }
  const present = files.filter((f) => existsSync(f));
  if (present.length > 0 && !overwrite) {
    throw new GwzError('BAD_INPUT', `输出文件已存在：${present[0]}（选择“覆盖”可替换）`, `The output file already exists: ${present[0]} (choose overwrite to replace it)`, {
      path: present[0],
    });
  }
}

/**
 * Writes into a scratch folder beside the target, then moves the files into place: a failure or a
 * cancel leaves no half-written shapefile where the user looks.
 */
async function staged(target: string, write: (scratchPath: string) => Promise<void>): Promise<string[]> {
  const scratch = mkdtempSync(join(dirname(target), '.gwz-export-'));
  try {
    await write(join(scratch, basename(target)));
    const written = readdirSync(scratch);
    const moved: string[] = [];
    for (const name of written) {
      const to = join(dirname(target), name);
      rmSync(to, { force: true, recursive: true });
      renameSync(join(scratch, name), to);
      moved.push(to);
    }
    return moved;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function epsgOf(srs: gdal.SpatialReference | null): string {
  if (!srs) return 'unknown';
  try {
    srs.autoIdentifyEPSG();
  } catch {
    // not every CRS has a code; the name is then reported
  }
  const code = srs.getAuthorityCode(null);
  return code ? `EPSG:${code}` : 'unknown';
}

/** GDAL's progress (0–1) onto the job's percent range [from, to]; a cancel is checked between GDAL steps. */
const utilOptions = (job: JobContext, from: number, to: number): gdal.UtilOptions => ({
  progress_cb: (complete: number) => job.progress(from + (to - from) * complete, '正在写出', 'Writing'),
});

export async function exportLayer(p: Project, req: Request, job: JobContext): Promise<ExportLayerResult> {
  const row = getLayerRow(p.db, req.layerId);
  const spec = FORMATS[req.format];
  if (!spec.kinds.includes(row.kind)) {
    const allowed = (Object.keys(FORMATS) as LayerFormat[]).filter((f) => FORMATS[f].kinds.includes(row.kind));
    throw new GwzError('BAD_INPUT', `图层「${row.name}」（${row.kind}）不能导出为 ${req.format}；可选：${allowed.join('、')}`, `Layer "${row.name}" (${row.kind}) cannot be exported as ${req.format}; choose one of: ${allowed.join(', ')}`, {
      layerId: row.id,
      format: req.format,
      allowed,
    });
  }
  const path = withExt(resolve(req.path), spec.ext);
  const files = filesOf(req.format, path);
  assertWritable(files, req.overwrite);
  const warnings: Warning[] = [];
  const targetCrs = WGS84_ONLY.has(req.format) ? 'EPSG:4326' : (req.crs ?? (row.srid ? `EPSG:${row.srid}` : null));
  if (req.crs && WGS84_ONLY.has(req.format) && req.crs !== 'EPSG:4326') {
    warnings.push({
      message_zh: `${req.format.toUpperCase()} 规定使用 WGS84 经纬度，已忽略 ${req.crs}`,
      message_en: `${req.format.toUpperCase()} is WGS84 by specification; ${req.crs} was ignored`,
    });
  }
  if (targetCrs && targetCrs !== 'EPSG:4326') {
    try {
      gdal.SpatialReference.fromUserInput(targetCrs);
    } catch {
      throw new GwzError('CRS_UNKNOWN', `未知的坐标系：${targetCrs}`, `Unknown CRS: ${targetCrs}`, { crs: targetCrs });
    }
  }
  job.progress(2, `正在导出「${row.name}」`, `Exporting "${row.name}"`);

  if (row.kind === 'raster') return exportRaster(p, row, path, targetCrs, req, job, warnings);

  const columns = columnsOf(p, row);
  const encoding = req.format === 'shapefile' ? req.encoding : null;
  const fieldMap: FieldMapping[] = encoding ? shapefileFieldNames(columns.map((c) => c.name), encoding).filter((m) => m.field !== m.exported) : [];
  const names = new Map(fieldMap.map((m) => [m.field, m.exported]));
  const { ds, count } = memoryCopy(p, row, columns, names, req.format, job);
  job.progress(30, '正在写出', 'Writing');
  const args: string[] = ['-f', spec.driver];
  if (targetCrs) args.push('-t_srs', targetCrs);
  const layerName = row.name;
  switch (req.format) {
    case 'shapefile':
      args.push('-lco', `ENCODING=${encoding === 'GBK' ? 'CP936' : 'UTF-8'}`, '-nlt', ogrGeometryType(row.geometry_type));
      break;
    case 'gpkg':
      args.push('-nln', layerName, ...(row.kind === 'vector' ? ['-nlt', ogrGeometryType(row.geometry_type)] : []));
      break;
    case 'geojson':
      args.push('-lco', 'RFC7946=YES', '-lco', 'WRITE_NAME=NO');
      break;
    case 'kml':
    case 'kmz': {
      args.push('-nln', layerName);
      const nameField = columns.find((c) => /^(名称|name|NAME|名字)$/.test(c.name));
      if (nameField) args.push('-dsco', `NameField=${nameField.name}`);
      break;
    }
    case 'csv':
      args.push('-lco', 'WRITE_BOM=YES', ...(row.kind === 'vector' ? ['-lco', geometryKindOf(row.geometry_type) === 'point' ? 'GEOMETRY=AS_XY' : 'GEOMETRY=AS_WKT'] : []));
      break;
    case 'xlsx':
      args.push('-nln', layerName.slice(0, 31));
      if (row.kind === 'vector' && geometryKindOf(row.geometry_type) !== 'point') {
        warnings.push({ message_zh: 'XLSX 只保存属性，面/线几何未写出', message_en: 'XLSX keeps the attributes only; polygon/line geometry is not written' });
      }
      break;
    case 'dxf':
      warnings.push({ message_zh: 'DXF 按分类写为图层（Layer），属性字段不随之写出', message_en: 'DXF gets one CAD layer per class; attribute fields are not carried' });
      break;
    default:
      break;
  }
  let written: string[];
  try {
    written = await staged(path, async (scratchPath) => {
      const target = req.format === 'kmz' ? scratchPath.replace(/\.kmz$/i, '.kml') : scratchPath;
      const out = await gdal.vectorTranslateAsync(target, ds, args, utilOptions(job, 30, 90));
      out.close();
      if (req.format === 'kmz') {
        writeFileSync(scratchPath, zip([{ name: 'doc.kml', data: readFileSync(target) }]));
        rmSync(target);
      }
      if (req.format === 'dxf') {
        // GDAL writes UTF-8 under a header that says ANSI_1252; Chinese AutoCAD (and GDAL reading it
        // back) expect the bytes in the declared code page: declare ANSI_936 and write GBK
        const text = readFileSync(scratchPath, 'utf8').replace(/(\$DWGCODEPAGE\r?\n\s*3\r?\n)ANSI_\d+/, '$1ANSI_936');
        writeFileSync(scratchPath, encodeGbk(text));
      }
      if (req.format === 'shapefile') {
        const stem = scratchPath.slice(0, -4);
        const lines = ['原字段名,导出字段名', ...columns.map((c) => `${csvCell(c.name)},${csvCell(names.get(c.name) ?? c.name)}`)];
        // BOM: Excel opens UTF-8 CSV correctly only with it
        writeFileSync(`${stem}_字段对照.csv`, `\ufeff${lines.join('\r\n')}\r\n`);
        // GBK for old ArcGIS: the numeric code page in .cpg (what ArcGIS writes) and LDID 0x4D
        // ("Chinese GBK (PRC)") in the DBF header for readers older than .cpg files
        writeFileSync(`${stem}.cpg`, encoding === 'GBK' ? '936' : 'UTF-8');
        if (encoding === 'GBK') markDbfLanguage(`${stem}.dbf`, 0x4d);
      }
    });
  } catch (err) {
    job.throwIfCancelled();
    throw new GwzError('INTERNAL', `写出 ${req.format} 失败：${(err as Error).message}`, `Writing ${req.format} failed: ${(err as Error).message}`, { path });
  } finally {
    ds.close();
  }
  job.throwIfCancelled();
  if (fieldMap.length > 0) {
    warnings.push({
      message_zh: `${fieldMap.length} 个字段名超过 10 字节，已缩短（对照表：${basename(path, '.shp')}_字段对照.csv）`,
      message_en: `${fieldMap.length} field names were longer than 10 bytes and were shortened (mapping: ${basename(path, '.shp')}_字段对照.csv)`,
    });
  }
  return {
    format: req.format,
    path,
    files: written.sort(),
    featureCount: count,
    crs: targetCrs ?? 'unknown',
    encoding: encoding ?? (['geojson', 'gpkg', 'kml', 'kmz', 'csv', 'xlsx'].includes(req.format) ? 'UTF-8' : null),
    fieldMap,
    warnings,
  };
}

function markDbfLanguage(dbf: string, ldid: number): void {
  const fd = openSync(dbf, 'r+');
  try {
    writeSync(fd, Buffer.from([ldid]), 0, 1, 29);
  } finally {
    closeSync(fd);
  }
}

const csvCell = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function ogrGeometryType(t: string | null): string {
  const s = (t ?? 'GEOMETRY').toUpperCase().replace(/\s+/g, '');
  return /^(MULTI)?(POINT|LINESTRING|POLYGON)$/.test(s) ? s : 'PROMOTE_TO_MULTI';
}

async function exportRaster(
  p: Project,
  row: LayerRow,
  path: string,
  targetCrs: string | null,
  req: Request,
  job: JobContext,
  warnings: Warning[],
): Promise<ExportLayerResult> {
  const src = `/vsimem/gwz-export-${row.id}-${Date.now()}.tif`;
  gdal.vsimem.copy(readCog(p.db, row.id), src);
  const warped = `/vsimem/gwz-export-${row.id}-${Date.now()}-warped.tif`;
  try {
    let ds = await gdal.openAsync(src);
    const reproject = req.crs !== undefined && row.srid !== null && req.crs !== `EPSG:${row.srid}`;
    if (reproject) {
      const isInt = /Int|Byte/.test(ds.bands.get(1).dataType ?? '');
      const w = await gdal.warpAsync(warped, null, [ds], ['-t_srs', req.crs!, '-r', isInt ? 'near' : 'bilinear', '-of', 'GTiff'], utilOptions(job, 10, 50));
      ds.close();
      ds = w;
    }
    let crs = 'unknown';
    const written = await staged(path, async (scratchPath) => {
      const out = await gdal.translateAsync(scratchPath, ds, ['-of', 'COG', '-co', 'COMPRESS=DEFLATE'], utilOptions(job, 50, 95));
      crs = epsgOf(out.srs);
      out.close();
    });
    ds.close();
    return { format: 'geotiff', path, files: written, featureCount: 1, crs: crs === 'unknown' && targetCrs ? targetCrs : crs, encoding: null, fieldMap: [], warnings };
  } finally {
    for (const f of [src, warped]) {
      try {
        gdal.vsimem.release(f);
      } catch {
        // not created (no reprojection)
      }
    }
  }
}
