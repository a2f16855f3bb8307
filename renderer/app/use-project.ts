import { useCallback, useEffect, useState } from 'react';
import type { Client } from '../../shared/api/client';
import { GwzError } from '../../shared/api/errors';
import type { LayerInfo } from '../../shared/api/layers';
import type { ProjectInfo } from '../../shared/api/project';

export interface ProjectState {
  /** undefined while the first answer is pending; null when no project is open. */
  project: ProjectInfo | null | undefined;
  layers: LayerInfo[];
  setProject(project: ProjectInfo | null): void;
  refresh(): Promise<void>;
}

/**
 * The open project and its layers, as the engine sees them. Another host (the CLI, a second browser
 * tab) may change the project too, so project.changed events trigger a re-read rather than patches.
 */
export function useProject(client: Client, onError: (err: unknown) => void): ProjectState {
  const [project, setProjectState] = useState<ProjectInfo | null | undefined>(undefined);
  const [layers, setLayers] = useState<LayerInfo[]>([]);

  const refresh = useCallback(async () => {
    try {
      const info = await client.api.project.info({});
      const list = await client.api.layers.list({});
      setProjectState(info);
      setLayers(list.layers);
    } catch (err) {
      if (err instanceof GwzError && err.code === 'PROJECT_NOT_OPEN') {
        setProjectState(null);
        setLayers([]);
      } else {
        setProjectState((current) => current ?? null);
        onError(err);
      }
    }
  }, [client, onError]);

  useEffect(() => {
    void refresh();
    return client.on((event) => {
      if (event.type === 'project.changed') void refresh();
    });
  }, [client, refresh]);

  const setProject = useCallback(
    (info: ProjectInfo | null) => {
      setProjectState(info);
      if (!info) setLayers([]);
      void refresh();
    },
    [refresh],
  );

  return { project, layers, setProject, refresh };
}
