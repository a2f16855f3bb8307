import { Checkbox, Empty, Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../shared/api/layers';
import { geometryLabel } from './labels';

interface LayerListProps {
  hasProject: boolean;
  layers: LayerInfo[];
  hidden: ReadonlySet<number>;
  selected: number | null;
  onToggle(id: number, visible: boolean): void;
  onSelect(id: number): void;
}

function LayerList({ hasProject, layers, hidden, selected, onToggle, onSelect }: LayerListProps) {
  const { t } = useTranslation();
  if (layers.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hasProject ? t('layers.empty') : t('status.noProject')} />;
  }
  return (
    <ul className="gwz-layer-list">
      {layers.map((layer) => (
        <li
          key={layer.id}
          className={layer.id === selected ? 'gwz-layer selected' : 'gwz-layer'}
          data-testid="layer-item"
          data-layer-name={layer.name}
          onClick={() => onSelect(layer.id)}
        >
          <Checkbox
            checked={!hidden.has(layer.id)}
            aria-label={t('layers.visibility')}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onToggle(layer.id, e.target.checked)}
          />
          <div className="gwz-layer-text">
            <Typography.Text className="gwz-layer-name" ellipsis={{ tooltip: layer.name }}>
              {layer.name}
            </Typography.Text>
            <div className="gwz-layer-meta">
              <Tag variant="filled">{geometryLabel(t, layer)}</Tag>
              {layer.kind === 'vector' && (
                <span data-testid="layer-feature-count" data-count={layer.featureCount}>
                  {t('layers.features', { n: layer.featureCount.toLocaleString() })}
                </span>
              )}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** `workflow` fills the 工作流 tab (the key-zone wizard); `tab`/`onTab` let menus switch tabs. */
export function LayerPanel({ workflow, tab, onTab, ...props }: LayerListProps & { workflow?: ReactNode; tab?: string; onTab?(key: string): void }) {
  const { t } = useTranslation();
  return (
    <Tabs
      className="gwz-side-tabs"
      size="small"
      {...(tab !== undefined ? { activeKey: tab } : {})}
      {...(onTab ? { onChange: onTab } : {})}
      items={[
        {
          key: 'layers',
          label: t('panels.layers'),
          children: (
            <div data-testid="layer-list">
              <LayerList {...props} />
            </div>
          ),
        },
        {
          key: 'workflow',
          label: t('panels.workflow'),
          children: workflow ?? <Typography.Paragraph type="secondary">{t('panels.workflowPlaceholder')}</Typography.Paragraph>,
        },
      ]}
    />
  );
}
