import { clearWorkflowState, readWorkflowState, writeWorkflowState } from '../project/workflow-state';
import type { EngineContext, GroupHandlers } from './context';

/** Wizard progress (autosave): electron/engine/project/workflow-state.ts. */
export function workflowStateHandlers(ctx: EngineContext): GroupHandlers<'workflow'> {
  const writable = () => {
    const p = ctx.requireProject();
    p.assertWritable();
    return p;
  };
  return {
    'workflow.state': (req) => ({ state: readWorkflowState(ctx.requireProject().db, req.workflow) }),
    'workflow.saveState': (req) => writeWorkflowState(writable().db, req.workflow, req.step, req.inputs),
    'workflow.clearState': (req) => ({ cleared: clearWorkflowState(writable().db, req.workflow) }),
  };
}
