import { Alert, Button, Input, Modal, Radio, Select, Slider, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BasemapConfig, BasemapState } from '../../../shared/api/basemap';
import type { LayerInfo } from '../../../shared/api/layers';

interface Props {
  open: boolean;
  state: BasemapState | null;
  layers: LayerInfo[];
  onApply(config: BasemapConfig): Promise<void>;
  onZoom(): void;
  onClose(): void;
}

type Kind = BasemapConfig['kind'];

/** 视图 › 底图: offline first (MBTiles, a raster layer); an online XYZ URL only if the user types one. */
export function BasemapDialog({ open, state, layers, onApply, onZoom, onClose }: Props) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('none');
  const [path, setPath] = useState('');
  const [url, setUrl] = useState('');
  const [layerId, setLayerId] = useState<number | null>(null);
  const [opacity, setOpacity] = useState(1);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return;
    const b = state?.basemap ?? { kind: 'none' as const };
    setKind(b.kind);
    setPath(b.kind === 'mbtiles' ? b.path : '');
    setUrl(b.kind === 'xyz' ? b.url : '');
    setLayerId(b.kind === 'layer' ? b.layerId : null);
    setOpacity(b.kind === 'none' ? 1 : b.opacity);
  }, [open, state]);

  const rasters = layers.filter((l) => l.kind === 'raster');
  const config = (): BasemapConfig | null => {
    if (kind === 'none') return { kind };
    if (kind === 'mbtiles') return path.trim() ? { kind, path: path.trim(), opacity } : null;
    if (kind === 'layer') return layerId !== null ? { kind, layerId, opacity } : null;
    return url.trim() ? { kind, url: url.trim(), opacity } : null;
  };
  const apply = async () => {
    const c = config();
    if (!c) return;
    setBusy(true);
    try {
      await onApply(c);
    } finally {
      setBusy(false);
    }
  };
  const info = state?.mbtiles;
  return (
    <Modal
      open={open}
      title={t('maptools.basemapTitle')}
      onCancel={onClose}
      width={560}
      footer={[
        <Button key="zoom" onClick={onZoom} disabled={!info?.bounds} data-testid="basemap-zoom">
          {t('maptools.basemapZoom')}
        </Button>,
        <Button key="close" onClick={onClose}>
          {t('maptools.close')}
        </Button>,
        <Button key="apply" type="primary" loading={busy} disabled={!config()} onClick={() => void apply()} data-testid="basemap-apply">
          {t('maptools.basemapApply')}
        </Button>,
      ]}
    >
      <div data-testid="basemap-dialog">
        <Radio.Group value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          <Space direction="vertical">
            <Radio value="none" data-testid="basemap-kind-none">{t('maptools.basemapNone')}</Radio>
            <Radio value="mbtiles" data-testid="basemap-kind-mbtiles">{t('maptools.basemapMbtiles')}</Radio>
            <Radio value="layer" disabled={rasters.length === 0}>{t('maptools.basemapLayer')}</Radio>
            <Radio value="xyz">{t('maptools.basemapXyz')}</Radio>
          </Space>
        </Radio.Group>
        <div className="gwz-basemap-fields">
          {kind === 'mbtiles' && (
            <>
              <Typography.Text>{t('maptools.basemapPath')}</Typography.Text>
              <Input value={path} onChange={(e) => setPath(e.target.value)} placeholder={t('maptools.basemapPathPlaceholder')} data-testid="basemap-path" />
            </>
          )}
          {kind === 'layer' && (
            <>
              <Typography.Text>{t('maptools.basemapPickLayer')}</Typography.Text>
              <Select
                value={layerId ?? undefined}
                onChange={setLayerId}
                options={rasters.map((l) => ({ value: l.id, label: l.name }))}
                style={{ width: '100%' }}
              />
            </>
          )}
          {kind === 'xyz' && (
            <>
              <Alert type="warning" showIcon title={t('maptools.basemapXyzNote')} />
              <Typography.Text>{t('maptools.basemapUrl')}</Typography.Text>
              <Input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://…/{z}/{x}/{y}.png" data-testid="basemap-url" />
            </>
          )}
          {kind !== 'none' && (
            <>
              <Typography.Text>{t('maptools.basemapOpacity')}</Typography.Text>
              <Slider min={0} max={1} step={0.05} value={opacity} onChange={setOpacity} />
            </>
          )}
        </div>
        {state?.basemap.kind === 'mbtiles' && (
          <div className="gwz-muted" data-testid="basemap-info">
            {info
              ? t('maptools.basemapInfo', { name: info.name, format: info.format, min: info.minzoom, max: info.maxzoom, n: info.tileCount })
              : t('maptools.basemapMissing')}
          </div>
        )}
      </div>
    </Modal>
  );
}
