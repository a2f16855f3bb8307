import { Alert, Button, Form, Input, Modal, Progress, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { BoreholeImportReport, BoreholeTableKind, RejectedRow } from '../../../shared/api/boreholes';
import type { RequestOf } from '../../../shared/api/contract';
import { GwzError } from '../../../shared/api/errors';
import { useTranslation } from 'react-i18next';
import { currentLang } from '../../i18n';
import { useConnection } from '../connection-context';
import { buttonTestId } from '../test-id';
import { PathInput } from './PathInput';
import { filterCrsOption, useCrsOptions } from './use-crs-options';

type Request = RequestOf<'boreholes.import'>;

interface Values {
  path: string;
  kind: BoreholeTableKind;
  sheet?: string;
  srcCrs?: string;
}

interface Props {
  open: boolean;
  /** Kind preselected by the menu entry (e.g. 水质监测 → quality); default collars. */
  kind?: BoreholeTableKind;
  onClose(): void;
  /** Called after a successful import (the layer tree refreshes on project.changed anyway). */
  onImported?(report: BoreholeImportReport): void;
  onError(err: unknown): void;
}


const KINDS: readonly BoreholeTableKind[] = ['collars', 'lithology', 'levels', 'tests', 'quality'];

function isReport(details: unknown): details is BoreholeImportReport {
  return typeof details === 'object' && details !== null && Array.isArray((details as { rejected?: unknown }).rejected);
}

/**
 * Collects the request, runs boreholes.import with progress and cancel, and shows the validation
 * report; when rows are rejected the user may re-run with those rows skipped.
 */
export function ImportBoreholesDialog({ open, kind = 'collars', onClose, onImported, onError }: Props) {
  const lang = currentLang();
  const { t } = useTranslation();
  const { client, dialogs } = useConnection();
  const [form] = Form.useForm<Values>();
  const crsOptions = useCrsOptions(client, lang, open, onError);
  const [running, setRunning] = useState<{ jobId: string | null; percent: number; message: string } | null>(null);
  const [report, setReport] = useState<{ report: BoreholeImportReport; failed: boolean; request: Request } | null>(null);

  const run = async (request: Request) => {
    setRunning({ jobId: null, percent: 0, message: '' });
    setReport(null);
    try {
      const { result } = await client.runJob('boreholes.import', request, (e) =>
        setRunning({ jobId: e.jobId, percent: e.percent, message: lang === 'en' ? e.message_en : e.message_zh }),
      );
      setReport({ report: result, failed: false, request });
      onImported?.(result);
    } catch (err) {
      if (err instanceof GwzError && err.code === 'BAD_INPUT' && isReport(err.details)) {
        setReport({ report: err.details, failed: true, request });
      } else {
        onError(err);
      }
    } finally {
      setRunning(null);
    }
  };

  const submit = (v: Values) =>
    void run({
      path: v.path.trim(),
      kind: v.kind,
      ...(v.sheet?.trim() ? { sheet: v.sheet.trim() } : {}),
      ...(v.srcCrs ? { srcCrs: v.srcCrs } : {}),
    });

  const cancel = () => {
    if (running?.jobId) void client.api.jobs.cancel({ jobId: running.jobId }).catch(onError);
  };

  const browse = dialogs
    ? async () => {
        const r = await dialogs.call('dialog.openFiles', { filters: [{ name: t('dialog.importBoreholes.title'), extensions: ['csv', 'xlsx', 'txt'] }] });
        return r.paths[0] ?? null;
      }
    : null;

  const close = () => {
    setReport(null);
    form.resetFields();
    onClose();
  };

  const footer = (
    <Space>
      {running ? <Button onClick={cancel}>{t('dialog.importBoreholes.cancel')}</Button> : <Button onClick={close}>{t('dialog.importBoreholes.close')}</Button>}
      {report?.failed && report.report.rejected.length > 0 && (
        <Button danger disabled={running !== null} onClick={() => void run({ ...report.request, skipRejected: true })} {...buttonTestId('boreholes-skip')}>
          {t('dialog.importBoreholes.skip')}
        </Button>
      )}
      <Button type="primary" loading={running !== null} onClick={() => form.submit()} {...buttonTestId('boreholes-import')}>
        {t('dialog.importBoreholes.import')}
      </Button>
    </Space>
  );

  return (
    <Modal open={open} title={t('dialog.importBoreholes.title')} footer={footer} onCancel={running ? undefined : close} destroyOnHidden width={760}>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ kind }} disabled={running !== null}>
        <Form.Item
          name="path"
          label={t('dialog.importBoreholes.path')}
          rules={[{ required: true, whitespace: true }]}
          extra={dialogs ? undefined : <Typography.Text type="secondary">{t('dialog.importBoreholes.serverPath')}</Typography.Text>}
        >
          <PathInput browse={browse} testId="boreholes-path" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="kind" label={t('dialog.importBoreholes.kind')} style={{ flex: 1 }}>
            <Select options={KINDS.map((value) => ({ value, label: t(`dialog.importBoreholes.kinds.${value}`) }))} data-testid="boreholes-kind" />
          </Form.Item>
          <Form.Item name="sheet" label={t('dialog.importBoreholes.sheet')} style={{ flex: 1, marginLeft: 8 }}>
            <Input allowClear />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="srcCrs" label={t('dialog.importBoreholes.srcCrs')}>
          <Select allowClear showSearch={{ filterOption: filterCrsOption }} options={crsOptions} />
        </Form.Item>
      </Form>
      {running && <Progress percent={Math.round(running.percent)} status="active" format={() => running.message} />}
      {report && (
        <>
          <Alert
            type={report.failed ? 'error' : report.report.rejected.length > 0 ? 'warning' : 'success'}
            message={report.failed ? t('dialog.importBoreholes.failed', { n: report.report.rejected.length }) : t('dialog.importBoreholes.done', { imported: report.report.rowsImported, rejected: report.report.rejected.length, read: report.report.rowsRead })}
            description={report.report.notes.map((n) => (lang === 'en' ? n.message_en : n.message_zh)).join(' ')}
            style={{ margin: '12px 0' }}
          />
          {report.report.rejected.length > 0 && (
            <Table<RejectedRow>
              size="small"
              rowKey={(r) => `${r.row}-${r.field ?? ''}`}
              dataSource={report.report.rejected}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              columns={[
                { title: t('dialog.importBoreholes.row'), dataIndex: 'row', width: 64 },
                { title: t('dialog.importBoreholes.field'), dataIndex: 'field', width: 120 },
                { title: t('dialog.importBoreholes.value'), dataIndex: 'value', width: 120 },
                { title: t('dialog.importBoreholes.reason'), render: (_, r) => (lang === 'en' ? r.reason_en : r.reason_zh) },
              ]}
              data-testid="boreholes-report"
            />
          )}
        </>
      )}
    </Modal>
  );
}
