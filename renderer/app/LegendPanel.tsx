import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../shared/api/layers';
import { legendItems } from '../../shared/style';
import { currentLang } from '../i18n';
import { LegendGraphic } from './SymbolSwatch';
import './map-panels.css';

/**
 * 图例: the visible layers' styles, top layer first, built by shared/style/legend from the same
 * style the map draws — change a style and the legend follows.
 */
export function LegendPanel({ layers }: { layers: LayerInfo[] }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  // long class lists (the recharge zones) fold per layer; the panel itself scrolls past its max height
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set());
  const fold = (id: number) =>
    setFolded((f) => {
      const next = new Set(f);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const lang = currentLang();
  const shown = layers.filter((l) => l.visible && l.kind !== 'table');
  if (shown.length === 0) return null;
  return (
    <div className="gwz-legend" data-testid="legend">
      <div className="gwz-legend-head">
        <Typography.Text strong>{t('legend.title')}</Typography.Text>
        <Button size="small" type="text" onClick={() => setOpen(!open)} aria-expanded={open} data-testid="legend-toggle">
          {open ? t('legend.hide') : t('legend.show')}
        </Button>
      </div>
      {open && (
        <div className="gwz-legend-body">
          {shown.map((layer) => {
            const items = legendItems(layer.style, lang);
            const single = items.length === 1 && items[0]!.type === 'symbol' && !items[0]!.label;
            return (
              <section key={layer.id} className="gwz-legend-layer" data-testid="legend-layer" data-layer-name={layer.name}>
                {single ? (
                  <div className="gwz-legend-row">
                    <LegendGraphic item={items[0]!} geometryType={layer.geometryType} />
                    <span className="gwz-legend-name">{layer.name}</span>
                  </div>
                ) : (
                  <>
                    <button
                      type="button"
                      className="gwz-legend-name gwz-legend-fold"
                      aria-expanded={!folded.has(layer.id)}
                      title={t(folded.has(layer.id) ? 'maptools.legendExpand' : 'maptools.legendCollapse')}
                      onClick={() => fold(layer.id)}
                      data-testid="legend-fold"
                    >
                      {folded.has(layer.id) ? '▸' : '▾'} {layer.name}
                    </button>
                    {!folded.has(layer.id) && items.map((item, i) =>
                      item.type === 'ramp' ? (
                        <div key={i} className="gwz-legend-ramp">
                          <LegendGraphic item={item} geometryType={layer.geometryType} />
                          <div className="gwz-legend-ramp-labels">
                            <span>{item.labels[item.labels.length - 1]}</span>
                            <span>{item.labels[0]}</span>
                          </div>
                        </div>
                      ) : (
                        <div key={i} className="gwz-legend-row" data-testid="legend-item">
                          <LegendGraphic item={item} geometryType={layer.geometryType} />
                          <span>{item.label}</span>
                        </div>
                      ),
                    )}
                  </>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
