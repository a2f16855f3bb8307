import { InputNumber, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FactorSource, LayerRef } from '../../../shared/api/keyzones';
import type { LayerInfo } from '../../../shared/api/layers';
import type { SourceNote } from '../../../shared/domain/keyzone-profile';
import { currentLang } from '../../i18n';
import { useConnection } from '../connection-context';

export type LayerFilter = 'polygon' | 'point' | 'raster';

function fits(layer: LayerInfo, filter: LayerFilter): boolean {
  if (filter === 'raster') return layer.kind === 'raster';
  const g = (layer.geometryType ?? '').toUpperCase();
  return layer.kind === 'vector' && g.includes(filter === 'polygon' ? 'POLYGON' : 'POINT');
}

/** The layer a config reference names: by id, or by name as config files write them. */
export function layerOf(layers: readonly LayerInfo[], ref: LayerRef | undefined): LayerInfo | undefined {
  if (ref === undefined) return undefined;
  return typeof ref === 'number' ? layers.find((l) => l.id === ref) : layers.find((l) => l.name === ref);
}

/** A layer picker that lists only fitting layers, with their CRS and feature count. */
export function LayerSelect({ layers, value, onChange, filter, testId }: { layers: readonly LayerInfo[]; value: LayerRef | undefined; onChange(id: number): void; filter: LayerFilter; testId?: string }) {
  const { t } = useTranslation();
  const options = layers
    .filter((l) => fits(l, filter))
    .map((l) => ({
      value: l.id,
      label: `${l.name} · ${l.kind === 'vector' ? `${l.featureCount}` : t('layers.kind.raster')} · EPSG:${l.srid ?? '?'}`,
    }));
  return (
    <Select
      size="small"
      style={{ width: '100%' }}
      data-testid={testId}
      value={layerOf(layers, value)?.id}
      options={options}
      onChange={(v: number) => onChange(v)}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}

/** The attribute fields of a vector layer. */
export function useFields(layer: LayerRef | undefined, field?: string): { fields: { name: string; type: string }[]; values: (string | number)[] } {
  const { client } = useConnection();
  const [out, setOut] = useState<{ fields: { name: string; type: string }[]; values: (string | number)[] }>({ fields: [], values: [] });
  useEffect(() => {
    if (layer === undefined) return;
    let live = true;
    client.api.keyzones.layerFields({ layer, ...(field ? { field } : {}) }).then(
      (r) => live && setOut(r),
      () => live && setOut({ fields: [], values: [] }),
    );
    return () => {
      live = false;
    };
  }, [client, layer, field]);
  return out;
}

export function FieldSelect({ layer, value, onChange, allowClear, testId }: { layer: LayerRef | undefined; value: string | undefined; onChange(v: string | undefined): void; allowClear?: boolean; testId?: string }) {
  const { fields } = useFields(layer);
  return (
    <Select
      size="small"
      style={{ width: '100%' }}
      data-testid={testId}
      value={value}
      allowClear={allowClear}
      options={fields.map((f) => ({ value: f.name, label: f.name }))}
      onChange={(v: string | undefined) => onChange(v)}
    />
  );
}

/** 待核实 badge for [U] tables, with the source note on hover; a plain status letter otherwise. */
export function StatusBadge({ note }: { note: SourceNote }) {
  const { t } = useTranslation();
  const text = currentLang() === 'en' ? note.note_en : note.note_zh;
  if (note.status === 'U') {
    return (
      <Tooltip title={text}>
        <Tag color="orange" data-testid="unverified-badge" style={{ cursor: 'help' }}>
          {t('keyzones.unverified')}
        </Tag>
      </Tooltip>
    );
  }
  return (
    <Tooltip title={text}>
      <Tag color={note.status === 'C' ? 'green' : note.status === 'S' ? 'blue' : 'default'} style={{ cursor: 'help' }}>
        {note.status}
      </Tag>
    </Tooltip>
  );
}

const KINDS: FactorSource['kind'][] = ['polygon', 'raster', 'boreholes', 'slope', 'points', 'wellQuality', 'constant'];

/**
 * Where a factor's numbers come from: a polygon attribute with its rating table, a raster, borehole
 * depths (IDW), a point field, the slope of a DEM, or a constant rating.
 */
export function FactorSourceEditor({ layers, value, onChange, testId }: { layers: readonly LayerInfo[]; value: FactorSource; onChange(v: FactorSource): void; testId?: string }) {
  const { t } = useTranslation();
  const polygon = value.kind === 'polygon' ? value : null;
  const { values } = useFields(polygon?.layer, polygon?.field);
  const setKind = (kind: FactorSource['kind']) => {
    const first = (f: LayerFilter) => layers.find((l) => fits(l, f))?.id ?? 0;
    const next: FactorSource =
      kind === 'polygon'
        ? { kind, layer: first('polygon'), field: '' }
        : kind === 'raster'
          ? { kind, layer: first('raster') }
          : kind === 'slope'
            ? { kind, dem: first('raster') }
            : kind === 'points'
              ? { kind, layer: first('point'), field: '', power: 2 }
              : kind === 'boreholes'
                ? { kind, value: 'depth_to_water', statistic: 'mean', power: 2 }
                : kind === 'wellQuality'
                  ? { kind, basis: 'latest', method: 'nearest' }
                  : { kind: 'constant', value: 5 };
    onChange(next);
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid={testId}>
      <Select size="small" style={{ width: '100%' }} value={value.kind} onChange={setKind} options={KINDS.map((k) => ({ value: k, label: t(`keyzones.field.kind.${k}`) }))} />
      {value.kind === 'polygon' && (
        <>
          <LayerSelect layers={layers} filter="polygon" value={value.layer} onChange={(layer) => onChange({ ...value, layer, field: '' })} />
          <FieldSelect layer={value.layer} value={value.field || undefined} onChange={(field) => onChange({ ...value, field: field ?? '' })} />
          {value.field && (
            <Table
              size="small"
              pagination={false}
              rowKey={(r) => String(r.category)}
              dataSource={values.map((v) => ({ category: v, value: value.table?.find((e) => String(e.category) === String(v))?.value ?? null }))}
              columns={[
                { title: t('keyzones.field.value'), dataIndex: 'category', render: (v: string | number) => String(v) },
                {
                  title: t('keyzones.field.rating'),
                  dataIndex: 'value',
                  width: 90,
                  render: (v: number | null, row: { category: string | number }) => (
                    <InputNumber
                      size="small"
                      value={v}
                      min={0}
                      max={10}
                      onChange={(n) => {
                        const rest = (value.table ?? []).filter((e) => String(e.category) !== String(row.category));
                        onChange({ ...value, table: n === null ? rest : [...rest, { category: row.category, value: n }] });
                      }}
                    />
                  ),
                },
              ]}
            />
          )}
        </>
      )}
      {value.kind === 'raster' && <LayerSelect layers={layers} filter="raster" value={value.layer} onChange={(layer) => onChange({ ...value, layer })} />}
      {value.kind === 'slope' && <LayerSelect layers={layers} filter="raster" value={value.dem} onChange={(dem) => onChange({ ...value, dem })} />}
      {value.kind === 'points' && (
        <>
          <LayerSelect layers={layers} filter="point" value={value.layer} onChange={(layer) => onChange({ ...value, layer, field: '' })} />
          <FieldSelect layer={value.layer} value={value.field || undefined} onChange={(field) => onChange({ ...value, field: field ?? '' })} />
        </>
      )}
      {value.kind === 'constant' && <InputNumber size="small" value={value.value} onChange={(n) => n !== null && onChange({ ...value, value: n })} />}
    </Space>
  );
}
