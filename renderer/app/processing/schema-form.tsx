import { Form, Input, InputNumber, Select, Switch, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { paramMetaOf, type JsonSchemaNode, type ParamMeta } from '../../../shared/api/params';
import type { LayerInfo } from '../../../shared/api/layers';
import { currentLang } from '../../i18n';

/**
 * One form control per top-level request field, chosen from the field's JSON Schema (as zod writes
 * it) and its ParamMeta: layer pickers filtered by kind and geometry, enums as selects, numbers,
 * switches, text, and JSON text for nested objects and arrays — the same reading the CLI makes.
 */

export type FieldKind = 'layer' | 'layers' | 'enum' | 'number' | 'integer' | 'boolean' | 'string' | 'json';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  meta: ParamMeta | undefined;
  required: boolean;
  default: unknown;
  options: (string | number)[];
}

function nonNull(node: JsonSchemaNode): JsonSchemaNode {
  const alts = (node.anyOf ?? node.oneOf ?? []).filter((a) => a.type !== 'null');
  return !node.type && alts.length === 1 ? alts[0]! : node;
}

function enumValues(node: JsonSchemaNode): (string | number)[] | null {
  if (node.enum) return node.enum as (string | number)[];
  const alts = node.anyOf ?? node.oneOf;
  if (alts && alts.length > 0 && alts.every((a) => a.const !== undefined)) return alts.map((a) => a.const as string | number);
  return null;
}

export function fieldSpecs(schema: JsonSchemaNode): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, raw]) => {
    const node = nonNull(raw);
    const meta = paramMetaOf(raw) ?? paramMetaOf(node);
    const options = enumValues(node);
    let kind: FieldKind;
    if (meta?.layer) kind = 'layer';
    else if (node.type === 'array' && node.items && paramMetaOf(node.items)?.layer) kind = 'layers';
    else if (options) kind = 'enum';
    else if (node.type === 'integer') kind = 'integer';
    else if (node.type === 'number') kind = 'number';
    else if (node.type === 'boolean') kind = 'boolean';
    else if (node.type === 'string') kind = 'string';
    else kind = 'json';
    return { key, kind, meta, required: required.has(key) && raw.default === undefined, default: raw.default, options: options ?? [] };
  });
}

/** Layers a picker offers: the kinds (and geometry families) its meta accepts. */
export function layersFor(meta: ParamMeta | undefined, layers: LayerInfo[]): LayerInfo[] {
  const spec = meta?.layer;
  if (!spec) return layers;
  return layers.filter((l) => {
    if (!spec.kinds.includes(l.kind)) return false;
    if (l.kind !== 'vector' || !spec.geometry) return true;
    return spec.geometry.some((g) => (l.geometryType ?? '').toUpperCase().includes(g));
  });
}

export function labelOf(spec: FieldSpec): string {
  const en = currentLang() === 'en';
  const text = (en ? spec.meta?.label_en : spec.meta?.label_zh) ?? spec.key;
  return spec.meta?.unit ? `${text} (${spec.meta.unit})` : text;
}

function helpOf(spec: FieldSpec): string | undefined {
  return currentLang() === 'en' ? spec.meta?.help_en : spec.meta?.help_zh;
}

export function SchemaField({ spec, layers, testId }: { spec: FieldSpec; layers: LayerInfo[]; testId: string }) {
  const { t } = useTranslation();
  const help = helpOf(spec);
  const label = help ? <Tooltip title={help}>{labelOf(spec)}</Tooltip> : labelOf(spec);
  const rules = spec.required ? [{ required: true, message: t('processing.required') }] : [];
  const common = { name: spec.key, label, rules, extra: help, 'data-testid': testId };
  switch (spec.kind) {
    case 'layer':
    case 'layers':
      return (
        <Form.Item {...common}>
          <Select
            allowClear={!spec.required}
            mode={spec.kind === 'layers' ? 'multiple' : undefined}
            placeholder={t('processing.pickLayer')}
            showSearch
            optionFilterProp="label"
            options={layersFor(spec.meta, layers).map((l) => ({ value: l.id, label: l.name }))}
          />
        </Form.Item>
      );
    case 'enum':
      return (
        <Form.Item {...common}>
          <Select allowClear={!spec.required && spec.default === undefined} options={spec.options.map((o) => ({ value: o, label: String(o) }))} />
        </Form.Item>
      );
    case 'number':
    case 'integer':
      return (
        <Form.Item {...common}>
          <InputNumber style={{ width: '100%' }} precision={spec.kind === 'integer' ? 0 : undefined} />
        </Form.Item>
      );
    case 'boolean':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Switch />
        </Form.Item>
      );
    case 'string':
      return (
        <Form.Item {...common}>
          <Input placeholder={spec.meta?.field ? t('processing.fieldName') : undefined} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} placeholder="JSON" spellCheck={false} />
        </Form.Item>
      );
  }
}

/** Form values → the request: empty fields left out (the engine's defaults apply), JSON text parsed. */
export function requestOf(specs: FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const req: Record<string, unknown> = {};
  for (const s of specs) {
    const v = values[s.key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (s.kind === 'json' && typeof v === 'string') {
      try {
        req[s.key] = JSON.parse(v);
      } catch {
        throw new Error(`${labelOf(s)}: JSON`);
      }
    } else {
      req[s.key] = v;
    }
  }
  return req;
}

/** Initial form values: the schema's defaults (JSON fields as text). */
export function defaultsOf(specs: FieldSpec[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of specs) if (s.default !== undefined) out[s.key] = s.kind === 'json' ? JSON.stringify(s.default) : s.default;
  return out;
}
