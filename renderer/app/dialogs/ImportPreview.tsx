import { Alert, Button, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CrsIssue, PreviewSourceResult } from '../../../shared/api/layers';
import { currentLang } from '../../i18n';

interface Props {
  preview: PreviewSourceResult;
  onLayer(name: string): void;
  onUseCrs(code: string): void;
  onSwapAxes(): void;
}

/** Layers, encoding, first rows decoded and CRS issues of a source, so a person can see the Chinese is right. */
export function ImportPreview({ preview, onLayer, onUseCrs, onSwapAxes }: Props) {
  const { t } = useTranslation();
  const lang = currentLang();
  if (preview.kind === 'raster') {
    const [w, h] = preview.size ?? [0, 0];
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="import-preview"
        title={t('dialog.importVector.raster', { driver: preview.driver, w, h })}
      />
    );
  }
  const layer = preview.layers.find((l) => l.name === preview.layer) ?? preview.layers[0];
  const columns = (layer?.fields ?? []).map((f) => ({
    title: f.name,
    dataIndex: f.name,
    key: f.name,
    ellipsis: true,
    render: (v: unknown) => (v === null || v === undefined ? '' : String(v)),
  }));
  const issueText = (i: CrsIssue) => (lang === 'en' ? i.message_en : i.message_zh);

  return (
    <div className="gwz-import-preview" data-testid="import-preview" style={{ marginBottom: 16 }}>
      <Space wrap size="middle" style={{ marginBottom: 8 }}>
        {preview.layers.length > 1 ? (
          <Select
            size="small"
            value={layer?.name}
            onChange={onLayer}
            options={preview.layers.map((l) => ({ value: l.name, label: `${l.name} (${l.featureCount})` }))}
            style={{ minWidth: 180 }}
          />
        ) : (
          <Typography.Text strong>{layer?.name}</Typography.Text>
        )}
        <Typography.Text type="secondary">
          {layer?.geometryType} · {t('dialog.importVector.features')} {layer?.featureCount.toLocaleString()} · {preview.driver}
        </Typography.Text>
        <Typography.Text type="secondary" data-testid="import-preview-crs">
          {t('dialog.importVector.crs')}: {layer?.crs ?? layer?.crsName ?? '—'}
        </Typography.Text>
        {preview.encoding ? (
          <Typography.Text type="secondary" data-testid="import-preview-encoding">
            {t('dialog.importVector.detected', {
              enc: preview.encoding.detected,
              source: t(`dialog.importVector.encodingSource.${preview.encoding.source}`),
            })}
          </Typography.Text>
        ) : null}
      </Space>
      {layer && !layer.crs && !layer.crsName ? (
        <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t('dialog.importVector.noCrs')} />
      ) : null}
      {preview.crsIssues.map((issue, i) => (
        <Alert
          key={i}
          type="error"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('dialog.importVector.crsIssues')}
          description={issueText(issue)}
          action={
            issue.suggestedCrs ? (
              <Button size="small" onClick={() => onUseCrs(issue.suggestedCrs!)}>
                {t('dialog.importVector.useCrs', { code: issue.suggestedCrs })}
              </Button>
            ) : issue.swapAxes ? (
              <Button size="small" onClick={onSwapAxes}>
                {t('dialog.importVector.swapAxes')}
              </Button>
            ) : undefined
          }
        />
      ))}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('dialog.importVector.rows', { n: preview.rows.length })}
      </Typography.Paragraph>
      <Table
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content', y: 220 }}
        // Preview rows have no id of their own; their position is their key.
        rowKey="__row"
        columns={columns}
        dataSource={preview.rows.map((row, i) => ({ ...row, __row: i }))}
        data-testid="import-preview-rows"
      />
    </div>
  );
}
