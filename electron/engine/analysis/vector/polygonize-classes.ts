import { GwzError, type JobResultOf } from '../../../../shared/api';
import { gdal } from '../../gdal';
import { requireRaster } from '../core/analysis-grid';
import { jobStep } from '../core/cooperate';
import { geoTransformOf, type Grid } from '../core/grid';
import { assertProjected } from '../core/projected';
import type { OperationImpl, VectorOutput } from '../core/run-analysis';
import { areaOf } from './overlay';
import { chaikin, coverageArcs, rebuildCoverage } from './shared-arcs';

type Row = NonNullable<VectorOutput['rows']>[number];
type ClassSummary = JobResultOf<'analysis.polygonize'>['classes'][number];

/** Class codes go to GDAL as Int32; nodata (NaN) is masked out. */
const NODATA = -2147483648;

/** Cells per patch below which the sieve merges it: patches of area < minArea go. */
export function sieveThreshold(minArea: number, grid: Grid): number {
  return minArea > 0 ? Math.ceil(minArea / (grid.dx * grid.dy) - 1e-9) : 0;
}

export interface ClassPolygon {
  value: number;
  wkb: Buffer;
}

/**
 * Class polygons of a class raster: the sieve of gdal_sieve.py (GDALSieveFilter: a patch under the
 * threshold joins its largest neighbour, nodata never takes part) when `threshold` > 1, then GDAL's
 * polygonizer (the one of gdal_polygonize.py) with 4-connected patches, one polygon per patch.
 */
export async function polygonizeClasses(
  data: Float32Array,
  grid: Grid,
  options: { threshold?: number; connectedness?: 4 | 8 } = {},
): Promise<{ polygons: ClassPolygon[]; sievedCells: number }> {
  const { width: w, height: h } = grid;
  const codes = new Int32Array(w * h);
  for (let i = 0; i < codes.length; i++) {
    const v = data[i]!;
    if (v !== v) codes[i] = NODATA;
    else if (v !== Math.round(v)) {
      throw new GwzError('BAD_INPUT', `栅格含非整数值（如 ${v}），无法按类别转面；请先分级或重分类。`, `The raster holds non-integer values (e.g. ${v}); classify or reclassify it before polygonizing.`, { value: v });
    } else codes[i] = v;
  }
  const mem = gdal.open('', 'w', 'MEM', w, h, 2, gdal.GDT_Int32);
  const vectors = gdal.open('', 'w', 'Memory');
  try {
    mem.geoTransform = geoTransformOf(grid);
    mem.srs = gdal.SpatialReference.fromEPSG(grid.srid);
    const band = mem.bands.get(1);
    band.noDataValue = NODATA;
    await band.pixels.writeAsync(0, 0, w, h, codes);
    let sievedCells = 0;
    let src = band;
    if ((options.threshold ?? 0) > 1) {
      const out = mem.bands.get(2);
      out.noDataValue = NODATA;
      await gdal.sieveFilterAsync({ src: band, dst: out, mask: band.getMaskBand() ?? undefined, threshold: options.threshold!, connectedness: options.connectedness ?? 4 });
      const sieved = new Int32Array(w * h);
      await out.pixels.readAsync(0, 0, w, h, sieved);
      for (let i = 0; i < sieved.length; i++) if (sieved[i] !== codes[i]) sievedCells++;
      src = out;
    }
    const layer = vectors.layers.create('classes', null, gdal.wkbPolygon);
    layer.fields.add(new gdal.FieldDefn('v', gdal.OFTInteger));
    await gdal.polygonizeAsync({ src, mask: band.getMaskBand() ?? undefined, dst: layer, pixValField: 0, connectedness: 4 });
    const polygons: ClassPolygon[] = [];
    for (const f of layer.features) {
      const g = f.getGeometry();
      if (g) polygons.push({ value: f.fields.get('v') as number, wkb: g.toWKB() });
    }
    return { polygons, sievedCells };
  } finally {
    vectors.close();
    mem.close();
  }
}

export const polygonize: OperationImpl<'analysis.polygonize'> = async (req, ctx) => {
  const row = requireRaster(ctx, req.raster);
  const raster = await ctx.readRaster(req.raster);
  assertProjected(raster.grid.srid, `栅格「${row.name}」`, `Raster "${row.name}"`);
  ctx.job.progress(20, '正在转面', 'Polygonizing');
  const { polygons, sievedCells } = await polygonizeClasses(raster.data, raster.grid, {
    threshold: sieveThreshold(req.minArea, raster.grid),
    connectedness: req.connectedness,
  });
  ctx.job.throwIfCancelled();
  let geometries: (Buffer | null)[] = polygons.map((p) => p.wkb);
  if (req.smooth > 0) {
    ctx.job.progress(40, '正在平滑边界', 'Smoothing the boundaries');
    const arcs = coverageArcs(ctx.db, geometries).map((a) => chaikin(a, req.smooth));
    geometries = (await rebuildCoverage(ctx.db, geometries, arcs, jobStep(ctx.job, 45, 88, '正在重建面', 'Rebuilding the polygons'))).geometries;
  }
  const rows: Row[] = [];
  const byClass = new Map<number, ClassSummary>();
  let area = 0;
  for (let i = 0; i < polygons.length; i++) {
    const g = geometries[i];
    if (!g) continue;
    const value = polygons[i]!.value;
    const a = areaOf(ctx, g);
    area += a;
    rows.push({ values: [value, a], wkb: g });
    const c = byClass.get(value) ?? { value, polygons: 0, area: 0 };
    c.polygons++;
    c.area += a;
    byClass.set(value, c);
  }
  return {
    outputs: [
      {
        kind: 'vector',
        name: req.outputName ?? `${row.name}_转面`,
        geometryType: 'MULTIPOLYGON',
        columns: [
          { name: 'class', sqlType: 'INTEGER' },
          { name: 'area_m2', sqlType: 'REAL' },
        ],
        rows,
      },
    ],
    extra: { features: rows.length, area, sievedCells, classes: [...byClass.values()].sort((x, y) => x.value - y.value) },
  };
};
