import { resolve } from 'node:path';
import { GwzError, type BoreholeImportResult, type ParsedRequestOf, type RejectedRow } from '../../../../shared/api';
import type { JobContext } from '../../jobs/job-runner';
import { resolveCrs } from '../../project/crs';
import { getLayerRow, layerInfo } from '../../project/layers';
import type { Project } from '../../project/project';
import { recordRun } from '../../project/runs';
import { fileChecksums } from '../file-checksums';
import { chooseAxes, CollarProjector, type AxisNote } from './collar-axes';
import { mapColumns } from './map-columns';
import { readTable } from './read-table';
import { deleteReplaced, forgetReplaced, KIND_TABLES, loadExisting, writeRecords, type Records } from './store-boreholes';
import { collarDrafts, levelRecords, lithologyRecords, qualityRecords, Rejections, testRecords } from './validate-rows';

export type BoreholeImportRequest = ParsedRequestOf<'boreholes.import'>;

/**
 * Imports one borehole or monitoring table. Every row is validated before anything is written; with
 * rejected rows the import stops with BAD_INPUT and the full report unless the caller chose to skip
 * them. The write is one transaction, so the project is either unchanged or has all accepted rows.
 */
export async function importBoreholes(
  project: Project,
  req: BoreholeImportRequest,
  ctx: JobContext,
  engineVersion: string,
): Promise<BoreholeImportResult> {
  project.assertWritable();
  const startedAt = new Date().toISOString();
  const path = resolve(req.path);
  ctx.progress(5, '正在读取表格', 'Reading the table');
  const table = readTable(path, { ...(req.sheet !== undefined ? { sheet: req.sheet } : {}), ...(req.delimiter !== undefined ? { delimiter: req.delimiter } : {}) });
  const overrides: Record<string, string> = { ...req.fieldMap };
  if (req.xField !== undefined) overrides.easting = req.xField;
  if (req.yField !== undefined) overrides.northing = req.yField;
  const map = mapColumns(req.kind, table, overrides);
  const rowsRead = table.rows.length - (map.skippedHeaderRow ? 1 : 0);
  if (rowsRead === 0) {
    throw new GwzError('BAD_INPUT', `表格只有表头，没有数据行：${path}`, `The table has a header but no data rows: ${path}`, { path, headers: table.headers });
  }
  ctx.progress(20, '正在校验数据', 'Validating the rows');
  const existing = loadExisting(project.db);
  const { id: idField } = KIND_TABLES[req.kind];
  const idColumn = map.index.get(idField);
  const fileIds = new Set(
    idColumn === undefined ? [] : table.rows.map((r) => (r.values[idColumn] ?? '').trim()).filter((v) => v.length > 0),
  );
  if (req.replace) forgetReplaced(existing, req.kind, fileIds);
  const out = new Rejections();
  const notes: AxisNote[] = [];
  if (table.encoding === 'GB18030') {
    notes.push({ message_zh: '文件编码为 GB18030（GBK），已按中文编码读取。', message_en: 'The file is encoded in GB18030 (GBK); read as such.' });
  }
  if (map.skippedHeaderRow) {
    notes.push({ message_zh: '第 2 行是英文表头，已跳过。', message_en: 'Row 2 is an English header row; skipped.' });
  }
  let records: Records;
  switch (req.kind) {
    case 'collars':
      records = { kind: 'collars', rows: placeCollars(project, req, table, map, existing, out, notes) };
      break;
    case 'lithology':
      records = { kind: 'lithology', rows: lithologyRecords(table, map, existing, out) };
      break;
    case 'levels':
      records = { kind: 'levels', rows: levelRecords(table, map, existing, out) };
      break;
    case 'tests':
      records = { kind: 'tests', rows: testRecords(table, map, existing, out) };
      break;
    case 'quality':
      records = { kind: 'quality', rows: qualityRecords(table, map, existing, out) };
      break;
  }
  const rejected: RejectedRow[] = [...out.rows].sort((a, b) => a.row - b.row);
  const report = { kind: req.kind, sheet: table.sheet, rowsRead, rowsImported: 0, mapping: map.mapping, rejected, notes };
  if (rejected.length > 0 && !req.skipRejected) {
    throw new GwzError(
      'BAD_INPUT',
      `${rejected.length} 行数据未通过校验，未导入任何数据（可选择跳过这些行）。第一处：第 ${rejected[0]!.row} 行 ${rejected[0]!.reason_zh}`,
      `${rejected.length} rows failed validation; nothing was imported (you may choose to skip them). First: row ${rejected[0]!.row}: ${rejected[0]!.reason_en}`,
      report,
    );
  }
  ctx.throwIfCancelled();
  ctx.progress(60, '正在写入工程', 'Writing to the project');
  const inputs = await fileChecksums([path], ctx.signal);
  let replaced = 0;
  const layerId = await project.exclusiveWrite(async (db) =>
    db
      .transaction(() => {
        // only the holes whose rows are written lose their old ones (a fully rejected hole keeps them)
        const written = new Set(records.rows.map((r) => ('site' in r ? r.site : r.hole_id)));
        replaced = req.replace ? deleteReplaced(db, req.kind, written) : 0;
        const id = writeRecords(db, records, { srid: project.crs.srid, source: path });
        recordRun(db, {
          operation: 'boreholes.import',
          params: req,
          inputs: { files: inputs },
          outputs: { kind: req.kind, rowsImported: records.rows.length, rejected: rejected.length, rowsReplaced: replaced },
          engineVersion,
          startedAt,
          status: 'succeeded',
        });
        return id;
      })
      .immediate(),
  );
  return { ...report, rowsImported: records.rows.length, rowsReplaced: replaced, layer: layerId === null ? null : layerInfo(project.db, getLayerRow(project.db, layerId)) };
}

