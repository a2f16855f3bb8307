import { GwzError, WORKFLOW_KINDS, type WorkflowKind } from '../../shared/api';
import { fields } from './text';
import { flag, openProject, type Verb } from './verb';

/**
 * `gwz workflow-state`: the wizards' autosaved progress in a project (workflow.state), and --clear to
 * start a wizard afresh (workflow.clearState) — the CLI face of the wizards' autosave.
 */

function workflowOf(text: string): WorkflowKind {
  if ((WORKFLOW_KINDS as readonly string[]).includes(text)) return text as WorkflowKind;
  throw new GwzError('BAD_REQUEST', `未知的向导：${text}（可用：${WORKFLOW_KINDS.join('、')}）`, `Unknown wizard: ${text} (one of: ${WORKFLOW_KINDS.join(', ')})`, { workflow: text });
}

export const workflowStateVerb: Verb = {
  name: 'workflow-state',
  args: '<project> <keyzone|recharge>',
  minArgs: 2,
  maxArgs: 2,
  zh: '查看向导自动保存的进度（步骤与已填写的输入）；--clear 清除，让向导从头开始',
  en: 'Show a wizard’s autosaved progress (step and inputs so far); --clear removes it so the wizard starts afresh',
  options: {
    clear: { type: 'boolean', zh: '清除保存的进度', en: 'clear the saved progress' },
  },
  async run(ctx) {
    const [project, kind] = ctx.args as [string, string];
    const workflow = workflowOf(kind);
    const clear = flag(ctx.opts, 'clear');
    await openProject(ctx, project, !clear);
    if (clear) {
      const { cleared } = await ctx.client.api.workflow.clearState({ workflow });
      return { data: { workflow, cleared }, human: cleared ? `已清除 Cleared: ${workflow}` : `没有保存的进度 Nothing saved: ${workflow}` };
    }
    const { state } = await ctx.client.api.workflow.state({ workflow });
    if (!state) return { data: { workflow, state: null }, human: `没有保存的进度 Nothing saved: ${workflow}` };
    return {
      data: { workflow, state },
      human: fields([
        ['向导 Wizard:', workflow],
        ['步骤 Step:', String(state.step + 1)],
        ['保存于 Saved:', state.updatedAt],
        ['输入 Inputs:', JSON.stringify(state.inputs)],
      ]),
    };
  },
};

export const WORKFLOW_STATE_VERBS: readonly Verb[] = [workflowStateVerb];
