/**
 * The sandboxed preload (dist/electron/preload.cjs). A sandboxed preload may require only
 * 'electron' (and a few Node polyfills we do not use); everything else is bundled in. The page
 * gets window.gwz = { invoke, listen, pathForFile } and nothing more.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { PreloadBridge } from '../../shared/api/host';
import type { Envelope } from '../../shared/api/wire';
import { IPC } from '../main/ipc-channels';
import { createBridge } from './bridge';

const bridge = createBridge({
  invokeHost: (method, params) => ipcRenderer.invoke(IPC.host, method, params) as Promise<Envelope>,
});

ipcRenderer.on(IPC.enginePort, (event) => {
  const port = event.ports[0];
  if (port) bridge.attachPort(port);
});
ipcRenderer.on(IPC.menu, (_event, payload: unknown) => bridge.deliverCommand(payload));

const exposed: PreloadBridge = {
  invoke: (method, params) => bridge.api.invoke(method, params),
  listen: (handler) => bridge.api.listen(handler),
  // Only a File the user dropped or picked has a path; anything else gives ''.
  pathForFile: (file) => webUtils.getPathForFile(file),
};
contextBridge.exposeInMainWorld('gwz', exposed);
