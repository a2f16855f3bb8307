import { CloseOutlined, RedoOutlined, SafetyCertificateOutlined, ToolOutlined, UndoOutlined } from '@ant-design/icons';
import { App as AntApp, Badge, Button, Empty, List, Segmented, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditChange, EditOp, EditResult, EditState, TopologyProblem, TopologySummary, XY } from '../../../shared/api/editing';
import type { LayerInfo } from '../../../shared/api/layers';
import type { MapController } from '../../map/map-controller';
import { currentLang } from '../../i18n';
import { useConnection } from '../connection-context';
import { useUnsavedSource } from '../use-unsaved';
import { EditTool, type EditMode } from './edit-tool';
import { ReasonDialog } from './ReasonDialog';
import { useEditShortcuts } from './use-edit-shortcuts';

/** What the toolbar and menus may ask of the editing mode. */
export interface EditingHandle {
  undo(): void;
  redo(): void;
  /** An open session with changes: closing the project or the window should ask first. */
  hasUnsaved(): boolean;
}

export const isPolygonLayer = (l: LayerInfo): boolean => l.kind === 'vector' && /POLYGON$/i.test(l.geometryType ?? '');

const areaText = (a: number): string => (Math.abs(a) >= 1e5 ? `${(a / 1e6).toFixed(4)} km²` : `${a.toFixed(2)} m²`);

/** A gesture waiting for its reason. */
type Pending = { kind: 'edit'; op: EditOp; revert: () => void } | { kind: 'split'; line: XY[] } | { kind: 'merge'; fids: number[] };

/**
 * The editing mode: a panel over the map (layer, session, undo/redo, edit log, topology check) and
 * the EditTool on the map. Every gesture asks for its reason, then goes to the engine, which applies
 * it to every polygon sharing the boundary, validates and logs it.
 */
