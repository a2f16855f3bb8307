import { Alert, Button, Form, Input, Modal, Progress, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { BoreholeImportReport, BoreholeTableKind, RejectedRow } from '../../../shared/api/boreholes';
import type { RequestOf } from '../../../shared/api/contract';
import { GwzError } from '../../../shared/api/errors';
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

// The strings live here rather than in the shared i18n tables so this dialog lands as one file.
const TEXT = {
  'zh-CN': {
    title: '导入钻孔与监测数据',
    path: '文件（CSV / XLSX）',
    serverPath: '浏览器模式：请输入服务器上的文件路径',
    kind: '数据类型',
    sheet: '工作表（默认第一个）',
    srcCrs: '钻孔坐标的坐标系（默认工程坐标系）',
    import: '导入',
    skip: '跳过这些行并导入其余数据',
    close: '关闭',
    cancel: '取消',
    row: '行',
    field: '字段',
    value: '值',
    reason: '原因',
    failed: (n: number) => `${n} 行未通过校验，未导入任何数据。`,
    done: (r: BoreholeImportReport) => `已导入 ${r.rowsImported} 行，拒绝 ${r.rejected.length} 行（共 ${r.rowsRead} 行）。`,
    kinds: { collars: '钻孔 / 监测井基本信息', lithology: '岩性分层', levels: '水位观测', tests: '水文地质试验', quality: '水质监测' },
  },
  en: {
    title: 'Import borehole and monitoring data',
    path: 'File (CSV / XLSX)',
    serverPath: 'Browser mode: type the path of a file on the server',
    kind: 'Kind of table',
    sheet: 'Sheet (default the first)',
    srcCrs: 'CRS of the collar coordinates (default the project CRS)',
    import: 'Import',
    skip: 'Skip these rows and import the rest',
    close: 'Close',
    cancel: 'Cancel',
    row: 'Row',
    field: 'Field',
    value: 'Value',
    reason: 'Reason',
    failed: (n: number) => `${n} rows failed validation; nothing was imported.`,
    done: (r: BoreholeImportReport) => `Imported ${r.rowsImported} rows, rejected ${r.rejected.length} (of ${r.rowsRead}).`,
    kinds: { collars: 'Boreholes / wells (collars)', lithology: 'Lithology intervals', levels: 'Water levels', tests: 'Hydraulic tests', quality: 'Water quality' },
  },
} as const;

function isReport(details: unknown): details is BoreholeImportReport {
  return typeof details === 'object' && details !== null && Array.isArray((details as { rejected?: unknown }).rejected);
}

/**
 * Collects the request, runs boreholes.import with progress and cancel, and shows the validation
 * report; when rows are rejected the user may re-run with those rows skipped.
 */
export function ImportBoreholesDialog({ open, kind = 'collars', onClose, onImported, onError }: Props) {
  const lang = currentLang();
  const tx = TEXT[lang];
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
        const r = await dialogs.call('dialog.openFiles', { filters: [{ name: tx.title, extensions: ['csv', 'xlsx', 'txt'] }] });
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
      {running ? <Button onClick={cancel}>{tx.cancel}</Button> : <Button onClick={close}>{tx.close}</Button>}
      {report?.failed && report.report.rejected.length > 0 && (
        <Button danger disabled={running !== null} onClick={() => void run({ ...report.request, skipRejected: true })} {...buttonTestId('boreholes-skip')}>
          {tx.skip}
        </Button>
      )}
      <Button type="primary" loading={running !== null} onClick={() => form.submit()} {...buttonTestId('boreholes-import')}>
        {tx.import}
      </Button>
    </Space>
  );

  return (
    <Modal open={open} title={tx.title} footer={footer} onCancel={running ? undefined : close} destroyOnHidden width={760}>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ kind }} disabled={running !== null}>
        <Form.Item
          name="path"
          label={tx.path}
          rules={[{ required: true, whitespace: true }]}
          extra={dialogs ? undefined : <Typography.Text type="secondary">{tx.serverPath}</Typography.Text>}
        >
          <PathInput browse={browse} testId="boreholes-path" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="kind" label={tx.kind} style={{ flex: 1 }}>
            <Select options={Object.entries(tx.kinds).map(([value, label]) => ({ value, label }))} data-testid="boreholes-kind" />
          </Form.Item>
          <Form.Item name="sheet" label={tx.sheet} style={{ flex: 1, marginLeft: 8 }}>
            <Input allowClear />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="srcCrs" label={tx.srcCrs}>
          <Select allowClear showSearch={{ filterOption: filterCrsOption }} options={crsOptions} />
        </Form.Item>
      </Form>
      {running && <Progress percent={Math.round(running.percent)} status="active" format={() => running.message} />}
      {report && (
        <>
          <Alert
            type={report.failed ? 'error' : report.report.rejected.length > 0 ? 'warning' : 'success'}
            message={report.failed ? tx.failed(report.report.rejected.length) : tx.done(report.report)}
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
                { title: tx.row, dataIndex: 'row', width: 64 },
                { title: tx.field, dataIndex: 'field', width: 120 },
                { title: tx.value, dataIndex: 'value', width: 120 },
                { title: tx.reason, render: (_, r) => (lang === 'en' ? r.reason_en : r.reason_zh) },
              ]}
              data-testid="boreholes-report"
            />
          )}
        </>
      )}
    </Modal>
  );
}
