import { basename } from 'node:path';
import { GwzError, type EncodingInfo } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { badSource, checkBeforeOpen, explainOpenFailure } from './diagnose';
import { detectShapefileEncoding, normaliseEncoding } from './encoding';
import { repairedShapefile } from './open-shapefile';

const SHAPEFILE = 'ESRI Shapefile';

export interface OpenedSource {
  ds: gdal.Dataset;
  /** Shapefiles only: the encoding the attributes are decoded with, and where it came from. */
  encoding: EncodingInfo | null;
  /** What was mended to open it (a rebuilt .shx, no .dbf), as warnings for the import report. */
  repairs: { message_zh: string; message_en: string }[];
  /** Closes the dataset and removes any repaired copy. */
  close(): void;
}

/**
 * Opens a vector source; a shapefile is opened with the encoding the user chose or the one found by
 * .cpg → LDID → detection, so GDAL never falls back to returning raw GBK bytes. With
 * `repairShapefile`, a shapefile missing its .shx or .dbf is opened from a repaired copy
 * (open-shapefile.ts); the user's files are never written.
 */
export function openVectorSource(path: string, userEncoding: string | undefined, repairShapefile = false): OpenedSource {
  const repaired = repairShapefile ? repairedShapefile(path) : null;
  try {
    const opened = openSource(repaired?.path ?? path, userEncoding, repairShapefile);
    return {
      ...opened,
      repairs: repaired?.repairs ?? [],
      close: () => {
        opened.ds.close();
        repaired?.remove();
      },
    };
  } catch (err) {
    repaired?.remove();
    throw err;
  }
}

function openSource(path: string, userEncoding: string | undefined, repair: boolean): { ds: gdal.Dataset; encoding: EncodingInfo | null } {
  const ds = openChecked(path, repair);
  if (ds.driver.description === 'CSV' && isSingleColumnCsv(ds)) {
    ds.close();
    throw badSource(path, 'csv-delimiter');
  }
  if (ds.driver.description !== SHAPEFILE) return { ds, encoding: null };
  const found = detectShapefileEncoding(ds.description || path);
  ds.close();
  const encoding: EncodingInfo = userEncoding
    ? { detected: normaliseEncoding(userEncoding), source: 'user', candidates: found?.candidates ?? [] }
    : (found ?? { detected: 'UTF-8', source: 'utf8-default', candidates: [] });
  // Driver.openAsync drops open options (gdal-async 3.12), so the reopen is synchronous; it only reads headers.
  try {
    return { ds: gdal.drivers.get(SHAPEFILE).open(path, 'r', [`ENCODING=${encoding.detected}`]), encoding };
  } catch (err) {
    throw cannotOpen(path, err);
  }
}

/** GDAL's open, after the checks for what it would misread, with failures explained by their likely cause. */
export function openChecked(path: string, repair = false): gdal.Dataset {
  checkBeforeOpen(path, repair);
  try {
    if (/\.(csv|txt)$/i.test(path)) return gdal.drivers.get('CSV').open(path, 'r', CSV_POINT_OPTIONS);
    return gdal.open(path);
  } catch (err) {
    throw cannotOpen(path, err);
  }
}

/** Point tables: the coordinate column names people use, in both languages, become the geometry. */
const CSV_POINT_OPTIONS = [
  'X_POSSIBLE_NAMES=x,lon,lng,long,longitude,经度,x坐标,东坐标,POINT_X',
  'Y_POSSIBLE_NAMES=y,lat,latitude,纬度,y坐标,北坐标,POINT_Y',
  'KEEP_GEOM_COLUMNS=YES',
  'AUTODETECT_TYPE=YES',
];

export function cannotOpen(path: string, err: unknown): GwzError {
  return explainOpenFailure(path, err instanceof Error ? err.message : String(err));
}

function isSingleColumnCsv(ds: gdal.Dataset): boolean {
  const layer = ds.layers.get(0);
  return layer.fields.count() === 1 && /[;\t|]/.test(layer.fields.get(0).name);
}

export function pickLayer(ds: gdal.Dataset, sourceLayer: string | undefined, path: string): gdal.Layer {
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

/** "EPSG:n" when the CRS identifies as an EPSG code (AutoIdentifyEPSG), else null. */
export function epsgCode(srs: gdal.SpatialReference): string | null {
  try {
    srs.autoIdentifyEPSG();
  } catch {
    // no match is normal for ESRI .prj variants; the name still shows
  }
  const root = srs.isProjected() ? 'PROJCS' : 'GEOGCS';
  const auth = srs.getAuthorityName(root);
  const code = srs.getAuthorityCode(root);
  return auth === 'EPSG' && code ? `EPSG:${code}` : null;
}

export function crsName(srs: gdal.SpatialReference): string | null {
  return srs.getAttrValue(srs.isProjected() ? 'PROJCS' : 'GEOGCS') ?? null;
}

/** The layer's extent as [minX, minY, maxX, maxY], or null when it has none. */
export function layerExtent(layer: gdal.Layer): [number, number, number, number] | null {
  try {
    const e = layer.getExtent(true);
    return [e.minX, e.minY, e.maxX, e.maxY];
  } catch {
    return null;
  }
}
