import { AimOutlined, DeleteOutlined, EditOutlined, FolderOutlined, MoreOutlined } from '@ant-design/icons';
import { App as AntApp, AutoComplete, Button, Checkbox, Dropdown, Empty, Input, Slider, Tabs, Tag, Typography, type MenuProps } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LayerInfo } from '../../shared/api/layers';
import type { MapController } from '../map/map-controller';
import { useConnection } from './connection-context';
import { geometryLabel } from './labels';
import { useShowError } from './use-show-error';
import { SymbolSwatch } from './SymbolSwatch';

interface LayerListProps {
  hasProject: boolean;
  layers: LayerInfo[];
  /** Layers hidden for this session only (kept for callers; visibility is stored in the project). */
  hidden: ReadonlySet<number>;
  selected: number | null;
  onToggle?(id: number, visible: boolean): void;
  onSelect(id: number | null): void;
  /** For zoom to layer and live opacity. */
  controller?: MapController;
}

/** How long a removed layer can be brought back before its data is deleted. */
const UNDO_MS = 10_000;

type Row = { type: 'group'; name: string; layers: LayerInfo[] } | { type: 'layer'; layer: LayerInfo };

/** The tree as drawn: layers in drawing order (top first); a group sits where its top layer is. */
function rowsOf(layers: LayerInfo[]): Row[] {
  const rows: Row[] = [];
  const groups = new Map<string, Row & { type: 'group' }>();
  for (const layer of layers) {
    if (!layer.groupName) {
      rows.push({ type: 'layer', layer });
      continue;
    }
    let group = groups.get(layer.groupName);
    if (!group) {
      group = { type: 'group', name: layer.groupName, layers: [] };
      groups.set(layer.groupName, group);
      rows.push(group);
    }
    group.layers.push(layer);
  }
  return rows;
}

/** The drawing order the tree shows (a group's layers together), top first. */
function flatOrder(rows: Row[]): LayerInfo[] {
  return rows.flatMap((r) => (r.type === 'group' ? r.layers : [r.layer]));
}

/** Legend patch for the layer row: its single symbol, or the first class of a classified style. */
function RowSymbol({ layer }: { layer: LayerInfo }) {
  const s = layer.style;
  if (s.kind !== 'vector') return null;
  const symbol = s.type === 'single' ? s.symbol : s.type === 'categorized' ? s.categories[0]?.symbol : s.classes[0]?.symbol;
  return symbol ? <SymbolSwatch symbol={symbol} geometryType={layer.geometryType} /> : null;
}

