import { Alert, Button, Input, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { METHOD_LABELS, type RechargeMethod, type RechargeResult } from '../../../shared/api/recharge';
import { bi } from './model';

export interface Choice {
  source: string;
  level1: RechargeMethod;
  level2: RechargeMethod;
  recharge: RechargeMethod[];
}

interface Props {
  result: RechargeResult | null;
  choices: Choice[];
  rationale: string;
  running: boolean;
  done: string | null;
  onChoices(c: Choice[]): void;
  onRationale(text: string): void;
  onRun(): void;
}

/** The first choices: the formula for the protection zones where it ran, the union of all recharge methods. */
export function defaultChoices(result: RechargeResult): Choice[] {
  const sources = [...new Set(result.zones.map((z) => z.source))];
  return sources.map((source) => {
    const has = (level: string) => result.zones.filter((z) => z.source === source && z.level === level).map((z) => z.method);
    const pick = (list: RechargeMethod[]) => (list.includes('formula') ? 'formula' : list[0]!);
    const l1 = has('level1');
    const l2 = has('level2');
    const r = has('recharge');
    return { source, level1: pick(l1), level2: pick(l2), recharge: r };
  });
}

/** Step 4: per source, the method behind each final zone, and the rationale for the report. */
export function CombineStep({ result, choices, rationale, running, done, onChoices, onRationale, onRun }: Props) {
  const { t } = useTranslation();
  if (!result) return <Typography.Text type="secondary">{t('recharge.noResult')}</Typography.Text>;
  const options = (source: string, level: string) =>
    result.zones.filter((z) => z.source === source && z.level === level).map((z) => ({ value: z.method, label: bi(METHOD_LABELS[z.method]) }));
  const set = (source: string, patch: Partial<Choice>) => onChoices(choices.map((c) => (c.source === source ? { ...c, ...patch } : c)));
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" className="gwz-rc-help">
        {t('recharge.stepHelp.combine')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="source"
        dataSource={choices}
        data-testid="rc-choices"
        columns={[
          { title: t('recharge.name'), dataIndex: 'source', ellipsis: true, width: 150 },
          {
            title: t('recharge.level1Method'),
            key: 'l1',
            render: (_: unknown, c) => <Select size="small" style={{ width: 110 }} value={c.level1} options={options(c.source, 'level1')} onChange={(v) => set(c.source, { level1: v })} />,
          },
          {
            title: t('recharge.level2Method'),
            key: 'l2',
            render: (_: unknown, c) => <Select size="small" style={{ width: 110 }} value={c.level2} options={options(c.source, 'level2')} onChange={(v) => set(c.source, { level2: v })} />,
          },
          {
            title: t('recharge.rechargeMethod'),
            key: 'r',
            render: (_: unknown, c) => (
              <Select size="small" mode="multiple" style={{ minWidth: 150 }} value={c.recharge} options={options(c.source, 'recharge')} onChange={(v) => set(c.source, { recharge: v })} />
            ),
          },
        ]}
      />
      <Typography.Text strong>{t('recharge.rationale')}</Typography.Text>
      <Input.TextArea rows={3} value={rationale} placeholder={t('recharge.rationalePlaceholder')} data-testid="rc-rationale" onChange={(e) => onRationale(e.target.value)} />
      <Button type="primary" loading={running} disabled={rationale.trim() === '' || choices.some((c) => c.recharge.length === 0)} onClick={onRun} data-testid="rc-combine">
        {t('recharge.runCombine')}
      </Button>
      {done && <Alert type="success" showIcon message={done} data-testid="rc-combined" />}
    </Space>
  );
}
