import { App as AntApp, Button, Form, Modal, Progress, Select, Space, Tabs, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ANALYSIS_CATEGORIES, analysisOperations, type AnalysisMethodName, type AnalysisResult } from '../../../shared/api/analysis';
import type { Client } from '../../../shared/api/client';
import { GwzError } from '../../../shared/api/errors';
import type { LayerInfo } from '../../../shared/api/layers';
import { requestJsonSchema } from '../../../shared/api/params';
import { currentLang } from '../../i18n';
import { RunHistory } from './RunHistory';
import { defaultsOf, fieldSpecs, requestOf, SchemaField, type FieldSpec } from './schema-form';

/** A recorded request as form values (JSON fields as text). */
function formValuesOf(fields: FieldSpec[], params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = params[f.key];
    if (v !== undefined) out[f.key] = f.kind === 'json' ? JSON.stringify(v) : v;
  }
  return out;
}

/**
 * The processing panel: every `analysis.<op>` of the contract, grouped by category, with its form
 * built from the request schema alone (new operations appear without UI work). A run shows its
 * progress and can be cancelled; its result layers are added to the map.
 */
export function ProcessingDialog({
  open,
  client,
  layers,
  initial,
  onClose,
  onDone,
  onError,
}: {
  open: boolean;
  client: Client;
  layers: LayerInfo[];
  initial?: AnalysisMethodName | null;
  onClose(): void;
  onDone(result: AnalysisResult): void;
  onError(err: unknown): void;
}) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const en = currentLang() === 'en';
  const [method, setMethod] = useState<AnalysisMethodName>(initial ?? 'analysis.buffer');
  const [running, setRunning] = useState<{ jobId: string | null; percent: number; text: string } | null>(null);
  const jobRef = useRef<string | null>(null);
  const [form] = Form.useForm<Record<string, unknown>>();
  const spec = analysisOperations[method];
  const fields = useMemo(() => fieldSpecs(requestJsonSchema(spec.request)), [spec]);

  useEffect(() => {
    if (initial) setMethod(initial);
  }, [initial]);
  const [tab, setTab] = useState<'tool' | 'history'>('tool');
  const [runsChanged, setRunsChanged] = useState(0);
  // parameters of a recorded run, applied once the form of its operation is in place
  const pending = useRef<Record<string, unknown> | null>(null);
  useEffect(() => {
    // the Form exists only while the dialog is open (closed modals stay out of the page)
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({ ...defaultsOf(fields), ...(pending.current ? formValuesOf(fields, pending.current) : {}) });
    pending.current = null;
  }, [fields, form, open]);

  const loadRun = (op: AnalysisMethodName, params: Record<string, unknown>): void => {
    setTab('tool');
    if (op === method) {
      form.resetFields();
      form.setFieldsValue({ ...defaultsOf(fields), ...formValuesOf(fields, params) });
    } else {
      pending.current = params;
      setMethod(op);
    }
  };

  const watchRerun = (jobId: string): void => {
    message.info(t('processing.history.started_', { id: jobId }));
    const stop = client.on((e) => {
      if (e.type !== 'job.done' || e.jobId !== jobId) return;
      stop();
      setRunsChanged((n) => n + 1);
      if (e.status === 'succeeded') onDone(e.result as AnalysisResult);
      else if (e.error) onError(GwzError.fromData(e.error));
    });
  };

  const options = ANALYSIS_CATEGORIES.map((category) => ({
    label: t(`processing.category.${category}`),
    options: (Object.keys(analysisOperations) as AnalysisMethodName[])
      .filter((m) => analysisOperations[m].category === category)
      .map((m) => ({ value: m, label: en ? analysisOperations[m].summary_en : analysisOperations[m].summary_zh })),
  }));

  const run = async (): Promise<void> => {
    const values = await form.validateFields();
    let req: Record<string, unknown>;
    try {
      req = requestOf(fields, values);
    } catch (err) {
      message.error(`${(err as Error).message} ${t('processing.badJson')}`);
      return;
    }
    setRunning({ jobId: null, percent: 0, text: '' });
    try {
      const { result } = await client.runJob(method, req as never, (e) => {
        jobRef.current = e.jobId;
        setRunning({ jobId: e.jobId, percent: Math.round(e.percent), text: en ? e.message_en : e.message_zh });
      });
      const r = result as AnalysisResult;
      message.success(t('processing.done', { n: r.layers.length, s: r.seconds.toFixed(1) }));
      onDone(r);
      setRunsChanged((n) => n + 1);
    } catch (err) {
      if (err instanceof GwzError && err.code === 'JOB_CANCELLED') message.info(t('processing.cancelled'));
      else onError(err);
    } finally {
      jobRef.current = null;
      setRunning(null);
    }
  };

  const cancel = (): void => {
    const id = jobRef.current;
    if (id) void client.api.jobs.cancel({ jobId: id }).catch(onError);
  };

  return (
    <Modal
      open={open}
      title={t('processing.title')}
      width={640}
      onCancel={running ? cancel : onClose}
      mask={{ closable: false }}
      footer={
        <Space>
          {running ? (
            <Button data-testid="processing-cancel" onClick={cancel}>
              {t('processing.cancel')}
            </Button>
          ) : (
            <Button onClick={onClose}>{t('processing.close')}</Button>
          )}
          <Button type="primary" data-testid="processing-run" loading={running !== null} onClick={() => void run().catch(() => undefined)}>
            {t('processing.run')}
          </Button>
        </Space>
      }
    >
      <div data-testid="processing-dialog">
        <Tabs
          size="small"
          activeKey={tab}
          onChange={(k) => setTab(k as 'tool' | 'history')}
          items={[
            {
              key: 'tool',
              label: t('processing.tabTool'),
              children: (
                <>
                  <Select
                    data-testid="processing-operation"
                    style={{ width: '100%', marginBottom: 12 }}
                    showSearch
                    optionFilterProp="label"
                    value={method}
                    options={options}
                    onChange={(m: AnalysisMethodName) => setMethod(m)}
                    disabled={running !== null}
                  />
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
                    <code>gwz run {method.slice('analysis.'.length).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}</code>
                  </Typography.Paragraph>
                  <Form form={form} layout="vertical" size="small" disabled={running !== null} onKeyDown={(e) => e.key === 'Enter' && e.ctrlKey && void run()}>
                    {fields.map((f) => (
                      <SchemaField key={`${method}.${f.key}`} spec={f} layers={layers} testId={`processing-field-${f.key}`} />
                    ))}
                  </Form>
                  {running && <Progress data-testid="processing-progress" percent={running.percent} status="active" format={(p) => `${p}% ${running.text}`} />}
                </>
              ),
            },
            {
              key: 'history',
              label: t('processing.tabHistory'),
              children: <RunHistory client={client} refreshKey={runsChanged + (open ? 1 : 0)} onLoad={loadRun} onRerun={watchRerun} onError={onError} />,
            },
          ]}
        />
      </div>
    </Modal>
  );
}
