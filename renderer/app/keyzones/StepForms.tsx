import { Button, Checkbox, Descriptions, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KeyZoneConfig, KeyZoneStep, ProfileEntry } from '../../../shared/api/keyzones';
import type { LayerInfo } from '../../../shared/api/layers';
import { DRASTIC_FACTORS, PROTECTION_TYPES, type DrasticFactor, type FactorSpec, type KeyZoneProfile } from '../../../shared/domain/keyzone-profile';
import { currentLang } from '../../i18n';
import { FactorSourceEditor, FieldSelect, LayerSelect, StatusBadge } from './pickers';

interface InputsProps {
  step: KeyZoneStep;
  config: KeyZoneConfig;
  layers: readonly LayerInfo[];
  profiles: readonly ProfileEntry[];
  onChange(config: KeyZoneConfig): void;
}

const item = (label: string, child: React.ReactNode, extra?: React.ReactNode) => (
  <Form.Item label={label} style={{ marginBottom: 6 }} extra={extra}>
    {child}
  </Form.Item>
);

/** The input pickers of one step; every change is saved at once (and marks later steps stale). */
export function StepInputs({ step, config, layers, profiles, onChange }: InputsProps) {
  const { t } = useTranslation();
  const en = currentLang() === 'en';
  const set = (patch: Partial<KeyZoneConfig>) => onChange({ ...config, ...patch });
  switch (step) {
    case 'area':
      return (
        <Form layout="vertical" size="small">
          {item(
            t('keyzones.field.profile'),
            <Select
              size="small"
              data-testid="kz-profile"
              value={config.profileId}
              options={profiles.map((p) => ({ value: p.profile.id, label: `${en ? p.profile.name_en : p.profile.name_zh}${p.builtin ? '' : ' ✎'}` }))}
              onChange={(profileId: string) => set({ profileId })}
            />,
          )}
          {item(t('keyzones.field.studyArea'), <LayerSelect testId="kz-study" layers={layers} filter="polygon" value={config.area.studyArea} onChange={(studyArea) => set({ area: { ...config.area, studyArea } })} />)}
          {item(t('keyzones.field.adminUnits'), <LayerSelect testId="kz-admin" layers={layers} filter="polygon" value={config.area.adminUnits} onChange={(adminUnits) => set({ area: { ...config.area, adminUnits } })} />)}
          {item(t('keyzones.field.adminName'), <FieldSelect layer={config.area.adminUnits} value={config.area.adminNameField} onChange={(f) => f && set({ area: { ...config.area, adminNameField: f } })} />)}
          {item(
            t('keyzones.field.adminCode'),
            <FieldSelect allowClear layer={config.area.adminUnits} value={config.area.adminCodeField} onChange={(f) => set({ area: { ...config.area, ...(f ? { adminCodeField: f } : { adminCodeField: undefined }) } })} />,
          )}
          {item(
            t('keyzones.field.cellSize'),
            <InputNumber
              size="small"
              min={10}
              max={10000}
              placeholder={t('keyzones.field.cellSizeAuto')}
              value={config.area.cellSize ?? null}
              onChange={(n) => set({ area: { ...config.area, cellSize: n ?? undefined } })}
              data-testid="kz-cellsize"
            />,
          )}
        </Form>
      );
    case 'protection':
      return (
        <Form layout="vertical" size="small">
          {item(
            t('keyzones.field.protectionLayers'),
            <Space orientation="vertical" style={{ width: '100%' }} size={4}>
              {config.protection.layers.map((p, i) => (
                <Space.Compact key={i} style={{ width: '100%' }}>
                  <LayerSelect layers={layers} filter="polygon" value={p.layer} onChange={(layer) => set({ protection: { ...config.protection, layers: config.protection.layers.map((q, k) => (k === i ? { ...q, layer } : q)) } })} />
                  <Select
                    size="small"
                    style={{ width: 130 }}
                    value={p.type}
                    options={PROTECTION_TYPES.map((v) => ({ value: v, label: v }))}
                    onChange={(type: (typeof PROTECTION_TYPES)[number]) => set({ protection: { ...config.protection, layers: config.protection.layers.map((q, k) => (k === i ? { layer: q.layer, type } : q)) } })}
                  />
                  <Button size="small" onClick={() => set({ protection: { ...config.protection, layers: config.protection.layers.filter((_, k) => k !== i) } })}>
                    ×
                  </Button>
                </Space.Compact>
              ))}
              <Button size="small" onClick={() => set({ protection: { ...config.protection, layers: [...config.protection.layers, { layer: layers.find((l) => (l.geometryType ?? '').includes('POLYGON'))?.id ?? 0, type: '一级保护区' }] } })}>
                +
              </Button>
            </Space>,
          )}
          {item(
            t('keyzones.field.wells'),
            <Select
              size="small"
              mode="multiple"
              style={{ width: '100%' }}
              data-testid="kz-wells"
              value={config.protection.wells.map((w) => layers.find((l) => l.id === w.layer || l.name === w.layer)?.id).filter((v): v is number => v !== undefined)}
              options={layers.filter((l) => (l.geometryType ?? '').toUpperCase().includes('POINT')).map((l) => ({ value: l.id, label: l.name }))}
              onChange={(ids: number[]) => set({ protection: { ...config.protection, wells: ids.map((layer) => ({ layer })) } })}
            />,
          )}
        </Form>
      );
    case 'value':
      return (
        <Form layout="vertical" size="small">
          {item(t('keyzones.field.abundance'), <FactorSourceEditor testId="kz-abundance" layers={layers} value={config.value.abundance} onChange={(abundance) => set({ value: { ...config.value, abundance } })} />)}
          {item(
            t('keyzones.field.quality'),
            config.value.quality ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <FactorSourceEditor layers={layers} value={config.value.quality} onChange={(quality) => set({ value: { ...config.value, quality } })} />
                <Button size="small" onClick={() => set({ value: { abundance: config.value.abundance } })}>
                  {t('keyzones.field.qualityDefault')}
                </Button>
              </Space>
            ) : (
              <Button size="small" onClick={() => set({ value: { ...config.value, quality: { kind: 'constant', value: 3 } } })}>
                {t('keyzones.field.qualityDefault')} → +
              </Button>
            ),
          )}
        </Form>
      );
    case 'vulnerability':
      return (
        <Form layout="vertical" size="small">
          {DRASTIC_FACTORS.map((f) => (
            <div key={f}>
              {item(
                `${f}`,
                <FactorSourceEditor
                  testId={`kz-factor-${f}`}
                  layers={layers}
                  value={config.vulnerability.factors[f]!}
                  onChange={(s) => set({ vulnerability: { factors: { ...config.vulnerability.factors, [f]: s } } })}
                />,
              )}
            </div>
          ))}
        </Form>
      );
    case 'load':
      return (
        <Form layout="vertical" size="small">
          {config.load.sources.map((s, i) => (
            <div key={i}>
              {item(t('keyzones.field.sources'), <LayerSelect testId="kz-sources" layers={layers} filter="point" value={s.layer} onChange={(layer) => set({ load: { sources: config.load.sources.map((q, k) => (k === i ? { ...q, layer } : q)) } })} />)}
              {item(t('keyzones.field.sourceType'), <FieldSelect layer={s.layer} value={s.typeField} onChange={(typeField) => typeField && set({ load: { sources: config.load.sources.map((q, k) => (k === i ? { ...q, typeField } : q)) } })} />)}
              {item(
                t('keyzones.field.sourceScale'),
                <FieldSelect allowClear layer={s.layer} value={s.scaleField} onChange={(scaleField) => set({ load: { sources: config.load.sources.map((q, k) => (k === i ? { layer: q.layer, typeField: q.typeField, ...(scaleField ? { scaleField } : {}) } : q)) } })} />,
              )}
            </div>
          ))}
        </Form>
      );
    default:
      return null;
  }
}

