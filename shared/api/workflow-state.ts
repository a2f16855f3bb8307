import { z } from 'zod';
import { method } from './method';

/**
 * Where a wizard was: its step and the inputs typed so far, saved into the project as the user goes
 * (autosave) so that reopening the project, a reload or a crash brings the wizard back to the same
 * page. Not the workflow's results: those are layers and runs (keyzones.state, recharge.workflow).
 */
export const WORKFLOW_KINDS = ['keyzone', 'recharge'] as const;
export const WorkflowKindSchema = z.enum(WORKFLOW_KINDS);
export type WorkflowKind = z.infer<typeof WorkflowKindSchema>;

/** The inputs are the wizard's own JSON (renderer/app/keyzones, renderer/app/recharge); 1 MB at most. */
export const WORKFLOW_STATE_MAX_BYTES = 1_000_000;

export const WorkflowStateSchema = z.object({
  workflow: WorkflowKindSchema,
  step: z.number().int().min(0).max(99),
  inputs: z.record(z.string(), z.unknown()),
  updatedAt: z.string(),
});
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export const workflowStateMethods = {
  'workflow.state': method({
    summary_zh: '向导的保存进度（步骤与已填写的输入）',
    summary_en: 'A wizard\'s saved progress (step and inputs so far)',
    request: z.object({ workflow: WorkflowKindSchema }).strict(),
    response: z.object({ state: WorkflowStateSchema.nullable() }),
  }),
  'workflow.saveState': method({
    summary_zh: '保存向导进度到工程（自动保存）',
    summary_en: 'Save a wizard\'s progress into the project (autosave)',
    request: z
      .object({ workflow: WorkflowKindSchema, step: z.number().int().min(0).max(99), inputs: z.record(z.string(), z.unknown()) })
      .strict(),
    response: WorkflowStateSchema,
  }),
  'workflow.clearState': method({
    summary_zh: '清除向导的保存进度',
    summary_en: 'Clear a wizard\'s saved progress',
    request: z.object({ workflow: WorkflowKindSchema }).strict(),
    response: z.object({ cleared: z.boolean() }),
  }),
} as const;
