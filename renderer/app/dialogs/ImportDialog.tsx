import { Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../shared/api/contract';
import { currentLang } from '../../i18n';
import { buttonTestId } from '../test-id';
import { useConnection } from '../connection-context';
import { PathInput } from './PathInput';
import { filterCrsOption, useCrsOptions } from './use-crs-options';

export type ImportRequest = RequestOf<'layers.importVector'>;

interface Values {
  path: string;
  name?: string;
  encoding?: string;
  srcCrs?: string;
}

interface Props {
  open: boolean;
  onClose(): void;
  /** The dialog only collects the request; the import runs as a job shown in the status bar. */
  onSubmit(request: ImportRequest): void;
  onError(err: unknown): void;
}

// Encodings met in Chinese shapefiles (see shared/data/shp_encoding); GDAL/iconv names.
const ENCODINGS = ['UTF-8', 'GBK', 'GB18030', 'BIG5', 'ISO-8859-1'];
const VECTOR_EXTENSIONS = ['shp', 'geojson', 'json', 'gpkg', 'kml', 'kmz', 'dxf', 'gml', 'tab', 'mif', 'csv'];

export function ImportDialog({ open, onClose, onSubmit, onError }: Props) {
  const { t } = useTranslation();
  const { client, dialogs } = useConnection();
  const [form] = Form.useForm<Values>();
  const crsOptions = useCrsOptions(client, currentLang(), open, onError);

  const submit = (values: Values) => {
    const name = values.name?.trim();
    onSubmit({
      path: values.path.trim(),
      ...(name ? { name } : {}),
      ...(values.encoding ? { encoding: values.encoding } : {}),
      ...(values.srcCrs ? { srcCrs: values.srcCrs } : {}),
    });
    form.resetFields();
  };

  const browse = dialogs
    ? async () => {
        const r = await dialogs.call('dialog.openFiles', {
          filters: [{ name: t('dialog.importVector.title'), extensions: VECTOR_EXTENSIONS }],
        });
        return r.paths[0] ?? null;
      }
    : null;

  return (
    <Modal
      open={open}
      title={t('dialog.importVector.title')}
      okText={t('dialog.importVector.import')}
      cancelText={t('dialog.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId('import-ok')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="path"
          label={t('dialog.importVector.path')}
          rules={[{ required: true, whitespace: true, message: t('dialog.required') }]}
          extra={dialogs ? undefined : <Typography.Text type="secondary">{t('dialog.serverPathHint')}</Typography.Text>}
        >
          <PathInput placeholder={t('dialog.importVector.pathPlaceholder')} browse={browse} testId="import-path" />
        </Form.Item>
        <Form.Item name="name" label={t('dialog.importVector.name')}>
          <Input placeholder={t('dialog.importVector.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item name="encoding" label={t('dialog.importVector.encoding')}>
          <Select
            allowClear
            placeholder={t('dialog.importVector.encodingAuto')}
            options={ENCODINGS.map((e) => ({ value: e, label: e }))}
          />
        </Form.Item>
        <Form.Item name="srcCrs" label={t('dialog.importVector.srcCrs')} extra={t('dialog.importVector.srcCrsHelp')}>
          <Select
            allowClear
            showSearch={{ filterOption: filterCrsOption }}
            placeholder={t('dialog.importVector.srcCrsAuto')}
            options={crsOptions}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