export function EditingPanel({
  controller,
  layers,
  initialLayerId,
  crs,
  onClose,
  onError,
  handleRef,
}: {
  controller: MapController;
  layers: LayerInfo[];
  initialLayerId: number | null;
  crs: string;
  onClose(): void;
  onError(err: unknown): void;
  handleRef: Ref<EditingHandle>;
}) {
  const { t } = useTranslation();
  const { client, dataUrl } = useConnection();
  const { message, modal } = AntApp.useApp();
  const editable = useMemo(() => layers.filter(isPolygonLayer), [layers]);
  const [layerId, setLayerId] = useState<number | null>(() =>
    initialLayerId !== null && editable.some((l) => l.id === initialLayerId) ? initialLayerId : (editable[0]?.id ?? null),
  );
  const layer = editable.find((l) => l.id === layerId) ?? null;
  const [state, setState] = useState<EditState | null>(null);
  const [log, setLog] = useState<EditChange[]>([]);
  const [pending, setPending] = useState<Pending | null>(null);
  const [lastReason, setLastReason] = useState('');
  const [topology, setTopology] = useState<{ summary: TopologySummary; problems: TopologyProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<EditMode>('modify');
  const [picked, setPicked] = useState<number[]>([]);
  const toolRef = useRef<EditTool | null>(null);

  const refresh = useCallback(async () => {
    if (layerId === null) return;
    const [s, l] = await Promise.all([client.api.editing.state({ layerId }), client.api.editing.log({ layerId, limit: 100 })]);
    setState(s);
    setLog(l.changes);
  }, [client, layerId]);

  // The tool lives as long as the chosen layer: its own source, Modify and Snap on the map.
  useEffect(() => {
    if (!layer) return;
    const tool = new EditTool({
      url: dataUrl(layer.dataUrl),
      crs,
      onGesture: (op, revert) => setPending({ kind: 'edit', op, revert }),
      onSplitLine: (line) => setPending({ kind: 'split', line }),
      onSelection: setPicked,
      onLoadError: onError,
    });
    toolRef.current = tool;
    const detach = controller.attachTool(tool.attach);
    void refresh().catch(onError);
    return () => {
      detach();
      toolRef.current = null;
      controller.reloadLayer(layer.id);
    };
    // a new tool only for another layer: layer (object) changes on every refresh of the list
  }, [controller, layer?.id, crs]);

  const sessionOpen = Boolean(state?.session);
  useEffect(() => {
    toolRef.current?.setActive(sessionOpen && pending === null && !busy);
  }, [sessionOpen, pending, busy]);
  useEffect(() => {
    toolRef.current?.setMode(mode);
  }, [mode, layer?.id]);

  const landed = useCallback(
    async (result: EditResult) => {
      toolRef.current?.applyGeometries(result.features, result.removed ?? []);
      if (layerId !== null) controller.reloadLayer(layerId);
      await refresh();
    },
    [controller, layerId, refresh],
  );

  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      try {
        await work();
      } catch (err) {
        onError(err);
      } finally {
        setBusy(false);
      }
    },
    [onError],
  );

  const applyPending = (reason: string): void => {
    const p = pending;
    if (!p || layerId === null) return;
    setPending(null);
    setLastReason(reason);
    void run(async () => {
      try {
        const result =
          p.kind === 'edit'
            ? await client.api.editing.apply({ layerId, edit: p.op, reason })
            : p.kind === 'split'
              ? await client.api.editing.split({ layerId, line: p.line, reason })
              : await client.api.editing.merge({ layerId, fids: p.fids, reason });
        if (p.kind === 'merge') toolRef.current?.clearPicked();
        await landed(result);
        message.success(t('editing.applied', { n: result.features.length + (result.removed?.length ?? 0), area: areaText(result.areaChange) }));
      } catch (err) {
        if (p.kind === 'edit') p.revert();
        throw err;
      }
    });
  };

  const undo = useCallback(() => {
    if (layerId === null || busy) return;
    if (!state?.canUndo) {
      message.info(t('editing.nothingToUndo'));
      return;
    }
    void run(async () => {
      await landed(await client.api.editing.undo({ layerId }));
      message.success(t('editing.undone'));
    });
  }, [busy, client, landed, layerId, message, run, state?.canUndo, t]);

  const redo = useCallback(() => {
    if (layerId === null || busy) return;
    if (!state?.canRedo) {
      message.info(t('editing.nothingToRedo'));
      return;
    }
    void run(async () => {
      await landed(await client.api.editing.redo({ layerId }));
      message.success(t('editing.redone'));
    });
  }, [busy, client, landed, layerId, message, run, state?.canRedo, t]);

  const unsaved = (state?.session?.changes ?? 0) > 0;
  useImperativeHandle(handleRef, () => ({ undo, redo, hasUnsaved: () => unsaved }), [undo, redo, unsaved]);
  useEditShortcuts(pending === null, undo, redo);
  // Closing the window or the project asks about an open session with changes (renderer/app/unsaved.ts).
  useUnsavedSource({
    describe: () => (unsaved && layer ? t('unsaved.editing', { layer: layer.name, n: state?.session?.changes ?? 0 }) : null),
    save: async () => {
      if (layerId === null) return;
      await client.api.editing.end({ layerId, action: 'save' });
      await refresh();
    },
    discard: async () => {
      if (layerId === null) return;
      await client.api.editing.end({ layerId, action: 'discard' });
      controller.reloadLayer(layerId);
      await refresh();
    },
  });

  const start = (): void => {
    if (layerId === null) return;
    void run(async () => setState(await client.api.editing.start({ layerId })));
  };
  const save = (): void => {
    if (layerId === null) return;
    void run(async () => {
      await client.api.editing.end({ layerId, action: 'save' });
      await refresh();
      message.success(t('editing.saved'));
    });
  };
  const discard = (): void => {
    if (layerId === null) return;
    modal.confirm({
      title: t('editing.discardConfirm'),
      content: t('editing.discardDetail'),
      okText: t('editing.discard'),
      cancelText: t('editing.cancel'),
      okButtonProps: { danger: true },
      onOk: () =>
        run(async () => {
          const r = await client.api.editing.end({ layerId, action: 'discard' });
          await toolRef.current?.load();
          controller.reloadLayer(layerId);
          await refresh();
          message.info(t('editing.discarded', { n: r.undone }));
        }),
    });
  };
  const check = (): void => {
    if (layerId === null) return;
    void run(async () => setTopology(await client.api.editing.topology({ layerId })));
  };
  const repair = (): void => {
    if (layerId === null) return;
    void run(async () => {
      const r = await client.api.editing.repair({ layerId, reason: lastReason || t('editing.repairReason') });
      if (!r.result) {
        message.info(t('editing.nothingToRepair'));
        return;
      }
      await landed(r.result);
      message.success(t('editing.repaired', { snapped: r.snapped, inserted: r.inserted }));
    });
  };
  const showChange = (change: EditChange): void => {
    void run(async () => {
      const r = await client.api.editing.changeGeometry({ changeId: change.id });
      toolRef.current?.showOverlay(r.features);
      // Zoom to where the boundary moved (the polygons themselves may be tens of km across).
      const target = change.targetId ? (log.find((c) => c.id === change.targetId) ?? change) : change;
      const points = editPoints(target.params);
      if (points.length > 0) {
        const xs = points.map((p) => p[0]);
        const ys = points.map((p) => p[1]);
        toolRef.current?.zoomTo([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
      }
    });
  };

  const lang = currentLang();
  const opLabel = (op: string): string => (op in OP_KEYS ? t(OP_KEYS[op as keyof typeof OP_KEYS]) : op);

  return (
    <div className="gwz-editing-panel" data-testid="editing-panel">
      <div className="gwz-editing-head">
        <Typography.Text strong>{t('editing.title')}</Typography.Text>
        <Tooltip title={t('editing.close')}>
          <Button size="small" type="text" icon={<CloseOutlined />} onClick={onClose} data-testid="editing-close" />
        </Tooltip>
      </div>
      {editable.length === 0 ? (
        <Empty description={t('editing.noPolygonLayer')} />
      ) : (
        <>
          <Select
            size="small"
            className="gwz-editing-layer"
            data-testid="editing-layer"
            value={layerId ?? undefined}
            disabled={sessionOpen}
            options={editable.map((l) => ({ value: l.id, label: l.name }))}
            onChange={(id: number) => {
              setLayerId(id);
              setTopology(null);
            }}
            aria-label={t('editing.layer')}
          />
          <div className="gwz-editing-status" data-testid="editing-status">
            {sessionOpen ? (
              <Badge status={unsaved ? 'warning' : 'processing'} text={`${t('editing.editing')} · ${unsaved ? t('editing.unsaved', { n: state!.session!.changes }) : t('editing.noChanges')}`} />
            ) : (
              <Badge status="default" text={t('editing.notStarted')} />
            )}
          </div>
          <Space wrap size={4}>
            {sessionOpen ? (
              <>
                <Button size="small" type="primary" onClick={save} disabled={busy} data-testid="editing-save">
                  {t('editing.save')}
                </Button>
                <Button size="small" danger onClick={discard} disabled={busy || !unsaved} data-testid="editing-discard">
                  {t('editing.discard')}
                </Button>
              </>
            ) : (
              <Button size="small" type="primary" onClick={start} disabled={busy || layerId === null} data-testid="editing-start">
                {t('editing.start')}
              </Button>
            )}
            <Tooltip title="Ctrl+Z">
              <Button size="small" icon={<UndoOutlined />} onClick={undo} disabled={busy || !state?.canUndo} data-testid="editing-undo">
                {t('editing.undo')}
              </Button>
            </Tooltip>
            <Tooltip title="Ctrl+Y">
              <Button size="small" icon={<RedoOutlined />} onClick={redo} disabled={busy || !state?.canRedo} data-testid="editing-redo">
                {t('editing.redo')}
              </Button>
            </Tooltip>
            <Button size="small" icon={<SafetyCertificateOutlined />} onClick={check} disabled={busy} data-testid="editing-check">
              {t('editing.check')}
            </Button>
            {sessionOpen && (
              <Button size="small" icon={<ToolOutlined />} onClick={repair} disabled={busy} data-testid="editing-repair">
                {t('editing.repair')}
              </Button>
            )}
          </Space>
          {sessionOpen && (
            <>
              <Segmented
                size="small"
                data-testid="editing-mode"
                value={mode}
                onChange={(v) => setMode(v as EditMode)}
                options={[
                  { value: 'modify', label: t('editing.modeModify') },
                  { value: 'split', label: t('editing.modeSplit') },
                  { value: 'merge', label: t('editing.modeMerge') },
                ]}
              />
              <Typography.Paragraph className="gwz-editing-hint" type="secondary">
                {t(mode === 'split' ? 'editing.splitHint' : mode === 'merge' ? 'editing.mergeHint' : 'editing.hint')}
              </Typography.Paragraph>
              {mode === 'merge' && (
                <Button
                  size="small"
                  type="primary"
                  ghost
                  disabled={busy || picked.length < 2}
                  onClick={() => setPending({ kind: 'merge', fids: picked })}
                  data-testid="editing-merge"
                >
                  {t('editing.mergeSelected', { n: picked.length })}
                </Button>
              )}
            </>
          )}
          {topology && (
            <div data-testid="editing-problems">
              <Typography.Text strong>{t('editing.problems')}</Typography.Text>
              <div className="gwz-editing-summary">
                {t('editing.summary', {
                  features: topology.summary.features,
                  arcs: topology.summary.arcs,
                  shared: topology.summary.sharedArcs,
                  nodes: topology.summary.nodes,
                  t: topology.summary.tJunctions,
                })}
              </div>
              {topology.problems.length === 0 ? (
                <Typography.Text type="success">{t('editing.noProblems')}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={topology.problems}
                  renderItem={(p) => (
                    <List.Item className="gwz-editing-item" onClick={() => toolRef.current?.zoomTo(p.extent)}>
                      <Tag color={p.kind === 'gap' ? 'orange' : 'red'}>{p.kind}</Tag>
                      {lang === 'en' ? p.message_en : p.message_zh}
                    </List.Item>
                  )}
                />
              )}
            </div>
          )}
          <Typography.Text strong>{t('editing.log')}</Typography.Text>
          <List
            size="small"
            data-testid="edit-log"
            locale={{ emptyText: t('editing.logEmpty') }}
            dataSource={log}
            renderItem={(c) => (
              <List.Item className="gwz-editing-item" data-testid="edit-log-item" onClick={() => showChange(c)} title={t('editing.showChange')}>
                <div>
                  <div>
                    <Typography.Text code>#{c.id}</Typography.Text> {opLabel(c.op)}
                    {c.targetId ? ` #${c.targetId}` : ''} <Tag>{t(`editing.state.${c.state}`)}</Tag>
                  </div>
                  <div className="gwz-editing-reason">{c.reason}</div>
                  <Typography.Text type="secondary" className="gwz-editing-meta">
                    {c.user} · {new Date(c.createdAt).toLocaleString()} · {areaText(c.areaAfter - c.areaBefore)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
        </>
      )}
      <ReasonDialog
        open={pending !== null}
        initial={lastReason}
        onOk={applyPending}
        onCancel={() => {
          if (pending?.kind === 'edit') pending.revert();
          setPending(null);
        }}
      />
    </div>
  );
}

/** The coordinates an EditOp names (from/to, a/b/at, moves). */
function editPoints(params: unknown): [number, number][] {
  const out: [number, number][] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') out.push([v[0], v[1]]);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(params);
  return out;
}

const OP_KEYS = {
  moveVertex: 'editing.op.moveVertex',
  moveVertices: 'editing.op.moveVertices',
  insertVertex: 'editing.op.insertVertex',
  deleteVertex: 'editing.op.deleteVertex',
  repair: 'editing.op.repair',
  split: 'editing.op.split',
  merge: 'editing.op.merge',
  undo: 'editing.op.undo',
  redo: 'editing.op.redo',
} as const;
