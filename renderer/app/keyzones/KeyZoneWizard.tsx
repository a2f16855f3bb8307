import { Alert, App as AntApp, Button, Empty, Input, InputNumber, List, Progress, Space, Steps, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KEYZONE_STEPS, type KeyZoneConfig, type KeyZoneState, type KeyZoneStep, type ProfileEntry, type StepStatus, type StepTable } from '../../../shared/api/keyzones';
import type { ExplainLine } from '../../../shared/api/keyzones';
import type { LayerInfo } from '../../../shared/api/layers';
import type { KeyZoneProfile } from '../../../shared/domain/keyzone-profile';
import { currentLang } from '../../i18n';
import { useConnection } from '../connection-context';
import { useWorkflowAutosave } from '../use-workflow-autosave';
import { useShowError } from '../use-show-error';
import { SensitivityBars } from './SensitivityBars';
import { ProfileView, StepInputs } from './StepForms';
import './keyzones.css';

const STATUS_COLOR: Record<StepStatus, string> = { 'not-started': 'default', ready: 'processing', done: 'success', stale: 'warning' };
const STEPS_STATUS: Record<StepStatus, 'wait' | 'process' | 'finish' | 'error'> = { 'not-started': 'wait', ready: 'process', done: 'finish', stale: 'error' };

function ResultTable({ table }: { table: StepTable }) {
  const en = currentLang() === 'en';
  return (
    <div className="gwz-kz-table" data-testid="kz-result-table">
      <Typography.Text strong>{en ? table.title_en : table.title_zh}</Typography.Text>
      <Table
        size="small"
        scroll={{ x: true }}
        pagination={table.rows.length > 15 ? { pageSize: 15, size: 'small' } : false}
        rowKey={(_, i) => String(i)}
        dataSource={table.rows.map((r) => Object.fromEntries(r.map((v, k) => [`c${k}`, v])))}
        columns={table.columns.map((c, k) => ({ title: c, dataIndex: `c${k}`, ellipsis: true }))}
      />
    </div>
  );
}

/**
 * The key-zone wizard of docs/ux.md, in the left panel so each step's layers appear on the map as
 * it runs: a step list with state (未开始 / 可运行 / 已完成 / 需重新运行), one page per step with its
 * inputs (checked inline), the profile's parameters (待核实 badged), a run button with progress
 * and cancel, the result tables and a notes box. Ctrl+Enter runs the step; Alt+↑/↓ changes step.
 */
