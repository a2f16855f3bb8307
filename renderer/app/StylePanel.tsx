import { App as AntApp, Alert, Button, Checkbox, ColorPicker, Form, Input, InputNumber, Select, Slider, Space, Typography } from 'antd';
import type { Color as AntColor } from 'antd/es/color-picker';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../shared/api/layers';
import {
  CLASS_METHODS,
  classSymbol,
  continuousRasterStyle,
  defaultStyle,
  geometryFamily,
  legendText,
  PALETTES,
  RAMPS,
  STYLE_PRESETS,
  type ClassMethod,
  type Color,
  type LayerStyle,
  type RasterStyle,
  type Symbol,
  type VectorStyle,
} from '../../shared/style';
import { currentLang } from '../i18n';
import { usesWebgl } from '../map/vector-layers';
import { useConnection } from './connection-context';
import { useShowError } from './use-show-error';
import { SymbolSwatch } from './SymbolSwatch';

const hex = (c: AntColor): Color => c.toHexString().slice(0, 7) as Color;

function RampOption({ name }: { name: string }) {
  const ramp = RAMPS[name] ?? PALETTES[name];
  if (!ramp) return <>{name}</>;
  return (
    <span className="gwz-ramp-option">
      <span className="gwz-ramp-bar" style={{ background: `linear-gradient(to right, ${ramp.colors.join(', ')})` }} />
      {currentLang() === 'en' ? ramp.en : ramp.zh}
    </span>
  );
}

const rampOptions = Object.keys(RAMPS).map((name) => ({ value: name, label: <RampOption name={name} /> }));
const paletteOptions = Object.keys(PALETTES).map((name) => ({ value: name, label: <RampOption name={name} /> }));

/** Fill, outline and marker of one symbol. */
function SymbolEditor({ symbol, geometryType, onChange }: { symbol: Symbol; geometryType: string | null; onChange(s: Symbol): void }) {
  const { t } = useTranslation();
  const family = geometryFamily(geometryType);
  return (
    <>
      {family !== 'line' && (
        <Form.Item label={t('symbology.fill')}>
          <Space>
            <ColorPicker
              size="small"
              value={symbol.fill ?? '#ffffff'}
              disabledAlpha
              onChangeComplete={(c) => onChange({ ...symbol, fill: hex(c) })}
              data-testid="style-fill"
            />
            <Checkbox checked={symbol.fill === null} onChange={(e) => onChange({ ...symbol, fill: e.target.checked ? null : '#2f5f98' })}>
              {t('symbology.noFill')}
            </Checkbox>
          </Space>
        </Form.Item>
      )}
      {family !== 'line' && symbol.fill !== null && (
        <Form.Item label={t('symbology.fillOpacity')}>
          <Slider min={0} max={100} value={Math.round(symbol.fillOpacity * 100)} onChange={(v: number) => onChange({ ...symbol, fillOpacity: v / 100 })} />
        </Form.Item>
      )}
      <Form.Item label={t('symbology.stroke')}>
        <Space>
          <ColorPicker
            size="small"
            value={symbol.stroke?.color ?? '#333333'}
            disabledAlpha
            onChangeComplete={(c) => onChange({ ...symbol, stroke: { width: symbol.stroke?.width ?? 0.75, ...symbol.stroke, color: hex(c) } })}
          />
          <InputNumber
            size="small"
            min={0}
            max={20}
            step={0.25}
            value={symbol.stroke?.width ?? 0}
            aria-label={t('symbology.strokeWidth')}
            onChange={(v) => onChange({ ...symbol, stroke: v ? { color: symbol.stroke?.color ?? '#333333', ...symbol.stroke, width: v } : null })}
          />
        </Space>
      </Form.Item>
      {family === 'point' && (
        <Form.Item label={t('symbology.markerSize')}>
          <InputNumber
            size="small"
            min={1}
            max={60}
            value={symbol.marker?.size ?? 6}
            onChange={(v) => onChange({ ...symbol, marker: { shape: symbol.marker?.shape ?? 'circle', size: v ?? 6 } })}
          />
        </Form.Item>
      )}
    </>
  );
}

