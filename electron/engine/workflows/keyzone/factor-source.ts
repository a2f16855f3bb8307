import { GwzError, type FactorSource } from '../../../../shared/api';
import type { CrossValidation } from '../../../../shared/api/analysis-ops/interpolation';
import type { RatingCategory, RatingRange } from '../../../../shared/domain/keyzone-profile';
import { readAligned, requireRaster, requireVector } from '../../analysis/core/analysis-grid';
import type { Grid } from '../../analysis/core/grid';
import { emptyRaster, type RasterArray } from '../../analysis/core/raster-array';
import { denseById, fieldValues, rasterizeFeatureIds, requireField } from '../../analysis/core/vector-raster';
import { crossValidation } from '../../analysis/interpolation/cross-validation';
import { idwGrid, idwLeaveOneOut, type IdwParams } from '../../analysis/interpolation/idw';
import { readSamples } from '../../analysis/interpolation/ops/samples';
import { featureRatings, rasterFromFeatureIds } from '../../analysis/raster/rasterize';
import { slopeRaster } from '../../analysis/raster/slope';
import { COLLAR_TABLE } from '../../io/tables/store-boreholes';
import type { Output } from '../../analysis/core/run-analysis';
import { waterQualityClass } from '../../analysis/water-quality/classify-op';
import type { LayerRow } from '../../project/layers';
import { rateRaster } from './evaluate';
import { resolveLayer, type StepContext } from './step-context';

/** How raw values become ratings (or classes): by ranges, by named categories, or taken as they are (rounded). */
export interface RatingRule {
  ranges: readonly RatingRange[];
  categories: readonly RatingCategory[];
  /** Raw values are already classes (e.g. GB/T 14848 class 1–5): rounded and kept within [min, max]. */
  asClass?: { min: number; max: number };
}

export interface FactorRead {
  /** The values before rating (depth in m, slope in %…), when the source has numbers. */
  raw: RasterArray | null;
  rating: RasterArray;
  /** One line on where the numbers came from, for the tables and the explanation. */
  describe_zh: string;
  describe_en: string;
  cv: CrossValidation | null;
  /** Cells (or polygon values) no rule matched. */
  unmatched: number;
  unmatchedValues: (string | number)[];
  /** Layers the source made on the way (the classed monitoring wells), written with the step's. */
  outputs: Output[];
  /** Rows for a table of the step (the wells and their classes). */
  rows?: (string | number | null)[][];
}

/** The IDW of the key-zone factors: gdal_grid invdistnn-like, the 12 nearest points. */
const IDW: Omit<IdwParams, 'power'> = { smoothing: 0, radius: 0, maxPoints: 12, minPoints: 1 };

function rate(raw: RasterArray, rule: RatingRule): { raster: RasterArray; unmatched: number } {
  if (rule.asClass) {
    const out = emptyRaster(raw.grid);
    for (let i = 0; i < raw.data.length; i++) {
      const v = raw.data[i]!;
      if (v === v) out.data[i] = Math.min(rule.asClass.max, Math.max(rule.asClass.min, Math.round(v)));
    }
    return { raster: out, unmatched: 0 };
  }
  if (rule.ranges.length === 0) {
    throw new GwzError('BAD_INPUT', '该因子按类别评分，请选择面图层并给出属性 → 评分表，或给定常数评分。', 'This factor is rated by category: choose a polygon layer with an attribute → rating table, or a constant rating.');
  }
  return rateRaster(raw, rule.ranges);
}

/** Polygon attribute values as ratings: the given table, else the rule's category keys/labels, else numbers by ranges. */
function polygonRatings(values: Map<number, unknown>, table: { category: string | number; value: number }[] | undefined, rule: RatingRule) {
  if (table) return { ...featureRatings(values, table), numeric: false };
  if (rule.categories.length > 0) {
    const byName = rule.categories.flatMap((c) => [
      { category: c.key, value: c.rating },
      ...(c.label_zh !== c.key ? [{ category: c.label_zh, value: c.rating }] : []),
    ]);
    return { ...featureRatings(values, byName), numeric: false };
  }
  return { ...featureRatings(values), numeric: true };
}

/**
 * The feature id of every cell, once per layer and step: five DRASTIC factors often come from the
 * same hydrogeological-unit map, and burning it once instead of five times halves the step.
 * Features without a rating are left out by the lookup (NaN); where polygons overlap, the later
 * one holds the cell whether it is rated or not.
 */
