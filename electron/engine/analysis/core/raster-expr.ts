import { GwzError } from '../../../../shared/api';
import { namesIn, type Expr, type FunctionName } from '../../../../shared/expr';
import { rowTicker, type Progress } from './progress';

/**
 * The array evaluator of shared/expr for rasters: the AST is compiled once into a tree of loops,
 * each node filling a block of cells (4096, so a node's buffer stays in cache) from its children's
 * blocks — no eval, no `new Function`. Values follow the row evaluator's SQL semantics with NaN as
 * null: arithmetic with nodata is nodata, `x / 0` is nodata, comparisons give 1/0 (or nodata),
 * and/or are three-valued, `is null` tests nodata, `if(c, a, b)` takes b when c is nodata,
 * `coalesce` takes the first value that is not nodata. Results that are not finite are nodata.
 */

const BLOCK = 4096;

type Node = (start: number, n: number) => Float64Array;

export interface CompiledRasterExpr {
  /** The names the expression reads, in order of first use; `evaluate` takes one array per name in this order. */
  names: string[];
  evaluate(inputs: readonly Float32Array[], out: Float32Array, progress?: Progress): void;
}

/** Thrown for expressions the raster evaluator cannot run (text values); a BAD_REQUEST. */
function unsupported(zh: string, en: string, details: Record<string, unknown> = {}): GwzError {
  return new GwzError('BAD_REQUEST', zh, en, details);
}

const UNARY_MATH: Partial<Record<FunctionName, (x: number) => number>> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log10: Math.log10,
  floor: Math.floor,
  ceil: Math.ceil,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  atan: Math.atan,
};

