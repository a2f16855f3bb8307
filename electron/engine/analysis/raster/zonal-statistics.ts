import type { JobResultOf } from '../../../../shared/api';
import { readAligned, resolveAnalysisGrid } from '../core/analysis-grid';
import type { Progress } from '../core/progress';
import { rowTicker } from '../core/progress';
import type { RasterArray } from '../core/raster-array';
import type { OperationImpl } from '../core/run-analysis';
import { fieldValues, rasterizeFeatureIds, requireField } from '../core/vector-raster';

type Result = JobResultOf<'analysis.zonalStatistics'>;
export type ZoneRow = Result['zones'][number];
export type ClassRow = Result['classes'][number];

/** Most distinct values per zone the class areas count (a class raster has a handful). */
const MAX_CLASSES = 1000;

/**
 * Statistics of a raster's cells per zone (zone ids per cell, 0 = none, e.g. rasterizeFeatureIds):
 * count, min, max, mean, sum and area of the valid cells, the nodata cells counted apart; with
 * `perClass`, the area of each distinct value in each zone and its share of the zone's valid cells.
 */
export function zonalStatistics(
  values: RasterArray,
  zoneIds: Int32Array,
  options: { perClass?: boolean; zoneName?: (id: number) => string | number | null; progress?: Progress } = {},
): { zones: ZoneRow[]; classes: ClassRow[] } {
  const cellArea = values.grid.dx * values.grid.dy;
  const acc = new Map<number, { n: number; nodata: number; min: number; max: number; sum: number; classes: Map<number, number> | null }>();
  const tick = rowTicker(options.progress, zoneIds.length, { zh: '正在分区统计', en: 'Summarising by zone' }, [50, 85], 1 << 18);
  const { data } = values;
  for (let i = 0; i < zoneIds.length; i++) {
    tick(i);
    const z = zoneIds[i]!;
    if (z === 0) continue;
    let a = acc.get(z);
    if (!a) {
      a = { n: 0, nodata: 0, min: Infinity, max: -Infinity, sum: 0, classes: options.perClass ? new Map() : null };
      acc.set(z, a);
    }
    const v = data[i]!;
    if (v !== v) {
      a.nodata++;
      continue;
    }
    a.n++;
    a.sum += v;
    if (v < a.min) a.min = v;
    if (v > a.max) a.max = v;
    if (a.classes && a.classes.size <= MAX_CLASSES) a.classes.set(v, (a.classes.get(v) ?? 0) + 1);
  }
  const name = options.zoneName ?? (() => null);
  const zones: ZoneRow[] = [];
  const classes: ClassRow[] = [];
  for (const [zoneId, a] of [...acc].sort((x, y) => x[0] - y[0])) {
    const zone = name(zoneId);
    zones.push({
      zoneId,
      zone,
      count: a.n,
      min: a.n ? a.min : null,
      max: a.n ? a.max : null,
      mean: a.n ? a.sum / a.n : null,
      sum: a.sum,
      area: a.n * cellArea,
      nodataCells: a.nodata,
    });
    if (a.classes && a.classes.size <= MAX_CLASSES) {
      for (const [value, count] of [...a.classes].sort((x, y) => x[0] - y[0])) {
        classes.push({ zoneId, zone, value, count, area: count * cellArea, share: count / a.n });
      }
    }
  }
  return { zones, classes };
}

export const zonalStatisticsOp: OperationImpl<'analysis.zonalStatistics'> = async (req, ctx) => {
  const grid = resolveAnalysisGrid(ctx, undefined, { rasters: [req.raster], vectors: [{ id: req.zones, geometry: ['POLYGON'] }] });
  const zonesLayer = ctx.layer(req.zones);
  const names = req.zoneField ? fieldValues(ctx, zonesLayer, requireField(ctx, zonesLayer, req.zoneField)) : null;
  const values = await readAligned(ctx, req.raster, grid);
  ctx.job.progress(30, '正在转换分区', 'Rasterizing the zones');
  const ids = await rasterizeFeatureIds(ctx, zonesLayer, grid, { allTouched: req.allTouched });
  const zoneName = (id: number): string | number | null => {
    const v = names?.get(id);
    return typeof v === 'string' || typeof v === 'number' ? v : null;
  };
  const { zones, classes } = zonalStatistics(values, ids, { perClass: req.perClass, zoneName, progress: ctx.job });
  // the zone name column keeps the field's name unless it would clash with a statistic's
  const fixed = new Set(['zone_id', 'count', 'min', 'max', 'mean', 'sum', 'area_m2', 'nodata_cells', 'class', 'share']);
  const zoneCol = req.zoneField && !fixed.has(req.zoneField.toLowerCase()) ? req.zoneField : 'zone';
  const base = req.outputName ?? `${zonesLayer.name}_${ctx.layer(req.raster).name}_分区统计`;
  return {
    outputs: [
      {
        kind: 'table',
        name: base,
        columns: [
          { name: 'zone_id', sqlType: 'INTEGER' },
          { name: zoneCol, sqlType: 'TEXT' },
          { name: 'count', sqlType: 'INTEGER' },
          { name: 'min', sqlType: 'REAL' },
          { name: 'max', sqlType: 'REAL' },
          { name: 'mean', sqlType: 'REAL' },
          { name: 'sum', sqlType: 'REAL' },
          { name: 'area_m2', sqlType: 'REAL' },
          { name: 'nodata_cells', sqlType: 'INTEGER' },
        ],
        rows: zones.map((z) => [z.zoneId, z.zone === null ? null : String(z.zone), z.count, z.min, z.max, z.mean, z.sum, z.area, z.nodataCells]),
      },
      ...(req.perClass
        ? [
            {
              kind: 'table' as const,
              name: `${base}_按类别`,
              columns: [
                { name: 'zone_id', sqlType: 'INTEGER' as const },
                { name: zoneCol, sqlType: 'TEXT' as const },
                { name: 'class', sqlType: 'REAL' as const },
                { name: 'count', sqlType: 'INTEGER' as const },
                { name: 'area_m2', sqlType: 'REAL' as const },
                { name: 'share', sqlType: 'REAL' as const },
              ],
              rows: classes.map((c) => [c.zoneId, c.zone === null ? null : String(c.zone), c.value, c.count, c.area, c.share]),
            },
          ]
        : []),
    ],
    extra: { zones, classes },
  };
};
