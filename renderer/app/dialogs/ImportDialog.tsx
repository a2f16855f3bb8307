import { Button, Checkbox, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RequestOf } from '../../../shared/api/contract';
import type { PreviewSourceResult, WebOffset } from '../../../shared/api/layers';
import { currentLang } from '../../i18n';
import { buttonTestId } from '../test-id';
import { useConnection } from '../connection-context';
import { ImportPreview } from './ImportPreview';
import { PathInput } from './PathInput';
import { filterCrsOption, useCrsOptions } from './use-crs-options';

/** One dialog for every kind of file: the preview (GDAL's reading of the file) decides the importer. */
export type ImportRequest =
  | { method: 'layers.importVector'; request: RequestOf<'layers.importVector'> }
  | { method: 'layers.importRaster'; request: RequestOf<'layers.importRaster'> };

interface Values {
  path: string;
  name?: string;
  encoding?: string;
  srcCrs?: string;
  webOffset?: WebOffset;
  swapAxes?: boolean;
  force?: boolean;
  repairShapefile?: boolean;
  asTable?: boolean;
  xField?: string;
  yField?: string;
}

interface Props {
  open: boolean;
  onClose(): void;
  /** The dialog only collects the request; the import runs as a job shown in the status bar. */
  onSubmit(request: ImportRequest): void;
  onError(err: unknown): void;
  /** A path to start from (a file dropped onto the window), previewed at once. */
  initialPath?: string | null;
  /** Files dropped with it that wait for their turn. */
  queued?: number;
}

// Encodings met in Chinese shapefiles (see shared/data/shp_encoding); GDAL/iconv names.
const ENCODINGS = ['UTF-8', 'GBK', 'GB18030', 'CP1252', 'BIG5'];
const DATA_EXTENSIONS = ['shp', 'geojson', 'json', 'gpkg', 'kml', 'kmz', 'dxf', 'gml', 'tab', 'mif', 'csv', 'tif', 'tiff', 'asc', 'img', 'gz', 'zip'];

