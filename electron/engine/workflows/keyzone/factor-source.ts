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
  const base = { cv: null, unmatched: 0, unmatchedValues: [] as (string | number)[] };
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