function placeCollars(
  project: Project,
  req: BoreholeImportRequest,
  table: ReturnType<typeof readTable>,
  map: ReturnType<typeof mapColumns>,
  existing: ReturnType<typeof loadExisting>,
  out: Rejections,
  notes: AxisNote[],
): Array<{ row: number; hole_id: string; x: number; y: number; elevation: number | null; depth: number | null; aquifer: string | null; name: string | null }> {
  const named = map.index.has('easting') && map.index.has('northing');
  if (!named && !(map.index.has('x') && map.index.has('y'))) {
    throw new GwzError(
      'BAD_INPUT',
      `缺少坐标列：需要 X 和 Y（或 横坐标/东坐标 和 纵坐标/北坐标）。现有列：${table.headers.join('、')}`,
      `Coordinate columns are missing: X and Y (or easting and northing) are needed. Columns found: ${table.headers.join(', ')}`,
      { headers: table.headers },
    );
  }
  const srs = req.srcCrs ? resolveCrs(req.srcCrs).srs : project.crs.srs;
  const drafts = collarDrafts(table, map, existing, out, named ? ['easting', 'northing'] : ['x', 'y']);
  let swapped = false;
  let zonePrefix: number | null = null;
  if (!named) {
    const choice = chooseAxes(
      drafts.map((d) => d.a),
      drafts.map((d) => d.b),
      srs,
    );
    ({ swapped, zonePrefix } = choice);
    notes.push(...choice.notes);
  }
  const projector = new CollarProjector(srs, project.crs);
  const placed = [];
  for (const d of drafts) {
    let e = swapped ? d.b : d.a;
    const n = swapped ? d.a : d.b;
    if (zonePrefix !== null) e -= zonePrefix * 1e6;
    const p = projector.place(e, n);
    if (!p) {
      out.add(
        d.row,
        swapped ? 'y' : 'x',
        `${e}, ${n}`,
        `坐标 (${e}, ${n}) 不在工程坐标系 ${project.crs.code} 的适用范围内（检查源坐标系、X/Y 顺序或带号）`,
        `Coordinates (${e}, ${n}) lie outside the area of use of the project CRS ${project.crs.code} (check the source CRS, X/Y order or zone prefix)`,
      );
      continue;
    }
    placed.push({ row: d.row, hole_id: d.hole_id, x: p.x, y: p.y, elevation: d.elevation, depth: d.depth, aquifer: d.aquifer, name: d.name });
  }
  return placed;
}