export function ImportDialog({ open, onClose, onSubmit, onError, initialPath = null, queued = 0 }: Props) {
  const { t } = useTranslation();
  const { client, dialogs } = useConnection();
  const [form] = Form.useForm<Values>();
  const crsOptions = useCrsOptions(client, currentLang(), open, onError);
  const [preview, setPreview] = useState<PreviewSourceResult | null>(null);
  const [previewing, setPreviewing] = useState(false);

  // Re-run after any choice that changes what the rows or the CRS check show (encoding, layer, CRS, swap).
  const runPreview = useCallback(
    async (layerName?: string, pathGiven?: string) => {
      const v = form.getFieldsValue();
      const path = (pathGiven ?? v.path)?.trim();
      if (!path) return;
      setPreviewing(true);
      try {
        const sourceLayer = layerName ?? preview?.layer ?? undefined;
        setPreview(
          await client.api.layers.previewSource({
            path,
            ...(v.encoding ? { encoding: v.encoding } : {}),
            ...(sourceLayer ? { sourceLayer } : {}),
            ...(v.srcCrs ? { srcCrs: v.srcCrs } : {}),
            ...(v.swapAxes ? { swapAxes: true } : {}),
            ...(v.repairShapefile ? { repairShapefile: true } : {}),
          }),
        );
      } catch (err) {
        setPreview(null);
        onError(err);
      } finally {
        setPreviewing(false);
      }
    },
    [client, form, onError, preview?.layer],
  );

  // A dropped file: fill it in and show what it holds straight away (only when a new path arrives).
  useEffect(() => {
    if (!open || !initialPath) return;
    form.setFieldsValue({ path: initialPath });
    // the form may not be mounted yet when the dialog has just opened: give the path directly
    void runPreview(undefined, initialPath);
  }, [open, initialPath]);

  const isShapefile = /\.shp$/i.test(Form.useWatch('path', form) ?? '');
  const previewLayer = preview?.layers.find((l) => l.name === preview.layer) ?? preview?.layers[0];
  const tabular = preview?.kind === 'vector' && /^(CSV|XLSX|ODS)$/.test(preview.driver);
  const noGeometry = previewLayer !== undefined && /^none$/i.test(previewLayer.geometryType);

  const submit = (values: Values) => {
    const name = values.name?.trim();
    if (preview?.kind === 'raster') {
      onSubmit({
        method: 'layers.importRaster',
        request: {
          path: values.path.trim(),
          ...(name ? { name } : {}),
          ...(values.srcCrs ? { srcCrs: values.srcCrs } : {}),
        },
      });
      form.resetFields();
      setPreview(null);
      return;
    }
    onSubmit({ method: 'layers.importVector', request: {
      path: values.path.trim(),
      ...(name ? { name } : {}),
      ...(preview?.layer ? { sourceLayer: preview.layer } : {}),
      ...(values.encoding ? { encoding: values.encoding } : {}),
      ...(values.srcCrs ? { srcCrs: values.srcCrs } : {}),
      ...(values.webOffset ? { webOffset: values.webOffset } : {}),
      ...(values.swapAxes ? { swapAxes: true } : {}),
      ...(values.force ? { force: true } : {}),
      ...(values.repairShapefile ? { repairShapefile: true } : {}),
      ...(values.asTable ? { asTable: true } : {}),
      ...(values.xField && values.yField ? { xField: values.xField, yField: values.yField } : {}),
    } });
    form.resetFields();
    setPreview(null);
  };

  const browse = dialogs
    ? async () => {
        const r = await dialogs.call('dialog.openFiles', {
          filters: [{ name: t('dialog.importVector.title'), extensions: DATA_EXTENSIONS }],
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
      onCancel={() => {
        setPreview(null);
        onClose();
      }}
      okButtonProps={buttonTestId('import-ok')}
      destroyOnHidden
      width={preview ? 920 : 560}
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
        {queued > 0 ? <Typography.Paragraph type="secondary">{t('dialog.importVector.more', { n: queued })}</Typography.Paragraph> : null}
        {isShapefile ? (
          <Form.Item name="repairShapefile" valuePropName="checked" style={{ marginBottom: 8 }}>
            <Checkbox onChange={() => void runPreview()} data-testid="import-repair">
              {t('dialog.importVector.repairShapefile')}
            </Checkbox>
          </Form.Item>
        ) : null}
        <Space style={{ marginBottom: 12 }}>
          <Button onClick={() => void runPreview()} loading={previewing} data-testid="import-preview-button">
            {t('dialog.importVector.preview')}
          </Button>
          {preview ? null : <Typography.Text type="secondary">{t('dialog.importVector.previewHint')}</Typography.Text>}
        </Space>
        {preview ? (
          <ImportPreview
            preview={preview}
            onLayer={(name) => void runPreview(name)}
            onUseCrs={(code) => {
              form.setFieldValue('srcCrs', code);
              void runPreview();
            }}
            onSwapAxes={() => {
              form.setFieldValue('swapAxes', true);
              void runPreview();
            }}
          />
        ) : null}
        <Form.Item name="name" label={t('dialog.importVector.name')}>
          <Input placeholder={t('dialog.importVector.namePlaceholder')} maxLength={100} />
        </Form.Item>
        <Form.Item name="srcCrs" label={t('dialog.importVector.srcCrs')} extra={t('dialog.importVector.srcCrsHelp')}>
          <Select
            allowClear
            showSearch={{ filterOption: filterCrsOption }}
            placeholder={t('dialog.importVector.srcCrsAuto')}
            options={crsOptions}
            onChange={() => preview && void runPreview()}
          />
        </Form.Item>
        {preview?.kind === 'raster' ? null : (
          <>
            {tabular && previewLayer ? (
              <>
                {noGeometry ? <Typography.Paragraph type="warning">{t('dialog.importVector.table')}</Typography.Paragraph> : null}
                <Space align="start" wrap>
                  {(['xField', 'yField'] as const).map((name) => (
                    <Form.Item key={name} name={name} label={t(`dialog.importVector.${name}`)} style={{ minWidth: 200 }}>
                      <Select
                        allowClear
                        showSearch
                        placeholder={t('dialog.importVector.xyAuto')}
                        options={previewLayer.fields.map((f) => ({ value: f.name, label: `${f.name} (${f.type})` }))}
                        data-testid={`import-${name}`}
                      />
                    </Form.Item>
                  ))}
                </Space>
                <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                  {t('dialog.importVector.xyHelp')}
                </Typography.Paragraph>
              </>
            ) : null}
            {preview && preview.encoding === null ? null : (
              // only shapefiles leave their text encoding to guess; GeoJSON, GeoPackage, CSV declare theirs
              <Form.Item name="encoding" label={t('dialog.importVector.encoding')}>
                <Select
                  allowClear
                  placeholder={t('dialog.importVector.encodingAuto')}
                  options={ENCODINGS.map((e) => ({ value: e, label: e }))}
                  onChange={() => preview && void runPreview()}
                  data-testid="import-encoding"
                />
              </Form.Item>
            )}
            <Form.Item name="webOffset" label={t('dialog.importVector.webOffset')} extra={t('dialog.importVector.webOffsetNote')}>
              <Select
                allowClear
                placeholder={t('dialog.importVector.webOffsetNone')}
                options={[
                  { value: 'gcj02', label: t('dialog.importVector.webOffsetGcj') },
                  { value: 'bd09', label: t('dialog.importVector.webOffsetBd') },
                ]}
              />
            </Form.Item>
            <Space size="large">
              <Form.Item name="swapAxes" valuePropName="checked" noStyle>
                <Checkbox onChange={() => preview && void runPreview()}>{t('dialog.importVector.swapAxes')}</Checkbox>
              </Form.Item>
              <Form.Item name="asTable" valuePropName="checked" noStyle>
                <Checkbox data-testid="import-as-table">{t('dialog.importVector.asTable')}</Checkbox>
              </Form.Item>
              {preview && preview.crsIssues.length > 0 ? (
                <Form.Item name="force" valuePropName="checked" noStyle>
                  <Checkbox>{t('dialog.importVector.force')}</Checkbox>
                </Form.Item>
              ) : null}
            </Space>
          </>
        )}
      </Form>
    </Modal>
  );
}
