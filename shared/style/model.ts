import { z } from 'zod';

/**
 * The one layer style model. The OpenLayers map (renderer/map) and the print layouts
 * (electron/engine/layout, SVG → PDF/PNG) both draw from it, and the legend is built from it, so a
 * map on screen and a figure in the report agree. Stored as JSON in gwz_layers.style.
 *
 * Sizes are in points (1/72 inch) so a line is as thick in a 300 dpi PDF as it looks on screen
 * at 96 dpi (the map converts with 96/72).
 */

export const ColorSchema = z.string().regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'colour must be #rrggbb or #rrggbbaa');
export type Color = z.infer<typeof ColorSchema>;

export const StrokeSchema = z.object({
  color: ColorSchema,
  width: z.number().min(0).max(50).default(0.75),
  dash: z.array(z.number().positive()).max(8).optional(),
});
export type Stroke = z.infer<typeof StrokeSchema>;

/** Hatch patterns for zone types (e.g. 保护类 over a light fill); drawn in `color` over the fill. */
export const HATCHES = ['horizontal', 'vertical', 'cross', 'diagonal', 'back-diagonal', 'diagonal-cross', 'dots'] as const;
export const HatchSchema = z.object({
  pattern: z.enum(HATCHES),
  color: ColorSchema,
  /** Distance between lines, pt. */
  spacing: z.number().positive().max(50).default(6),
  width: z.number().positive().max(10).default(0.5),
});
export type Hatch = z.infer<typeof HatchSchema>;

export const POINT_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'star', 'cross'] as const;

/** How one class (or the whole layer) is drawn: fill and outline for polygons, stroke for lines, a marker for points. */
export const SymbolSchema = z.object({
  /** null = no fill (一般区: outline only). */
  fill: ColorSchema.nullable().default(null),
  /** 0–1, applied to the fill only. */
  fillOpacity: z.number().min(0).max(1).default(1),
  stroke: StrokeSchema.nullable().default(null),
  hatch: HatchSchema.optional(),
  marker: z
    .object({
      shape: z.enum(POINT_SHAPES).default('circle'),
      /** Diameter, pt. */
      size: z.number().positive().max(100).default(6),
    })
    .optional(),
});
export type Symbol = z.infer<typeof SymbolSchema>;
export type SymbolInput = z.input<typeof SymbolSchema>;

export const LabelSchema = z.object({
  field: z.string(),
  size: z.number().positive().max(72).default(9),
  color: ColorSchema.default('#222222'),
  halo: z.object({ color: ColorSchema, width: z.number().min(0).max(10) }).nullable().default({ color: '#ffffff', width: 1.5 }),
  placement: z.enum(['point', 'line']).default('point'),
  /** Labels that would overlap are dropped (first come, first served) unless this is true. */
  allowOverlap: z.boolean().default(false),
});
export type Label = z.infer<typeof LabelSchema>;

/** Text shown in the legend, in both UI languages (en falls back to zh). */
export const LegendTextSchema = z.object({ zh: z.string(), en: z.string().optional() });
export type LegendText = z.infer<typeof LegendTextSchema>;

export const CategorySchema = z.object({
  /** The attribute value this class stands for (compared as text when the field is text). */
  value: z.union([z.string(), z.number(), z.null()]),
  label: LegendTextSchema,
  symbol: SymbolSchema,
});

export const GraduatedClassSchema = z.object({
  /** (min, max]: the first class also includes its min (as QGIS and ArcGIS; shared/style/classify). */
  min: z.number(),
  max: z.number(),
  label: LegendTextSchema,
  symbol: SymbolSchema,
});

export const CLASS_METHODS = ['equal', 'quantile', 'jenks', 'manual'] as const;

const vectorCommon = {
  /** Whole-layer opacity 0–1 (the layer panel's slider). */
  opacity: z.number().min(0).max(1).default(1),
  label: LabelSchema.optional(),
};

export const VectorStyleSchema = z.discriminatedUnion('type', [
  z.object({ kind: z.literal('vector'), type: z.literal('single'), symbol: SymbolSchema, title: LegendTextSchema.optional(), ...vectorCommon }),
  z.object({
    kind: z.literal('vector'),
    type: z.literal('categorized'),
    field: z.string(),
    categories: z.array(CategorySchema).max(500),
    /** For values no category names; null hides them. */
    other: SymbolSchema.nullable().default(null),
    ...vectorCommon,
  }),
  z.object({
    kind: z.literal('vector'),
    type: z.literal('graduated'),
    field: z.string(),
    method: z.enum(CLASS_METHODS),
    /** Colour ramp the classes were coloured from (shared/style/ramps), kept so re-classing keeps it. */
    ramp: z.string(),
    classes: z.array(GraduatedClassSchema).min(1).max(64),
    ...vectorCommon,
  }),
]);
export type VectorStyle = z.infer<typeof VectorStyleSchema>;

export const RampStopSchema = z.object({ value: z.number(), color: ColorSchema });

export const RasterStyleSchema = z.discriminatedUnion('type', [
  z.object({
    kind: z.literal('raster'),
    /** Values between stops are interpolated; below the first / above the last take the end colours. */
    type: z.literal('continuous'),
    ramp: z.string(),
    stops: z.array(RampStopSchema).min(2).max(64),
    opacity: z.number().min(0).max(1).default(1),
  }),
  z.object({
    kind: z.literal('raster'),
    /** Value ranges (min, max] → colours (the first also includes its min; shared/style/classify). */
    type: z.literal('classed'),
    ramp: z.string().optional(),
    classes: z.array(z.object({ min: z.number(), max: z.number(), color: ColorSchema, label: LegendTextSchema })).min(1).max(64),
    opacity: z.number().min(0).max(1).default(1),
  }),
  z.object({
    kind: z.literal('raster'),
    /** Exact class codes → colours (class rasters: 1..5, zone codes). */
    type: z.literal('paletted'),
    entries: z.array(z.object({ value: z.number(), color: ColorSchema, label: LegendTextSchema })).min(1).max(256),
    opacity: z.number().min(0).max(1).default(1),
  }),
]);
export type RasterStyle = z.infer<typeof RasterStyleSchema>;

export const LayerStyleSchema = z.union([VectorStyleSchema, RasterStyleSchema]);
export type LayerStyle = z.infer<typeof LayerStyleSchema>;
export type LayerStyleInput = z.input<typeof LayerStyleSchema>;

/** Parses stored style JSON; null for none or for a style this build cannot read (the map then uses its default). */
export function parseStyle(json: string | null | undefined): LayerStyle | null {
  if (!json) return null;
  try {
    const parsed = LayerStyleSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
