import type { CrossValidation } from '../../../../../shared/api/analysis-ops/interpolation';
import type { TableOutput } from '../../core/run-analysis';

/** The leave-one-out pairs as a table layer (for the attribute table and the report). */
export function crossValidationTable(name: string, cv: CrossValidation): TableOutput {
  const kriging = cv.msdr !== undefined;
  return {
    kind: 'table',
    name,
    columns: [
      { name: 'point_fid', sqlType: 'INTEGER' },
      { name: 'x', sqlType: 'REAL' },
      { name: 'y', sqlType: 'REAL' },
      { name: 'observed', sqlType: 'REAL' },
      { name: 'predicted', sqlType: 'REAL' },
      { name: 'error', sqlType: 'REAL' },
      ...(kriging ? [{ name: 'variance', sqlType: 'REAL' as const }] : []),
    ],
    rows: cv.pairs.map((p) => [p.fid, p.x, p.y, p.observed, p.predicted, p.predicted - p.observed, ...(kriging ? [p.variance ?? null] : [])]),
  };
}
