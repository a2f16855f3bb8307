import type { AnalysisResult, LayerInfo, RechargeState } from '../../../../shared/api';
import { layerIdsIn, requestJsonSchema } from '../../../../shared/api';
import type { z } from 'zod';
import type { JobContext } from '../../jobs/job-runner';
import { writeTable, writeVector, type TableOutput, type VectorOutput } from '../../analysis/core/run-analysis';
import { layerChecksum } from '../../project/checksum';
import { getLayerRow, layerInfo } from '../../project/layers';
import type { Project } from '../../project/project';
import { recordRun } from '../../project/runs';
import { writeState } from './state';

type Output = VectorOutput | TableOutput;

/**
 * Writes a workflow step's layers, its gwz_runs provenance row (request, input layers with
 * checksums, engine version, summary) and the workflow state in one transaction on the project's
 * writer, as runAnalysis does for operations: a failure or a cancel leaves the project as it was.
 */
export async function writeWorkflowResults(opts: {
  project: Project;
  job: JobContext;
  operation: string;
  schema: z.ZodType;
  request: unknown;
  /** Input layers the request names other than through its schema's layer fields. */
  extraInputs?: number[];
  outputs: Output[];
  /** Kept in gwz_runs.outputs beside the layers. */
  summary: Record<string, unknown>;
  engineVersion: string;
  startedAt: string;
  /** What the workflow state should say after this step, given the new run id. */
  state: (runId: number) => Partial<RechargeState>;
}): Promise<{ runId: number; layers: LayerInfo[]; ids: number[] }> {
  const { project, job } = opts;
  const inputs: { layerId: number; name: string; kind: string; featureCount: number; sha256: string }[] = [];
  const ids = new Set([...layerIdsIn(requestJsonSchema(opts.schema), opts.request), ...(opts.extraInputs ?? [])]);
  for (const id of ids) {
    const row = getLayerRow(project.db, id);
    const sum = await layerChecksum(project.db, row, undefined, job.signal);
    inputs.push({ layerId: id, name: row.name, kind: row.kind, featureCount: sum.featureCount, sha256: sum.sha256 });
  }
  job.throwIfCancelled();
  job.progress(92, '正在保存结果', 'Saving the results');
  const srid = project.crs.srid;
  const { written, runId } = await project.exclusiveWrite(async (db) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const written = opts.outputs.map((out) => (out.kind === 'vector' ? writeVector(db, out, srid, opts.operation) : writeTable(db, out, opts.operation)));
      job.throwIfCancelled();
      const runId = recordRun(db, {
        operation: opts.operation,
        params: opts.request,
        inputs: { layers: inputs },
        outputs: { layers: written.map((id, i) => ({ layerId: id, name: opts.outputs[i]!.name, kind: opts.outputs[i]!.kind })), ...opts.summary },
        engineVersion: opts.engineVersion,
        startedAt: opts.startedAt,
        status: 'succeeded',
      });
      writeState(db, opts.state(runId));
      db.exec('COMMIT');
      return { written, runId };
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  });
  return { runId, ids: written, layers: written.map((id) => layerInfo(project.db, getLayerRow(project.db, id))) };
}

export type Warnings = AnalysisResult['warnings'];