export function compileRasterExpression(expr: Expr): CompiledRasterExpr {
  const names = namesIn(expr);
  let inputs: readonly Float32Array[] = [];

  const constant = (v: number): Node => {
    const buf = new Float64Array(BLOCK).fill(v);
    return () => buf;
  };

  const map1 = (a: Node, f: (x: number) => number): Node => {
    const buf = new Float64Array(BLOCK);
    return (s, n) => {
      const x = a(s, n);
      for (let i = 0; i < n; i++) buf[i] = f(x[i]!);
      return buf;
    };
  };

  // Specialised loops for the hot arithmetic, so the weighted sums of a workflow run at full speed.
  const arith = (op: string, a: Node, b: Node): Node => {
    const buf = new Float64Array(BLOCK);
    switch (op) {
      case '+':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = x[i]! + y[i]!;
          return buf;
        };
      case '-':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = x[i]! - y[i]!;
          return buf;
        };
      case '*':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = x[i]! * y[i]!;
          return buf;
        };
      case '/':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = y[i] === 0 ? Number.NaN : x[i]! / y[i]!;
          return buf;
        };
      case '%':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = y[i] === 0 ? Number.NaN : x[i]! % y[i]!;
          return buf;
        };
      case '^':
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) buf[i] = x[i]! ** y[i]!;
          return buf;
        };
      default: {
        const cmp = comparison(op);
        return (s, n) => {
          const x = a(s, n), y = b(s, n);
          for (let i = 0; i < n; i++) {
            const p = x[i]!, q = y[i]!;
            buf[i] = p !== p || q !== q ? Number.NaN : cmp(p, q) ? 1 : 0;
          }
          return buf;
        };
      }
    }
  };

  const compile = (e: Expr): Node => {
    switch (e.type) {
      case 'number':
        return constant(e.value);
      case 'boolean':
        return constant(e.value ? 1 : 0);
      case 'null':
        return constant(Number.NaN);
      case 'string':
        throw unsupported(`栅格计算器中不能使用文本值 '${e.value}'`, `Text values ('${e.value}') cannot be used in the raster calculator`, { value: e.value });
      case 'name': {
        const k = names.indexOf(e.name);
        const buf = new Float64Array(BLOCK);
        return (s, n) => {
          buf.set(inputs[k]!.subarray(s, s + n));
          return buf;
        };
      }
      case 'unary': {
        const a = compile(e.arg);
        return e.op === '-' ? map1(a, (x) => -x) : map1(a, (x) => (x !== x ? Number.NaN : x === 0 ? 1 : 0));
      }
      case 'isnull': {
        const a = compile(e.arg);
        return e.negated ? map1(a, (x) => (x !== x ? 0 : 1)) : map1(a, (x) => (x !== x ? 1 : 0));
      }
      case 'in': {
        const a = compile(e.arg);
        const list = e.list.map((x) => {
          if (x.type !== 'number') throw unsupported('栅格计算器的 in (…) 只接受数值', 'In the raster calculator, in (…) takes numbers only');
          return x.value;
        });
        const hit = e.negated ? 0 : 1;
        return map1(a, (x) => (x !== x ? Number.NaN : list.includes(x) ? hit : 1 - hit));
      }
      case 'binary': {
        const a = compile(e.left);
        const b = compile(e.right);
        if (e.op === 'and' || e.op === 'or') {
          const buf = new Float64Array(BLOCK);
          const isAnd = e.op === 'and';
          return (s, n) => {
            const x = a(s, n), y = b(s, n);
            for (let i = 0; i < n; i++) {
              const p = x[i]!, q = y[i]!;
              if (isAnd) buf[i] = p === 0 || q === 0 ? 0 : p !== p || q !== q ? Number.NaN : 1;
              else buf[i] = (p === p && p !== 0) || (q === q && q !== 0) ? 1 : p !== p || q !== q ? Number.NaN : 0;
            }
            return buf;
          };
        }
        return arith(e.op, a, b);
      }
      case 'call':
        return call(e.fn, e.args.map(compile));
    }
  };

  const call = (fn: FunctionName, args: Node[]): Node => {
    const buf = new Float64Array(BLOCK);
    const unary = UNARY_MATH[fn];
    // as the row evaluator: a function result that is not finite is null
    if (unary) return map1(args[0]!, (x) => finiteOrNaN(unary(x)));
    switch (fn) {
      case 'if': {
        const [c, t, f] = args as [Node, Node, Node];
        return (s, n) => {
          const x = c(s, n), y = t(s, n), z = f(s, n);
          for (let i = 0; i < n; i++) buf[i] = x[i] === x[i] && x[i] !== 0 ? y[i]! : z[i]!;
          return buf;
        };
      }
      case 'coalesce':
        return (s, n) => {
          buf.fill(Number.NaN, 0, n);
          for (const a of args) {
            const x = a(s, n);
            for (let i = 0; i < n; i++) if (buf[i] !== buf[i]) buf[i] = x[i]!;
          }
          return buf;
        };
      case 'min':
      case 'max': {
        const isMin = fn === 'min';
        return (s, n) => {
          buf.set(args[0]!(s, n).subarray(0, n));
          for (const a of args.slice(1)) {
            const x = a(s, n);
            for (let i = 0; i < n; i++) {
              const v = x[i]!;
              const m = buf[i]!;
              buf[i] = v !== v || m !== m ? Number.NaN : isMin ? (v < m ? v : m) : v > m ? v : m;
            }
          }
          return buf;
        };
      }
      case 'pow':
        return map1(arith('^', args[0]!, args[1]!), finiteOrNaN);
      case 'atan2':
        return (s, n) => {
          const y = args[0]!(s, n), x = args[1]!(s, n);
          for (let i = 0; i < n; i++) buf[i] = finiteOrNaN(Math.atan2(y[i]!, x[i]!));
          return buf;
        };
      case 'round':
        if (args.length === 1) return map1(args[0]!, Math.round);
        return (s, n) => {
          const x = args[0]!(s, n), d = args[1]!(s, n);
          for (let i = 0; i < n; i++) {
            const p = 10 ** d[i]!;
            buf[i] = finiteOrNaN(Math.round(x[i]! * p) / p);
          }
          return buf;
        };
      default:
        throw new Error(`no raster evaluator for ${fn}()`);
    }
  };

  const root = compile(expr);
  return {
    names,
    evaluate(given, out, progress) {
      if (given.length !== names.length) throw new Error(`expected ${names.length} inputs, got ${given.length}`);
      for (const a of given) if (a.length !== out.length) throw new Error('input and output sizes differ');
      inputs = given;
      const tick = rowTicker(progress, out.length, { zh: '正在计算', en: 'Computing' }, [0, 80], 64 * BLOCK);
      for (let s = 0; s < out.length; s += BLOCK) {
        tick(s);
        const n = Math.min(BLOCK, out.length - s);
        const r = root(s, n);
        for (let i = 0; i < n; i++) {
          const v = r[i]!;
          // ±Infinity (and overflow past Float32) is no number a layer can hold: nodata
          out[s + i] = v - v === 0 && Math.abs(v) <= 3.4028234663852886e38 ? v : Number.NaN;
        }
      }
      inputs = [];
    },
  };
}

const finiteOrNaN = (v: number): number => (v - v === 0 ? v : Number.NaN);

function comparison(op: string): (a: number, b: number) => boolean {
  switch (op) {
    case '=':
      return (a, b) => a === b;
    case '!=':
      return (a, b) => a !== b;
    case '<':
      return (a, b) => a < b;
    case '<=':
      return (a, b) => a <= b;
    case '>':
      return (a, b) => a > b;
    default:
      return (a, b) => a >= b;
  }
}
