import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GwzError, type CrsIssue, type ParsedRequestOf, type PreviewLayer, type PreviewSourceResult } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { resolveCrs } from '../../project/crs';
import { GEOMETRY_COLUMN, listLayers } from '../../project/layers';
import type { Project } from '../../project/project';
import { quoteIdent } from '../../project/spatialite';
import { checkSourceCrs } from './check-crs';
import { explainReadFailure } from './diagnose';
import { crsName, epsgCode, layerExtent, openChecked, openVectorSource, pickLayer } from './source';
import { jsonValue } from './values';
import { likelyWebOffset } from './webmap-offset';

const PREVIEW_ROWS = 10;
/** Larger layers are not reprojected just to compare extents in a preview. */
const MAX_COMPARED_FEATURES = 20_000;

/**
 * What a person needs to see before importing: layers with fields and CRS, the encoding with the first
 * rows decoded by it, and the reasons the coordinates cannot be in the CRS. Rasters get their kind,
 * driver and size only, enough to route them to the raster import.
 */
export function previewSource(req: ParsedRequestOf<'layers.previewSource'>, projectLayers: ProjectExtent[] = []): PreviewSourceResult {
  const path = resolve(req.path);
  if (!existsSync(path)) {
    throw new GwzError('FILE_NOT_FOUND', `找不到文件：${path}`, `File not found: ${path}`, { path });
  }
  // A .shp is vector whatever else holds; probing it would need its .shx, which a repair may yet build.
  if (!/\.shp$/i.test(path)) {
    const raster = rasterPreview(path);
    if (raster) return raster;
  }

  const source = openVectorSource(path, req.encoding, req.repairShapefile ?? false);
  const { ds, encoding } = source;
  try {
    const layers = ds.layers.map(describeLayer);
    const layer = pickLayer(ds, req.sourceLayer, path);
    const rows: PreviewSourceResult['rows'] = [];
    let feature = layer.features.first();
    while (feature && rows.length < PREVIEW_ROWS) {
      const values = feature.fields.toObject() as Record<string, unknown>;
      rows.push(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, jsonValue(v)])));
      feature = layer.features.next();
    }
    const srs = layer.srs ?? (req.srcCrs ? resolveCrs(req.srcCrs).srs : null);
    const extent = layerExtent(layer);
    const crsIssues = srs ? checkSourceCrs(extent, srs, req.swapAxes ?? false) : [];
    if (srs && srs.isGeographic() && extent && crsIssues.length === 0) crsIssues.push(...offsetIssues(extent, projectLayers));
    return { kind: 'vector', driver: ds.driver.description, layers, layer: layer.name, encoding, rows, crsIssues };
  } catch (err) {
    throw explainReadFailure(path, err);
  } finally {
    source.close();
  }
}

/** A project layer's extent in lon/lat, for telling a web-map offset from real differences. */
export interface ProjectExtent {
  name: string;
  lonLat: [number, number, number, number];
}

/** The open project's vector layers in lon/lat (none without a project). */
export function projectExtents(project: Project | null): ProjectExtent[] {
  if (!project) return [];
  const out: ProjectExtent[] = [];
  for (const layer of listLayers(project.db)) {
    // the geometries themselves, not the projected box: a GK box's corners widen by kilometres in lon/lat
    if (layer.kind !== 'vector' || !layer.extent || layer.featureCount > MAX_COMPARED_FEATURES) continue;
    const row = project.db
      .prepare(
        `SELECT MbrMinX(e) AS x0, MbrMinY(e) AS y0, MbrMaxX(e) AS x1, MbrMaxY(e) AS y1
         FROM (SELECT Extent(Transform(${quoteIdent(GEOMETRY_COLUMN)}, 4326)) AS e FROM ${quoteIdent(layer.tableName)})`,
      )
      .get() as { x0: number | null; y0: number | null; x1: number | null; y1: number | null };
    if (row.x0 === null || row.y0 === null || row.x1 === null || row.y1 === null) continue;
    out.push({ name: layer.name, lonLat: [row.x0, row.y0, row.x1, row.y1] });
  }
  return out;
}

function offsetIssues(extent: [number, number, number, number], projectLayers: ProjectExtent[]): CrsIssue[] {
  for (const other of projectLayers) {
    const offset = likelyWebOffset(extent, other.lonLat);
    if (!offset) continue;
    const label = offset === 'gcj02' ? 'GCJ-02' : 'BD-09';
    return [
      {
        kind: 'web-offset-likely',
        message_zh: `该数据与工程中的“${other.name}”整体错开数百米，纠正 ${label} 偏移后即可吻合：可能是从网络地图复制的 ${label} 坐标。`,
        message_en: `This layer is shifted by a few hundred metres from "${other.name}" in the project and agrees once corrected for ${label}: probably ${label} coordinates copied from a web map.`,
        webOffset: offset,
      },
    ];
  }
  return [];
}

function describeLayer(layer: gdal.Layer): PreviewLayer {
  const srs = layer.srs;
  return {
    name: layer.name,
    geometryType: gdal.Geometry.getName(layer.geomType) || 'Unknown',
    featureCount: layer.features.count(),
    crs: srs ? epsgCode(srs.clone()) : null,
    crsName: srs ? crsName(srs) : null,
    ...(srs ? { wkt: srs.toWKT() } : {}),
    extent: layerExtent(layer),
    fields: layer.fields.map((f) => ({ name: f.name, type: f.type })),
  };
}

/** Rasters get their kind, driver and size only — enough to route them to the raster import. */
function rasterPreview(path: string): PreviewSourceResult | null {
  const probe = openChecked(path);
  try {
    if (probe.layers.count() > 0 || probe.bands.count() === 0) return null;
    return {
      kind: 'raster',
      driver: probe.driver.description,
      layers: [],
      layer: null,
      encoding: null,
      rows: [],
      crsIssues: [],
      size: [probe.rasterSize.x, probe.rasterSize.y],
    };
  } finally {
    probe.close();
  }
}
