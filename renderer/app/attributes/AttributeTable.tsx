import {
  AimOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  ClearOutlined,
  CloseOutlined,
  FilterOutlined,
  RedoOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { App as AntApp, Button, Input, Space, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Client } from '../../../shared/api/client';
import type { CellValue, FieldInfo } from '../../../shared/api/features';
import type { LayerInfo } from '../../../shared/api/layers';
import { FieldCalcDialog } from './FieldCalcDialog';
import { FieldStatsDialog } from './FieldStatsDialog';
import { useFeaturePages, type PageQuery } from './use-feature-pages';
import { VirtualGrid, type SortState } from './VirtualGrid';
import './attributes.css';

export interface Selection {
  layerId: number;
  fids: readonly number[];
}

interface Props {
  client: Client;
  layer: LayerInfo;
  selection: Selection | null;
  onSelect(selection: Selection | null): void;
  onZoomTo(extent: [number, number, number, number]): void;
  onClose(): void;
  onError(err: unknown): void;
  /** Data changed elsewhere (project.changed): re-read. */
  changeCount: number;
}

/** The bottom attribute panel of docs/ux.md: virtual rows, sort, expression filter, selection ↔ map. */
export function AttributeTable({ client, layer, selection, onSelect, onZoomTo, onClose, onError, changeCount }: Props) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [sort, setSort] = useState<SortState | null>(null);
  const [filterText, setFilterText] = useState('');
  const [filter, setFilter] = useState('');
  const [dialog, setDialog] = useState<'stats' | 'calc' | null>(null);
  const [statsField, setStatsField] = useState<string | null>(null);
  const anchor = useRef<number | null>(null);

  useEffect(() => {
    setSort(null);
    setStatsField(null);
    setFilter('');
    setFilterText('');
    anchor.current = null;
  }, [layer.id]);

  const query: PageQuery = useMemo(() => ({ layerId: layer.id, sort, filter, reload: changeCount }), [layer.id, sort, filter, changeCount]);
  const rows = useFeaturePages(client, query);
  useEffect(() => {
    if (rows.error) onError(rows.error);
  }, [rows.error, onError]);

  const selected = useMemo(() => new Set(selection && selection.layerId === layer.id ? selection.fids : []), [selection, layer.id]);

  const onSort = useCallback((field: string) => {
    setStatsField(field);
    // ascending → descending → as stored
    setSort((s) => (s?.field !== field ? { field, descending: false } : s.descending ? null : { field, descending: true }));
  }, []);

  const onRowClick = useCallback(
    (index: number, fid: number, e: { ctrl: boolean; shift: boolean }) => {
      const current = selection && selection.layerId === layer.id ? selection.fids : [];
      if (e.shift && anchor.current !== null) {
        const [a, b] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
        const out = new Set(current);
        for (let i = a; i <= b; i++) {
          const r = rows.row(i);
          if (r) out.add(r.fid);
        }
        onSelect({ layerId: layer.id, fids: [...out] });
        return;
      }
      anchor.current = index;
      if (e.ctrl) {
        const out = new Set(current);
        if (out.has(fid)) out.delete(fid);
        else out.add(fid);
        onSelect({ layerId: layer.id, fids: [...out] });
      } else {
        onSelect({ layerId: layer.id, fids: [fid] });
      }
    },
    [layer.id, onSelect, rows, selection],
  );

  const onEditCell = useCallback(
    (fid: number, field: FieldInfo, value: CellValue) => {
      // returned, so a save from the close prompt waits for the value to land
      return client.api.features.setValue({ layerId: layer.id, fid, field: field.name, value }).then(
        () => void message.success(t('attributes.edited', { field: field.name })),
        onError,
      );
    },
    [client, layer.id, message, onError, t],
  );

  const selectMatching = () => {
    if (!filter.trim()) return;
    client.api.features.select({ layerId: layer.id, filter }).then((r) => {
      onSelect({ layerId: layer.id, fids: r.fids });
      message.info(t('attributes.selectedN', { n: r.count.toLocaleString() }));
      if (r.extent) onZoomTo(r.extent);
    }, onError);
  };

  const zoomToSelection = () => {
    if (selected.size === 0) return;
    client.api.features.extent({ layerId: layer.id, fids: [...selected] }).then((r) => r.extent && onZoomTo(r.extent), onError);
  };

  const undoRedo = (what: 'undo' | 'redo') => {
    (what === 'undo' ? client.api.features.undo({ layerId: layer.id }) : client.api.features.redo({ layerId: layer.id })).then((r) => {
      if (!r.edit) message.info(t(what === 'undo' ? 'attributes.nothingToUndo' : 'attributes.nothingToRedo'));
      else message.success(t(what === 'undo' ? 'attributes.undone' : 'attributes.redone', { field: r.edit.field, n: r.edit.rows.toLocaleString() }));
    }, onError);
  };

  const firstSelectedRow = null;
  const total = rows.total;
  const applyFilter = () => setFilter(filterText);

  return (
    <section
      className="gwz-attr-panel"
      data-testid="attribute-table"
      data-total={total ?? ''}
      data-first-page-ms={rows.firstPageMs === null ? '' : rows.firstPageMs.toFixed(1)}
      onKeyDown={(e) => {
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z' && !(e.target instanceof HTMLInputElement)) {
          e.preventDefault();
          undoRedo(e.shiftKey ? 'redo' : 'undo');
        }
      }}
      tabIndex={-1}
    >
      <div className="gwz-attr-toolbar">
        <Typography.Text strong className="gwz-attr-title">
          {t('attributes.title', { name: layer.name })}
        </Typography.Text>
        <span className="gwz-attr-count" data-testid="attr-count">
          {total === null
            ? t('attributes.loading')
            : filter
              ? t('attributes.filtered', { n: total.toLocaleString(), all: layer.featureCount.toLocaleString() })
              : t('attributes.count', { n: total.toLocaleString() })}
          {selected.size > 0 && ` · ${t('attributes.selected', { n: selected.size.toLocaleString() })}`}
        </span>
        <Input
          size="small"
          className="gwz-attr-filter"
          data-testid="attr-filter"
          prefix={<FilterOutlined />}
          allowClear
          placeholder={t('attributes.filterPlaceholder')}
          value={filterText}
          onChange={(e) => {
            setFilterText(e.target.value);
            if (e.target.value === '') setFilter('');
          }}
          onPressEnter={applyFilter}
        />
        <Space size={2}>
          <Button size="small" onClick={applyFilter} data-testid="attr-apply-filter">
            {t('attributes.applyFilter')}
          </Button>
          <Tooltip title={t('attributes.selectMatchingHelp')}>
            <Button size="small" disabled={!filter.trim()} onClick={selectMatching} data-testid="attr-select-matching">
              {t('attributes.selectMatching')}
            </Button>
          </Tooltip>
          <Tooltip title={t('attributes.zoomToSelection')}>
            <Button size="small" icon={<AimOutlined />} disabled={selected.size === 0} onClick={zoomToSelection} data-testid="attr-zoom-selection" />
          </Tooltip>
          <Tooltip title={t('attributes.clearSelection')}>
            <Button size="small" icon={<ClearOutlined />} disabled={selected.size === 0} onClick={() => onSelect(null)} />
          </Tooltip>
          <Tooltip title={t('attributes.stats')}>
            <Button size="small" icon={<BarChartOutlined />} onClick={() => setDialog('stats')} data-testid="attr-stats" />
          </Tooltip>
          <Tooltip title={t('attributes.calc')}>
            <Button size="small" icon={<CalculatorOutlined />} onClick={() => setDialog('calc')} data-testid="attr-calc" />
          </Tooltip>
          <Tooltip title={`${t('attributes.undo')} (Ctrl+Z)`}>
            <Button size="small" icon={<UndoOutlined />} onClick={() => undoRedo('undo')} data-testid="attr-undo" />
          </Tooltip>
          <Tooltip title={`${t('attributes.redo')} (Ctrl+Shift+Z)`}>
            <Button size="small" icon={<RedoOutlined />} onClick={() => undoRedo('redo')} data-testid="attr-redo" />
          </Tooltip>
          <Tooltip title={t('attributes.close')}>
            <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} data-testid="attr-close" />
          </Tooltip>
        </Space>
      </div>
      <VirtualGrid
        rows={rows}
        selected={selected}
        sort={sort}
        onSort={onSort}
        onRowClick={onRowClick}
        onEditCell={onEditCell}
        scrollToRow={firstSelectedRow}
      />
      <FieldStatsDialog
        open={dialog === 'stats'}
        client={client}
        layerId={layer.id}
        fields={rows.fields}
        field={statsField}
        filter={filter}
        onClose={() => setDialog(null)}
        onError={onError}
      />
      <FieldCalcDialog
        open={dialog === 'calc'}
        client={client}
        layerId={layer.id}
        fields={rows.fields}
        filter={filter}
        onClose={() => setDialog(null)}
        onDone={(r) => {
          setDialog(null);
          message.success(t(r.added ? 'attributes.calcAdded' : 'attributes.calcUpdated', { field: r.field, n: r.rowsUpdated.toLocaleString() }));
        }}
        onError={onError}
      />
    </section>
  );
}
