import { z } from 'zod';
import { CrsCodeSchema, ExtentSchema, FilePathSchema, JobStartedSchema } from './common';
import { method } from './method';

/**
 * What leaves the workbench: layers for other tools (ArcGIS, QGIS, CAD, Google Earth), print-quality
 * map layouts (SVG → PDF/PNG) and the technical report (DOCX). Every export writes files at a path
 * the caller names and never changes the project.
 */

export const LAYER_FORMATS = ['shapefile', 'gpkg', 'geojson', 'kml', 'kmz', 'dxf', 'csv', 'xlsx', 'geotiff'] as const;
export const LayerFormatSchema = z.enum(LAYER_FORMATS);
export type LayerFormat = z.infer<typeof LayerFormatSchema>;

/** Text encoding of a shapefile's DBF: UTF-8 (with .cpg) by default; GBK for old ArcGIS/MapGIS readers. */
export const ShapefileEncodingSchema = z.enum(['UTF-8', 'GBK']);
export type ShapefileEncoding = z.infer<typeof ShapefileEncodingSchema>;

export const FieldMappingSchema = z.object({ field: z.string(), exported: z.string() });
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

export const ExportLayerResultSchema = z.object({
  format: LayerFormatSchema,
  /** The main file written (.shp, .gpkg, .tif…). */
  path: z.string(),
  /** Every file written (a shapefile's .shp/.shx/.dbf/.prj/.cpg and the field-name mapping). */
  files: z.array(z.string()),
  featureCount: z.number().int(),
  /** CRS of the written file, "EPSG:n". */
  crs: z.string(),
  encoding: z.string().nullable(),
  /** Shapefile fields whose names had to be shortened to ≤ 10 bytes (also written as <name>_字段对照.csv). */
  fieldMap: z.array(FieldMappingSchema),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ExportLayerResult = z.infer<typeof ExportLayerResultSchema>;

export const PAPER_SIZES = ['A4', 'A3', 'A2', 'A1', 'A0'] as const;
export const PaperSchema = z.enum(PAPER_SIZES);
export type Paper = z.infer<typeof PaperSchema>;

export const LayoutElementsSchema = z.object({
  legend: z.boolean().default(true),
  scaleBar: z.boolean().default(true),
  northArrow: z.boolean().default(true),
  grid: z.boolean().default(true),
  titleBlock: z.boolean().default(true),
  inset: z.boolean().default(false),
});

/** A map layout: the same object drives the UI preview, the CLI and every export format. */
export const LayoutSpecSchema = z.object({
  paper: PaperSchema.default('A3'),
  orientation: z.enum(['portrait', 'landscape']).default('landscape'),
  /** Drawing order bottom → top; default every visible vector and raster layer. */
  layerIds: z.array(z.number().int()).optional(),
  /** Map extent in project coordinates; default the union of the drawn layers. */
  extent: ExtentSchema.optional(),
  /** Scale denominator (1:n); default the largest round scale at which the extent fits the frame. */
  scale: z.number().int().min(500).max(10_000_000).optional(),
  title: z.string().max(80).optional(),
  subtitle: z.string().max(120).optional(),
  /** 编制单位 */
  organization: z.string().max(80).optional(),
  /** 制图日期, as printed (e.g. 2026年12月); default this month. */
  date: z.string().max(40).optional(),
  /** 数据来源 */
  dataSource: z.string().max(200).optional(),
  grid: z
    .object({
      kind: z.enum(['km', 'graticule']).default('km'),
      /** Grid spacing in metres (km grid) or minutes (graticule); default a round value for the scale. */
      interval: z.number().positive().optional(),
      /** Gauss–Krüger easting labels with the zone number (e.g. 39 437). */
      zonePrefix: z.boolean().default(false),
    })
    .default({ kind: 'km', zonePrefix: false }),
  elements: LayoutElementsSchema.default({ legend: true, scaleBar: true, northArrow: true, grid: true, titleBlock: true, inset: false }),
  /** Layer shown in the location inset (default the largest polygon layer). */
  insetLayerId: z.number().int().optional(),
});
export type LayoutSpec = z.output<typeof LayoutSpecSchema>;
export type LayoutSpecInput = z.input<typeof LayoutSpecSchema>;

export const LayoutFormatSchema = z.enum(['pdf', 'png', 'svg']);
export type LayoutFormat = z.infer<typeof LayoutFormatSchema>;

const RectSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });

/** Where things landed on the page (mm from the top-left corner), so tests and the UI can check them. */
export const LayoutPlacementSchema = z.object({
  pageMm: z.tuple([z.number(), z.number()]),
  frameMm: RectSchema,
  /** Scale denominator actually used. */
  scale: z.number(),
  /** Map extent drawn, project coordinates. */
  extent: ExtentSchema,
  scaleBar: z.object({ lengthMm: z.number(), groundMetres: z.number(), x: z.number(), y: z.number() }).nullable(),
  legend: z.array(z.object({ label: z.string(), color: z.string().nullable(), swatch: RectSchema })),
  crsNote: z.string(),
});
export type LayoutPlacement = z.infer<typeof LayoutPlacementSchema>;

