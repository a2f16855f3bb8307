import { Button, Checkbox, Collapse, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../../shared/api/layers';
import { METHOD_LABELS, RECHARGE_METHODS, type RechargeParameters } from '../../../shared/api/recharge';
import { MEDIUM_LABELS } from '../../../shared/domain/recharge/hj338';
import { bi, polygonLayers, rasterLayers, vectorLayers, type WizardConfig } from './model';

export type ParamNotes = Record<string, { status: 'C' | 'S' | 'U' | 'D'; note_zh: string; note_en: string }>;

interface Props {
  layers: LayerInfo[];
  config: WizardConfig;
  notes: ParamNotes;
  drawing: boolean;
  onChange(patch: Partial<WizardConfig>): void;
  onDraw(): void;
}

const SEGMENTS = ['divide', 'river', 'contact', 'impermeable', 'other'] as const;

/** A parameter's badge: 待核实 for [U] values, 建议值 for our own [D] suggestions, with the note as tooltip. */
function Badge({ note }: { note: ParamNotes[string] | undefined }) {
  const { t } = useTranslation();
  if (!note || (note.status !== 'U' && note.status !== 'D')) return null;
  return (
    <Tooltip title={bi({ zh: note.note_zh, en: note.note_en })}>
      <Tag color={note.status === 'U' ? 'gold' : 'default'} className="gwz-rc-unverified" data-testid="rc-badge">
        {note.status === 'U' ? t('recharge.unverified') : 'D'}
      </Tag>
    </Tooltip>
  );
}

/** Step 2: methods, the method profile (HJ 338 values editable, [U] ones badged) and the method inputs. */
export function MethodsStep({ layers, config, notes, drawing, onChange, onDraw }: Props) {
  const { t } = useTranslation();
  const p = config.parameters;
  const setP = (patch: Partial<RechargeParameters>) => p && onChange({ parameters: { ...p, ...patch } });
  const layerOptions = (list: LayerInfo[]) => list.map((l) => ({ value: l.id, label: l.name }));
  const numberItem = (key: 'alpha' | 'level1Days' | 'level2Days' | 'rechargeDays', min: number) => (
    <Form.Item
      label={
        <Space size={4}>
          {t(`recharge.${key}`)}
          <Badge note={notes[key]} />
        </Space>
      }
    >
      <InputNumber size="small" min={min} value={p?.[key]} data-testid={`rc-param-${key}`} onChange={(v) => typeof v === 'number' && setP({ [key]: v })} />
    </Form.Item>
  );

  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" className="gwz-rc-help">
        {t('recharge.stepHelp.methods')}
      </Typography.Paragraph>
      <Checkbox.Group
        value={config.methods}
        data-testid="rc-methods"
        options={RECHARGE_METHODS.map((m) => ({ value: m, label: bi(METHOD_LABELS[m]) }))}
        onChange={(v) => onChange({ methods: v })}
      />
      <Form layout="horizontal" size="small" labelCol={{ span: 10 }} wrapperCol={{ span: 14 }} className="gwz-rc-form">
        {config.methods.includes('dem') && (
          <Form.Item label={t('recharge.dem')}>
            <Select size="small" value={config.demLayerId ?? undefined} options={layerOptions(rasterLayers(layers))} onChange={(v) => onChange({ demLayerId: v })} />
          </Form.Item>
        )}
        <Form.Item label={t('recharge.head')}>
          <Select
            size="small"
            allowClear
            placeholder={t('recharge.none')}
            value={config.headLayerId ?? undefined}
            options={layerOptions(rasterLayers(layers))}
            onChange={(v) => onChange({ headLayerId: v ?? null })}
          />
        </Form.Item>
        {config.methods.includes('boundary') && (
          <>
            <Form.Item label={t('recharge.boundary')}>
              <Space wrap>
                <Button size="small" type={drawing ? 'primary' : 'default'} data-testid="rc-draw" onClick={onDraw}>
                  {t('recharge.drawBoundary')}
                </Button>
                {config.drawn && (
                  <>
                    <span data-testid="rc-drawn">{t('recharge.drawnVertices', { n: config.drawn.length - 1 })}</span>
                    <Button size="small" type="link" onClick={() => onChange({ drawn: null })}>
                      {t('recharge.clearDrawn')}
                    </Button>
                  </>
                )}
              </Space>
              {drawing && <Typography.Text type="warning">{t('recharge.drawing')}</Typography.Text>}
            </Form.Item>
            <Form.Item label={t('recharge.boundaryLayer')}>
              <Select
                size="small"
                allowClear
                placeholder={t('recharge.none')}
                value={config.boundaryLayerId ?? undefined}
                options={layerOptions(polygonLayers(layers))}
                onChange={(v) => onChange({ boundaryLayerId: v ?? null })}
              />
            </Form.Item>
            <Form.Item label={t('recharge.segmentTypes')}>
              <Checkbox.Group
                value={config.segmentTypes}
                options={SEGMENTS.map((s) => ({ value: s, label: t(`recharge.segment.${s}`) }))}
                onChange={(v) => onChange({ segmentTypes: v })}
              />
            </Form.Item>
            <Form.Item label={t('recharge.boundaryReason')}>
              <Input.TextArea rows={2} value={config.boundaryReason} onChange={(e) => onChange({ boundaryReason: e.target.value })} />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('recharge.clipLayer')}>
          <Select
            size="small"
            allowClear
            placeholder={t('recharge.none')}
            value={config.clipLayerId ?? undefined}
            data-testid="rc-clip-layer"
            options={layerOptions(polygonLayers(layers))}
            onChange={(v) => onChange({ clipLayerId: v ?? null })}
          />
        </Form.Item>
        {config.drawn && (
          <Form.Item label=" " colon={false}>
            <Checkbox checked={config.clipWithDrawn} onChange={(e) => onChange({ clipWithDrawn: e.target.checked })}>
              {t('recharge.clipDrawn')}
            </Checkbox>
          </Form.Item>
        )}
        <Form.Item label={t('recharge.screen')}>
          <Select
            size="small"
            mode="multiple"
            value={config.screenLayerIds}
            options={layerOptions(vectorLayers(layers))}
            onChange={(v) => onChange({ screenLayerIds: v })}
          />
        </Form.Item>
      </Form>
      <Collapse
        size="small"
        defaultActiveKey={['params']}
        items={[
          {
            key: 'params',
            label: t('recharge.parameters'),
            children: p && (
              <Form layout="horizontal" size="small" labelCol={{ span: 12 }} wrapperCol={{ span: 12 }} className="gwz-rc-form">
                {numberItem('alpha', 1)}
                {numberItem('level1Days', 1)}
                {numberItem('level2Days', 1)}
                {numberItem('rechargeDays', 1)}
                <Form.Item label={t('recharge.formulaShape')}>
                  <Radio.Group size="small" value={p.formulaShape} onChange={(e) => setP({ formulaShape: e.target.value })}>
                    <Radio.Button value="circle">{t('recharge.shapeCircle')}</Radio.Button>
                    <Radio.Button value="elongated">{t('recharge.shapeElongated')}</Radio.Button>
                  </Radio.Group>
                </Form.Item>
                <Form.Item
                  label={
                    <Space size={4}>
                      {t('recharge.rangePick')}
                      <Badge note={notes.rangePick} />
                    </Space>
                  }
                >
                  <Radio.Group size="small" value={p.rangePick} onChange={(e) => setP({ rangePick: e.target.value })}>
                    <Radio.Button value="min">{t('recharge.pickMin')}</Radio.Button>
                    <Radio.Button value="mid">{t('recharge.pickMid')}</Radio.Button>
                    <Radio.Button value="max">{t('recharge.pickMax')}</Radio.Button>
                  </Radio.Group>
                </Form.Item>
                <Typography.Text strong>
                  {t('recharge.empiricalTable')} <Badge note={notes.empiricalTable} />
                </Typography.Text>
                <Table
                  size="small"
                  pagination={false}
                  rowKey="medium"
                  data-testid="rc-empirical-table"
                  dataSource={p.empiricalTable}
                  columns={[
                    { title: t('recharge.medium'), key: 'm', render: (_: unknown, r) => bi(MEDIUM_LABELS[r.medium]) },
                    ...(['level1', 'level2'] as const).map((lvl) => ({
                      title: t(lvl === 'level1' ? 'recharge.level1Range' : 'recharge.level2Range'),
                      key: lvl,
                      render: (_: unknown, r: RechargeParameters['empiricalTable'][number], i: number) => (
                        <Space size={2}>
                          {[0, 1].map((end) => (
                            <InputNumber
                              key={end}
                              size="small"
                              min={1}
                              style={{ width: 72 }}
                              value={r[lvl][end]}
                              onChange={(v) => {
                                if (typeof v !== 'number') return;
                                const table = p.empiricalTable.map((row, k) => {
                                  if (k !== i) return row;
                                  const range: [number, number] = [...row[lvl]];
                                  range[end] = v;
                                  return { ...row, [lvl]: range };
                                });
                                setP({ empiricalTable: table });
                              }}
                            />
                          ))}
                        </Space>
                      ),
                    })),
                  ]}
                />
              </Form>
            ),
          },
        ]}
      />
    </Space>
  );

}
