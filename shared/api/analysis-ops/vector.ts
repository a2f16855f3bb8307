import { z } from 'zod';
import { AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, rasterLayerParam, vectorLayerParam } from '../params';

/**
 * Vector overlay through SpatiaLite/GEOS SQL on the project file (electron/engine/analysis/vector/),
 * and raster classes to polygons. Inputs must be in the project CRS, which must be projected: every
 * distance and area is in metres.
 */

const fieldOf = (of: string, label_zh: string, label_en: string, extra: { help_zh?: string; help_en?: string } = {}) =>
  label(z.string().min(1), { label_zh, label_en, field: { of }, ...extra });

const AreaSummary = {
  /** Features written. */
  features: z.number().int(),
  /** Total area of the result, m² (0 for points and lines). */
  area: z.number(),
};

const polygons = (label_zh: string, label_en: string) => vectorLayerParam(label_zh, label_en, ['POLYGON']);

export const vectorOperations = {
  'analysis.buffer': analysisMethod({
    category: 'vector',
    summary_zh: '缓冲区（点、线、面外扩固定或按字段的距离，可合并重叠部分；如水源井保护半径）',
    summary_en: 'Buffer (points, lines or polygons by a fixed or per-feature distance, optionally merged; e.g. wellhead protection radii)',
    request: z
      .object({
        layer: vectorLayerParam('输入图层', 'Input layer'),
        distance: label(z.number().positive().max(1_000_000), { label_zh: '缓冲距离', label_en: 'Distance', unit: 'm' }),
        distanceField: label(z.string().min(1).optional(), {
          label_zh: '距离字段（逐要素距离，覆盖缓冲距离）',
          label_en: 'Distance field (per feature, overrides the distance)',
          field: { of: 'layer', types: ['number'] },
          unit: 'm',
        }),
        segments: label(z.number().int().min(1).max(90).default(8), {
          label_zh: '每 1/4 圆的线段数',
          label_en: 'Segments per quarter circle',
          help_zh: '越大越圆（与 ST_Buffer、ogr2ogr 的 quadrant segments 相同）',
          help_en: 'More is rounder (the quadrant segments of ST_Buffer and ogr2ogr)',
        }),
        dissolve: label(z.boolean().default(false), { label_zh: '合并重叠的缓冲区', label_en: 'Merge overlapping buffers' }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...AreaSummary, skipped: z.number().int() }),
  }),
  'analysis.dissolve': analysisMethod({
    category: 'vector',
    summary_zh: '融合（按字段值合并面，如县界 → 市界；不给字段则全部合并为一个）',
    summary_en: 'Dissolve (merge polygons by a field’s values, e.g. counties → city; all into one without a field)',
    request: z
      .object({
        layer: polygons('面图层', 'Polygon layer'),
        field: label(z.string().min(1).optional(), { label_zh: '按字段融合', label_en: 'Dissolve by field', field: { of: 'layer' } }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      ...AreaSummary,
      groups: z.array(z.object({ value: z.union([z.string(), z.number(), z.null()]), parts: z.number().int(), area: z.number() })),
    }),
  }),
  'analysis.intersection': analysisMethod({
    category: 'vector',
    summary_zh: '相交叠加（两图层重叠的部分，保留两者的属性；如分区 × 行政区）',
    summary_en: 'Intersection overlay (where two layers overlap, with the attributes of both; e.g. zones × administrative units)',
    request: z
      .object({
        layer: vectorLayerParam('输入图层', 'Input layer'),
        overlay: polygons('叠加图层（面）', 'Overlay layer (polygons)'),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...AreaSummary, pairs: z.number().int() }),
  }),
  'analysis.difference': analysisMethod({
    category: 'vector',
    summary_zh: '擦除（输入图层减去叠加图层覆盖的部分，保留输入属性）',
    summary_en: 'Difference (the input minus what the overlay covers; input attributes kept)',
    request: z
      .object({
        layer: vectorLayerParam('输入图层', 'Input layer'),
        overlay: polygons('擦除图层（面）', 'Erase layer (polygons)'),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...AreaSummary, removed: z.number().int() }),
  }),
  'analysis.clipVector': analysisMethod({
    category: 'vector',
    summary_zh: '按研究区裁剪矢量（只保留研究区内的部分，保留输入属性）',
    summary_en: 'Clip a vector layer to the study area (only the parts inside; input attributes kept)',
    request: z
      .object({
        layer: vectorLayerParam('输入图层', 'Input layer'),
        boundary: polygons('研究区（面）', 'Study area (polygons)'),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...AreaSummary, removed: z.number().int() }),
  }),
  'analysis.areaByUnit': analysisMethod({
    category: 'vector',
    summary_zh: '按行政单元统计面积（各类别在每个行政单元中的面积与占比，输出表格）',
    summary_en: 'Area by unit (the area and share of each class within each administrative unit, as a table)',
    request: z
      .object({
        layer: polygons('分类面图层（如防治分区）', 'Class polygons (e.g. protection zones)'),
        classField: fieldOf('layer', '类别字段', 'Class field'),
        units: polygons('行政单元（面）', 'Administrative units (polygons)'),
        unitField: fieldOf('units', '单元名称字段', 'Unit name field'),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      rows: z.array(
        z.object({
          unit: z.union([z.string(), z.number(), z.null()]),
          class: z.union([z.string(), z.number(), z.null()]),
          area: z.number(),
          /** Of the unit's area. */
          share: z.number(),
        }),
      ),
      units: z.array(z.object({ unit: z.union([z.string(), z.number(), z.null()]), area: z.number(), covered: z.number() })),
    }),
  }),
  'analysis.simplify': analysisMethod({
    category: 'vector',
    summary_zh: '保持拓扑的化简（相邻面共用的边界只化简一次，化简后仍无缝无叠）',
    summary_en: 'Topology-preserving simplification (boundaries shared by neighbours are simplified once, so they still meet without gaps or overlaps)',
    request: z
      .object({
        layer: polygons('面图层', 'Polygon layer'),
        tolerance: label(z.number().positive().max(100_000), {
          label_zh: '容差（道格拉斯-普克）',
          label_en: 'Tolerance (Douglas–Peucker)',
          unit: 'm',
        }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ ...AreaSummary, verticesBefore: z.number().int(), verticesAfter: z.number().int(), lost: z.number().int() }),
  }),
  'analysis.polygonize': analysisMethod({
    category: 'raster',
    summary_zh: '栅格类别转面（最小图斑面积筛除小斑块，可平滑边界且相邻面仍共用边界）',
    summary_en: 'Raster classes to polygons (a minimum mapping unit sieves small patches; boundaries optionally smoothed, still shared by neighbours)',
    request: z
      .object({
        raster: rasterLayerParam('类别栅格（如分级结果）', 'Class raster (e.g. a classification)'),
        minArea: label(z.number().min(0).default(0), {
          label_zh: '最小图斑面积',
          label_en: 'Minimum mapping unit',
          unit: 'm²',
          help_zh: '小于此面积的斑块并入相邻的最大斑块（同 gdal_sieve.py）；0 不筛除',
          help_en: 'Patches smaller than this merge into their largest neighbour (as gdal_sieve.py); 0 keeps all',
        }),
        connectedness: label(z.union([z.literal(4), z.literal(8)]).default(4), {
          label_zh: '连通方式（筛除时）',
          label_en: 'Connectedness (for the sieve)',
        }),
        smooth: label(z.number().int().min(0).max(5).default(0), {
          label_zh: '边界平滑次数（Chaikin 切角）',
          label_en: 'Boundary smoothing passes (Chaikin corner cutting)',
          help_zh: '0 保留像元阶梯边界；1–3 较常用',
          help_en: '0 keeps the cell staircase; 1–3 is usual',
        }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      ...AreaSummary,
      /** Cells the sieve moved to a neighbouring class. */
      sievedCells: z.number().int(),
      classes: z.array(z.object({ value: z.number(), polygons: z.number().int(), area: z.number() })),
    }),
  }),
} as const;
