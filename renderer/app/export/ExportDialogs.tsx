import { App as AntApp, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Extent } from '../../../shared/api/common';
import type { LayerFormat, LayoutFormat, LayoutSpecInput } from '../../../shared/api/export';
import type { LayerInfo } from '../../../shared/api/layers';
import type { ProjectInfo } from '../../../shared/api/project';
import { currentLang } from '../../i18n';
import { useConnection } from '../connection-context';
import { PathInput } from '../dialogs/PathInput';
import { buttonTestId } from '../test-id';

export type ExportDialogName = 'layer' | 'layout' | 'report' | 'package' | null;

interface Props {
  which: ExportDialogName;
  project: ProjectInfo | null;
  layers: LayerInfo[];
  /** The layer selected in the layer panel: the default of the layer export. */
  selected: number | null;
  hidden: ReadonlySet<number>;
  /** The map's visible extent in project coordinates ("extent from the current view"). */
  viewExtent(): Extent | null;
  onClose(): void;
  onError(err: unknown): void;
}

/** Formats a layer kind can be written as, in the order people look for them. */
const FORMATS: Record<LayerInfo['kind'], LayerFormat[]> = {
  vector: ['shapefile', 'gpkg', 'geojson', 'kml', 'kmz', 'dxf', 'csv', 'xlsx'],
  raster: ['geotiff'],
  table: ['csv', 'xlsx', 'gpkg'],
};
const EXT: Record<LayerFormat, string> = { shapefile: 'shp', gpkg: 'gpkg', geojson: 'geojson', kml: 'kml', kmz: 'kmz', dxf: 'dxf', csv: 'csv', xlsx: 'xlsx', geotiff: 'tif' };
const SCALES = [10_000, 25_000, 50_000, 100_000, 250_000, 500_000];

/** The folder of the project file: outputs go beside it unless the user says otherwise. */
function beside(project: ProjectInfo | null, name: string): string {
  if (!project) return name;
  const sep = project.path.includes('\\') ? '\\' : '/';
  return `${project.path.slice(0, project.path.lastIndexOf(sep) + 1)}${name}`;
}

const withExt = (path: string, ext: string): string => path.replace(/\.[A-Za-z0-9]{2,7}$/, '') + `.${ext}`;

/** Runs `init` when the dialog opens, not on every re-render while open (which would undo the user's edits). */
function useOnOpen(open: boolean, init: () => void): void {
  const was = useRef(false);
  const latest = useRef(init);
  latest.current = init;
  useEffect(() => {
    if (open && !was.current) latest.current();
    was.current = open;
  }, [open]);
}

/** The result path is shown with a success message; exports run as jobs (status bar: progress, cancel). */
function useDone() {
  const { message } = AntApp.useApp();
  const { t } = useTranslation();
  return (path: string, warnings: { message_zh: string; message_en: string }[] = []) => {
    const lang = currentLang();
    message.success(`${t('export.done', { path })}${warnings.length ? ` — ${warnings.map((w) => (lang === 'en' ? w.message_en : w.message_zh)).join('；')}` : ''}`, 6);
  };
}

