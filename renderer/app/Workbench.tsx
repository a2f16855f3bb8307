import { App as AntApp, Descriptions, Segmented } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GwzError } from '../../shared/api/errors';
import type { BoreholeTableKind } from '../../shared/api/boreholes';
import type { ProjectInfo } from '../../shared/api/project';
import type { RecentProject } from '../../shared/api/app';
import type { LinkState } from '../api/http-transport';
import { currentLang, setLang, type Lang } from '../i18n';
import { MapController } from '../map/map-controller';
import { createMapStatusStore } from '../map/map-status';
import { MapView } from '../map/MapView';
import { DEFAULT_CRS } from '../map/projection';
import type { LoadError } from '../map/vector-layers';
import type { Actions } from './actions';
import { useAttributeTools } from './attributes/use-attribute-tools';
import { useConnection } from './connection-context';
import { EditingPanel, isPolygonLayer, type EditingHandle } from './editing/EditingPanel';
import { ImportBoreholesDialog } from './dialogs/ImportBoreholesDialog';
import { ImportDialog, type ImportRequest } from './dialogs/ImportDialog';
import { NewProjectDialog } from './dialogs/NewProjectDialog';
import { OpenProjectDialog } from './dialogs/OpenProjectDialog';
import { ExportDialogs, type ExportDialogName } from './export/ExportDialogs';
import { EmptyState } from './EmptyState';
import { FileDrop } from './FileDrop';
import { KeyZoneWizard } from './keyzones/KeyZoneWizard';
import { LayerPanel } from './LayerPanel';
import { LegendPanel } from './LegendPanel';
import { MenuBar } from './MenuBar';
import { ProcessingDialog } from './processing/ProcessingDialog';
import { PropertiesPanel } from './PropertiesPanel';
import { RechargeWizard } from './recharge/RechargeWizard';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import { useJobs } from './use-jobs';
import { useMapTools } from './map-tools/use-map-tools';
import { useProject } from './use-project';
import { useShowError } from './use-show-error';
import { guardLeave, unsavedWork } from './unsaved';
import { useLeaveGuard } from './use-leave-guard';
import { useMenuShortcuts } from './use-menu-shortcuts';
import { menuHandlers } from './menu-items';
import { RecoveryNotice } from './RecoveryNotice';

type DialogName = 'new' | 'open' | 'import' | 'boreholes' | 'processing' | null;

const LANG_OPTIONS: { label: string; value: Lang }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

