/**
 * Electron main (dist/electron/main.cjs): window, menu, dialogs, the gwz:// protocol, and the
 * engine's utility process. It stays thin on purpose: every decision worth testing lives in the
 * pure modules next to it (security, app-protocol, host-dispatch, menu-template, launch-args).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  protocol,
  session,
  shell,
  type WebContents,
} from 'electron';
import type { HostCommand } from '../../shared/api/events';
import { APP_PROTOCOL } from '../../shared/api/http';
import { createProtocolHandler } from './app-protocol';
import { EngineHost } from './engine-host';
import { dispatchHost } from './host-dispatch';
import { hostDialogs } from './host-dialogs';
import { IPC } from './ipc-channels';
import { projectPathFromArgv } from './launch-args';
import { CloseGuard } from './close-guard';
import { hostWindow } from './host-window';
import { buildMenuTemplate } from './menu-template';
import { RecentProjects } from '../engine/project/recent';
import type { UiLang } from '../../shared/api/host';
import {
  APP_ENTRY_URL,
  isAllowedNavigation,
  isAppUrl,
  permissionDecision,
  SCHEME_PRIVILEGES,
  secureWebPreferences,
  windowOpenDecision,
} from './security';

const WINDOW_TITLE = 'GWZ Workbench 地下水污染防治分区工作台';
// The bundle lives in dist/electron/; the renderer build beside it in dist/renderer/.
const distElectron = __dirname;
const rendererRoot = path.join(distElectron, '..', 'renderer');

// Must happen before 'ready': gwz:// behaves like https (origin, fetch, CORS, streaming).
protocol.registerSchemesAsPrivileged([{ scheme: APP_PROTOCOL, privileges: SCHEME_PRIVILEGES }]);

let mainWindow: BrowserWindow | null = null;
/** A .gwz from argv / the OS, delivered once the page has loaded. */
let pendingProject: string | null = projectPathFromArgv(process.argv, process.cwd());
let quitting = false;

const closeGuard = new CloseGuard();
/** The page's language and project state for the native menu (menu.update); the OS locale until then. */
let menuState: { lang: string; hasProject: boolean } | null = null;

function sendCommand(command: HostCommand, extra: { path?: string; item?: string } = {}): void {
  const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
  if (!win || win.isDestroyed()) return;
  win.webContents.send(IPC.menu, { command, ...extra });
}

/**
 * The native menu, rebuilt when the page reports its language or project state. The recent list
 * comes from the engine's file in the user data folder: paths in the menu never come from the page.
 */
function updateMenu(lang?: UiLang, hasProject?: boolean): number {
  if (lang !== undefined && hasProject !== undefined) menuState = { lang, hasProject };
  const recent = new RecentProjects(app.getPath('userData')).list();
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        locale: menuState?.lang ?? app.getLocale(),
        platform: process.platform,
        devTools: !app.isPackaged,
        hasProject: menuState?.hasProject ?? false,
        recent,
        send: (command, extra) => sendCommand(command, extra),
      }),
    ),
  );
  return recent.length;
}

/** Give the page (again, after every load) its own MessagePort to the engine. */
function connectToEngine(engine: EngineHost, contents: WebContents): void {
  if (!isAppUrl(contents.getURL())) return;
  const { port1, port2 } = new MessageChannelMain();
  engine.connect(port1);
  contents.postMessage(IPC.enginePort, null, [port2]);
}

/** Rules for every web contents, present and future (windows, devtools excluded by URL checks). */
function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(decision.openExternally);
    return { action: decision.action };
  });
}