function ExportLayerDialog({ open, project, layers, selected, onClose, onError }: Props & { open: boolean }) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const done = useDone();
  const [form] = Form.useForm<{ layerId: number; format: LayerFormat; path: string; crs?: string; encoding: 'UTF-8' | 'GBK'; overwrite: boolean }>();
  const layerId = Form.useWatch('layerId', form);
  const format = Form.useWatch('format', form);
  const layer = layers.find((l) => l.id === layerId);

  useOnOpen(open, () => {
    const l = layers.find((x) => x.id === selected) ?? layers[0];
    if (!l) return;
    const f = FORMATS[l.kind][0]!;
    form.setFieldsValue({ layerId: l.id, format: f, path: beside(project, `${l.name}.${EXT[f]}`), encoding: 'UTF-8', overwrite: false, crs: '' });
  });

  const onLayer = (id: number) => {
    const l = layers.find((x) => x.id === id)!;
    const f = FORMATS[l.kind].includes(form.getFieldValue('format') as LayerFormat) ? (form.getFieldValue('format') as LayerFormat) : FORMATS[l.kind][0]!;
    form.setFieldsValue({ format: f, path: beside(project, `${l.name}.${EXT[f]}`) });
  };
  const onFormat = (f: LayerFormat) => form.setFieldsValue({ path: withExt(form.getFieldValue('path') as string, EXT[f]) });

  const submit = async (v: { layerId: number; format: LayerFormat; path: string; crs?: string; encoding: 'UTF-8' | 'GBK'; overwrite: boolean }) => {
    onClose();
    try {
      const crs = v.crs?.trim();
      const { result } = await client.runJob('export.layer', {
        layerId: v.layerId,
        format: v.format,
        path: v.path.trim(),
        ...(crs ? { crs: /^\d+$/.test(crs) ? `EPSG:${crs}` : crs } : {}),
        encoding: v.encoding,
        overwrite: v.overwrite,
      });
      done(result.path, result.warnings);
    } catch (err) {
      onError(err);
    }
  };

  const wgs84 = format === 'geojson' || format === 'kml' || format === 'kmz';
  return (
    <Modal
      open={open}
      title={t('export.layer.title')}
      okText={t('export.exportButton')}
      cancelText={t('dialog.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId('export-layer-ok')}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="layerId" label={t('export.layer.layer')} rules={[{ required: true }]}>
          <Select data-testid="export-layer-select" onChange={onLayer} options={layers.map((l) => ({ value: l.id, label: `${l.name}（${t(`export.kind.${l.kind}`)}）` }))} />
        </Form.Item>
        <Form.Item name="format" label={t('export.layer.format')} rules={[{ required: true }]}>
          <Select data-testid="export-format" onChange={onFormat} options={(layer ? FORMATS[layer.kind] : []).map((f) => ({ value: f, label: t(`export.format.${f}`) }))} />
        </Form.Item>
        {format === 'shapefile' && (
          <Form.Item name="encoding" label={t('export.layer.encoding')} extra={t('export.layer.encodingHelp')}>
            <Radio.Group options={[{ value: 'UTF-8', label: 'UTF-8（.cpg）' }, { value: 'GBK', label: t('export.layer.gbk') }]} />
          </Form.Item>
        )}
        <Form.Item name="crs" label={t('export.layer.crs')} extra={wgs84 ? t('export.layer.wgs84') : t('export.layer.crsHelp', { crs: project?.crs ?? '' })}>
          <Input placeholder={project?.crs} disabled={wgs84} data-testid="export-crs" />
        </Form.Item>
        <Form.Item name="path" label={t('export.path')} rules={[{ required: true, whitespace: true, message: t('dialog.required') }]} extra={<Typography.Text type="secondary">{t('dialog.serverPathHint')}</Typography.Text>}>
          <PathInput testId="export-path" />
        </Form.Item>
        <Form.Item name="overwrite" valuePropName="checked">
          <Checkbox>{t('export.overwrite')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface LayoutValues {
  paper: 'A4' | 'A3' | 'A2' | 'A1' | 'A0';
  orientation: 'portrait' | 'landscape';
  layerIds: number[];
  title: string;
  subtitle?: string;
  organization?: string;
  date?: string;
  dataSource?: string;
  scale: number | 'fit';
  fromView: boolean;
  grid: 'km' | 'graticule' | 'none';
  zonePrefix: boolean;
  legend: boolean;
  scaleBar: boolean;
  northArrow: boolean;
  titleBlock: boolean;
  inset: boolean;
  format: LayoutFormat;
  dpi: number;
  path: string;
  overwrite: boolean;
}

/**
 * Bottom → top as a printed map wants it: rasters, then polygons, lines, points; within each the layer
 * panel's order (its top item drawn last).
 */
function cartographicOrder(list: LayerInfo[]): LayerInfo[] {
  const rank = (l: LayerInfo): number => {
    if (l.kind === 'raster') return 0;
    const g = (l.geometryType ?? '').toUpperCase();
    return g.includes('POINT') ? 3 : g.includes('LINE') ? 2 : 1;
  };
  return list.map((l, i) => ({ l, i })).sort((a, b) => rank(a.l) - rank(b.l) || b.i - a.i).map((x) => x.l);
}

function layoutOf(v: LayoutValues, extent: Extent | null): LayoutSpecInput {
  const opt = (s: string | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);
  const text = Object.fromEntries(
    (['title', 'subtitle', 'organization', 'date', 'dataSource'] as const).map((k) => [k, opt(v[k])]).filter(([, x]) => x !== undefined),
  ) as Partial<Pick<LayoutSpecInput, 'title' | 'subtitle' | 'organization' | 'date' | 'dataSource'>>;
  return {
    paper: v.paper,
    orientation: v.orientation,
    layerIds: v.layerIds,
    ...text,
    ...(v.scale !== 'fit' ? { scale: v.scale } : {}),
    ...(v.fromView && extent ? { extent } : {}),
    grid: { kind: v.grid === 'graticule' ? 'graticule' : 'km', zonePrefix: v.zonePrefix },
    elements: { legend: v.legend, scaleBar: v.scaleBar, northArrow: v.northArrow, grid: v.grid !== 'none', titleBlock: v.titleBlock, inset: v.inset },
  };
}

/**
 * The layout editor: template fields on the left, the engine's own drawing on the right (the SVG
 * export.layoutPreview answers is the figure export writes), refreshed as fields change.
 */
function LayoutDialog({ open, project, layers, hidden, viewExtent, onClose, onError }: Props & { open: boolean }) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const done = useDone();
  const [form] = Form.useForm<LayoutValues>();
  const [preview, setPreview] = useState<string | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [scaleText, setScaleText] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const drawable = useMemo(() => layers.filter((l) => l.kind !== 'table'), [layers]);

  const initial = useMemo<LayoutValues>(
    () => ({
      paper: 'A3',
      orientation: 'landscape',
      layerIds: cartographicOrder(drawable.filter((l) => !hidden.has(l.id) && l.visible)).map((l) => l.id),
      title: project?.title ?? '',
      organization: '',
      date: '',
      dataSource: '',
      scale: 'fit',
      fromView: false,
      grid: 'km',
      zonePrefix: false,
      legend: true,
      scaleBar: true,
      northArrow: true,
      titleBlock: true,
      inset: false,
      format: 'pdf',
      dpi: 300,
      path: beside(project, `${project?.title ?? '成果图'}.pdf`),
      overwrite: false,
    }),
    [drawable, hidden, project],
  );

  const refreshPreview = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      const v = form.getFieldsValue(true) as LayoutValues;
      if (!v.layerIds?.length) return;
      client.api.export.layoutPreview({ layout: layoutOf(v, viewExtent()) }).then(
        (r) => {
          setPreview(`data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(r.svg)))}`);
          setScaleText(`1:${r.placement.scale.toLocaleString()}`);
          setPreviewError(null);
        },
        (err: unknown) => setPreviewError(err instanceof Error ? err.message : String(err)),
      );
    }, 400);
  }, [client, form, viewExtent]);

  useOnOpen(open, () => {
    form.setFieldsValue(initial);
    refreshPreview();
  });

  const submit = async (v: LayoutValues) => {
    onClose();
    try {
      const { result } = await client.runJob('export.layout', { layout: layoutOf(v, viewExtent()), format: v.format, path: v.path.trim(), dpi: v.dpi, overwrite: v.overwrite });
      done(result.path, result.warnings);
    } catch (err) {
      onError(err);
    }
  };

  return (
    <Modal
      open={open}
      title={t('export.layout.title')}
      okText={t('export.exportButton')}
      cancelText={t('dialog.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId('export-layout-ok')}
      destroyOnHidden
      width={1180}
    >
      <Row gutter={16}>
        <Col span={9}>
          <Form form={form} layout="vertical" size="small" onFinish={submit} onValuesChange={(changed: Partial<LayoutValues>) => {
            if (changed.format) form.setFieldsValue({ path: withExt(form.getFieldValue('path') as string, changed.format) });
            refreshPreview();
          }} requiredMark={false} className="gwz-layout-form">
            <Form.Item name="layerIds" label={t('export.layout.layers')} rules={[{ required: true, message: t('dialog.required') }]}>
              <Select mode="multiple" data-testid="layout-layers" options={drawable.map((l) => ({ value: l.id, label: l.name }))} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="paper" label={t('export.layout.paper')} style={{ width: '50%' }}>
                <Select options={['A4', 'A3', 'A2', 'A1', 'A0'].map((p) => ({ value: p, label: p }))} />
              </Form.Item>
              <Form.Item name="orientation" label={t('export.layout.orientation')} style={{ width: '50%' }}>
                <Select options={[{ value: 'landscape', label: t('export.layout.landscape') }, { value: 'portrait', label: t('export.layout.portrait') }]} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="title" label={t('export.layout.mapTitle')}>
              <Input data-testid="layout-title" maxLength={80} />
            </Form.Item>
            <Form.Item name="subtitle" label={t('export.layout.subtitle')}>
              <Input maxLength={120} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="organization" label={t('export.layout.organization')} style={{ width: '60%' }}>
                <Input maxLength={80} />
              </Form.Item>
              <Form.Item name="date" label={t('export.layout.date')} style={{ width: '40%' }}>
                <Input maxLength={40} placeholder={t('export.layout.datePlaceholder')} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="dataSource" label={t('export.layout.dataSource')}>
              <Input maxLength={200} />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="scale" label={t('export.layout.scale')} style={{ width: '50%' }}>
                <Select data-testid="layout-scale" options={[{ value: 'fit', label: t('export.layout.fit') }, ...SCALES.map((s) => ({ value: s, label: `1:${s.toLocaleString()}` }))]} />
              </Form.Item>
              <Form.Item name="grid" label={t('export.layout.grid')} style={{ width: '50%' }}>
                <Select options={[{ value: 'km', label: t('export.layout.km') }, { value: 'graticule', label: t('export.layout.graticule') }, { value: 'none', label: t('export.layout.none') }]} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="fromView" valuePropName="checked" style={{ marginBottom: 4 }}>
              <Checkbox data-testid="layout-from-view">{t('export.layout.fromView')}</Checkbox>
            </Form.Item>
            <Space wrap size={[12, 0]}>
              {(['legend', 'scaleBar', 'northArrow', 'titleBlock', 'inset', 'zonePrefix'] as const).map((k) => (
                <Form.Item key={k} name={k} valuePropName="checked" style={{ marginBottom: 4 }}>
                  <Checkbox>{t(`export.layout.${k}`)}</Checkbox>
                </Form.Item>
              ))}
            </Space>
            <Space.Compact block>
              <Form.Item name="format" label={t('export.layout.format')} style={{ width: '50%' }}>
                <Select data-testid="layout-format" options={[{ value: 'pdf', label: 'PDF' }, { value: 'png', label: 'PNG' }, { value: 'svg', label: 'SVG' }]} />
              </Form.Item>
              <Form.Item name="dpi" label={t('export.layout.dpi')} style={{ width: '50%' }}>
                <InputNumber min={72} max={600} step={50} style={{ width: '100%' }} />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="path" label={t('export.path')} rules={[{ required: true, whitespace: true, message: t('dialog.required') }]}>
              <PathInput testId="layout-path" />
            </Form.Item>
            <Form.Item name="overwrite" valuePropName="checked" style={{ marginBottom: 0 }}>
              <Checkbox>{t('export.overwrite')}</Checkbox>
            </Form.Item>
          </Form>
        </Col>
        <Col span={15}>
          <div className="gwz-layout-preview" data-testid="layout-preview">
            {preview ? <img src={preview} alt={t('export.layout.preview')} /> : <Typography.Text type="secondary">{previewError ?? t('export.layout.previewing')}</Typography.Text>}
          </div>
          <Space style={{ marginTop: 6 }}>
            <Typography.Text type="secondary">{t('export.layout.previewNote', { scale: scaleText })}</Typography.Text>
            <Button size="small" onClick={refreshPreview}>
              {t('export.layout.refresh')}
            </Button>
          </Space>
        </Col>
      </Row>
    </Modal>
  );
}

/** The report, or with `pack` the whole results package (layers, figure, report, zipped) around it. */
function ReportDialog({ open, project, onClose, onError, pack }: Props & { open: boolean; pack: boolean }) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const done = useDone();
  const [form] = Form.useForm<{ path: string; title?: string; organization?: string; date?: string; pdf: boolean; overwrite: boolean }>();
  useOnOpen(open, () => form.setFieldsValue({ path: beside(project, pack ? '成果' : '技术报告.docx'), pdf: !pack, overwrite: false }));
  const submit = async (v: { path: string; title?: string; organization?: string; date?: string; pdf: boolean; overwrite: boolean }) => {
    onClose();
    const text = (k: 'title' | 'organization' | 'date'): Record<string, string> => (v[k]?.trim() ? { [k]: v[k]!.trim() } : {});
    const report = { pdf: v.pdf, ...text('title'), ...text('organization'), ...text('date') };
    try {
      if (pack) {
        const { result } = await client.runJob('export.package', { path: v.path.trim(), report, overwrite: v.overwrite });
        done(`${result.path}，${result.zipPath}`);
        return;
      }
      const { result } = await client.runJob('export.report', { path: v.path.trim(), report, overwrite: v.overwrite });
      done(result.pdfPath ? `${result.path}，${result.pdfPath}` : result.path, result.warnings);
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Modal
      open={open}
      title={t(pack ? 'export.package.title' : 'export.report.title')}
      okText={t('export.report.write')}
      cancelText={t('dialog.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={buttonTestId(pack ? 'export-package-ok' : 'export-report-ok')}
      destroyOnHidden
      width={560}
    >
      <Typography.Paragraph type="secondary">{t(pack ? 'export.package.help' : 'export.report.help')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item name="title" label={t('export.report.reportTitle')}>
          <Input maxLength={120} placeholder={t('export.report.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="organization" label={t('export.layout.organization')}>
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="date" label={t('export.layout.date')}>
          <Input maxLength={40} placeholder={t('export.layout.datePlaceholder')} />
        </Form.Item>
        <Form.Item name="path" label={t(pack ? 'export.package.folder' : 'export.path')} rules={[{ required: true, whitespace: true, message: t('dialog.required') }]}>
          <PathInput testId="report-path" />
        </Form.Item>
        <Form.Item name="pdf" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('export.report.pdf')}</Checkbox>
        </Form.Item>
        <Form.Item name="overwrite" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('export.overwrite')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The 输出 menu's three dialogs; each export runs as a job whose progress and cancel live in the status bar. */
export function ExportDialogs(props: Props) {
  return (
    <>
      <ExportLayerDialog {...props} open={props.which === 'layer'} />
      <LayoutDialog {...props} open={props.which === 'layout'} />
      <ReportDialog {...props} open={props.which === 'report'} pack={false} />
      <ReportDialog {...props} open={props.which === 'package'} pack />
    </>
  );
}