export function KeyZoneWizard({ layers, onLayersChanged }: { layers: readonly LayerInfo[]; onLayersChanged(): Promise<void> }) {
  const { client } = useConnection();
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const en = currentLang() === 'en';
  const [state, setState] = useState<KeyZoneState | null>(null);
  const [profiles, setProfiles] = useState<ProfileEntry[]>([]);
  const [current, setCurrent] = useState(0);
  const [job, setJob] = useState<{ jobId: string | null; percent: number; message: string } | null>(null);
  const [notes, setNotes] = useState<{ message_zh: string; message_en: string }[]>([]);
  const [explain, setExplain] = useState<{ x: number | null; y: number | null; lines: ExplainLine[] }>({ x: null, y: null, lines: [] });
  // Notes typed but not yet committed (they go into the config on blur), per step.
  const [notesDraft, setNotesDraft] = useState<Record<string, string>>({});
  const [restoredAt, setRestoredAt] = useState('');

  // The inputs live in the config (keyzones.setConfig on every change); the page the user was on,
  // notes being typed and the explain point are autosaved as the wizard's progress.
  useWorkflowAutosave(
    'keyzone',
    state ? { step: current, inputs: { notesDraft, explain: { x: explain.x, y: explain.y } } } : null,
    (saved) => {
      setCurrent(Math.max(0, Math.min(KEYZONE_STEPS.length - 1, saved.step)));
      const inputs = saved.inputs as { notesDraft?: Record<string, string>; explain?: { x: number | null; y: number | null } };
      if (inputs.notesDraft) setNotesDraft(inputs.notesDraft);
      if (inputs.explain) setExplain((e) => ({ ...e, x: inputs.explain?.x ?? null, y: inputs.explain?.y ?? null }));
      setRestoredAt(saved.updatedAt);
    },
  );

  const load = useCallback(async () => {
    try {
      const [s, p] = await Promise.all([client.api.keyzones.state({}), client.api.keyzones.profiles({})]);
      setState(s);
      setProfiles(p.profiles);
    } catch (err) {
      showError(err);
    }
  }, [client, showError]);
  const layerCount = layers.length;
  useEffect(() => {
    void load();
  }, [load, layerCount]);

  const save = useCallback(
    async (config: KeyZoneConfig) => {
      try {
        setState(await client.api.keyzones.setConfig({ config }));
      } catch (err) {
        showError(err);
      }
    },
    [client, showError],
  );

  const suggest = async () => {
    try {
      const r = await client.api.keyzones.suggestConfig({});
      setNotes(r.notes);
      await save(r.config);
    } catch (err) {
      showError(err);
    }
  };

  const running = job !== null;
  const run = useCallback(
    async (steps: KeyZoneStep[] | 'remaining') => {
      setJob({ jobId: null, percent: 0, message: '' });
      try {
        const { result } = await client.runJob('keyzones.run', steps === 'remaining' ? { remaining: true } : { steps }, (e) =>
          setJob({ jobId: e.jobId, percent: e.percent, message: currentLang() === 'en' ? e.message_en : e.message_zh }),
        );
        await onLayersChanged();
        await load();
        const seconds = result.seconds.toFixed(1);
        message.success(result.steps.length === 1 ? t('keyzones.done', { step: t(`keyzones.step.${result.steps[0]!.step}`), seconds }) : t('keyzones.allDone', { n: result.steps.length, seconds }));
        for (const w of result.warnings.slice(0, 3)) message.warning(currentLang() === 'en' ? w.message_en : w.message_zh);
      } catch (err) {
        showError(err);
        await load();
      } finally {
        setJob(null);
      }
    },
    [client, load, message, onLayersChanged, showError, t],
  );

  // Keyboard: Ctrl+Enter runs the current step, Alt+↑/↓ moves between steps.
  const keys = useRef({ run, current, running });
  keys.current = { run, current, running };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!document.querySelector('.gwz-keyzone-wizard')?.checkVisibility?.()) return;
      if (e.ctrlKey && e.key === 'Enter' && !keys.current.running) {
        e.preventDefault();
        void keys.current.run([KEYZONE_STEPS[keys.current.current]!]);
      } else if (e.altKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        setCurrent((c) => Math.max(0, Math.min(KEYZONE_STEPS.length - 1, c + (e.key === 'ArrowDown' ? 1 : -1))));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!state) return <div className="gwz-keyzone-wizard" />;
  const config = state.config;
  const entry = profiles.find((p) => p.profile.id === state.profile.id) ?? { profile: state.profile, builtin: true, updatedAt: null };
  const step = KEYZONE_STEPS[current]!;
  const stepState = state.steps[current]!;

  const copyProfile = async () => {
    if (!config) return;
    const p = state.profile;
    const id = `${p.id}-copy-${Date.now().toString(36)}`;
    try {
      await client.api.keyzones.saveProfile({ profile: { ...p, id, name_zh: t('keyzones.profile.copyName', { name: p.name_zh }), name_en: `${p.name_en} (copy)` } });
      await save({ ...config, profileId: id });
      await load();
    } catch (err) {
      showError(err);
    }
  };
  const editProfile = async (profile: KeyZoneProfile) => {
    try {
      await client.api.keyzones.saveProfile({ profile });
      await load();
    } catch (err) {
      showError(err);
    }
  };

  return (
    <div className="gwz-keyzone-wizard" data-testid="keyzone-wizard">
      <Typography.Title level={5} style={{ margin: '8px 0 4px' }}>
        {t('keyzones.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('keyzones.intro')}
      </Typography.Paragraph>
      {!config ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('keyzones.noConfig')}>
          <Button type="primary" onClick={() => void suggest()} data-testid="kz-suggest">
            {t('keyzones.suggest')}
          </Button>
        </Empty>
      ) : (
        <>
          {notes.length > 0 && (
            <Alert
              type="info"
              showIcon
              closable={{ onClose: () => setNotes([]) }}
              title={t('keyzones.suggestNotes')}
              description={
                <ul className="gwz-warnings">
                  {notes.map((n, i) => (
                    <li key={i}>{en ? n.message_en : n.message_zh}</li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 8 }}
            />
          )}
          <Steps
            orientation="vertical"
            size="small"
            current={current}
            onChange={setCurrent}
            data-testid="kz-steps"
            items={state.steps.map((s, i) => ({
              title: `${i + 1} ${t(`keyzones.step.${s.step}`)}`,
              status: i === current && s.status !== 'done' && s.status !== 'stale' ? 'process' : STEPS_STATUS[s.status],
              content: (
                <Tag color={STATUS_COLOR[s.status]} data-testid={`kz-status-${s.step}`} data-status={s.status}>
                  {t(`keyzones.status.${s.status}`)}
                </Tag>
              ),
            }))}
          />
          <Space wrap style={{ margin: '4px 0 8px' }}>
            <Button onClick={() => void run('remaining')} disabled={running} data-testid="kz-run-all">
              {t('keyzones.runAll')}
            </Button>
          </Space>
          <section className="gwz-kz-page" data-testid={`kz-page-${step}`}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {current + 1} {t(`keyzones.step.${step}`)}{' '}
              <Tag color={STATUS_COLOR[stepState.status]}>{t(`keyzones.status.${stepState.status}`)}</Tag>
            </Typography.Title>
            <Typography.Paragraph style={{ fontSize: 12 }}>{t(`keyzones.about.${step}`)}</Typography.Paragraph>
            <Typography.Text strong>{t('keyzones.inputs')}</Typography.Text>
            <StepInputs step={step} config={config} layers={layers} profiles={profiles} onChange={(c) => void save(c)} />
            {stepState.problems.length > 0 && (
              <Alert
                type="warning"
                showIcon
                data-testid="kz-problems"
                title={t('keyzones.problems')}
                description={
                  <ul className="gwz-warnings">
                    {stepState.problems.map((p, i) => (
                      <li key={i}>{en ? p.message_en : p.message_zh}</li>
                    ))}
                  </ul>
                }
                style={{ margin: '6px 0' }}
              />
            )}
            <div style={{ marginTop: 8 }}>
              <Typography.Text strong>{t('keyzones.parameters')}</Typography.Text>
              <ProfileView step={step} entry={entry} onEdit={(p) => void editProfile(p)} onCopy={() => void copyProfile()} />
            </div>
            <div style={{ margin: '10px 0' }}>
            <Space wrap>
              <Button type="primary" disabled={running || stepState.problems.length > 0} onClick={() => void run([step])} data-testid="kz-run-step">
                {stepState.status === 'done' || stepState.status === 'stale' ? t('keyzones.rerunStep') : t('keyzones.runStep')}
              </Button>
              {running && (
                <Button danger disabled={!job?.jobId} onClick={() => job?.jobId && void client.api.jobs.cancel({ jobId: job.jobId }).catch(showError)} data-testid="kz-cancel">
                  {t('keyzones.cancel')}
                </Button>
              )}
            </Space>
            </div>
            {running && (
              <div data-testid="kz-progress">
                <Progress percent={Math.round(job.percent)} size="small" />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('keyzones.running', { message: job.message })}
                </Typography.Text>
              </div>
            )}
            <div>
              <Typography.Text strong>{t('keyzones.results')}</Typography.Text>
            </div>
            {stepState.tables.length === 0 ? (
              <Typography.Paragraph type="secondary">{t('keyzones.noResults')}</Typography.Paragraph>
            ) : (
              <>
                <div style={{ margin: '4px 0' }}>
                  {t('keyzones.layers')}:{' '}
                  {Object.values(stepState.layers).map((id) => {
                    const l = layers.find((x) => x.id === id);
                    return l ? (
                      <Tag key={id} data-testid="kz-result-layer">
                        {l.name}
                      </Tag>
                    ) : null;
                  })}
                </div>
                {step === 'vulnerability' && stepState.tables[2] && <SensitivityBars table={stepState.tables[2]} />}
                {stepState.tables.map((tb, i) => (
                  <ResultTable key={i} table={tb} />
                ))}
              </>
            )}
            {step === 'zones' && stepState.status === 'done' && (
              <div className="gwz-kz-explain" data-testid="kz-explain">
                <Typography.Text strong>{t('keyzones.explain.title')}</Typography.Text>
                <Space.Compact style={{ width: '100%', margin: '4px 0' }}>
                  <InputNumber size="small" placeholder={t('keyzones.explain.x')} value={explain.x} onChange={(x) => setExplain((e) => ({ ...e, x }))} style={{ width: '40%' }} data-testid="kz-explain-x" />
                  <InputNumber size="small" placeholder={t('keyzones.explain.y')} value={explain.y} onChange={(y) => setExplain((e) => ({ ...e, y }))} style={{ width: '40%' }} data-testid="kz-explain-y" />
                  <Button
                    size="small"
                    data-testid="kz-explain-run"
                    onClick={() =>
                      explain.x !== null &&
                      explain.y !== null &&
                      void client.api.keyzones.explain({ x: explain.x, y: explain.y }).then((r) => setExplain((e) => ({ ...e, lines: r.lines })), showError)
                    }
                  >
                    {t('keyzones.explain.run')}
                  </Button>
                </Space.Compact>
                <List size="small" dataSource={explain.lines} renderItem={(l) => <List.Item style={{ fontSize: 12 }}>{en ? l.text_en : l.text_zh}</List.Item>} />
              </div>
            )}
            <Typography.Text strong>{t('keyzones.notes')}</Typography.Text>
            <Input.TextArea
              key={`${step}-${config.notes[step] ?? ''}-${restoredAt}`}
              rows={2}
              placeholder={t('keyzones.notesPlaceholder')}
              defaultValue={notesDraft[step] ?? config.notes[step] ?? ''}
              onChange={(e) => setNotesDraft((d) => ({ ...d, [step]: e.target.value }))}
              onBlur={(e) => {
                const text = e.target.value;
                setNotesDraft(({ [step]: _done, ...rest }) => rest);
                if (text !== (config.notes[step] ?? '')) void save({ ...config, notes: { ...config.notes, [step]: text } }).then(() => message.success(t('keyzones.saved')));
              }}
              data-testid="kz-notes"
            />
          </section>
        </>
      )}
    </div>
  );
}