function createWindow(engine: EngineHost): BrowserWindow {
  const win = new BrowserWindow({
    title: WINDOW_TITLE,
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(path.join(distElectron, 'preload.cjs'), !app.isPackaged),
  });
  // Keep our title; the page's <title> would replace it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-finish-load', () => {
    connectToEngine(engine, win.webContents);
    if (pendingProject) {
      sendCommand('open-project', { path: pendingProject });
      pendingProject = null;
    }
  });
  // Unsaved work: ask the page first (close-guard.ts); it answers with window.close or the dialog.
  win.on('close', (event) => {
    const contents = win.webContents;
    const pageReady = !contents.isLoading() && !contents.isCrashed() && isAppUrl(contents.getURL());
    const step = closeGuard.onClose(Date.now(), pageReady);
    if (step === 'close') return;
    event.preventDefault();
    if (step === 'ask-page') sendCommand('close-requested');
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function openProjectFromOs(projectPath: string): void {
  if (mainWindow && !mainWindow.webContents.isLoading()) {
    focusMainWindow();
    sendCommand('open-project', { path: projectPath });
  } else {
    pendingProject = projectPath;
  }
}

function start(): void {
  const engine = new EngineHost({
    modulePath: path.join(distElectron, 'engine-process.cjs'),
    engine: { userDataDir: app.getPath('userData'), appVersion: app.getVersion() },
    env: engineEnv(),
    onRestarted: () => {
      for (const win of BrowserWindow.getAllWindows()) connectToEngine(engine, win.webContents);
      sendCommand('engine-restarted');
    },
    onGaveUp: (detail) =>
      dialog.showErrorBox(
        '计算引擎无法运行 / The engine stopped',
        `计算引擎多次意外退出，请重新启动软件；问题持续时请联系技术支持。\nThe engine exited repeatedly; please restart the application.\n\n${detail}`,
      ),
    onEngineError: (zh, en) => console.error(`[gwz] engine unavailable: ${zh} / ${en}`),
  });

  protocol.handle(
    APP_PROTOCOL,
    createProtocolHandler({ rendererRoot, readData: (p, query, range) => engine.readData(p, query, range) }),
  );

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(permissionDecision(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));

  ipcMain.handle(IPC.host, (event, method: unknown, params: unknown) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const handlers = {
      ...hostDialogs(win, app.getLocale(), app.getPath('documents')),
      ...hostWindow(win, win === mainWindow ? { guard: closeGuard, updateMenu } : null),
    };
    return dispatchHost(handlers, {
      senderUrl: event.senderFrame?.url,
      method,
      params,
    });
  });

  updateMenu();

  engine.start();
  mainWindow = createWindow(engine);

  app.on('before-quit', (event) => {
    // Quit (menu, Ctrl+Q, the OS) goes through the window's close first, so unsaved work is asked about
    // while the engine still runs; once the window has closed, window-all-closed quits again.
    if (mainWindow && !mainWindow.isDestroyed() && !closeGuard.closeAllowed) {
      event.preventDefault();
      mainWindow.close();
      return;
    }
    if (quitting || !engine.running) return;
    // Let the engine close the project (and release its lock) before we go.
    event.preventDefault();
    quitting = true;
    void engine.stop().finally(() => app.quit());
  });
}

/**
 * The engine process inherits our environment plus the packaged SpatiaLite, when the package has
 * one (extraResources: resources/spatialite/<os> -> <resources>/spatialite, see docs/desktop.md).
 * GWZ_SPATIALITE is what electron/engine/project/spatialite.ts loads; SQLite adds .dll/.so/.dylib.
 * Without a bundled copy the engine falls back to the system's mod_spatialite (Linux packages).
 */
function engineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const spatialiteDir = path.join(process.resourcesPath, 'spatialite');
  if (app.isPackaged && existsSync(spatialiteDir)) {
    env.GWZ_SPATIALITE = path.join(spatialiteDir, 'mod_spatialite');
    // mod_spatialite.dll finds its GEOS/PROJ/iconv DLLs through PATH; the dylib through its rpath.
    if (process.platform === 'win32') env.PATH = `${spatialiteDir};${env.PATH ?? ''}`;
  }
  return env;
}

if (!app.requestSingleInstanceLock()) {
  // Another instance owns the window; it receives our argv through 'second-instance'.
  app.quit();
} else {
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const projectPath = projectPathFromArgv(argv, workingDirectory);
    if (projectPath) openProjectFromOs(projectPath);
    else focusMainWindow();
  });
  // macOS delivers double-clicked files this way, possibly before 'ready'.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openProjectFromOs(filePath);
  });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}
