import { Button, Space, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAnalysisOperation, type AnalysisMethodName, type RunRecord } from '../../../shared/api/analysis';
import type { Client } from '../../../shared/api/client';

const STATUS_COLOR: Record<RunRecord['status'], string> = { succeeded: 'green', failed: 'red', cancelled: 'default', running: 'blue' };

/**
 * The runs of gwz_runs, newest first: each can be re-run as recorded (analysis.rerun) or have its
 * parameters loaded into the form to change one and run again.
 */
export function RunHistory({
  client,
  refreshKey,
  onLoad,
  onRerun,
  onError,
}: {
  client: Client;
  /** Changes whenever a run ends, so the list reloads. */
  refreshKey: number;
  onLoad(operation: AnalysisMethodName, params: Record<string, unknown>): void;
  onRerun(jobId: string): void;
  onError(err: unknown): void;
}) {
  const { t } = useTranslation();
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const load = useCallback(() => {
    client.api.analysis.runs({ limit: 200 }).then((r) => setRuns(r.runs), onError);
  }, [client, onError]);
  useEffect(load, [load, refreshKey]);

  return (
    <Table<RunRecord>
      data-testid="run-history"
      size="small"
      rowKey="id"
      pagination={{ pageSize: 8, size: 'small' }}
      dataSource={runs}
      columns={[
        { title: '#', dataIndex: 'id', width: 56 },
        { title: t('processing.history.operation'), dataIndex: 'operation', render: (op: string) => op.replace(/^analysis\./, '') },
        { title: t('processing.history.started'), dataIndex: 'startedAt', render: (s: string) => new Date(s).toLocaleString() },
        { title: t('processing.history.status'), dataIndex: 'status', width: 90, render: (s: RunRecord['status']) => <Tag color={STATUS_COLOR[s]}>{t(`processing.history.${s}`)}</Tag> },
        {
          title: '',
          key: 'actions',
          width: 150,
          render: (_: unknown, run) =>
            isAnalysisOperation(run.operation) ? (
              <Space size={4}>
                <Button size="small" data-testid="run-load" onClick={() => onLoad(run.operation as AnalysisMethodName, (run.params ?? {}) as Record<string, unknown>)}>
                  {t('processing.history.load')}
                </Button>
                <Button
                  size="small"
                  data-testid="run-rerun"
                  onClick={() => client.api.analysis.rerun({ runId: run.id }).then((r) => onRerun(r.jobId), onError)}
                >
                  {t('processing.history.rerun')}
                </Button>
              </Space>
            ) : null,
        },
      ]}
    />
  );
}
