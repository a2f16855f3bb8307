import { z } from 'zod';
import { ExtentSchema, FilePathSchema } from './common';
import { method } from './method';

/**
 * The map's optional basemap, stored in the project (gwz_meta 'basemap'). Offline first: a user's
 * MBTiles file (raster tiles, read by the engine and served by URL) or one of the project's raster
 * layers drawn beneath the others; an online XYZ service only when someone configures one.
 */
export const BasemapConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('mbtiles'), path: FilePathSchema, opacity: z.number().min(0).max(1).default(1) }),
  z.object({ kind: z.literal('layer'), layerId: z.number().int(), opacity: z.number().min(0).max(1).default(1) }),
  z.object({
    kind: z.literal('xyz'),
    url: z
      .string()
      .max(2000)
      .regex(/^https?:\/\/.+/, 'url must start with http:// or https://')
      .refine((u) => u.includes('{z}') && u.includes('{x}') && (u.includes('{y}') || u.includes('{-y}')), {
        message: 'url must contain {z}, {x} and {y} (or {-y})',
      }),
    attribution: z.string().max(500).optional(),
    opacity: z.number().min(0).max(1).default(1),
  }),
]);
export type BasemapConfig = z.infer<typeof BasemapConfigSchema>;

export const MbtilesInfoSchema = z.object({
  name: z.string(),
  format: z.enum(['png', 'jpg', 'webp']),
  minzoom: z.number().int(),
  maxzoom: z.number().int(),
  /** lon/lat bounds from the file's metadata (or its tile range). */
  bounds: ExtentSchema.nullable(),
  tileCount: z.number().int(),
});
export type MbtilesInfo = z.infer<typeof MbtilesInfoSchema>;

export const BasemapStateSchema = z.object({
  basemap: BasemapConfigSchema,
  /** For MBTiles: the data path of the tiles, with {z}/{x}/{y} (XYZ rows) to fill in. */
  tileUrl: z.string().nullable(),
  mbtiles: MbtilesInfoSchema.nullable(),
});
export type BasemapState = z.infer<typeof BasemapStateSchema>;

export const basemapMethods = {
  'basemap.get': method({
    summary_zh: '读取底图设置',
    summary_en: 'Get the basemap',
    request: z.object({}).strict(),
    response: BasemapStateSchema,
  }),
  'basemap.set': method({
    summary_zh: '设置底图',
    summary_en: 'Set the basemap',
    request: BasemapConfigSchema,
    response: BasemapStateSchema,
  }),
} as const;
