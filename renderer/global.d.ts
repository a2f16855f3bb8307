import type { PreloadBridge } from '../shared/api/host';

declare global {
  interface Window {
    /** Present only inside the Electron window (the preload's whole surface). */
    gwz?: PreloadBridge;
  }
}

export {};
