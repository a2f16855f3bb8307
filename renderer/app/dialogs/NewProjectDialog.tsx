import { Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectInfo } from '../../../shared/api/project';
import { currentLang } from '../../i18n';
import { DEFAULT_CRS } from '../../map/projection';
import { buttonTestId } from '../test-id';
import { useConnection } from '../connection-context';
import { PathInput } from './PathInput';
import { filterCrsOption, useCrsOptions } from './use-crs-options';

interface Values {
  path: string;
  title?: string;
  crs: string;
}

interface Props {
  open: boolean;
  onClose(): void;
  onCreated(project: ProjectInfo): void;
  onError(err: unknown): void;
}

export function NewProjectDialog({ open, onClose, onCreated, onError }: Props) {
  const { t } = useTranslation();
  const { client, dialogs } = useConnection();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const crsOptions = useCrsOptions(client, currentLang(), open, onError);

  const submit = async (values: Values) => {
    setBusy(true);
    try {
      const title = values.title?.trim();
      const info = await client.api.project.create({ path: values.path.trim(), crs: values.crs, ...(title ? { title } : {}) });
      form.resetFields();
      onCreated(info);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const browse = dialogs
    ? async () => {
        const title = form.getFieldValue('title') as string | undefined;
        const r = await dialogs.call('dialog.saveProject', title ? { defaultName: `${title}.gwz` } : {});
        return r.path;
      }
    : null;

  return (
    <Modal
      open={open}
      title={t('dialog.newProject.title')}
      okText={t('dialog.newProject.create')}
      cancelText={t('dialog.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId('new-project-ok')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={{ crs: DEFAULT_CRS }} onFinish={submit} requiredMark={false}>
        <Form.Item
          name="path"
          label={t('dialog.newProject.path')}
          rules={[{ required: true, whitespace: true, message: t('dialog.required') }]}
          extra={dialogs ? undefined : <Typography.Text type="secondary">{t('dialog.serverPathHint')}</Typography.Text>}
        >
          <PathInput placeholder={t('dialog.newProject.pathPlaceholder')} browse={browse} testId="new-project-path" />
        </Form.Item>
        <Form.Item name="title" label={t('dialog.newProject.titleField')}>
          <Input placeholder={t('dialog.newProject.titlePlaceholder')} maxLength={200} data-testid="new-project-title" />
        </Form.Item>
        <Form.Item name="crs" label={t('dialog.newProject.crs')} extra={t('dialog.newProject.crsHelp')} rules={[{ required: true }]}>
          <Select
            showSearch={{ filterOption: filterCrsOption }}
            options={crsOptions}
            loading={crsOptions.length === 0}
            data-testid="new-project-crs"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
