import {
  analysisOperations,
  GwzError,
  layerIdsIn,
  requestJsonSchema,
  type AnalysisMethodName,
  type AnalysisResult,
  type JobResultOf,
  type ParsedRequestOf,
  type Resampling,
} from '../../../../shared/api';
import type { JobContext } from '../../jobs/job-runner';
import { layerChecksum } from '../../project/checksum';
import { createVectorLayerTable, registerLayer } from '../../project/layer-write';
import { FID_COLUMN, GEOMETRY_COLUMN, getLayerRow, layerInfo, type LayerRow } from '../../project/layers';
import type { Project } from '../../project/project';
import { recordRun } from '../../project/runs';
import { quoteIdent, type Db } from '../../project/spatialite';
import { insertRaster } from '../../io/raster/raster-store';
import type { Grid } from './grid';
import { readRasterLayer, rasterToCog, type RasterArray, type StoredType } from './raster-array';

type Warning = AnalysisResult['warnings'][number];

export interface RasterOutput {
  kind: 'raster';
  name: string;
  raster: RasterArray;
  type: StoredType;
  groupName?: string;
  /** JSON of shared/style. */
  style?: string;
}

export interface VectorOutput {
  kind: 'vector';
  name: string;
  /** SpatiaLite type, e.g. MULTIPOLYGON (rows are cast to multi). */
  geometryType: string;
  columns: { name: string; sqlType: 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB' }[];
  /** Rows as attribute values (in `columns` order) and WKB in the project CRS… */
  rows?: { values: unknown[]; wkb: Buffer }[];
  /** …or SQL that fills the new table (SpatiaLite/GEOS work), run inside the write transaction. */
  fill?: (db: Db, tableName: string) => void;
  groupName?: string;
  style?: string;
}

/** A plain table (statistics, zone lists): a 'table' layer without geometry, for the attribute table and the report. */
export interface TableOutput {
  kind: 'table';
  name: string;
  columns: { name: string; sqlType: 'INTEGER' | 'REAL' | 'TEXT' }[];
  rows: unknown[][];
  groupName?: string;
}

export type Output = RasterOutput | VectorOutput | TableOutput;

/** What an operation sees: the project (read connection), its job, and the readers of inputs. */
export interface OperationContext {
  project: Project;
  db: Db;
  job: JobContext;
  warn(message_zh: string, message_en: string): void;
  layer(id: number): LayerRow;
  readRaster(layerId: number, grid?: Grid, resampling?: Resampling): Promise<RasterArray>;
  /** Records an input the request names other than by a layer field (the calculator's layer names), for provenance. */
  addInput(layerId: number): void;
}

type Extra<M extends AnalysisMethodName> = Omit<JobResultOf<M>, keyof AnalysisResult>;

export interface OperationRun<M extends AnalysisMethodName> {
  outputs: Output[];
  /** What the operation's result adds to AnalysisResult (statistics, breaks, tables…); also kept in gwz_runs.outputs. */
  extra: Extra<M>;
}

export type OperationImpl<M extends AnalysisMethodName> = (req: ParsedRequestOf<M>, ctx: OperationContext) => Promise<OperationRun<M>>;

/**
 * Runs one analysis operation as a job: the operation computes its outputs in memory (reading
 * inputs through the read connection), then every output layer and the gwz_runs provenance row
 * (parameters, input layers with checksums, engine version) are written in one transaction on the
 * project's writer — a failure or a cancel at any point leaves the project as it was.
 */
export async function runAnalysis<M extends AnalysisMethodName>(
  project: Project,
  method: M,
  impl: OperationImpl<M>,
  req: ParsedRequestOf<M>,
  job: JobContext,
  engineVersion: string,
): Promise<JobResultOf<M>> {
  project.assertWritable();
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const warnings: Warning[] = [];
  const named = new Set<number>();
  const ctx: OperationContext = {
    project,
    db: project.db,
    job,
    warn: (message_zh, message_en) => warnings.push({ message_zh, message_en }),
    layer: (id) => getLayerRow(project.db, id),
    readRaster: (layerId, grid, resampling) => {
      const row = getLayerRow(project.db, layerId);
      if (row.kind !== 'raster') throw notRaster(row);
      return readRasterLayer(project.db, layerId, grid, resampling);
    },
    addInput: (layerId) => named.add(layerId),
  };

  const inputs: { layerId: number; name: string; kind: LayerRow['kind']; featureCount: number; sha256: string }[] = [];
  const checksumInputs = async (ids: Iterable<number>): Promise<void> => {
    for (const id of ids) {
      if (inputs.some((i) => i.layerId === id)) continue;
      const row = getLayerRow(project.db, id);
      const sum = await layerChecksum(project.db, row, undefined, job.signal);
      inputs.push({ layerId: id, name: row.name, kind: row.kind, featureCount: sum.featureCount, sha256: sum.sha256 });
    }
  };
  await checksumInputs(layerIdsIn(requestJsonSchema(analysisOperations[method].request), req));

  const { outputs, extra } = await impl(req, ctx);
  job.throwIfCancelled();
  await checksumInputs(named);

  // Rasters become COGs before the transaction, so the write lock is held only for the inserts.
  job.progress(90, '正在保存结果', 'Saving the results');
  const cogs = new Map<RasterOutput, Awaited<ReturnType<typeof rasterToCog>>>();
  for (const out of outputs) {
    if (out.kind === 'raster') cogs.set(out, await rasterToCog(out.raster, out.type, { signal: job.signal }));
  }
  job.throwIfCancelled();

  const source = method;
  const { ids, runId } = await project.exclusiveWrite(async (db) => {
    db.exec('BEGIN IMMEDIATE');
    try {
      const ids: number[] = [];
      for (const out of outputs) {
        if (out.kind === 'raster') {
          const built = cogs.get(out)!;
          const { id, tableName } = registerLayer(db, {
            name: out.name,
            kind: 'raster',
            origin: 'analysis',
            source,
            srid: out.raster.grid.srid,
            geometryType: null,
            groupName: out.groupName ?? null,
            style: out.style ?? null,
          });
          insertRaster(db, id, tableName, built.meta, built.cog);
          ids.push(id);
        } else if (out.kind === 'vector') {
          ids.push(writeVector(db, out, project.crs.srid, source));
        } else {
          ids.push(writeTable(db, out, source));
        }
      }
      job.throwIfCancelled();
      const runId = recordRun(db, {
        operation: method,
        params: req,
        inputs: { layers: inputs },
        outputs: { layers: ids.map((id, i) => ({ layerId: id, name: outputs[i]!.name, kind: outputs[i]!.kind })), ...extra },
        engineVersion,
        startedAt,
        status: 'succeeded',
      });
      db.exec('COMMIT');
      return { ids, runId };
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    }
  });

  const base: AnalysisResult = {
    runId,
    layers: ids.map((id) => layerInfo(project.db, getLayerRow(project.db, id))),
    warnings,
    seconds: (Date.now() - started) / 1000,
  };
  return { ...base, ...extra } as JobResultOf<M>;
}

export function writeVector(db: Db, out: VectorOutput, srid: number, source: string): number {
  const { id, tableName } = createVectorLayerTable(db, {
    name: out.name,
    origin: 'analysis',
    source,
    srid,
    geometryType: out.geometryType,
    columns: out.columns,
    groupName: out.groupName ?? null,
    style: out.style ?? null,
  });
  if (out.rows) {
    const cols = [...out.columns.map((c) => c.name), GEOMETRY_COLUMN].map(quoteIdent).join(', ');
    const marks = [...out.columns.map(() => '?'), `CastToMulti(CastToXY(GeomFromWKB(?, ${srid})))`].join(', ');
    const insert = db.prepare(`INSERT INTO ${quoteIdent(tableName)} (${cols}) VALUES (${marks})`);
    for (const row of out.rows) insert.run(...(row.values as unknown[]), row.wkb);
  }
  out.fill?.(db, tableName);
  db.prepare('SELECT CreateSpatialIndex(?, ?)').get(tableName, GEOMETRY_COLUMN);
  return id;
}

export function writeTable(db: Db, out: TableOutput, source: string): number {
  const { id, tableName } = registerLayer(db, {
    name: out.name,
    kind: 'table',
    origin: 'analysis',
    source,
    srid: null,
    geometryType: null,
    groupName: out.groupName ?? null,
  });
  const cols = [`${quoteIdent(FID_COLUMN)} INTEGER PRIMARY KEY AUTOINCREMENT`, ...out.columns.map((c) => `${quoteIdent(c.name)} ${c.sqlType}`)];
  db.exec(`CREATE TABLE ${quoteIdent(tableName)} (${cols.join(', ')})`);
  const insert = db.prepare(
    `INSERT INTO ${quoteIdent(tableName)} (${out.columns.map((c) => quoteIdent(c.name)).join(', ')}) VALUES (${out.columns.map(() => '?').join(', ')})`,
  );
  for (const row of out.rows) insert.run(...row);
  return id;
}

function notRaster(row: LayerRow): GwzError {
  return new GwzError('BAD_INPUT', `图层「${row.name}」不是栅格图层。`, `Layer "${row.name}" is not a raster layer.`, { layerId: row.id, kind: row.kind });
}
