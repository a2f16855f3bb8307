import { z } from 'zod';
import { ExtentSchema, FilePathSchema } from './common';
import { method } from './method';

/**
 * How the map reads a vector layer as Mapbox Vector Tiles: `url` (relative to the host's data root,
 * like LayerInfo.dataUrl) has {z}/{x}/{y} placeholders; the grid is OpenLayers'
 * `createXYZ({ extent, tileSize, maxZoom })` in the project CRS (origin top-left, y downwards).
 */
export const LayerTilesSchema = z.object({
  url: z.string(),
  extent: ExtentSchema,
  tileSize: z.number().int().positive(),
  maxZoom: z.number().int().min(0),
});
export type LayerTiles = z.infer<typeof LayerTilesSchema>;

export const TileReportSchema = z.object({
  layerId: z.number().int(),
  z: z.number().int(),
  x: z.number().int(),
  y: z.number().int(),
  /** The tile's bbox in the project CRS (without the buffer). */
  bbox: ExtentSchema,
  features: z.number().int(),
  bytes: z.number().int(),
  /** Where the .pbf was written, when asked to. */
  written: z.string().nullable(),
  tiles: LayerTilesSchema,
});
export type TileReport = z.infer<typeof TileReportSchema>;

export const tileMethods = {
  'tiles.inspect': method({
    summary_zh: '生成矢量图层的一个矢量瓦片（MVT），报告要素数和字节数，可写出 .pbf 文件',
    summary_en: 'Build one vector tile (MVT) of a vector layer, report its features and bytes, optionally write the .pbf',
    request: z.object({
      layerId: z.number().int(),
      z: z.number().int().min(0).max(22),
      x: z.number().int().min(0),
      y: z.number().int().min(0),
      /** Only these attributes (default: all). */
      fields: z.array(z.string()).optional(),
      out: FilePathSchema.optional(),
    }),
    response: TileReportSchema,
  }),
} as const;
