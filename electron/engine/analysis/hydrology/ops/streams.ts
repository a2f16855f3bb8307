import type { OperationImpl, Output } from '../../core/run-analysis';
import { jobStep } from '../../core/cooperate';
import { emptyRaster } from '../../core/raster-array';
import { gdal } from '../../../gdal';
import { flowAccumulation } from '../accumulation';
import { extractStreams } from '../streams';
import { routeDem } from './route-dem';

const STREAM_STYLE = JSON.stringify({
  kind: 'vector',
  type: 'single',
  symbol: { fill: null, stroke: { color: '#2171b5', width: 1 } },
  title: { zh: '河网', en: 'Streams' },
  opacity: 1,
});

/** Stream links as lines (with Strahler order, length, contributing area, downstream link), optionally a raster of orders. */
export const streams: OperationImpl<'analysis.streams'> = async (req, ctx) => {
  const { name, grid, dir } = await routeDem(ctx, req.dem, 0, 60);
  const acc = await flowAccumulation(dir, grid.width, grid.height, jobStep(ctx.job, 60, 68, '正在计算汇流累积量', 'Accumulating flow'));
  const cellKm2 = (grid.dx * grid.dy) / 1e6;
  const thresholdCells = req.thresholdCells ?? Math.max(1, Math.ceil((req.thresholdKm2 ?? 1) / cellKm2 - 1e-9));
  if (req.thresholdCells !== undefined && req.thresholdKm2 !== undefined) {
    ctx.warn('同时给出了像元数阈值和面积阈值，使用像元数阈值。', 'Both a cell and an area threshold were given; the cell threshold is used.');
  }
  const net = await extractStreams(dir, acc, grid.width, grid.height, thresholdCells, jobStep(ctx.job, 68, 80, '正在提取河网', 'Extracting streams'));
  if (net.links.length === 0) {
    ctx.warn(
      `没有像元的汇流累积量达到 ${thresholdCells} 个像元，河网为空；请降低阈值。`,
      `No cell drains ${thresholdCells} cells or more, so there are no streams; lower the threshold.`,
    );
  }
  const centre = (i: number): [number, number] => {
    const r = Math.floor(i / grid.width);
    const c = i - r * grid.width;
    return [grid.x0 + (c + 0.5) * grid.dx, grid.y0 - (r + 0.5) * grid.dy];
  };
  const linkById = new Map(net.links.map((l) => [l.id, l]));
  let lengthM = 0;
  const rows = net.links.map((l) => {
    const line = new gdal.LineString();
    for (const i of l.cells) line.points.add(...centre(i));
    // lines meet: a link ends at the first cell of the link it flows into
    const next = l.downstream !== null ? linkById.get(l.downstream) : undefined;
    if (next) line.points.add(...centre(next.cells[0]!));
    else if (l.cells.length === 1) line.points.add(...centre(l.cells[0]!));
    const length = line.getLength();
    lengthM += length;
    const last = l.cells[l.cells.length - 1]!;
    return { values: [l.id, l.order, length, l.cells.length, acc[last]! * cellKm2, l.downstream], wkb: line.toWKB() };
  });
  const outputs: Output[] = [];
  const baseName = req.outputName ?? `${name}_河网`;
  outputs.push({
    kind: 'vector',
    name: baseName,
    geometryType: 'MULTILINESTRING',
    columns: [
      { name: 'link_id', sqlType: 'INTEGER' },
      { name: 'strahler', sqlType: 'INTEGER' },
      { name: 'length_m', sqlType: 'REAL' },
      { name: 'cells', sqlType: 'INTEGER' },
      { name: 'area_km2', sqlType: 'REAL' },
      { name: 'to_link', sqlType: 'INTEGER' },
    ],
    rows,
    style: STREAM_STYLE,
  });
  if (req.raster) {
    const out = emptyRaster(grid);
    for (let i = 0; i < net.order.length; i++) if (net.order[i]! > 0) out.data[i] = net.order[i]!;
    outputs.push({ kind: 'raster', name: `${baseName}_Strahler`, raster: out, type: 'Byte' });
  }
  return {
    outputs,
    extra: { thresholdCells, links: net.links.length, maxOrder: net.maxOrder, lengthKm: lengthM / 1000 },
  };
};
