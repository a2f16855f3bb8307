/** IPC channel names shared by main and the preload (the only two places that use them). */
export const IPC = {
  /** main -> preload: the window's MessagePort to the engine process (ports[0]). */
  enginePort: 'gwz:engine-port',
  /** main -> preload: a host command `{ command, path? }` (menu, file from the OS, engine restart). */
  menu: 'gwz:menu',
  /** preload -> main (invoke): a host method of shared/api/host.ts; answers an Envelope. */
  host: 'gwz:host',
} as const;
