import { GwzError, type ExportReportResult, type ParsedRequestOf } from '../../../shared/api';
import type { JobContext } from '../jobs/job-runner';
import type { Project } from '../project/project';

export async function exportReport(_p: Project, _req: ParsedRequestOf<'export.report'>, _job: JobContext, _version: string): Promise<ExportReportResult> {
  throw new GwzError('INTERNAL', '尚未实现', 'Not implemented yet');
}