interface ProfileProps {
  step: KeyZoneStep;
  entry: ProfileEntry;
  onEdit(profile: KeyZoneProfile): void;
  onCopy(): void;
}

type MatrixRow = { row: number[]; i: number };
type FactorRow = { f: DrasticFactor; spec: FactorSpec };

const rangeText = (from: number | null, to: number | null) => `${from ?? '−∞'} – ${to ?? '+∞'}`;

/** The profile tables a step uses, each with its status badge; a project copy's weights and rule are editable. */
export function ProfileView({ step, entry, onEdit, onCopy }: ProfileProps) {
  const { t } = useTranslation();
  const en = currentLang() === 'en';
  const p = entry.profile;
  const editable = !entry.builtin;
  const header = (
    <Space wrap size={4} style={{ marginBottom: 6 }}>
      <Typography.Text type="secondary">{en ? p.name_en : p.name_zh}</Typography.Text>
      {entry.builtin ? (
        <Button size="small" onClick={onCopy} data-testid="kz-copy-profile">
          {t('keyzones.profile.copy')}
        </Button>
      ) : null}
    </Space>
  );
  switch (step) {
    case 'area':
      return (
        <>
          {header}
          <Descriptions size="small" column={1} items={[{ key: 'b', label: t('keyzones.profile.basis'), children: en ? p.basis_en : p.basis_zh }, { key: 'n', label: '', children: <StatusBadge note={p.zoneNames.source} /> }]} />
        </>
      );
    case 'protection':
      return (
        <>
          {header}
          <div>
            {t('keyzones.profile.radius')}: {p.protection.wellRadius.primary} / {p.protection.wellRadius.secondary} / {p.protection.wellRadius.quasi ?? '—'} <StatusBadge note={p.protection.source} />
          </div>
        </>
      );
    case 'value':
      return (
        <>
          {header}
          <div>
            {t('keyzones.field.abundance')}: {p.value.abundance.ranges.map((r, i) => `${p.value.abundance.labels_zh[i] ?? r.rating} ${rangeText(r.from, r.to)}`).join('；')} <StatusBadge note={p.value.abundance.source} />
          </div>
          <div style={{ marginTop: 4 }}>
            {t('keyzones.profile.matrix')} <StatusBadge note={p.value.source} />
          </div>
          <Table<MatrixRow>
            size="small"
            pagination={false}
            rowKey={(r) => String(r.i)}
            dataSource={p.value.matrix.map((row, i) => ({ row, i }))}
            columns={[
              { title: '', render: (_: unknown, r) => p.value.abundance.labels_zh[r.i] },
              ...['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ'].map((q, k) => ({ title: q, render: (_: unknown, r: MatrixRow) => p.value.labels_zh[r.row[k]! - 1] })),
            ]}
          />
        </>
      );
    case 'vulnerability':
      return (
        <>
          {header}
          <Table<FactorRow>
            size="small"
            pagination={false}
            rowKey="f"
            data-testid="kz-weights"
            dataSource={DRASTIC_FACTORS.map((f) => ({ f, spec: p.vulnerability.factors[f]! }))}
            columns={[
              { title: t('keyzones.field.factor'), width: 110, render: (_: unknown, r) => `${r.f} ${en ? r.spec.name_en : r.spec.name_zh}` },
              {
                title: t('keyzones.field.weight'),
                width: 80,
                render: (_: unknown, r) =>
                  editable ? (
                    <InputNumber
                      size="small"
                      min={0}
                      max={10}
                      value={r.spec.weight}
                      onChange={(n) => n !== null && onEdit({ ...p, vulnerability: { ...p.vulnerability, factors: { ...p.vulnerability.factors, [r.f]: { ...p.vulnerability.factors[r.f]!, weight: n } } } })}
                    />
                  ) : (
                    r.spec.weight
                  ),
              },
              {
                title: t('keyzones.profile.ranges'),
                render: (_: unknown, r) => (
                  <span className="gwz-kz-ranges">
                    {r.spec.ranges.length > 0 ? r.spec.ranges.map((q) => `${rangeText(q.from, q.to)}→${q.rating}`).join('；') : r.spec.categories.map((c) => `${en ? c.label_en : c.label_zh} ${c.rating}`).join('；')}
                  </span>
                ),
              },
              { title: '', width: 60, render: (_: unknown, r) => <StatusBadge note={r.spec.source} /> },
            ]}
          />
          <div style={{ marginTop: 4 }}>
            {t('keyzones.profile.classes')}: {p.vulnerability.classes.method}
            {p.vulnerability.classes.breaks ? ` ${p.vulnerability.classes.breaks.join(' – ')}` : ` × ${p.vulnerability.classes.count}`} <StatusBadge note={p.vulnerability.classes.source} />
          </div>
        </>
      );
    case 'load':
      return (
        <>
          {header}
          <div>
            {t('keyzones.profile.sourceTypes')} <StatusBadge note={p.load.source} />
          </div>
          <Table
            size="small"
            pagination={false}
            rowKey="type"
            dataSource={p.load.sourceTypes}
            columns={[
              { title: t('keyzones.profile.typeName'), dataIndex: 'type' },
              { title: 'T', dataIndex: 'toxicity', width: 40 },
              { title: 'L', dataIndex: 'likelihood', width: 40 },
              { title: 'Q', dataIndex: 'quantity', width: 40 },
              { title: 'R', dataIndex: 'radius_m', width: 60 },
            ]}
          />
        </>
      );
    case 'control': {
      const c = p.combination;
      const group = (key: 'valueHigh' | 'vulnerabilityHigh' | 'loadHigh', labels: readonly string[], name: string) => (
        <div>
          {name}:{' '}
          <Checkbox.Group
            disabled={!editable}
            value={c[key]}
            options={labels.map((l, i) => ({ value: i + 1, label: l }))}
            onChange={(v) => v.length > 0 && onEdit({ ...p, combination: { ...c, [key]: (v as number[]).slice().sort() } })}
          />
        </div>
      );
      return (
        <>
          {header}
          <div>
            {t('keyzones.profile.rule')} <StatusBadge note={c.source} />
          </div>
          {group('valueHigh', p.value.labels_zh, t('keyzones.step.value'))}
          {group('vulnerabilityHigh', p.vulnerability.classes.labels_zh, t('keyzones.step.vulnerability'))}
          {group('loadHigh', p.load.classes.labels_zh, t('keyzones.step.load'))}
          <div>
            {t('keyzones.profile.minArea')}:{' '}
            {editable ? <InputNumber size="small" min={0} step={0.1} value={p.minAreaKm2} onChange={(n) => n !== null && onEdit({ ...p, minAreaKm2: n })} /> : p.minAreaKm2}
          </div>
          <div>
            {t('keyzones.profile.smooth')}:{' '}
            {editable ? <InputNumber size="small" min={0} max={3} step={0.25} value={p.smoothCells} onChange={(n) => n !== null && onEdit({ ...p, smoothCells: n })} /> : p.smoothCells}
          </div>
        </>
      );
    }
    case 'zones':
      return (
        <>
          {header}
          <div>
            {p.zoneNames.key_zh} = {p.zoneNames.protection_zh} + {p.zoneNames.control1_zh} + {p.zoneNames.control2_zh}；{p.zoneNames.general_zh} <StatusBadge note={p.zoneNames.source} />
          </div>
        </>
      );
  }
}
