import { Descriptions, Empty, Modal, Select, Spin, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/api/client';
import type { FieldInfo, FieldStats } from '../../../shared/api/features';
import { Histogram } from './Histogram';

interface Props {
  open: boolean;
  client: Client;
  layerId: number;
  fields: FieldInfo[];
  /** Field to start with (the column last clicked). */
  field: string | null;
  filter: string;
  onClose(): void;
  onError(err: unknown): void;
}

const num = (v: number | null): string => (v === null ? '—' : Number(v.toPrecision(8)).toLocaleString(undefined, { maximumFractionDigits: 6 }));

/** Statistics and histogram of one field over the rows the table's filter keeps. */
export function FieldStatsDialog({ open, client, layerId, fields, field, filter, onClose, onError }: Props) {
  const { t } = useTranslation();
  // the column last clicked, if this layer has it; else the first numeric field
  const known = field !== null && fields.some((f) => f.name === field) ? field : null;
  const initial = known ?? fields.find((f) => f.kind === 'real' || f.kind === 'integer')?.name ?? fields[0]?.name ?? null;
  const [chosen, setChosen] = useState<string | null>(initial);
  const [stats, setStats] = useState<FieldStats | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (open) setChosen(initial);
  }, [open, initial]);

  useEffect(() => {
    if (!open || !chosen) return;
    let live = true;
    setLoading(true);
    client.api.features
      .stats({ layerId, field: chosen, bins: 20, ...(filter.trim() ? { filter } : {}) })
      .then((s) => live && setStats(s), onError)
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [open, chosen, client, layerId, filter, onError]);

  return (
    <Modal open={open} title={t('attributes.statsTitle')} onCancel={onClose} footer={null} width={520} destroyOnHidden>
      <Select
        className="gwz-stats-field"
        data-testid="stats-field"
        value={chosen ?? undefined}
        onChange={setChosen}
        options={fields.map((f) => ({ value: f.name, label: `${f.name} (${f.type || f.kind})` }))}
        style={{ width: '100%', marginBottom: 12 }}
      />
      {filter.trim() && (
        <Tag color="blue" style={{ marginBottom: 8 }}>
          {t('attributes.statsFiltered', { filter })}
        </Tag>
      )}
      <Spin spinning={loading}>
        {stats ? (
          <div data-testid="field-stats">
            <Descriptions
              size="small"
              column={2}
              bordered
              items={[
                { key: 'count', label: t('attributes.statCount'), children: stats.count.toLocaleString() },
                { key: 'nulls', label: t('attributes.statNulls'), children: stats.nulls.toLocaleString() },
                { key: 'distinct', label: t('attributes.statDistinct'), children: stats.distinct.toLocaleString() },
                { key: 'sum', label: t('attributes.statSum'), children: num(stats.sum) },
                { key: 'min', label: t('attributes.statMin'), children: num(stats.min) },
                { key: 'max', label: t('attributes.statMax'), children: num(stats.max) },
                { key: 'mean', label: t('attributes.statMean'), children: num(stats.mean) },
                { key: 'std', label: t('attributes.statStd'), children: num(stats.std) },
              ]}
            />
            {stats.histogram ? (
              <div style={{ marginTop: 12 }}>
                <Histogram data={stats.histogram} width={470} />
              </div>
            ) : (
              <div className="gwz-stats-top">
                {t('attributes.statTop')}:{' '}
                {stats.top.map((x) => (
                  <Tag key={String(x.value)}>
                    {x.value === null ? 'NULL' : String(x.value)} × {x.count}
                  </Tag>
                ))}
              </div>
            )}
          </div>
        ) : (
          !loading && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Spin>
    </Modal>
  );
}
