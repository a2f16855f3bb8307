import type { ScreenHit, ZoneLevel } from '../../../../shared/api';
import type { gdal } from '../../gdal';
import { getLayerRow } from '../../project/layers';
import type { Db } from '../../project/spatialite';
import { columnsOf, guessColumn, pointOf, readFeatures } from './geometry';

export interface ScreenZone {
  source: string;
  sourceX: number;
  sourceY: number;
  method: string;
  level: ZoneLevel;
  geom: gdal.Geometry;
}

/**
 * Risk screening: the pollution sources and land uses (points or polygons) that touch each zone,
 * with their name and type (guessed from the usual fields) and their distance to the water source —
 * the tables of the report's protection-zone chapter.
 */
export function screenZones(db: Db, layerIds: number[], zones: ScreenZone[]): ScreenHit[] {
  const hits: ScreenHit[] = [];
  for (const id of layerIds) {
    const row = getLayerRow(db, id);
    const columns = columnsOf(db, row.table_name);
    const name = guessColumn(columns, [/^名称$/, /名称/, /^name$/i]);
    const type = guessColumn(columns, [/^类型$/, /类型/, /行业/, /地类/, /^type$/i]);
    const features = readFeatures(db, row, [name, type]);
    for (const z of zones) {
      const at = pointOf(z.sourceX, z.sourceY);
      for (const f of features) {
        if (!z.geom.intersects(f.geom)) continue;
        hits.push({
          source: z.source,
          method: z.method,
          level: z.level,
          layer: row.name,
          fid: f.fid,
          name: f.values[0] ?? null,
          type: f.values[1] ?? null,
          distanceM: at.distance(f.geom),
        });
      }
    }
  }
  return hits.sort((a, b) => a.source.localeCompare(b.source) || a.distanceM - b.distanceM);
}