function LayerList({ hasProject, layers, selected, onSelect, controller }: LayerListProps) {
  const { t } = useTranslation();
  const { client } = useConnection();
  const showError = useShowError();
  const { modal, message } = AntApp.useApp();
  // layers removed but still undoable: hidden from the tree, their data deleted when the time is up
  const [pending, setPending] = useState<ReadonlyMap<number, { name: string; wasVisible: boolean }>>(new Map());
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>());
  const [dragging, setDragging] = useState<number | null>(null);
  const [dropAt, setDropAt] = useState<{ key: string; where: 'before' | 'after' | 'into' } | null>(null);
  const [opacity, setOpacity] = useState<number | null>(null);

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((timer) => clearTimeout(timer));
  }, []);

  const shown = useMemo(() => layers.filter((l) => !pending.has(l.id)), [layers, pending]);
  const rows = useMemo(() => rowsOf(shown), [shown]);
  const groups = useMemo(() => [...new Set(layers.map((l) => l.groupName).filter((g): g is string => Boolean(g)))], [layers]);
  const selectedLayer = shown.find((l) => l.id === selected) ?? null;
  useEffect(() => setOpacity(null), [selected]);

  const update = useCallback(
    (req: Parameters<typeof client.api.layers.update>[0]) => client.api.layers.update(req).catch(showError),
    [client, showError],
  );

  /** New order (top first) and, for a moved layer, its new group. */
  const applyOrder = useCallback(
    async (order: LayerInfo[], moved?: { id: number; group: string | null }) => {
      try {
        if (moved) {
          const layer = layers.find((l) => l.id === moved.id);
          if (layer && (layer.groupName ?? null) !== moved.group) await client.api.layers.update({ layerId: moved.id, groupName: moved.group });
        }
        // layers waiting for removal keep their place at the bottom until they go
        const ids = [...order.map((l) => l.id), ...layers.filter((l) => pending.has(l.id)).map((l) => l.id)];
        await client.api.layers.reorder({ layerIds: ids });
      } catch (err) {
        showError(err);
      }
    },
    [client, layers, pending, showError],
  );

  const remove = useCallback(
    (layer: LayerInfo) => {
      modal.confirm({
        title: t('layerTree.removeTitle', { name: layer.name }),
        content: t('layerTree.removeBody'),
        okText: t('layerTree.removeOk'),
        okButtonProps: { danger: true, 'data-testid': 'remove-ok' } as never,
        cancelText: t('layerTree.cancel'),
        onOk: async () => {
          // hidden at once (stored, so the map clears it); deleted only once the undo time is over
          if (layer.visible) await update({ layerId: layer.id, visible: false });
          setPending((m) => new Map(m).set(layer.id, { name: layer.name, wasVisible: layer.visible }));
          if (selected === layer.id) onSelect(null);
          const key = `remove-${layer.id}`;
          const undo = () => {
            clearTimeout(timers.current.get(layer.id));
            timers.current.delete(layer.id);
            message.destroy(key);
            setPending((m) => {
              const next = new Map(m);
              next.delete(layer.id);
              return next;
            });
            if (layer.visible) void update({ layerId: layer.id, visible: true });
            message.success(t('layerTree.restored', { name: layer.name }));
          };
          message.open({
            key,
            type: 'info',
            duration: UNDO_MS / 1000,
            content: (
              <span data-testid="remove-undo-notice">
                {t('layerTree.removed', { name: layer.name })}{' '}
                <Button size="small" type="link" onClick={undo} data-testid="remove-undo">
                  {t('layerTree.undo')}
                </Button>
              </span>
            ),
          });
          timers.current.set(
            layer.id,
            setTimeout(() => {
              timers.current.delete(layer.id);
              client.api.layers
                .remove({ layerId: layer.id })
                .catch(showError)
                .finally(() =>
                  setPending((m) => {
                    const next = new Map(m);
                    next.delete(layer.id);
                    return next;
                  }),
                );
            }, UNDO_MS),
          );
        },
      });
    },
    [client, message, modal, onSelect, selected, showError, t, update],
  );

  const rename = useCallback(
    (layer: LayerInfo) => {
      let value = layer.name;
      modal.confirm({
        title: t('layerTree.renameTitle'),
        icon: <EditOutlined />,
        content: <Input defaultValue={layer.name} autoFocus data-testid="rename-input" onChange={(e) => (value = e.target.value)} maxLength={100} />,
        okText: t('layerTree.ok'),
        cancelText: t('layerTree.cancel'),
        okButtonProps: { 'data-testid': 'rename-ok' } as never,
        onOk: async () => {
          const name = value.trim();
          if (name && name !== layer.name) await update({ layerId: layer.id, name });
        },
      });
    },
    [modal, t, update],
  );

  const moveToGroup = useCallback(
    (layer: LayerInfo) => {
      let value = layer.groupName ?? '';
      modal.confirm({
        title: t('layerTree.groupTitle'),
        icon: <FolderOutlined />,
        content: (
          <AutoComplete
            style={{ width: '100%' }}
            defaultValue={value}
            options={groups.map((g) => ({ value: g }))}
            placeholder={t('layerTree.groupPlaceholder')}
            onChange={(v: string) => (value = v)}
            data-testid="group-input"
          />
        ),
        okText: t('layerTree.ok'),
        cancelText: t('layerTree.cancel'),
        onOk: async () => {
          const group = value.trim() || null;
          if (group === (layer.groupName ?? null)) return;
          // into the group at its top, so the layer shows where the group is
          const others = shown.filter((l) => l.id !== layer.id);
          const at = group ? others.findIndex((l) => l.groupName === group) : -1;
          const order = [...others];
          order.splice(at < 0 ? 0 : at, 0, { ...layer, groupName: group });
          await applyOrder(flatOrder(rowsOf(order)), { id: layer.id, group });
        },
      });
    },
    [applyOrder, groups, modal, shown, t],
  );

  const menuFor = (layer: LayerInfo): MenuProps['items'] => [
    { key: 'zoom', icon: <AimOutlined />, label: t('layerTree.zoomTo'), disabled: !layer.extent, onClick: () => controller?.zoomToLayer(layer.id) },
    { key: 'rename', icon: <EditOutlined />, label: t('layerTree.rename'), onClick: () => rename(layer) },
    { key: 'group', icon: <FolderOutlined />, label: t('layerTree.group'), onClick: () => moveToGroup(layer) },
    ...(layer.groupName
      ? [{ key: 'ungroup', label: t('layerTree.ungroup'), onClick: () => void applyOrder(shown, { id: layer.id, group: null }) }]
      : []),
    { type: 'divider' as const },
    { key: 'remove', icon: <DeleteOutlined />, danger: true, label: t('layerTree.remove'), onClick: () => remove(layer) },
  ];

  /** Drop `dragging` before/after a layer, or into a group (at its top). */
  const drop = (targetKey: string, where: 'before' | 'after' | 'into') => {
    const moving = shown.find((l) => l.id === dragging);
    setDragging(null);
    setDropAt(null);
    if (!moving) return;
    const others = flatOrder(rows).filter((l) => l.id !== moving.id);
    let index: number;
    let group: string | null;
    if (targetKey.startsWith('g:')) {
      group = targetKey.slice(2);
      index = others.findIndex((l) => l.groupName === group);
      if (where === 'before' && index >= 0) group = null;
      if (index < 0) index = 0;
    } else {
      const target = others.find((l) => `l:${l.id}` === targetKey);
      if (!target) return;
      group = target.groupName ?? null;
      index = others.indexOf(target) + (where === 'after' ? 1 : 0);
    }
    const order = [...others];
    order.splice(index, 0, { ...moving, groupName: group });
    void applyOrder(flatOrder(rowsOf(order)), { id: moving.id, group });
  };

  const dragProps = (key: string, allowInto: boolean) => ({
    onDragOver: (e: DragEvent) => {
      if (dragging === null) return;
      e.preventDefault();
      const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
      const y = (e.clientY - box.top) / box.height;
      const where = allowInto ? (y < 0.25 ? 'before' : 'into') : y < 0.5 ? 'before' : 'after';
      if (dropAt?.key !== key || dropAt.where !== where) setDropAt({ key, where });
    },
    onDragLeave: () => setDropAt((d) => (d?.key === key ? null : d)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      drop(key, dropAt?.key === key ? dropAt.where : allowInto ? 'into' : 'before');
    },
  });

  /** Alt+↑ / Alt+↓ move the selected layer one place (keyboard reordering). */
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') || !selectedLayer) return;
    e.preventDefault();
    const order = flatOrder(rows);
    const i = order.findIndex((l) => l.id === selectedLayer.id);
    const j = e.key === 'ArrowUp' ? i - 1 : i + 1;
    if (j < 0 || j >= order.length) return;
    const next = [...order];
    [next[i], next[j]] = [next[j]!, next[i]!];
    const neighbour = order[j]!;
    void applyOrder(next, { id: selectedLayer.id, group: neighbour.groupName ?? null });
  };

  if (shown.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={hasProject ? t('layers.empty') : t('status.noProject')} />;
  }

  const layerItem = (layer: LayerInfo) => {
    const key = `l:${layer.id}`;
    const mark = dropAt?.key === key ? ` drop-${dropAt.where}` : '';
    return (
      <Dropdown key={layer.id} menu={{ items: menuFor(layer) }} trigger={['contextMenu']}>
        <li
          className={`gwz-layer${layer.id === selected ? ' selected' : ''}${dragging === layer.id ? ' dragging' : ''}${mark}`}
          data-testid="layer-item"
          data-layer-name={layer.name}
          data-layer-id={layer.id}
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', String(layer.id));
            setDragging(layer.id);
          }}
          onDragEnd={() => {
            setDragging(null);
            setDropAt(null);
          }}
          {...dragProps(key, false)}
          onClick={() => onSelect(layer.id)}
          onDoubleClick={() => controller?.zoomToLayer(layer.id)}
        >
          <Checkbox
            checked={layer.visible}
            aria-label={t('layers.visibility')}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => void update({ layerId: layer.id, visible: e.target.checked })}
          />
          <RowSymbol layer={layer} />
          <div className="gwz-layer-text">
            <Typography.Text className="gwz-layer-name" ellipsis={{ tooltip: layer.name }}>
              {layer.name}
            </Typography.Text>
            <div className="gwz-layer-meta">
              <Tag variant="filled">{geometryLabel(t, layer)}</Tag>
              {layer.kind === 'vector' && (
                <span data-testid="layer-feature-count" data-count={layer.featureCount}>
                  {t('layers.features', { n: layer.featureCount.toLocaleString() })}
                </span>
              )}
              {layer.style.opacity < 1 && <span className="gwz-layer-opacity">{Math.round(layer.style.opacity * 100)}%</span>}
            </div>
          </div>
          <Dropdown menu={{ items: menuFor(layer) }} trigger={['click']}>
            <Button size="small" type="text" icon={<MoreOutlined />} aria-label="…" data-testid="layer-menu" onClick={(e) => e.stopPropagation()} />
          </Dropdown>
        </li>
      </Dropdown>
    );
  };

  return (
    <div className="gwz-layer-tree" tabIndex={0} onKeyDown={onKeyDown} title={t('layerTree.dragHint')}>
      <ul className="gwz-layer-list">
        {rows.map((row) => {
          if (row.type === 'layer') return layerItem(row.layer);
          const key = `g:${row.name}`;
          const allVisible = row.layers.every((l) => l.visible);
          const someVisible = row.layers.some((l) => l.visible);
          const mark = dropAt?.key === key ? ` drop-${dropAt.where}` : '';
          return (
            <li key={key} className="gwz-layer-group" data-testid="layer-group" data-group-name={row.name}>
              <div className={`gwz-layer-group-head${mark}`} {...dragProps(key, true)}>
                <Checkbox
                  checked={allVisible}
                  indeterminate={someVisible && !allVisible}
                  aria-label={t('layers.visibility')}
                  onChange={(e) => row.layers.forEach((l) => l.visible !== e.target.checked && void update({ layerId: l.id, visible: e.target.checked }))}
                />
                <FolderOutlined />
                <Typography.Text strong ellipsis={{ tooltip: row.name }}>
                  {row.name}
                </Typography.Text>
              </div>
              <ul className="gwz-layer-list nested">{row.layers.map(layerItem)}</ul>
            </li>
          );
        })}
      </ul>
      {selectedLayer && selectedLayer.kind !== 'table' && (
        <div className="gwz-layer-opacity-row" data-testid="layer-opacity">
          <span>{t('layerTree.opacity')}</span>
          <Slider
            min={0}
            max={100}
            value={Math.round((opacity ?? selectedLayer.style.opacity) * 100)}
            tooltip={{ formatter: (v) => `${v}%` }}
            onChange={(v: number) => {
              setOpacity(v / 100);
              controller?.previewOpacity(selectedLayer.id, v / 100);
            }}
            onChangeComplete={(v: number) => void update({ layerId: selectedLayer.id, opacity: v / 100 }).finally(() => setOpacity(null))}
          />
        </div>
      )}
    </div>
  );
}

/** `workflow` fills the 工作流 tab (the key-zone wizard); `tab`/`onTab` let menus switch tabs. */
export function LayerPanel({ workflow, tab, onTab, ...props }: LayerListProps & { workflow?: ReactNode; tab?: string; onTab?(key: string): void }) {
  const { t } = useTranslation();
  return (
    <Tabs
      className="gwz-side-tabs"
      size="small"
      {...(tab !== undefined ? { activeKey: tab } : {})}
      {...(onTab ? { onChange: onTab } : {})}
      items={[
        {
          key: 'layers',
          label: t('panels.layers'),
          children: (
            <div data-testid="layer-list">
              <LayerList {...props} />
            </div>
          ),
        },
        {
          key: 'workflow',
          label: t('panels.workflow'),
          children: workflow ?? <Typography.Paragraph type="secondary">{t('panels.workflowPlaceholder')}</Typography.Paragraph>,
        },
      ]}
    />
  );
}