export const ExportLayoutResultSchema = z.object({
  path: z.string(),
  format: LayoutFormatSchema,
  bytes: z.number().int(),
  dpi: z.number().nullable(),
  /** PNG size in pixels. */
  pixels: z.tuple([z.number().int(), z.number().int()]).nullable(),
  placement: LayoutPlacementSchema,
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ExportLayoutResult = z.infer<typeof ExportLayoutResultSchema>;

export const ReportSpecSchema = z.object({
  title: z.string().max(120).optional(),
  organization: z.string().max(80).optional(),
  date: z.string().max(40).optional(),
  /** County boundaries for the per-county statistics; default the layer named like 县/行政区. */
  countyLayerId: z.number().int().optional(),
  /** Field of the county layer holding the county name; default the first text field named 名称/NAME. */
  countyField: z.string().optional(),
  /** Also write a PDF beside the DOCX (LibreOffice, when installed). */
  pdf: z.boolean().default(false),
  /** Figure resolution. */
  figureDpi: z.number().int().min(72).max(600).default(150),
  paper: PaperSchema.default('A4'),
});
export type ReportSpec = z.output<typeof ReportSpecSchema>;

export const ExportReportResultSchema = z.object({
  path: z.string(),
  pdfPath: z.string().nullable(),
  bytes: z.number().int(),
  chapters: z.array(z.string()),
  figures: z.array(z.object({ number: z.string(), caption: z.string() })),
  tables: z.array(z.object({ number: z.string(), caption: z.string(), rows: z.number().int() })),
  placeholders: z.number().int(),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ExportReportResult = z.infer<typeof ExportReportResultSchema>;

export const ExportPackageResultSchema = z.object({
  path: z.string(),
  zipPath: z.string(),
  files: z.array(z.string()),
  warnings: z.array(z.object({ message_zh: z.string(), message_en: z.string() })),
});
export type ExportPackageResult = z.infer<typeof ExportPackageResultSchema>;

const overwrite = z.boolean().default(false);

export const exportMethods = {
  'export.layer': method({
    summary_zh: '导出图层（Shapefile、GeoPackage、GeoJSON、KML/KMZ、DXF、CSV/XLSX、GeoTIFF）',
    summary_en: 'Export a layer (shapefile, GeoPackage, GeoJSON, KML/KMZ, DXF, CSV/XLSX, GeoTIFF)',
    job: true,
    request: z.object({
      layerId: z.number().int(),
      format: LayerFormatSchema,
      /** Output file; a shapefile's siblings are written beside it. */
      path: FilePathSchema,
      /** Any CRS on export; GeoJSON and KML are always WGS84 (their specifications say so). */
      crs: CrsCodeSchema.optional(),
      encoding: ShapefileEncodingSchema.default('UTF-8'),
      overwrite,
    }),
    response: JobStartedSchema,
    result: ExportLayerResultSchema,
  }),
  'export.layoutPreview': method({
    summary_zh: '地图布局预览（SVG，与导出结果相同）',
    summary_en: 'Map layout preview (SVG, the same drawing export writes)',
    request: z.object({ layout: LayoutSpecSchema }),
    response: z.object({ svg: z.string(), placement: LayoutPlacementSchema }),
  }),
  'export.layout': method({
    summary_zh: '导出成果图（PDF、PNG、SVG）',
    summary_en: 'Export a map layout (PDF, PNG, SVG)',
    job: true,
    request: z.object({
      layout: LayoutSpecSchema,
      format: LayoutFormatSchema,
      path: FilePathSchema,
      /** PNG resolution; PDF and SVG are vector (rasters inside are drawn at this resolution too). */
      dpi: z.number().int().min(72).max(600).default(300),
      overwrite,
    }),
    response: JobStartedSchema,
    result: ExportLayoutResultSchema,
  }),
  'export.report': method({
    summary_zh: '生成技术报告（DOCX，可选 PDF）',
    summary_en: 'Write the technical report (DOCX, optionally PDF)',
    job: true,
    request: z.object({ path: FilePathSchema, report: ReportSpecSchema.default({ pdf: false, figureDpi: 150, paper: 'A4' }), overwrite }),
    response: JobStartedSchema,
    result: ExportReportResultSchema,
  }),
  'export.package': method({
    summary_zh: '导出成果包（全部图层、成果图、技术报告，并压缩为 ZIP）',
    summary_en: 'Export the results package (every layer, the figures, the report, zipped)',
    job: true,
    request: z.object({ path: FilePathSchema, report: ReportSpecSchema.default({ pdf: false, figureDpi: 150, paper: 'A4' }), overwrite }),
    response: JobStartedSchema,
    result: ExportPackageResultSchema,
  }),
} as const;
