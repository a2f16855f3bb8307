import {
  analysisOperations,
  GwzError,
  isAnalysisOperation,
  type AnalysisMethodName,
  type ParsedRequestOf,
} from '../../../shared/api';
import type { Handler } from '../dispatch';
import { runAnalysis } from '../analysis/core/run-analysis';
import { OPERATIONS } from '../analysis/operations';
import { getRun, listRuns } from '../project/runs';
import type { EngineContext, GroupHandlers } from './context';
import { writingJob } from './context';

export function analysisHandlers(ctx: EngineContext): GroupHandlers<'analysis'> {
  const version = ctx.options.appVersion;
  const start = <M extends AnalysisMethodName>(method: M, req: ParsedRequestOf<M>): { jobId: string } =>
    writingJob(ctx, method, (p, job) => runAnalysis(p, method, OPERATIONS[method], req, job, version));

  const operations = Object.fromEntries(
    (Object.keys(analysisOperations) as AnalysisMethodName[]).map((m) => [m, (req: ParsedRequestOf<typeof m>) => start(m, req)]),
  ) as { [M in AnalysisMethodName]: Handler<M> };

  return {
    ...operations,
    'analysis.runs': (req) => ({ runs: listRuns(ctx.requireProject().db, req) }),
    'analysis.rerun': (req) => {
      const run = getRun(ctx.requireProject().db, req.runId);
      if (!run) throw new GwzError('BAD_REQUEST', `没有这条运行记录：${req.runId}`, `No such run: ${req.runId}`, { runId: req.runId });
      const { operation } = run;
      if (!isAnalysisOperation(operation)) {
        throw new GwzError('BAD_REQUEST', `运行记录 ${req.runId}（${operation}）不是分析运算，不能重新运行。`, `Run ${req.runId} (${operation}) is not an analysis operation; it cannot be re-run.`, {
          runId: req.runId,
          operation,
        });
      }
      // Checked again: the parameters were stored by an older build, perhaps under an older schema.
      const parsed = analysisOperations[operation].request.safeParse(run.params);
      if (!parsed.success) {
        throw new GwzError('BAD_REQUEST', `运行记录 ${req.runId} 的参数不再有效：${parsed.error.message}`, `The parameters of run ${req.runId} are no longer valid: ${parsed.error.message}`, {
          runId: req.runId,
        });
      }
      return { ...start(operation, parsed.data as ParsedRequestOf<typeof operation>), operation };
    },
  };
}
