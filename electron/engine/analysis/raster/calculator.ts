import { GwzError, type AnalysisGrid } from '../../../../shared/api';
import { ExprError, parseExpression, type Expr } from '../../../../shared/expr';
import { readAligned, resolveAnalysisGrid } from '../core/analysis-grid';
import type { Progress } from '../core/progress';
import { compileRasterExpression } from '../core/raster-expr';
import { emptyRaster, smallestStoredType, type RasterArray, type StoredType } from '../core/raster-array';
import type { OperationContext, OperationImpl } from '../core/run-analysis';
import { listLayerRows } from '../../project/layers';
import { meanMinMax } from '../core/stats';

/** The expression parsed, with a parse error as BAD_REQUEST naming the character. */
export function parseRasterExpression(source: string): Expr {
  try {
    return parseExpression(source);
  } catch (err) {
    if (err instanceof ExprError) {
      throw new GwzError('BAD_REQUEST', `表达式有误：${err.message_zh}`, `Bad expression: ${err.message_en}`, {
        expression: source,
        position: err.position + 1,
      });
    }
    throw err;
  }
}

/** Evaluates an expression over rasters on one grid, one raster per name the expression reads. */
export function calculateRaster(expr: Expr, inputs: ReadonlyMap<string, RasterArray>, progress?: Progress): RasterArray {
  const compiled = compileRasterExpression(expr);
  const arrays = compiled.names.map((n) => {
    const r = inputs.get(n);
    if (!r) throw new Error(`no raster for ${n}`);
    return r.data;
  });
  const first = inputs.get(compiled.names[0] ?? '') ?? [...inputs.values()][0];
  if (!first) throw new Error('calculateRaster needs at least one raster to give the grid');
  const out = emptyRaster(first.grid);
  compiled.evaluate(arrays, out.data, progress);
  return out;
}

/** The raster layer each name of the expression means (layer names; BAD_INPUT with the position for unknown ones). */
function layersOfNames(ctx: OperationContext, expr: Expr, source: string): { name: string; layerId: number }[] {
  const rows = listLayerRows(ctx.db);
  const out: { name: string; layerId: number }[] = [];
  const visit = (e: Expr): void => {
    if (e.type === 'name') {
      if (out.some((o) => o.name === e.name)) return;
      const at = (e.pos ?? source.indexOf(e.name)) + 1;
      const row = rows.find((r) => r.name === e.name);
      if (!row) {
        const rasters = rows.filter((r) => r.kind === 'raster').map((r) => r.name);
        throw new GwzError(
          'BAD_INPUT',
          `表达式第 ${at} 个字符处的「${e.name}」不是本工程的图层名（栅格图层：${rasters.join('、') || '无'}）。`,
          `"${e.name}" at character ${at} of the expression is not a layer of this project (raster layers: ${rasters.join(', ') || 'none'}).`,
          { name: e.name, position: at, rasters },
        );
      }
      if (row.kind !== 'raster') {
        throw new GwzError('BAD_INPUT', `表达式第 ${at} 个字符处的「${e.name}」不是栅格图层。`, `"${e.name}" at character ${at} of the expression is not a raster layer.`, {
          name: e.name,
          position: at,
          kind: row.kind,
        });
      }
      out.push({ name: e.name, layerId: row.id });
      return;
    }
    if (e.type === 'unary' || e.type === 'isnull') visit(e.arg);
    else if (e.type === 'binary') {
      visit(e.left);
      visit(e.right);
    } else if (e.type === 'call') e.args.forEach(visit);
    else if (e.type === 'in') {
      visit(e.arg);
      e.list.forEach(visit);
    }
  };
  visit(expr);
  if (out.length === 0) {
    throw new GwzError('BAD_REQUEST', '表达式没有引用任何栅格图层。', 'The expression does not refer to any raster layer.', { expression: source });
  }
  return out;
}

export async function readExpressionInputs(
  ctx: OperationContext,
  expr: Expr,
  source: string,
  gridSpec: AnalysisGrid | undefined,
): Promise<{ inputs: Map<string, RasterArray>; byName: { name: string; layerId: number }[] }> {
  const byName = layersOfNames(ctx, expr, source);
  compileRasterExpression(expr); // text values are refused before anything is read
  const grid = resolveAnalysisGrid(ctx, gridSpec, { rasters: byName.map((b) => b.layerId) });
  const inputs = new Map<string, RasterArray>();
  for (const [k, b] of byName.entries()) {
    ctx.addInput(b.layerId);
    ctx.job.throwIfCancelled();
    ctx.job.progress((40 * k) / byName.length, `正在读取「${b.name}」`, `Reading "${b.name}"`);
    inputs.set(b.name, await readAligned(ctx, b.layerId, grid));
  }
  return { inputs, byName };
}

export const rasterCalculator: OperationImpl<'analysis.rasterCalculator'> = async (req, ctx) => {
  const expr = parseRasterExpression(req.expression);
  const { inputs, byName } = await readExpressionInputs(ctx, expr, req.expression, req.grid);
  const out = calculateRaster(expr, inputs, ctx.job);
  inputs.clear();
  let nodataCells = 0;
  for (let i = 0; i < out.data.length; i++) if (out.data[i] !== out.data[i]) nodataCells++;
  const type: StoredType = req.outputType === 'auto' ? smallestStoredType(out.data) : req.outputType;
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? '栅格计算', raster: out, type }],
    extra: { ...meanMinMax(out.data), inputsByName: byName, nodataCells },
  };
};
