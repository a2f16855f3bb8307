import { z } from 'zod';
import { CrsCodeSchema } from './common';
import { method } from './method';

const PositionSchema = z.tuple([z.number(), z.number()]);

export const MeasureRequestSchema = z
  .object({
    /** WKT in the project CRS (LINESTRING, POLYGON and their MULTI forms). */
    wkt: z.string().min(1).max(1_000_000).optional(),
    /** Vertices in the project CRS, as clicked; `kind` says whether they close into an area. */
    coordinates: z.array(PositionSchema).min(2).max(100_000).optional(),
    kind: z.enum(['line', 'polygon']).optional(),
    /** The CRS of the input; the open project's CRS by default (required without a project). */
    crs: CrsCodeSchema.optional(),
  })
  .refine((r) => (r.wkt === undefined) !== (r.coordinates === undefined), { message: 'give either wkt or coordinates' });

export const MeasureResultSchema = z.object({
  crs: CrsCodeSchema,
  geometryType: z.enum(['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
  /** On the projected plane in metres (shared/geo/measure, the same math as the map's measure tool); null for a geographic CRS. */
  planar: z
    .object({ length: z.number(), area: z.number(), segments: z.array(z.number()) })
    .nullable(),
  /** On the CGCS2000 ellipsoid (SpatiaLite's geodesic length/area after a transform to EPSG:4490), metres and m². */
  geodesic: z.object({ length: z.number(), area: z.number() }),
});
export type MeasureResult = z.infer<typeof MeasureResultSchema>;

export const geometryMethods = {
  'geometry.measure': method({
    summary_zh: '量测距离与面积',
    summary_en: 'Measure distance and area',
    request: MeasureRequestSchema,
    response: MeasureResultSchema,
  }),
} as const;
