import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GwzError } from '../../shared/api/errors';
import type { WorkflowKind, WorkflowState } from '../../shared/api/workflow-state';
import { useConnection } from './connection-context';
import { useUnsavedSource } from './use-unsaved';

/** Quiet time after the last change before the progress is written (keystrokes come in bursts). */
export const AUTOSAVE_DELAY_MS = 600;

/**
 * Autosave of a wizard's progress (step and inputs) into the project: workflow.saveState after each
 * burst of changes, workflow.state once on mount for `onRestore`. Until the write has landed the
 * progress counts as unsaved work, so closing the window in that moment asks (and 保存 writes it).
 * A read-only project is left alone: the first PROJECT_READ_ONLY turns autosave off for the session.
 */
export function useWorkflowAutosave<I extends Record<string, unknown>>(
  workflow: WorkflowKind,
  progress: { step: number; inputs: I } | null,
  onRestore: (state: WorkflowState) => void,
): { restored: boolean; lastSaved: string | null } {
  const { client } = useConnection();
  const { t } = useTranslation();
  const [restored, setRestored] = useState(false);
  const [lastSaved, setLastSaved] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<{ step: number; inputs: I } | null>(null);
  const lastJson = useRef<string | null>(null);
  const disabled = useRef(false);
  const restoreRef = useRef(onRestore);
  restoreRef.current = onRestore;

  useEffect(() => {
    let live = true;
    client.api.workflow.state({ workflow }).then(
      ({ state }) => {
        if (!live) return;
        if (state) {
          lastJson.current = JSON.stringify({ step: state.step, inputs: state.inputs });
          restoreRef.current(state);
        }
        setRestored(true);
      },
      // no project, or an older engine: autosave simply starts from nothing
      () => live && setRestored(true),
    );
    return () => {
      live = false;
    };
  }, [client, workflow]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (!next || disabled.current) return;
    try {
      const saved = await client.api.workflow.saveState({ workflow, step: next.step, inputs: next.inputs });
      setLastSaved(saved.updatedAt);
    } catch (err) {
      if (err instanceof GwzError && (err.code === 'PROJECT_READ_ONLY' || err.code === 'PROJECT_NOT_OPEN')) disabled.current = true;
      else throw err;
    }
  }, [client, workflow]);

  // Only after the saved progress was read: the wizard's first render must not overwrite it.
  const json = progress && restored ? JSON.stringify(progress) : null;
  useEffect(() => {
    if (json === null || json === lastJson.current || disabled.current) return;
    lastJson.current = json;
    pending.current = JSON.parse(json) as { step: number; inputs: I };
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush().catch(() => undefined), AUTOSAVE_DELAY_MS);
  }, [json, flush]);
  // leaving the wizard (another project, unmount) writes what is still waiting
  useEffect(() => () => void flush().catch(() => undefined), [flush]);

  useUnsavedSource({
    describe: () => (pending.current ? t('unsaved.workflow', { name: t(workflow === 'keyzone' ? 'menu.keyZone' : 'menu.recharge') }) : null),
    save: flush,
    discard: async () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      pending.current = null;
    },
  });
  return { restored, lastSaved };
}
