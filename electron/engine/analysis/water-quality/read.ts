import { createHash } from 'node:crypto';
import { GwzError } from '../../../../shared/api';
import { COLLAR_TABLE } from '../../io/tables/store-boreholes';
import { GEOMETRY_COLUMN, type LayerRow } from '../../project/layers';
import { quoteIdent } from '../../project/spatialite';
import { requireVector } from '../core/analysis-grid';
import type { OperationContext } from '../core/run-analysis';

export interface Site {
  site: string;
  name: string | null;
  wkb: Buffer | null;
}

export interface QualityRow {
  site: string;
  date: string;
  analyte: string;
  /** mg/L; null for non-detects. */
  value: number | null;
  qualifier: '<' | 'ND' | null;
  detectionLimit: number | null;
  unit: string;
}

/** The wells of the collar layer, by site id (the water-quality table's `site`). */
export function readSites(ctx: OperationContext, layerId: number): { layer: LayerRow; sites: Map<string, Site> } {
  const layer = requireVector(ctx, layerId, ['POINT']);
  if (layer.table_name !== COLLAR_TABLE) {
    throw new GwzError(
      'BAD_INPUT',
      `水质数据按点位编号与“钻孔与监测井”图层连接，「${layer.name}」不是该图层；请选择钻孔与监测井图层。`,
      `Water quality joins the borehole collar layer (钻孔与监测井) by site id; "${layer.name}" is not that layer.`,
      { layerId },
    );
  }
  const rows = ctx.db.prepare(`SELECT hole_id AS site, name, AsBinary(${quoteIdent(GEOMETRY_COLUMN)}) AS wkb FROM ${COLLAR_TABLE}`).all() as Site[];
  return { layer, sites: new Map(rows.map((r) => [r.site, r])) };
}

/**
 * The water-quality table's rows in a date range, ordered by site, date and analyte, with a hash of
 * them (the table is not a layer, so the run's provenance keeps this instead of a layer checksum).
 */
export function readQuality(ctx: OperationContext, range: { dateFrom?: string | undefined; dateTo?: string | undefined }): { rows: QualityRow[]; sha256: string } {
  const where: string[] = [];
  const args: string[] = [];
  if (range.dateFrom) {
    where.push('date >= ?');
    args.push(range.dateFrom);
  }
  if (range.dateTo) {
    where.push('date <= ?');
    args.push(range.dateTo);
  }
  const rows = ctx.db
    .prepare(
      `SELECT site, date, analyte, value, qualifier, detection_limit AS detectionLimit, unit FROM gw_quality
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY site, date, analyte, fid`,
    )
    .all(...args) as QualityRow[];
  if (rows.length === 0) {
    throw new GwzError(
      'BAD_INPUT',
      `工程中没有${range.dateFrom || range.dateTo ? '该时段的' : ''}水质数据；请先导入水质监测表（钻孔与监测数据 → 水质）。`,
      `The project holds no water-quality data${range.dateFrom || range.dateTo ? ' in that period' : ''}; import a water-quality table first (boreholes → quality).`,
      { ...range },
    );
  }
  const hash = createHash('sha256');
  for (const r of rows) hash.update(`${r.site}\u0000${r.date}\u0000${r.analyte}\u0000${r.value}\u0000${r.qualifier}\u0000${r.detectionLimit}\n`);
  return { rows, sha256: hash.digest('hex') };
}
