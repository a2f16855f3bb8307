import { z } from 'zod';

/**
 * What forms and the CLI need to know about a request field beyond its type: its bilingual label,
 * and for layer references which layers fit. Carried in zod's `.meta()`, so it travels into
 * `z.toJSONSchema()` — the processing panel builds its forms from that, the CLI its options, and the
 * engine finds the input layers of a run (for provenance checksums) the same way.
 */
export interface ParamMeta {
  label_zh: string;
  label_en: string;
  help_zh?: string;
  help_en?: string;
  /** Layer pickers: the field holds a layer id. */
  layer?: {
    kinds: ('vector' | 'raster' | 'table')[];
    /** Vector geometry families accepted, e.g. ['POLYGON']; any when absent. */
    geometry?: ('POINT' | 'LINESTRING' | 'POLYGON')[];
  };
  /** A field of the layer named by the sibling parameter `of` (attribute pickers). */
  field?: { of: string; types?: ('number' | 'text')[] };
  /** Display unit, e.g. "m", "m/d". */
  unit?: string;
}

/** The key under which ParamMeta is stored in zod meta / JSON Schema. */
export const PARAM_META_KEY = 'gwz';

export function label<T extends z.ZodType>(schema: T, meta: ParamMeta): T {
  return schema.meta({ [PARAM_META_KEY]: meta }) as T;
}

type LayerKind = NonNullable<ParamMeta['layer']>['kinds'][number];
type GeometryFamily = 'POINT' | 'LINESTRING' | 'POLYGON';

/** A layer id, with what kinds of layer (and which geometries) fit. */
export function layerParam(kinds: LayerKind[], meta: Omit<ParamMeta, 'layer'>, geometry?: GeometryFamily[]) {
  return label(z.number().int().positive(), { ...meta, layer: { kinds, ...(geometry ? { geometry } : {}) } });
}

export const rasterLayerParam = (label_zh: string, label_en: string, extra: Partial<ParamMeta> = {}) =>
  layerParam(['raster'], { label_zh, label_en, ...extra });

export const vectorLayerParam = (label_zh: string, label_en: string, geometry?: GeometryFamily[], extra: Partial<ParamMeta> = {}) =>
  layerParam(['vector'], { label_zh, label_en, ...extra }, geometry);

/** The name of the layer a run writes; the engine picks one from the operation when absent. */
export const OutputNameSchema = label(z.string().trim().min(1).max(100).optional(), {
  label_zh: '结果图层名',
  label_en: 'Output layer name',
});

/** Reads the ParamMeta of one JSON-Schema node (as produced by z.toJSONSchema). */
export function paramMetaOf(node: unknown): ParamMeta | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const meta = (node as Record<string, unknown>)[PARAM_META_KEY];
  return meta && typeof meta === 'object' ? (meta as ParamMeta) : undefined;
}

/** A JSON-Schema node as z.toJSONSchema writes it; only the parts the walkers below read. */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  enum?: unknown[];
  default?: unknown;
  required?: string[];
  minimum?: number;
  maximum?: number;
  description?: string;
  [key: string]: unknown;
}

const schemaCache = new WeakMap<z.ZodType, JsonSchemaNode>();

/** The request's JSON Schema (input side: defaults shown, optional fields not required), cached. */
export function requestJsonSchema(schema: z.ZodType): JsonSchemaNode {
  let out = schemaCache.get(schema);
  if (!out) {
    out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    schemaCache.set(schema, out);
  }
  return out;
}

/**
 * Every layer id a request refers to, found through the layer metadata of its schema (nested
 * objects and arrays included) — the inputs a run's provenance must checksum.
 */
export function layerIdsIn(schema: JsonSchemaNode, value: unknown): number[] {
  const out = new Set<number>();
  const walk = (node: JsonSchemaNode | undefined, v: unknown): void => {
    if (!node || v === undefined || v === null) return;
    if (paramMetaOf(node)?.layer && typeof v === 'number') out.add(v);
    for (const alt of [...(node.anyOf ?? []), ...(node.oneOf ?? [])]) walk(alt, v);
    if (node.properties && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, child] of Object.entries(node.properties)) walk(child, (v as Record<string, unknown>)[k]);
    }
    if (node.items && Array.isArray(v)) for (const item of v) walk(node.items, item);
  };
  walk(schema, value);
  return [...out];
}
