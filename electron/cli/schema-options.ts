import { GwzError, paramMetaOf, type JsonSchemaNode, type LayerInfo } from '../../shared/api';
import type { OptionSpec, OptionValues } from './verb';

/** `zFactor` → `z-factor`: request fields become kebab-case options. */
export const kebab = (key: string): string => key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);

type FieldKind = 'number' | 'integer' | 'boolean' | 'string' | 'json' | 'layer' | 'layers';

export interface SchemaOption extends OptionSpec {
  key: string;
  kind: FieldKind;
}

function kindOf(node: JsonSchemaNode): FieldKind {
  const meta = paramMetaOf(node);
  if (meta?.layer) return 'layer';
  if (node.type === 'array' && node.items && paramMetaOf(node.items)?.layer) return 'layers';
  const alt = node.anyOf?.find((a) => a.type !== 'null');
  if (alt && !node.type) return kindOf(alt);
  if (node.type === 'integer') return 'integer';
  if (node.type === 'number') return 'number';
  if (node.type === 'boolean') return 'boolean';
  if (node.type === 'string') return 'string';
  return 'json';
}

/**
 * Options for every top-level field of a request schema, with the field's bilingual label as help:
 * numbers and strings take a value, booleans are switches, layer fields take an id or a layer name,
 * nested objects and arrays take JSON (`--weights '[...]'`).
 */
export function optionsFromSchema(schema: JsonSchemaNode): Record<string, SchemaOption> {
  const required = new Set(schema.required ?? []);
  const out: Record<string, SchemaOption> = {};
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    const kind = kindOf(node);
    const meta = paramMetaOf(node);
    const enumValues = node.enum ?? node.anyOf?.find((a) => a.enum)?.enum;
    const value =
      kind === 'layer' ? '<id|name>' : kind === 'layers' ? '<id|name,…>' : enumValues ? enumValues.join('|') : kind === 'json' ? '<json>' : `<${kind}>`;
    const unit = meta?.unit ? ` (${meta.unit})` : '';
    const dflt = node.default !== undefined ? `; 默认 default ${JSON.stringify(node.default)}` : '';
    out[kebab(key)] = {
      key,
      kind,
      type: kind === 'boolean' ? 'boolean' : 'string',
      value,
      required: required.has(key) && node.default === undefined,
      zh: `${meta?.label_zh ?? key}${unit}${dflt}`,
      en: `${meta?.label_en ?? key}${unit}${dflt}`,
    };
  }
  return out;
}

export function findLayer(layers: LayerInfo[], text: string): number {
  const hit = layers.find((l) => String(l.id) === text) ?? layers.find((l) => l.name === text);
  if (!hit) {
    throw new GwzError('LAYER_NOT_FOUND', `没有这个图层：${text}`, `No such layer: ${text}`, {
      layer: text,
      layers: layers.map((l) => `${l.id} ${l.name}`),
    });
  }
  return hit.id;
}

/** The request the options describe; `base` (from --params) is overridden field by field. */
export function requestFromOptions(
  options: Record<string, SchemaOption>,
  values: OptionValues,
  layers: LayerInfo[],
  base: Record<string, unknown> = {},
): Record<string, unknown> {
  const req: Record<string, unknown> = { ...base };
  for (const [name, o] of Object.entries(options)) {
    const v = values[name];
    if (v === undefined) continue;
    if (o.kind === 'boolean') {
      req[o.key] = v === true;
      continue;
    }
    const text = String(v);
    switch (o.kind) {
      case 'number':
      case 'integer': {
        const n = Number(text);
        if (!Number.isFinite(n) || (o.kind === 'integer' && !Number.isInteger(n))) {
          throw new GwzError('BAD_REQUEST', `--${name} 应为${o.kind === 'integer' ? '整数' : '数值'}：${text}`, `--${name} must be ${o.kind === 'integer' ? 'an integer' : 'a number'}: ${text}`);
        }
        req[o.key] = n;
        break;
      }
      case 'layer':
        req[o.key] = findLayer(layers, text);
        break;
      case 'layers':
        req[o.key] = text.split(',').map((t) => findLayer(layers, t.trim()));
        break;
      case 'json':
        req[o.key] = parseJson(name, text);
        break;
      default:
        req[o.key] = text;
    }
  }
  return req;
}

export function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new GwzError('BAD_REQUEST', `--${name} 不是有效的 JSON：${why}`, `--${name} is not valid JSON: ${why}`);
  }
}
