import type { Expr, FunctionName } from './parse';

export type Value = number | string | boolean | null;

const num = (v: Value): number | null => (v === null ? null : typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : Number.isFinite(Number(v)) ? Number(v) : null);
const truthy = (v: Value): boolean | null => (v === null ? null : typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 && !Number.isNaN(v) : v.length > 0);

function compare(op: string, a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  // numbers compare as numbers (attribute text like "12" against 12 too); otherwise as text
  const na = num(a);
  const nb = num(b);
  const [x, y]: [number | string, number | string] = na !== null && nb !== null ? [na, nb] : [String(a), String(b)];
  switch (op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

const MATH: Partial<Record<FunctionName, (...a: number[]) => number>> = {
  abs: Math.abs,
  sqrt: Math.sqrt,
  exp: Math.exp,
  ln: Math.log,
  log10: Math.log10,
  pow: Math.pow,
  floor: Math.floor,
  ceil: Math.ceil,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  atan: Math.atan,
  atan2: Math.atan2,
  min: Math.min,
  max: Math.max,
  round: (x: number, d = 0) => Math.round(x * 10 ** d) / 10 ** d,
};

/**
 * Evaluates an expression for one row (SQL semantics: anything with null is null, except
 * `is null`, `coalesce`, and three-valued and/or). `lookup` answers names; undefined = unknown name.
 */
export function evaluate(e: Expr, lookup: (name: string) => Value | undefined): Value {
  const ev = (x: Expr): Value => evaluate(x, lookup);
  switch (e.type) {
    case 'number':
    case 'string':
    case 'boolean':
      return e.value;
    case 'null':
      return null;
    case 'name': {
      const v = lookup(e.name);
      if (v === undefined) throw new Error(`unknown name ${e.name}`);
      return v;
    }
    case 'unary': {
      const v = ev(e.arg);
      if (e.op === 'not') {
        const t = truthy(v);
        return t === null ? null : !t;
      }
      const n = num(v);
      return n === null ? null : -n;
    }
    case 'isnull': {
      const v = ev(e.arg);
      const isNull = v === null || (typeof v === 'number' && Number.isNaN(v));
      return e.negated ? !isNull : isNull;
    }
    case 'in': {
      const v = ev(e.arg);
      if (v === null) return null;
      const hit = e.list.some((x) => compare('=', v, ev(x)) === true);
      return e.negated ? !hit : hit;
    }
    case 'binary': {
      if (e.op === 'and' || e.op === 'or') {
        const a = truthy(ev(e.left));
        if (e.op === 'and' && a === false) return false;
        if (e.op === 'or' && a === true) return true;
        const b = truthy(ev(e.right));
        if (e.op === 'and') return a === null || b === null ? (b === false ? false : null) : a && b;
        return a === null || b === null ? (b === true ? true : null) : a || b;
      }
      const a = ev(e.left);
      const b = ev(e.right);
      if (['=', '!=', '<', '<=', '>', '>='].includes(e.op)) return compare(e.op, a, b);
      if (e.op === '+' && (typeof a === 'string' || typeof b === 'string') && num(a) === null) {
        return a === null || b === null ? null : `${a}${b}`; // text + text concatenates, as QGIS does
      }
      const x = num(a);
      const y = num(b);
      if (x === null || y === null) return null;
      switch (e.op) {
        case '+':
          return x + y;
        case '-':
          return x - y;
        case '*':
          return x * y;
        case '/':
          return y === 0 ? null : x / y;
        case '%':
          return y === 0 ? null : x % y;
        default:
          return x ** y;
      }
    }
    case 'call': {
      if (e.fn === 'if') {
        const c = truthy(ev(e.args[0]!));
        return c ? ev(e.args[1]!) : ev(e.args[2]!);
      }
      if (e.fn === 'coalesce') {
        for (const a of e.args) {
          const v = ev(a);
          if (v !== null && !(typeof v === 'number' && Number.isNaN(v))) return v;
        }
        return null;
      }
      const args = e.args.map((a) => num(ev(a)));
      if (args.some((a) => a === null)) return null;
      const r = MATH[e.fn]!(...(args as number[]));
      return Number.isFinite(r) ? r : null;
    }
  }
}