function ClassRows({ style, geometryType, onChange }: { style: VectorStyle; geometryType: string | null; onChange(s: VectorStyle): void }) {
  const lang = currentLang();
  if (style.type === 'single') return null;
  const rows =
    style.type === 'categorized'
      ? style.categories.map((c) => ({ symbol: c.symbol, label: legendText(c.label, lang) }))
      : style.classes.map((c) => ({ symbol: c.symbol, label: legendText(c.label, lang) }));
  const setSymbol = (i: number, color: Color) => {
    const family = geometryFamily(geometryType);
    const recolor = (s: Symbol): Symbol => (family === 'line' ? { ...s, stroke: { width: 1.5, ...s.stroke, color } } : { ...s, fill: color });
    if (style.type === 'categorized') onChange({ ...style, categories: style.categories.map((c, j) => (j === i ? { ...c, symbol: recolor(c.symbol) } : c)) });
    else onChange({ ...style, classes: style.classes.map((c, j) => (j === i ? { ...c, symbol: recolor(c.symbol) } : c)) });
  };
  return (
    <ul className="gwz-class-rows" data-testid="style-classes">
      {rows.map((row, i) => (
        <li key={i} data-testid="style-class">
          <ColorPicker
            size="small"
            disabledAlpha
            value={(geometryFamily(geometryType) === 'line' ? row.symbol.stroke?.color : row.symbol.fill) ?? '#ffffff'}
            onChangeComplete={(c) => setSymbol(i, hex(c))}
          >
            <span className="gwz-class-swatch">
              <SymbolSwatch symbol={row.symbol} geometryType={geometryType} />
            </span>
          </ColorPicker>
          <span>{row.label}</span>
        </li>
      ))}
    </ul>
  );
}

