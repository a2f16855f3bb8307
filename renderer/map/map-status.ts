import { useSyncExternalStore } from 'react';

/** What the status bar shows about the map; updated on every pointer move, so kept out of React state. */
export interface MapStatus {
  crs: string;
  /** Cursor in the map CRS, null when the pointer is off the map. */
  cursor: readonly [number, number] | null;
  lonLat: readonly [number, number] | null;
  scale: number | null;
  geographic: boolean;
  /** Previous / next extent available (renderer/map/extent-history). */
  canBack?: boolean;
  canForward?: boolean;
}

export interface MapStatusStore {
  get(): MapStatus;
  set(patch: Partial<MapStatus>): void;
  subscribe(listener: () => void): () => void;
}

export function createMapStatusStore(initial: MapStatus): MapStatusStore {
  let status = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => status,
    set(patch) {
      status = { ...status, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useMapStatus(store: MapStatusStore): MapStatus {
  return useSyncExternalStore(store.subscribe, store.get);
}
