import { Checkbox, Form, List, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecentProjectSchema } from '../../../shared/api/app';
import type { ProjectInfo } from '../../../shared/api/project';
import type { z } from 'zod';
import { buttonTestId } from '../test-id';
import { useConnection } from '../connection-context';
import { PathInput } from './PathInput';

type Recent = z.infer<typeof RecentProjectSchema>;

interface Values {
  path: string;
  readOnly?: boolean;
}

interface Props {
  open: boolean;
  onClose(): void;
  onOpened(project: ProjectInfo): void;
  onError(err: unknown): void;
}

/** Browser mode's open dialog (the desktop app uses the native one): a path and the recent list. */
export function OpenProjectDialog({ open, onClose, onOpened, onError }: Props) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [recent, setRecent] = useState<Recent[]>([]);

  useEffect(() => {
    if (!open) return;
    let live = true;
    client.api.app.recentProjects({}).then(
      (r) => live && setRecent(r.items),
      () => live && setRecent([]), // the list is a convenience; the path field still works
    );
    return () => {
      live = false;
    };
  }, [client, open]);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const info = await client.api.project.open({ path: values.path.trim(), readOnly: Boolean(values.readOnly) });
      form.resetFields();
      onOpened(info);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('dialog.openProject.title')}
      okText={t('dialog.openProject.open')}
      cancelText={t('dialog.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId('open-project-ok')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="path"
          label={t('dialog.openProject.path')}
          rules={[{ required: true, whitespace: true, message: t('dialog.required') }]}
          extra={<Typography.Text type="secondary">{t('dialog.serverPathHint')}</Typography.Text>}
        >
          <PathInput placeholder={t('dialog.openProject.pathPlaceholder')} testId="open-project-path" />
        </Form.Item>
        <Form.Item name="readOnly" valuePropName="checked">
          <Checkbox>{t('dialog.openProject.readOnly')}</Checkbox>
        </Form.Item>
      </Form>
      {recent.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('dialog.openProject.recent')}</Typography.Text>}
          dataSource={recent}
          renderItem={(item) => (
            <List.Item className="gwz-recent" onClick={() => form.setFieldValue('path', item.path)}>
              <List.Item.Meta title={item.title || item.path} description={<span className="gwz-break">{item.path}</span>} />
            </List.Item>
          )}
        />
      )}
    </Modal>
  );
}