function RasterEditor({ layer, style, onChange }: { layer: LayerInfo; style: RasterStyle; onChange(s: RasterStyle): void }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const min = style.type === 'continuous' ? style.stops[0]!.value : (layer.raster?.min ?? 0);
  const max = style.type === 'continuous' ? style.stops[style.stops.length - 1]!.value : (layer.raster?.max ?? 1);
  return (
    <>
      {style.type === 'continuous' && (
        <>
          <Form.Item label={t('symbology.ramp')}>
            <Select
              size="small"
              value={style.ramp}
              options={rampOptions}
              onChange={(ramp: string) => onChange(continuousRasterStyle(min, max, ramp, style.opacity))}
              data-testid="style-raster-ramp"
            />
          </Form.Item>
          <Form.Item label={`${t('symbology.min')} / ${t('symbology.max')}`}>
            <Space>
              <InputNumber size="small" value={min} onChange={(v) => v !== null && onChange(continuousRasterStyle(v, max, style.ramp, style.opacity))} />
              <InputNumber size="small" value={max} onChange={(v) => v !== null && onChange(continuousRasterStyle(min, v, style.ramp, style.opacity))} />
              <Button
                size="small"
                onClick={() => onChange(continuousRasterStyle(layer.raster?.min ?? 0, layer.raster?.max ?? 1, style.ramp, style.opacity))}
              >
                {t('symbology.stretch')}
              </Button>
            </Space>
          </Form.Item>
        </>
      )}
      {style.type !== 'continuous' && (
        <ul className="gwz-class-rows">
          {(style.type === 'classed' ? style.classes : style.entries).map((c, i) => (
            <li key={i}>
              <ColorPicker
                size="small"
                disabledAlpha
                value={c.color}
                onChangeComplete={(col) => {
                  const color = hex(col);
                  if (style.type === 'classed') onChange({ ...style, classes: style.classes.map((x, j) => (j === i ? { ...x, color } : x)) });
                  else onChange({ ...style, entries: style.entries.map((x, j) => (j === i ? { ...x, color } : x)) });
                }}
              />
              <span>{legendText(c.label, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {layer.raster?.nodata !== null && layer.raster?.nodata !== undefined && (
        <Typography.Text type="secondary">
          {t('symbology.nodata')}: {layer.raster.nodata}
        </Typography.Text>
      )}
    </>
  );
}

/**
 * 样式: single symbol / categorized / graduated (the engine classifies with shared/style/classify
 * over all of the layer's values), raster ramps and classes, labels, the standard presets. Nothing
 * reaches the project until 应用; the legend and the map then follow the stored style.
 */
export function StylePanel({ layer }: { layer: LayerInfo | null }) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<LayerStyle | null>(layer?.style ?? null);
  const [field, setField] = useState<string | undefined>();
  const [method, setMethod] = useState<ClassMethod>('jenks');
  const [classes, setClasses] = useState(5);
  const [ramp, setRamp] = useState('ylorrd');
  const [palette, setPalette] = useState('set3');
  const [manual, setManual] = useState('');
  const [more, setMore] = useState(0);
  const [busy, setBusy] = useState(false);

  const layerKey = layer ? `${layer.id}|${JSON.stringify(layer.style)}` : '';
  useEffect(() => {
    setDraft(layer?.style ?? null);
    setMore(0);
    if (layer?.style.kind === 'vector' && layer.style.type !== 'single') setField(layer.style.field);
    if (layer?.style.kind === 'vector' && layer.style.type === 'graduated') {
      setMethod(layer.style.method);
      setClasses(layer.style.classes.length);
      setRamp(layer.style.ramp);
    }
  }, [layerKey]);

  const numericFields = useMemo(() => (layer?.fields ?? []).filter((f) => f.numeric), [layer]);
  const fieldOptions = (numeric: boolean) => (numeric ? numericFields : (layer?.fields ?? [])).map((f) => ({ value: f.name, label: `${f.name}（${f.type}）` }));

  if (!layer) return <Typography.Paragraph type="secondary">{t('symbology.selectLayer')}</Typography.Paragraph>;
  if (layer.kind === 'table') return <Typography.Paragraph type="secondary">{t('symbology.table')}</Typography.Paragraph>;
  if (!draft) return null;

  const apply = async (style: LayerStyle | null) => {
    setBusy(true);
    try {
      await client.api.layers.update({ layerId: layer.id, style });
      message.success(t('symbology.applied'));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const classify = async () => {
    if (!field) return;
    setBusy(true);
    try {
      const breaks = method === 'manual' ? manual.split(/[,，\s]+/).filter(Boolean).map(Number) : undefined;
      const r = await client.api.layers.classify({ layerId: layer.id, field, method, classes, ramp, ...(breaks ? { breaks } : {}) });
      setDraft({ ...r.style, opacity: draft.opacity, ...(draft.kind === 'vector' && draft.label ? { label: draft.label } : {}) } as LayerStyle);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const categorize = async () => {
    if (!field) return;
    setBusy(true);
    try {
      const r = await client.api.layers.categories({ layerId: layer.id, field, palette });
      setMore(r.more);
      setDraft({ ...r.style, opacity: draft.opacity, ...(draft.kind === 'vector' && draft.label ? { label: draft.label } : {}) } as LayerStyle);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  const vectorType = draft.kind === 'vector' ? draft.type : null;
  const setVectorType = (type: 'single' | 'categorized' | 'graduated') => {
    if (draft.kind !== 'vector' || type === draft.type) return;
    if (type === 'single') {
      const base = defaultStyle({ kind: 'vector', geometryType: layer.geometryType }) as VectorStyle;
      setDraft({ ...base, opacity: draft.opacity, ...(draft.label ? { label: draft.label } : {}) });
      return;
    }
    // an empty classification until 分级 / 分类 is pressed
    const symbol = classSymbol(geometryFamily(layer.geometryType), '#bdbdbd');
    setField(field ?? (type === 'graduated' ? numericFields[0]?.name : layer.fields[0]?.name));
    setDraft(
      type === 'categorized'
        ? { kind: 'vector', type, field: field ?? layer.fields[0]?.name ?? '', categories: [], other: symbol, opacity: draft.opacity }
        : { kind: 'vector', type, field: field ?? numericFields[0]?.name ?? '', method, ramp, classes: [{ min: 0, max: 0, label: { zh: '—' }, symbol }], opacity: draft.opacity },
    );
  };

  const presets = Object.entries(STYLE_PRESETS)
    .filter(([, p]) => p.style().kind === layer.kind)
    .map(([key, p]) => ({ value: key, label: currentLang() === 'en' ? p.en : p.zh }));

  const label = draft.kind === 'vector' ? draft.label : undefined;

  return (
    <Form layout="vertical" size="small" className="gwz-style-panel" data-testid="style-panel">
      {layer.kind === 'vector' && usesWebgl(layer) && <Alert type="info" showIcon message={t('symbology.webglNote')} className="gwz-style-note" />}
      {presets.length > 0 && (
        <Form.Item label={t('symbology.preset')}>
          <Select
            placeholder={t('symbology.presetPlaceholder')}
            options={presets}
            value={null}
            data-testid="style-preset"
            onChange={(key: string) => {
              const preset = STYLE_PRESETS[key]!.style();
              setDraft({ ...preset, opacity: draft.opacity } as LayerStyle);
              if (preset.kind === 'vector' && preset.type !== 'single') setField(preset.field);
            }}
          />
        </Form.Item>
      )}
      {draft.kind === 'vector' && (
        <>
          <Form.Item label={t('symbology.type')}>
            <Select
              value={vectorType}
              data-testid="style-type"
              onChange={setVectorType}
              options={[
                { value: 'single', label: t('symbology.single') },
                { value: 'categorized', label: t('symbology.categorized'), disabled: layer.fields.length === 0 },
                { value: 'graduated', label: t('symbology.graduated'), disabled: numericFields.length === 0 },
              ]}
            />
          </Form.Item>
          {draft.type === 'single' && <SymbolEditor symbol={draft.symbol} geometryType={layer.geometryType} onChange={(symbol) => setDraft({ ...draft, symbol })} />}
          {draft.type === 'graduated' && (
            <>
              <Form.Item label={t('symbology.field')}>
                <Select value={field} options={fieldOptions(true)} onChange={setField} data-testid="style-field" />
              </Form.Item>
              <Space wrap>
                <Form.Item label={t('symbology.method')}>
                  <Select
                    style={{ width: 150 }}
                    value={method}
                    data-testid="style-method"
                    onChange={setMethod}
                    options={CLASS_METHODS.map((m) => ({ value: m, label: t(`symbology.methods.${m}`) }))}
                  />
                </Form.Item>
                {method !== 'manual' && (
                  <Form.Item label={t('symbology.classes')}>
                    <InputNumber min={2} max={12} value={classes} onChange={(v) => setClasses(v ?? 5)} data-testid="style-classes-n" />
                  </Form.Item>
                )}
              </Space>
              {method === 'manual' && (
                <Form.Item label={t('symbology.breaks')}>
                  <Input value={manual} onChange={(e) => setManual(e.target.value)} placeholder="0, 10, 20, 50" />
                </Form.Item>
              )}
              <Form.Item label={t('symbology.ramp')}>
                <Select value={ramp} options={rampOptions} onChange={setRamp} data-testid="style-ramp" />
              </Form.Item>
              <Button onClick={() => void classify()} loading={busy} disabled={!field} data-testid="style-classify">
                {t('symbology.classify')}
              </Button>
            </>
          )}
          {draft.type === 'categorized' && (
            <>
              <Form.Item label={t('symbology.field')}>
                <Select value={field} options={fieldOptions(false)} onChange={setField} data-testid="style-field" />
              </Form.Item>
              <Form.Item label={t('symbology.palette')}>
                <Select value={palette} options={paletteOptions} onChange={setPalette} />
              </Form.Item>
              <Button onClick={() => void categorize()} loading={busy} disabled={!field} data-testid="style-categorize">
                {t('symbology.categorize')}
              </Button>
              {more > 0 && <Typography.Paragraph type="secondary">{t('symbology.more', { n: more })}</Typography.Paragraph>}
            </>
          )}
          <ClassRows style={draft} geometryType={layer.geometryType} onChange={setDraft} />
          <Typography.Title level={5} className="gwz-style-section">
            {t('symbology.labels')}
          </Typography.Title>
          <Form.Item label={t('symbology.labelField')}>
            <Select
              value={label?.field ?? ''}
              data-testid="style-label-field"
              options={[{ value: '', label: t('symbology.labelNone') }, ...fieldOptions(false)]}
              onChange={(f: string) =>
                setDraft({
                  ...draft,
                  label: f ? { size: 9, color: '#222222', halo: { color: '#ffffff', width: 1.5 }, placement: 'point', allowOverlap: false, ...label, field: f } : undefined,
                })
              }
            />
          </Form.Item>
          {label && (
            <Space wrap>
              <Form.Item label={t('symbology.labelSize')}>
                <InputNumber min={5} max={36} value={label.size} onChange={(v) => setDraft({ ...draft, label: { ...label, size: v ?? 9 } })} />
              </Form.Item>
              <Form.Item label={t('symbology.labelColor')}>
                <ColorPicker size="small" disabledAlpha value={label.color} onChangeComplete={(c) => setDraft({ ...draft, label: { ...label, color: hex(c) } })} />
              </Form.Item>
              <Checkbox
                checked={label.halo !== null}
                onChange={(e) => setDraft({ ...draft, label: { ...label, halo: e.target.checked ? { color: '#ffffff', width: 1.5 } : null } })}
              >
                {t('symbology.labelHalo')}
              </Checkbox>
              <Checkbox checked={label.allowOverlap} onChange={(e) => setDraft({ ...draft, label: { ...label, allowOverlap: e.target.checked } })}>
                {t('symbology.labelOverlap')}
              </Checkbox>
            </Space>
          )}
        </>
      )}
      {draft.kind === 'raster' && (
        <>
          <Form.Item label={t('symbology.type')}>
            <Select
              value={draft.type}
              onChange={(type: RasterStyle['type']) => {
                if (type === 'continuous') setDraft(continuousRasterStyle(layer.raster?.min ?? 0, layer.raster?.max ?? 1, 'terrain', draft.opacity));
                else if (type === 'paletted') setDraft({ ...STYLE_PRESETS.fiveClassRaster!.style(), opacity: draft.opacity } as RasterStyle);
              }}
              options={[
                { value: 'continuous', label: t('symbology.continuous') },
                { value: 'classed', label: t('symbology.classed'), disabled: draft.type !== 'classed' },
                { value: 'paletted', label: t('symbology.paletted') },
              ]}
            />
          </Form.Item>
          <RasterEditor layer={layer} style={draft} onChange={setDraft} />
        </>
      )}
      <Form.Item label={t('symbology.opacity')}>
        <Slider min={0} max={100} value={Math.round(draft.opacity * 100)} onChange={(v: number) => setDraft({ ...draft, opacity: v / 100 })} />
      </Form.Item>
      <Space>
        <Button
          type="primary"
          loading={busy}
          data-testid="style-apply"
          disabled={draft.kind === 'vector' && draft.type !== 'single' && (draft.type === 'categorized' ? draft.categories.length === 0 : draft.classes[0]!.label.zh === '—')}
          onClick={() => void apply(draft)}
        >
          {t('symbology.apply')}
        </Button>
        <Button onClick={() => void apply(null)} disabled={!layer.styled || busy} data-testid="style-reset">
          {t('symbology.reset')}
        </Button>
      </Space>
    </Form>
  );
}
