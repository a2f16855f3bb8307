import { Button, Checkbox, Empty, Progress, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { METHOD_LABELS, type RechargeMethod, type RechargeResult } from '../../../shared/api/recharge';
import { PROTECTION_LEVELS } from '../../../shared/style/presets';
import { bi } from './model';

interface Props {
  result: RechargeResult | null;
  running: boolean;
  percent: number;
  message: string;
  shown: RechargeMethod[];
  onShown(methods: RechargeMethod[]): void;
  onRun(): void;
  onCancel(): void;
  onZoom(source?: string): void;
}

const LEVEL_ORDER = ['level1', 'level2', 'recharge'] as const;
const f = (v: number, d = 3) => (v === 0 ? '0' : v < 0.001 ? v.toExponential(2) : v.toFixed(d));

/** Step 3: run, then the methods side by side — a table source × zone with one column per method, and the map. */
export function ResultsStep({ result, running, percent, message, shown, onShown, onRun, onCancel, onZoom }: Props) {
  const { t } = useTranslation();
  const methods = result ? (Object.keys(METHOD_LABELS) as RechargeMethod[]).filter((m) => result.zones.some((z) => z.method === m)) : [];
  const rows = result
    ? [...new Set(result.zones.map((z) => z.source))].flatMap((source) =>
        LEVEL_ORDER.filter((level) => result.zones.some((z) => z.source === source && z.level === level)).map((level) => ({
          key: `${source}|${level}`,
          source,
          level,
          cells: Object.fromEntries(methods.map((m) => [m, result.zones.find((z) => z.source === source && z.level === level && z.method === m) ?? null])),
        })),
      )
    : [];

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" className="gwz-rc-help">
        {t('recharge.stepHelp.results')}
      </Typography.Paragraph>
      <Space>
        <Button type="primary" loading={running} onClick={onRun} data-testid="rc-run">
          {running ? t('recharge.running') : t('recharge.run')}
        </Button>
        {running && (
          <Button onClick={onCancel} data-testid="rc-cancel">
            {t('recharge.cancel')}
          </Button>
        )}
      </Space>
      {running && <Progress percent={Math.round(percent)} size="small" status="active" format={() => `${Math.round(percent)}% ${message}`} />}
      {!result && !running && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('recharge.noResult')} />}
      {result && (
        <>
          <Space wrap>
            <span>{t('recharge.show')}:</span>
            <Checkbox.Group
              value={shown}
              data-testid="rc-shown"
              options={methods.map((m) => ({ value: m, label: bi(METHOD_LABELS[m]) }))}
              onChange={(v) => onShown(v)}
            />
          </Space>
          <Typography.Text strong>{t('recharge.compare')}</Typography.Text>
          <Table
            size="small"
            pagination={false}
            data-testid="rc-compare"
            dataSource={rows}
            scroll={{ x: 600 }}
            columns={[
              {
                title: t('recharge.name'),
                key: 'source',
                width: 150,
                render: (_: unknown, r) => (
                  <Typography.Link onClick={() => onZoom(r.source)} ellipsis>
                    {r.source}
                  </Typography.Link>
                ),
                onCell: (r, i) => {
                  const first = i === 0 || rows[(i ?? 0) - 1]?.source !== r.source;
                  return { rowSpan: first ? rows.filter((x) => x.source === r.source).length : 0 };
                },
              },
              { title: t('recharge.zone'), key: 'level', width: 86, render: (_: unknown, r) => bi(PROTECTION_LEVELS[r.level]) },
              ...methods.map((m) => ({
                title: bi(METHOD_LABELS[m]),
                key: m,
                align: 'right' as const,
                render: (_: unknown, r: (typeof rows)[number]) => {
                  const z = r.cells[m];
                  if (!z) return '';
                  const extra = z.radiusM !== null ? ` · R ${z.radiusM.toFixed(0)} m` : z.upgradientM !== null ? ` · ↑${z.upgradientM.toFixed(0)} m` : '';
                  return (
                    <Typography.Text title={z.note} data-testid={`rc-cell-${m}-${r.level}`}>
                      {f(z.areaKm2)}
                      <Typography.Text type="secondary">{extra}</Typography.Text>
                      {z.clipped ? ' ✂' : ''}
                    </Typography.Text>
                  );
                },
              })),
            ]}
          />
          {result.capture.length > 0 && (
            <>
              <Typography.Text strong>{t('recharge.capture')}</Typography.Text>
              <Table
                size="small"
                pagination={false}
                rowKey="source"
                data-testid="rc-capture"
                dataSource={result.capture}
                columns={[
                  { title: t('recharge.name'), dataIndex: 'source', ellipsis: true },
                  { title: t('recharge.stagnation'), key: 'xs', align: 'right', render: (_: unknown, c) => c.stagnationM.toFixed(1) },
                  { title: t('recharge.width'), key: 'w', align: 'right', render: (_: unknown, c) => c.captureWidthM.toFixed(1) },
                  { title: t('recharge.widthAtWell'), key: 'w0', align: 'right', render: (_: unknown, c) => c.widthAtWellM.toFixed(1) },
                  { title: t('recharge.velocity'), key: 'v', align: 'right', render: (_: unknown, c) => c.velocity.toPrecision(3) },
                ]}
              />
            </>
          )}
          {result.screening.length > 0 && (
            <>
              <Typography.Text strong>
                {t('recharge.screening')} ({result.screening.length})
              </Typography.Text>
              <Table
                size="small"
                pagination={{ pageSize: 6, size: 'small' }}
                rowKey={(h) => `${h.source}|${h.method}|${h.level}|${h.layer}|${h.fid}`}
                dataSource={result.screening}
                columns={[
                  { title: t('recharge.name'), dataIndex: 'source', ellipsis: true },
                  { title: t('recharge.methods'), key: 'm', render: (_: unknown, h) => (h.method in METHOD_LABELS ? bi(METHOD_LABELS[h.method as RechargeMethod]) : h.method) },
                  { title: t('recharge.zone'), key: 'l', render: (_: unknown, h) => bi(PROTECTION_LEVELS[h.level]) },
                  { title: '', dataIndex: 'name', ellipsis: true },
                  { title: t('recharge.distance'), key: 'd', align: 'right', render: (_: unknown, h) => h.distanceM.toFixed(0) },
                ]}
              />
            </>
          )}
        </>
      )}
    </Space>
  );
}
