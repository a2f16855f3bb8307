import { Descriptions, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../shared/api/layers';
import { currentLang } from '../i18n';
import { crsName, geometryLabel } from './labels';
import { StylePanel } from './StylePanel';

function LayerProperties({ layer }: { layer: LayerInfo | null }) {
  const { t } = useTranslation();
  if (!layer) return <Typography.Paragraph type="secondary">{t('panels.selectLayer')}</Typography.Paragraph>;
  const crs = layer.srid ? `EPSG:${layer.srid}` : null;
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      styles={{ label: { whiteSpace: 'nowrap', width: 72 } }}
      items={[
        { key: 'name', label: t('layers.field.name'), children: layer.name },
        { key: 'kind', label: t('layers.field.kind'), children: t(`layers.kind.${layer.kind}`) },
        // Rasters have neither geometry type nor features; their size comes with rasters.info later.
        ...(layer.kind === 'vector'
          ? [
              { key: 'geometry', label: t('layers.field.geometry'), children: geometryLabel(t, layer) },
              { key: 'features', label: t('layers.field.features'), children: layer.featureCount.toLocaleString() },
            ]
          : []),
        { key: 'crs', label: t('layers.field.crs'), children: crs ? `${crs} ${crsName(crs, currentLang(), '')}` : '—' },
        ...(layer.fields.length > 0
          ? [{ key: 'fields', label: t('layers.field.fields'), children: <span className="gwz-break">{layer.fields.map((f) => `${f.name} (${f.type})`).join('、')}</span> }]
          : []),
        { key: 'origin', label: t('layers.field.origin'), children: t(`layers.origin.${layer.origin}`) },
        { key: 'source', label: t('layers.field.source'), children: <span className="gwz-break">{layer.source ?? '—'}</span> },
        { key: 'created', label: t('layers.field.created'), children: new Date(layer.createdAt).toLocaleString() },
      ]}
    />
  );
}

/** Right panel: 属性 / 样式 / 运行结果 (docs/ux.md); only 属性 has content in this issue. */
export function PropertiesPanel({ layer }: { layer: LayerInfo | null }) {
  const { t } = useTranslation();
  return (
    <Tabs
      className="gwz-side-tabs"
      size="small"
      items={[
        { key: 'attributes', label: t('panels.attributes'), children: <LayerProperties layer={layer} /> },
        {
          key: 'style',
          label: t('panels.style'),
          children: <StylePanel layer={layer} />,
        },
        {
          key: 'results',
          label: t('panels.results'),
          children: <Typography.Paragraph type="secondary">{t('panels.resultsPlaceholder')}</Typography.Paragraph>,
        },
      ]}
    />
  );
}
