import { Input, InputNumber, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../shared/api/layers';
import { captureWidth, stagnationDistance } from '../../../shared/domain/recharge/capture-zone';
import { AQUIFER_MEDIA, AQUIFER_TYPE_LABELS, AQUIFER_TYPES, MEDIUM_LABELS, travelTimeRadius } from '../../../shared/domain/recharge/hj338';
import type { RechargeParameters } from '../../../shared/api/recharge';
import { bi, DEFAULT_NOTE, pointLayers, type SourceRow } from './model';

interface Props {
  layers: LayerInfo[];
  sourceLayerId: number | null;
  onSourceLayer(id: number): void;
  sources: SourceRow[];
  parameters: RechargeParameters | null;
  onChange(rows: SourceRow[]): void;
  /** Shows the source on the map. */
  onLocate(s: SourceRow): void;
}

const fix = (v: number) => (Number.isFinite(v) ? (v >= 100 ? v.toFixed(0) : v.toFixed(1)) : '—');

/** Step 1: the source inventory, with the aquifer parameters editable and the type defaults badged 待核实. */
export function SourcesStep({ layers, sourceLayerId, onSourceLayer, sources, parameters, onChange, onLocate }: Props) {
  const { t } = useTranslation();
  // An edited value is no longer the type default: its badge and its default note go.
  const update = (key: string, patch: Partial<SourceRow>, field?: string) =>
    onChange(
      sources.map((s) => {
        if (s.key !== key) return s;
        if (!field) return { ...s, ...patch };
        const provenance = { ...(patch.provenance ?? s.provenance ?? {}) };
        if (provenance[field]?.startsWith(DEFAULT_NOTE)) delete provenance[field];
        return { ...s, ...patch, provenance, defaulted: s.defaulted.filter((d) => d !== field) };
      }),
    );

  const num = (field: 'Q' | 'K' | 'b' | 'n' | 'I', step: number, min: number, max?: number) => ({
    title: t(`recharge.${field === 'Q' ? 'q' : field}`),
    key: field,
    width: field === 'Q' ? 84 : 72,
    render: (_: unknown, s: SourceRow) => (
      <div className="gwz-rc-cell">
        <InputNumber
          size="small"
          value={s[field]}
          min={min}
          {...(max !== undefined ? { max } : {})}
          step={step}
          style={{ width: '100%' }}
          data-testid={`rc-${field}-${s.name}`}
          onChange={(v) => typeof v === 'number' && update(s.key, { [field]: v } as Partial<SourceRow>, field)}
        />
        {s.defaulted.includes(field) && (
          <Tooltip title={s.provenance?.[field] ?? ''}>
            <Tag color="gold" className="gwz-rc-unverified">
              {t('recharge.unverified')}
            </Tag>
          </Tooltip>
        )}
      </div>
    ),
  });

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" className="gwz-rc-help">
        {t('recharge.stepHelp.sources')}
      </Typography.Paragraph>
      <Space>
        <span>{t('recharge.sourceLayer')}</span>
        <Select
          size="small"
          style={{ minWidth: 220 }}
          placeholder={t('recharge.pickSourceLayer')}
          value={sourceLayerId ?? undefined}
          data-testid="rc-source-layer"
          options={pointLayers(layers).map((l) => ({ value: l.id, label: `${l.name} (${l.featureCount})` }))}
          onChange={onSourceLayer}
        />
      </Space>
      <Table<SourceRow>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 900 }}
        dataSource={sources}
        data-testid="rc-sources"
        expandable={{
          expandedRowRender: (s) => {
            const r1 = parameters ? travelTimeRadius({ alpha: parameters.alpha, K: s.K, I: s.I, T: parameters.level1Days, n: s.n }) : NaN;
            const r2 = parameters ? travelTimeRadius({ alpha: parameters.alpha, K: s.K, I: s.I, T: parameters.level2Days, n: s.n }) : NaN;
            const a = { K: s.K, b: s.b, n: s.n, i: s.I };
            return (
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <span data-testid={`rc-preview-${s.name}`}>
                  {t('recharge.preview')}：{t('recharge.previewText', { r1: fix(r1), r2: fix(r2), xs: fix(stagnationDistance(s.Q, a)), w: fix(captureWidth(s.Q, a)) })}
                </span>
                <Input
                  size="small"
                  addonBefore={`${t('recharge.provenance')} K`}
                  value={s.provenance?.K ?? ''}
                  onChange={(e) => update(s.key, { provenance: { ...s.provenance, K: e.target.value } })}
                />
              </Space>
            );
          },
          rowExpandable: () => true,
        }}
        columns={[
          {
            title: t('recharge.name'),
            key: 'name',
            width: 170,
            fixed: 'left',
            render: (_: unknown, s) => (
              <Space direction="vertical" size={0}>
                <Typography.Link ellipsis style={{ maxWidth: 160 }} title={s.name} onClick={() => onLocate(s)} data-testid={`rc-locate-${s.name}`}>
                  {s.name}
                </Typography.Link>
                <Space size={2}>
                  {s.thousandTon && <Tag color="blue">{t('recharge.thousandTon')}</Tag>}
                  {s.scale === 'large' && <Tag color="red">{t('recharge.large')}</Tag>}
                  {s.population !== null && s.population !== undefined && <Typography.Text type="secondary">{t('recharge.people', { n: s.population.toLocaleString() })}</Typography.Text>}
                </Space>
              </Space>
            ),
          },
          {
            title: t('recharge.aquifer'),
            key: 'aquifer',
            width: 96,
            render: (_: unknown, s) => (
              <Select
                size="small"
                value={s.aquiferType}
                style={{ width: '100%' }}
                options={AQUIFER_TYPES.map((a) => ({ value: a, label: bi(AQUIFER_TYPE_LABELS[a]) }))}
                onChange={(v) => update(s.key, { aquiferType: v }, 'aquiferType')}
              />
            ),
          },
          {
            title: t('recharge.medium'),
            key: 'medium',
            width: 86,
            render: (_: unknown, s) => (
              <Select
                size="small"
                value={s.medium}
                style={{ width: '100%' }}
                options={AQUIFER_MEDIA.map((m) => ({ value: m, label: bi(MEDIUM_LABELS[m]) }))}
                onChange={(v) => update(s.key, { medium: v }, 'medium')}
              />
            ),
          },
          num('Q', 100, 1),
          num('K', 1, 0.0001),
          num('b', 1, 0.1),
          num('n', 0.01, 0.001, 0.99),
          num('I', 0.001, 0.00001),
          {
            title: (
              <Tooltip title={t('recharge.azimuthHelp')}>
                <span>{t('recharge.azimuth')}</span>
              </Tooltip>
            ),
            key: 'azimuth',
            width: 76,
            render: (_: unknown, s) => (
              <InputNumber
                size="small"
                value={s.azimuth ?? null}
                min={0}
                max={360}
                step={5}
                style={{ width: '100%' }}
                data-testid={`rc-azimuth-${s.name}`}
                onChange={(v) => update(s.key, { azimuth: typeof v === 'number' ? v : null }, 'azimuth')}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