/** The main window of docs/ux.md: menu, toolbar, layer panel | map | properties, status bar. */
export function Workbench() {
  const connection = useConnection();
  const { client } = connection;
  const { t, i18n } = useTranslation();
  const { message, modal, notification } = AntApp.useApp();
  const showError = useShowError();
  const { project, layers, setProject, refresh } = useProject(client, showError);
  const jobs = useJobs(client);
  const [link, setLink] = useState<LinkState>('open');
  // visibility is stored with each layer (layers.update); this set stays for session-only hiding
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const [selected, setSelected] = useState<number | null>(null);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [exportDialog, setExportDialog] = useState<ExportDialogName>(null);
  const [boreholeKind, setBoreholeKind] = useState<BoreholeTableKind>('collars');
  // files dropped onto the window, imported one after the other through the import dialog
  const [dropped, setDropped] = useState<string[]>([]);
  const fitPending = useRef(false);
  const [rechargeOpen, setRechargeOpen] = useState(false);
  const [leftTab, setLeftTab] = useState('layers');
  // Boundary editing mode (renderer/app/editing): the panel registers its undo/redo here.
  const [editing, setEditing] = useState(false);
  const editingHandle = useRef<EditingHandle>(null);
  // 工程 → 最近的工程: the engine's list (app.recentProjects), the only paths besides the dialogs'
  const [recent, setRecent] = useState<RecentProject[]>([]);
  const confirmLeave = useLeaveGuard(showError);

  useEffect(() => connection.onLinkState(setLink), [connection]);
  useEffect(() => {
    document.title = `${t('app.title')} · GWZ Workbench`;
  }, [t, i18n.language]);

  // One notification per layer until the session ends: a broken layer must not flood the screen on every pan.
  const reportedLoadErrors = useRef(new Set<number>());
  const showErrorRef = useRef(showError);
  showErrorRef.current = showError;
  const onLoadError = useCallback((error: LoadError) => {
    if (reportedLoadErrors.current.has(error.layerId)) return;
    reportedLoadErrors.current.add(error.layerId);
    showErrorRef.current(
      new GwzError('INTERNAL', `图层数据读取失败：${error.message}`, `Could not load the layer data: ${error.message}`, error),
    );
  }, []);

  const store = useMemo(
    () => createMapStatusStore({ crs: DEFAULT_CRS, cursor: null, lonLat: null, scale: null, geographic: false }),
    [],
  );
  const controller = useMemo(() => new MapController(store, connection.dataUrl, onLoadError), [store, connection, onLoadError]);

  const projectPath = project?.path ?? null;
  useEffect(() => {
    controller.setProject(project ?? null);
  }, [controller, project]);
  useEffect(() => {
    // Opening a project shows all of its layers; later refreshes keep the user's view.
    fitPending.current = projectPath !== null;
    setHidden(new Set());
    setSelected(null);
    setEditing(false);
    reportedLoadErrors.current.clear();
  }, [projectPath]);
  useEffect(() => {
    controller.setLayers(layers, hidden);
    if (fitPending.current && layers.length > 0) {
      fitPending.current = false;
      controller.zoomToFull();
    }
  }, [controller, layers, hidden]);

  const attributeTools = useAttributeTools({ client, controller, layers, hidden, selectedLayerId: selected, onError: showError });
  const mapTools = useMapTools({ client, controller, projectPath, layers, onError: showError });

  const opened = useCallback(
    (info: ProjectInfo, how: 'created' | 'opened') => {
      setDialog(null);
      setProject(info);
      message.success(t(how === 'created' ? 'message.created' : 'message.opened', { title: info.title || info.path }));
      // the recovery notice after a crash: what survived, what did not
      if (info.uncleanShutdown) {
        modal.warning({ title: t('message.recoveredTitle'), width: 560, content: <RecoveryNotice info={info} /> });
      }
    },
    [message, modal, setProject, t],
  );

  const runImport = useCallback(
    async ({ method, request }: ImportRequest) => {
      setDialog(null);
      try {
        // Two calls, not one, so each request is typed against its own method.
        const { result } =
          method === 'layers.importRaster' ? await client.runJob(method, request) : await client.runJob(method, request);
        fitPending.current = true;
        await refresh();
        setSelected(result.layer.id);
        const count = 'featuresWritten' in result ? result.featuresWritten : result.raster.width * result.raster.height;
        message.success(
          t(method === 'layers.importRaster' ? 'message.importedRaster' : 'message.imported', {
            name: result.layer.name,
            n: count.toLocaleString(),
          }),
        );
        if (result.warnings.length > 0) {
          const lang = currentLang();
          notification.warning({
            title: t('message.importWarnings', { n: result.warnings.length }),
            description: (
              <ul className="gwz-warnings">
                {result.warnings.map((w, i) => (
                  <li key={i}>{lang === 'en' ? w.message_en : w.message_zh}</li>
                ))}
              </ul>
            ),
            placement: 'bottomRight',
          });
        }
      } catch (err) {
        showError(err);
      }
    },
    [client, message, notification, refresh, showError, t],
  );

  // After the unsaved-work prompt: the native open dialog, or browser mode's path form.
  const openChosenProject = useCallback(() => {
    const dialogs = connection.dialogs;
    if (!dialogs) {
      setDialog('open');
      return;
    }
    void (async () => {
      try {
        const { path } = await dialogs.call('dialog.openProject', {});
        if (path) opened(await client.api.project.open({ path }), 'opened');
      } catch (err) {
        showError(err);
      }
    })();
  }, [client, connection.dialogs, opened, showError]);
  const openDemoProject = useCallback(() => {
    void (async () => {
      try {
        const { result } = await client.runJob('project.createDemo', {});
        opened(result.project, 'opened');
      } catch (err) {
        showError(err);
      }
    })();
  }, [client, opened, showError]);

  const actions: Actions = useMemo(
    () => ({
      newProject: () => void confirmLeave().then((go) => go && setDialog('new')),
      openProject: () => void confirmLeave().then((go) => go && openChosenProject()),
      openRecent: (path) =>
        void confirmLeave().then(async (go) => {
          if (go) await client.api.project.open({ path }).then((info) => opened(info, 'opened'), showError);
        }),
      clearRecent: () =>
        void client.api.app.clearRecentProjects({}).then(() => {
          setRecent([]);
          message.info(t('unsaved.recentCleared'));
        }, showError),
      saveAll: () => {
        if (!unsavedWork.hasUnsaved()) {
          message.info(t('unsaved.nothing'));
          return;
        }
        unsavedWork.resolve('save').then(() => message.success(t('unsaved.saved')), showError);
      },
      openDemo: () => void confirmLeave().then((go) => go && openDemoProject()),
      closeProject: () => {
        void confirmLeave().then(async (go) => {
          if (!go) return;
          await client.api.project.close({}).then(() => {
            setProject(null);
            message.info(t('message.closed'));
          }, showError);
        });
      },
      checkProject: () => {
        client.api.project.check({}).then((r) => {
          if (r.ok) message.success(t('message.checkOk'));
          else
            notification.warning({
              title: t('message.checkFailed'),
              description: <pre className="gwz-pre">{r.messages.join('\n')}</pre>,
              placement: 'bottomRight',
            });
        }, showError);
      },
      importVector: () => {
        if (project) setDialog('import');
        else message.info(t('toolbar.needsProject'));
      },
      importBoreholes: (kind) => {
        if (!project) {
          message.info(t('toolbar.needsProject'));
          return;
        }
        setBoreholeKind(kind);
        setDialog('boreholes');
      },
      zoomFull: () => controller.zoomToFull(),
      processing: () => {
        if (project) setDialog('processing');
        else message.info(t('toolbar.needsProject'));
      },
      keyZones: () => setLeftTab('workflow'),
      openAttributes: () => attributeTools.openAttributes(),
      toggleIdentify: attributeTools.toggleIdentify,
      exportLayer: () => (project ? setExportDialog('layer') : message.info(t('toolbar.needsProject'))),
      exportLayout: () => (project ? setExportDialog('layout') : message.info(t('toolbar.needsProject'))),
      exportReport: () => (project ? setExportDialog('report') : message.info(t('toolbar.needsProject'))),
      exportPackage: () => (project ? setExportDialog('package') : message.info(t('toolbar.needsProject'))),
      openRecharge: () => {
        if (project) setRechargeOpen(true);
        else message.info(t('toolbar.needsProject'));
      },
      toggleEditing: () => {
        if (!project) message.info(t('toolbar.needsProject'));
        else if (!editing) setEditing(true);
        else if (editingHandle.current?.hasUnsaved()) modal.confirm({ title: t('editing.leaveConfirm'), onOk: () => setEditing(false) });
        else setEditing(false);
      },
      undo: () => (editingHandle.current ? editingHandle.current.undo() : message.info(t('editing.notStarted'))),
      redo: () => (editingHandle.current ? editingHandle.current.redo() : message.info(t('editing.notStarted'))),
      measureLine: () => mapTools.toggleMeasure('line'),
      measureArea: () => mapTools.toggleMeasure('area'),
      previousExtent: mapTools.previousExtent,
      nextExtent: mapTools.nextExtent,
      zoomSelection: mapTools.zoomSelection,
      basemap: mapTools.openBasemap,
      about: () => {
        client.api.app.info({}).then((info) => {
          modal.info({
            title: `${t('app.title')} · GWZ Workbench`,
            width: 520,
            content: (
              <Descriptions
                size="small"
                column={1}
                items={[
                  { key: 'v', label: t('dialog.about.version'), children: info.appVersion },
                  { key: 'schema', label: 'Schema', children: info.schemaVersion },
                  { key: 'gdal', label: 'GDAL', children: info.gdal },
                  { key: 'spatialite', label: 'SpatiaLite', children: info.spatialite },
                  { key: 'proj', label: 'PROJ', children: info.proj },
                  { key: 'node', label: 'Node', children: info.node },
                  { key: 'platform', label: 'OS', children: info.platform },
                ]}
              />
            ),
          });
        }, showError);
      },
    }),
    [client, connection.dialogs, controller, editing, message, modal, notification, opened, project, setProject, showError, t, attributeTools, mapTools, confirmLeave, openChosenProject, openDemoProject],
  );

  // Electron: main asks before the window closes; the native dialog speaks the page's language.
  const closeWindow = useCallback(async () => {
    const dialogs = connection.dialogs;
    if (!dialogs) return;
    try {
      const go = await guardLeave(unsavedWork, async (lines) =>
        (await dialogs.call('dialog.unsavedChanges', { lang: currentLang(), items: lines.slice(0, 20) })).choice,
      );
      if (go) await dialogs.call('window.close', {});
    } catch (err) {
      showError(err);
    }
  }, [connection.dialogs, showError]);

  // The desktop app's native menu and the OS ("open with") send host commands through the same event stream.
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  useEffect(
    () =>
      client.on((event) => {
        if (event.type !== 'host.command') return;
        const act = actionsRef.current;
        switch (event.command) {
          case 'new-project':
            return act.newProject();
          case 'open-project':
            if (event.path) act.openRecent(event.path);
            else act.openProject();
            return;
          case 'menu':
            if (event.item) menuHandlers(act)[event.item]?.();
            return;
          case 'close-requested':
            void closeWindow();
            return;
          case 'import-data':
            return act.importVector();
          case 'close-project':
            return act.closeProject();
          case 'show-about':
            return act.about();
          case 'engine-restarted':
            void refresh();
            return;
        }
      }),
    [client, refresh, closeWindow],
  );

  // Browser mode: the browser's own "leave site?" prompt while anything is unsaved. The desktop app
  // asks through main instead (close-requested above), where beforeunload would cancel silently.
  useEffect(() => {
    if (connection.mode !== 'browser') return;
    const ask = (e: BeforeUnloadEvent): void => {
      if (!unsavedWork.hasUnsaved()) return;
      e.preventDefault();
      // older Chromium needs returnValue set to show the prompt
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [connection.mode]);
  useMenuShortcuts(connection.mode === 'browser', actions, Boolean(project));

  // The recent list: read again whenever a project opens or closes (the engine adds to it on open).
  useEffect(() => {
    client.api.app.recentProjects({}).then((r) => setRecent(r.items), () => undefined);
  }, [client, projectPath]);
  // The native menu follows the page's language and project state (it reads the recent list itself).
  const lang = currentLang();
  useEffect(() => {
    connection.dialogs?.call('menu.update', { lang, hasProject: projectPath !== null }).catch(() => undefined);
  }, [connection.dialogs, lang, projectPath, recent]);

  const selectedLayer = layers.find((l) => l.id === selected) ?? null;
  const hasProject = Boolean(project);

  return (
    <div className="gwz-shell">
      <header className="gwz-header">
        <div className="gwz-brand" title={t('app.title')}>
          {t('app.short')}
        </div>
        <MenuBar actions={actions} hasProject={hasProject} recent={recent} />
        <Segmented
          className="gwz-lang"
          size="small"
          data-testid="lang-switch"
          aria-label={t('lang.label')}
          options={LANG_OPTIONS}
          value={currentLang()}
          onChange={(value) => void setLang(value)}
        />
      </header>
      <Toolbar actions={actions} hasProject={hasProject} identifyActive={attributeTools.identifyActive} editing={editing} measureMode={mapTools.measureMode} />
      <main className={leftTab === 'workflow' && project ? 'gwz-main gwz-main-wide' : 'gwz-main'}>
        <aside className="gwz-left">
          <LayerPanel
            tab={leftTab}
            onTab={setLeftTab}
            workflow={project ? <KeyZoneWizard key={project.path} layers={layers} onLayersChanged={refresh} /> : undefined}
            hasProject={hasProject}
            layers={layers}
            hidden={hidden}
            selected={selected}
            onSelect={setSelected}
            controller={controller}
          />
        </aside>
        <section className="gwz-center">
          <MapView controller={controller} />
          {/* the editing panel takes the map's right edge, where the legend sits */}
          {!editing && <LegendPanel layers={layers} />}
          {project === null && <EmptyState actions={actions} kind="no-project" />}
          {project && layers.length === 0 && <EmptyState actions={actions} kind="no-layers" />}
          {attributeTools.mapOverlay}
          {mapTools.mapOverlay}
          {project && editing && (
            <EditingPanel
              controller={controller}
              layers={layers}
              initialLayerId={selectedLayer && isPolygonLayer(selectedLayer) ? selectedLayer.id : null}
              crs={project.crs}
              onClose={actions.toggleEditing}
              onError={showError}
              handleRef={editingHandle}
            />
          )}
        </section>
        <aside className="gwz-right">
          <PropertiesPanel layer={selectedLayer} />
        </aside>
      </main>
      {attributeTools.panel}
      <StatusBar
        store={store}
        project={project ?? null}
        jobs={jobs}
        link={link}
        onCancel={(jobId) => void client.api.jobs.cancel({ jobId }).catch(showError)}
        onScale={(denominator) => controller.zoomToScale(denominator)}
      />
      <NewProjectDialog open={dialog === 'new'} onClose={() => setDialog(null)} onCreated={(p) => opened(p, 'created')} onError={showError} />
      <OpenProjectDialog open={dialog === 'open'} onClose={() => setDialog(null)} onOpened={(p) => opened(p, 'opened')} onError={showError} />
      <ImportDialog
        open={dialog === 'import'}
        initialPath={dropped[0] ?? null}
        queued={Math.max(0, dropped.length - 1)}
        onClose={() => {
          setDropped([]);
          setDialog(null);
        }}
        onSubmit={(r) => {
          const rest = dropped.slice(1);
          setDropped(rest);
          void runImport(r).then(() => rest.length > 0 && setDialog('import'));
        }}
        onError={showError}
      />
      <FileDrop
        enabled={hasProject}
        onPaths={(paths) => {
          setDropped(paths);
          setDialog('import');
        }}
        onError={showError}
      />
      <ProcessingDialog
        open={dialog === 'processing'}
        client={client}
        layers={layers}
        onClose={() => setDialog(null)}
        onDone={(r) => {
          void refresh().then(() => {
            const first = r.layers[0];
            if (first) setSelected(first.id);
          });
        }}
        onError={showError}
      />
      {attributeTools.dialogs}
      {mapTools.dialogs}
      <RechargeWizard
        key={projectPath ?? ''}
        open={rechargeOpen && hasProject}
        onClose={() => setRechargeOpen(false)}
        layers={layers}
        crs={project?.crs ?? null}
        controller={controller}
        onError={showError}
        onLayersChanged={() => void refresh()}
      />
      <ImportBoreholesDialog
        open={dialog === 'boreholes'}
        kind={boreholeKind}
        onClose={() => setDialog(null)}
        onImported={() => void refresh()}
        onError={showError}
      />
      <ExportDialogs
        which={exportDialog}
        project={project ?? null}
        layers={layers}
        selected={selected}
        hidden={hidden}
        viewExtent={() => controller.viewExtent()}
        onClose={() => setExportDialog(null)}
        onError={showError}
      />
    </div>
  );
}
