import { z } from 'zod';
import { AnalysisResultSchema, analysisMethod } from '../analysis-base';
import { label, OutputNameSchema, rasterLayerParam, vectorLayerParam } from '../params';

/**
 * Hydrology (fill, D8, accumulation, catchments, streams): electron/engine/analysis/hydrology/.
 * Every operation takes the DEM itself and routes flow the same way (depressions filled to their
 * spill level, then D8 steepest descent, flats and filled depressions drained to their outlets along
 * their original valley floors), so the flow directions behind a catchment are the ones the
 * flow-direction layer shows.
 */

const dem = rasterLayerParam('高程 (DEM)', 'Elevation (DEM)', {
  help_zh: '投影坐标系下的 DEM；洼地在计算中自动填平',
  help_en: 'A DEM in a projected CRS; depressions are filled as part of the computation',
});

/** Outlets given by coordinates, in the project CRS. */
const PointsSchema = label(z.array(z.tuple([z.number(), z.number()])).min(1).max(10_000).optional(), {
  label_zh: '出口点坐标 [[x, y], …]（项目坐标系）',
  label_en: 'Outlet coordinates [[x, y], …] (project CRS)',
});

const snapRadius = label(z.number().min(0).max(100_000).optional(), {
  label_zh: '出口点捕捉半径',
  label_en: 'Outlet snap radius',
  unit: 'm',
  help_zh: '在此半径内移到汇流累积量最大的像元；缺省为 2 个像元，0 表示不移动',
  help_en: 'Moves each outlet to the cell of highest flow accumulation within this radius; 2 cells when absent, 0 keeps it in place',
});

const outlets = vectorLayerParam('出口点图层', 'Outlet points layer', ['POINT'], {
  help_zh: '井、泉或河流断面等出口点；也可用“出口点坐标”直接给出',
  help_en: 'Wells, springs or stream sections; or give them as outlet coordinates',
}).optional();

const nameField = label(z.string().min(1).optional(), {
  label_zh: '出口点名称字段',
  label_en: 'Outlet name field',
  field: { of: 'outlets' },
});

export const SnappedOutletSchema = z.object({
  /** 1-based, in the order of the outlet layer's features (by fid) or of `points`. */
  id: z.number().int(),
  name: z.string().nullable(),
  /** Where the outlet was given. */
  x: z.number(),
  y: z.number(),
  /** Centre of the cell it was snapped to. */
  snappedX: z.number(),
  snappedY: z.number(),
  snapDistance: z.number(),
  /** Flow accumulation (cells, the outlet cell included) at the snapped cell. */
  accumulation: z.number().int(),
});
export type SnappedOutlet = z.infer<typeof SnappedOutletSchema>;

export const CatchmentSummarySchema = SnappedOutletSchema.extend({
  cells: z.number().int(),
  areaKm2: z.number(),
});

export const hydrologyOperations = {
  'analysis.fillDepressions': analysisMethod({
    category: 'hydrology',
    summary_zh: '填洼（填至溢出高程，结果同优先级洪泛法 / GRASS r.terraflow）',
    summary_en: 'Fill depressions (to their spill level; the surface of priority-flood / GRASS r.terraflow)',
    request: z.object({ dem, outputName: OutputNameSchema }).strict(),
    result: AnalysisResultSchema.extend({
      /** Cells raised above their original elevation. */
      cellsRaised: z.number().int(),
      maxDepth: z.number(),
      /** Volume of the filled depressions, m³ (cell area × depth). */
      volume: z.number(),
    }),
  }),
  'analysis.flowDirection': analysisMethod({
    category: 'hydrology',
    summary_zh: 'D8 流向（先填洼；编码同 ArcGIS：1 东、2 东南、4 南…128 东北，0 流出边界）',
    summary_en: 'D8 flow direction (depressions filled first; ArcGIS codes: 1 E, 2 SE, 4 S … 128 NE, 0 drains off the grid)',
    request: z.object({ dem, outputName: OutputNameSchema }).strict(),
    result: AnalysisResultSchema.extend({
      /** Cells that drain off the grid or into nodata. */
      outletCells: z.number().int(),
    }),
  }),
  'analysis.flowAccumulation': analysisMethod({
    category: 'hydrology',
    summary_zh: '汇流累积量（D8，含本像元）',
    summary_en: 'Flow accumulation (D8, the cell itself included)',
    request: z
      .object({
        dem,
        units: label(z.enum(['cells', 'km2']).default('cells'), { label_zh: '单位（像元数 / 平方千米）', label_en: 'Units (cells / km²)' }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({ max: z.number() }),
  }),
  'analysis.snapOutlets': analysisMethod({
    category: 'hydrology',
    summary_zh: '出口点捕捉到河道（半径内汇流累积量最大的像元）',
    summary_en: 'Snap outlets to the stream (cell of highest flow accumulation within a radius)',
    request: z.object({ dem, outlets, points: PointsSchema, nameField, snapRadius, outputName: OutputNameSchema }).strict(),
    result: AnalysisResultSchema.extend({ outlets: z.array(SnappedOutletSchema) }),
  }),
  'analysis.catchment': analysisMethod({
    category: 'hydrology',
    summary_zh: '汇水区（出口点以上的集水范围，面图层）',
    summary_en: 'Catchment (upslope area of each outlet, as polygons)',
    request: z.object({ dem, outlets, points: PointsSchema, nameField, snapRadius, outputName: OutputNameSchema }).strict(),
    result: AnalysisResultSchema.extend({ catchments: z.array(CatchmentSummarySchema) }),
  }),
  'analysis.streams': analysisMethod({
    category: 'hydrology',
    summary_zh: '提取河网（汇流累积量阈值，Strahler 分级）',
    summary_en: 'Extract streams (flow accumulation threshold, Strahler order)',
    request: z
      .object({
        dem,
        thresholdKm2: label(z.number().positive().optional(), {
          label_zh: '集水面积阈值',
          label_en: 'Contributing area threshold',
          unit: 'km²',
          help_zh: '集水面积不小于此值的像元为河道；与“像元数阈值”二选一，缺省 1 km²',
          help_en: 'Cells draining at least this area are streams; or give a threshold in cells; 1 km² when neither is given',
        }),
        thresholdCells: label(z.number().int().positive().optional(), { label_zh: '像元数阈值', label_en: 'Threshold in cells' }),
        raster: label(z.boolean().default(false), { label_zh: '同时输出河网栅格（Strahler 级别）', label_en: 'Also write a stream raster (Strahler order)' }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      thresholdCells: z.number().int(),
      links: z.number().int(),
      maxOrder: z.number().int(),
      lengthKm: z.number(),
    }),
  }),
  'analysis.waterTableGradient': analysisMethod({
    category: 'hydrology',
    summary_zh: '水力坡度与地下水流向（由插值的水位面计算）',
    summary_en: 'Hydraulic gradient and groundwater flow direction (from an interpolated head surface)',
    request: z
      .object({
        head: rasterLayerParam('地下水位（水头）面', 'Water-table (head) surface', {
          help_zh: '水位标高栅格（如克里金插值结果），单位 m',
          help_en: 'A raster of hydraulic head (e.g. a kriging result), in m',
        }),
        outputName: OutputNameSchema,
      })
      .strict(),
    result: AnalysisResultSchema.extend({
      /** Over the cells with a gradient. */
      meanGradient: z.number().nullable(),
      maxGradient: z.number().nullable(),
      /** Direction of the mean gradient vector, degrees clockwise from grid north (where water flows to). */
      meanAzimuth: z.number().nullable(),
    }),
  }),
} as const;