const burnt = new WeakMap<StepContext, Map<number, Promise<Int32Array>>>();
function featureIdsOnce(sc: StepContext, row: LayerRow, grid: Grid): Promise<Int32Array> {
  let cache = burnt.get(sc);
  if (!cache) burnt.set(sc, (cache = new Map()));
  let ids = cache.get(row.id);
  if (!ids) cache.set(row.id, (ids = rasterizeFeatureIds(sc.op, row, grid)));
  return ids;
}

export async function readFactor(sc: StepContext, source: FactorSource, grid: Grid, rule: RatingRule, what_zh: string, what_en: string): Promise<FactorRead> {
  const op = sc.op;
  const base = { cv: null, unmatched: 0, unmatchedValues: [] as (string | number)[], outputs: [] as Output[] };
  switch (source.kind) {
    case 'constant': {
      const rating = emptyRaster(grid, source.value);
      return { ...base, raw: null, rating, describe_zh: `常数 ${source.value}`, describe_en: `constant ${source.value}` };
    }
    case 'raster': {
      const row = resolveLayer(sc, source.layer, what_zh, what_en);
      requireRaster(op, row.id);
      const raw = await readAligned(op, row.id, grid);
      const r = rate(raw, rule);
      return { ...base, raw, rating: r.raster, unmatched: r.unmatched, describe_zh: `栅格「${row.name}」`, describe_en: `raster "${row.name}"` };
    }
    case 'slope': {
      const row = resolveLayer(sc, source.dem, what_zh, what_en);
      requireRaster(op, row.id);
      // the DEM is read onto the evaluation grid (bilinear) and the slope taken there, so slope and grid agree cell for cell
      const dem = await readAligned(op, row.id, grid, 'bilinear');
      const raw = slopeRaster(dem, { units: 'percent', zFactor: 1 });
      const r = rate(raw, rule);
      return { ...base, raw, rating: r.raster, unmatched: r.unmatched, describe_zh: `由 DEM「${row.name}」计算坡度（%，Horn）`, describe_en: `slope (%, Horn) from DEM "${row.name}"` };
    }
    case 'polygon': {
      const row = resolveLayer(sc, source.layer, what_zh, what_en);
      requireVector(op, row.id, ['POLYGON']);
      const field = requireField(op, row, source.field);
      const values = fieldValues(op, row, field);
      const { ratings, unmatched, numeric } = polygonRatings(values, source.table, rule);
      if (ratings.size === 0) {
        throw new GwzError(
          'BAD_INPUT',
          `${what_zh}：图层「${row.name}」字段「${field}」的值都不在评分表中（如：${unmatched.slice(0, 5).join('、')}）。`,
          `${what_en}: no value of field "${field}" of "${row.name}" is in the rating table (e.g. ${unmatched.slice(0, 5).join(', ')}).`,
          { layer: row.id, field, unmatched: unmatched.slice(0, 20) },
        );
      }
      const ids = await featureIdsOnce(sc, row, grid);
      const burnt = rasterFromFeatureIds(grid, ids, denseById(ratings));
      const how_zh = source.table ? '属性 → 评分表' : numeric ? '数值按区间评分' : '属性按介质名称评分';
      const how_en = source.table ? 'attribute → rating table' : numeric ? 'numbers rated by ranges' : 'attribute rated by medium name';
      const describe = { describe_zh: `面图层「${row.name}」字段「${field}」（${how_zh}）`, describe_en: `polygons "${row.name}", field "${field}" (${how_en})` };
      if (numeric) {
        const r = rate(burnt, rule);
        return { ...base, ...describe, raw: burnt, rating: r.raster, unmatched: r.unmatched, unmatchedValues: unmatched };
      }
      return { ...base, ...describe, raw: null, rating: burnt, unmatched: unmatched.length, unmatchedValues: unmatched };
    }
    case 'wellQuality': {
      const collars = op.db.prepare('SELECT id FROM gwz_layers WHERE table_name = ?').get(COLLAR_TABLE) as { id: number } | undefined;
      if (!collars) throw new GwzError('BAD_INPUT', `${what_zh}：工程中没有监测井，请先导入监测井与水质数据。`, `${what_en}: the project has no monitoring wells; import the wells and their water quality first.`);
      sc.inputs.add(collars.id);
      const classed = await waterQualityClass({ sites: collars.id, basis: source.basis, outputName: '监测井水质类别' }, op);
      const coords = new Map((op.db.prepare(`SELECT fid, hole_id, x, y FROM ${COLLAR_TABLE}`).all() as { fid: number; hole_id: string; x: number; y: number }[]).map((c) => [c.hole_id, c]));
      const wells = classed.extra.wells.filter((w) => w.class !== null && coords.has(w.site));
      if (wells.length === 0) throw new GwzError('BAD_INPUT', `${what_zh}：没有可按 GB/T 14848 分类的监测井水质数据。`, `${what_en}: no monitoring well has water quality that GB/T 14848 can class.`);
      const samples = {
        fid: Int32Array.from(wells, (w) => coords.get(w.site)!.fid),
        x: Float64Array.from(wells, (w) => coords.get(w.site)!.x),
        y: Float64Array.from(wells, (w) => coords.get(w.site)!.y),
        z: Float64Array.from(wells, (w) => w.class!),
        skipped: 0,
      };
      // one nearest well: its class over its Thiessen polygon
      const params: IdwParams = source.method === 'nearest' ? { power: 2, smoothing: 0, radius: 0, maxPoints: 1, minPoints: 1 } : { ...IDW, power: 2 };
      const raw: RasterArray = { grid, data: await idwGrid(samples, grid, params) };
      const r = rate(raw, rule);
      const basisZh = { latest: '最近一次采样', worst: '时段内最差', mean: '时段均值' }[source.basis];
      return {
        ...base,
        raw: null,
        rating: r.raster,
        outputs: classed.outputs.filter((o) => o.kind === 'vector'),
        rows: classed.extra.wells.map((w) => [w.site, w.class, w.worst.join('、'), w.exceeded.map((e) => `${e.indicator}(${e.multiple.toFixed(2)})`).join('、'), w.date]),
        describe_zh: `${wells.length} 口监测井按 GB/T 14848-2017 分类（${basisZh}，单指标最差定类），${source.method === 'nearest' ? '最近井赋值（泰森多边形）' : 'IDW 后取整'}`,
        describe_en: `${wells.length} monitoring wells classed by GB/T 14848-2017 (${source.basis}; the worst indicator sets the class), ${source.method === 'nearest' ? 'nearest well (Thiessen)' : 'IDW, rounded'}`,
      };
    }
    case 'boreholes':
    case 'points': {
      let layerId: number;
      if (source.kind === 'boreholes') {
        const collars = op.db.prepare('SELECT id FROM gwz_layers WHERE table_name = ?').get(COLLAR_TABLE) as { id: number } | undefined;
        if (!collars) throw new GwzError('BAD_INPUT', `${what_zh}：工程中没有钻孔数据，请先导入钻孔与水位。`, `${what_en}: the project has no boreholes; import collars and water levels first.`);
        layerId = collars.id;
        sc.inputs.add(layerId);
      } else {
        layerId = resolveLayer(sc, source.layer, what_zh, what_en).id;
      }
      const samples = readSamples(
        op,
        source.kind === 'boreholes'
          ? { points: layerId, boreholeValue: source.value, statistic: source.statistic, nonDetect: 'omit' }
          : { points: layerId, field: source.field, statistic: 'mean', nonDetect: 'omit' },
        3,
        what_zh,
        what_en,
      );
      const params: IdwParams = { ...IDW, power: source.power };
      const raw: RasterArray = { grid, data: await idwGrid(samples, grid, params) };
      const cv = crossValidation(samples, idwLeaveOneOut(samples, params));
      const r = rate(raw, rule);
      const quantity = source.kind === 'boreholes' ? (source.value === 'level' ? '水位标高' : '水位埋深') : source.field;
      return {
        ...base,
        raw,
        rating: r.raster,
        unmatched: r.unmatched,
        cv,
        describe_zh: `${samples.x.length} 个点的${quantity} IDW 插值（幂 ${source.power}，最近 ${IDW.maxPoints} 点；留一交叉验证 RMSE ${cv.rmse.toFixed(2)}）`,
        describe_en: `IDW of ${quantity} at ${samples.x.length} points (power ${source.power}, nearest ${IDW.maxPoints}; leave-one-out RMSE ${cv.rmse.toFixed(2)})`,
      };
    }
  }
}
