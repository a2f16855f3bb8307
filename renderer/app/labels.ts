import type { TFunction } from 'i18next';
import type { LayerInfo } from '../../shared/api/layers';
import { findCrs } from '../../shared/crs';
import type { Lang } from '../i18n';

const GEOMETRY_KEYS = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'] as const;
type GeometryKey = (typeof GEOMETRY_KEYS)[number];

/** SpatiaLite spells types in capitals with Z/M suffixes ("MULTIPOLYGON Z"); the UI wants one word. */
export function geometryLabel(t: TFunction, layer: Pick<LayerInfo, 'geometryType' | 'kind'>): string {
  if (layer.kind !== 'vector') return t(`layers.kind.${layer.kind}`);
  const raw = (layer.geometryType ?? '').replace(/\s*(Z|M|ZM)$/i, '').toLowerCase();
  const key = GEOMETRY_KEYS.find((k) => k.toLowerCase() === raw) as GeometryKey | undefined;
  return key ? t(`layers.geometry.${key}`) : layer.geometryType ? layer.geometryType : t('layers.geometry.none');
}

export function crsName(code: string, lang: Lang, fallback?: string): string {
  const def = findCrs(code);
  if (!def) return fallback ?? code;
  return lang === 'en' ? def.name_en : def.name_zh;
}
