/**
 * The one expression language of the workbench: the raster calculator (`"高程" > 100 and slope < 5`),
 * attribute filters (`adcode in (361002, 361003)`) and computed fields (`area / 1e6`). SQL-like so
 * technicians who know QGIS expressions read it at once: numbers, 'strings', "quoted names" or bare
 * names (Chinese allowed), + - * / % ^, = != <> < <= > >=, and / or / not, `x in (…)`, `x is null`,
 * and a fixed list of functions. Parsed into an AST (never eval'd); evaluators live beside it.
 */

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '=' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or';

export type Expr =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  /** `pos`: 0-based character offset of the name in the source, for messages about it. */
  | { type: 'name'; name: string; pos?: number }
  | { type: 'unary'; op: '-' | 'not'; arg: Expr }
  | { type: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'call'; fn: FunctionName; args: Expr[] }
  | { type: 'in'; arg: Expr; list: Expr[]; negated: boolean }
  | { type: 'isnull'; arg: Expr; negated: boolean };

/** Functions and their arity [min, max]. */
export const FUNCTIONS = {
  abs: [1, 1],
  sqrt: [1, 1],
  exp: [1, 1],
  ln: [1, 1],
  log10: [1, 1],
  pow: [2, 2],
  min: [1, 16],
  max: [1, 16],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  atan: [1, 1],
  atan2: [2, 2],
  if: [3, 3],
  coalesce: [1, 16],
} as const satisfies Record<string, readonly [number, number]>;
export type FunctionName = keyof typeof FUNCTIONS;

export class ExprError extends Error {
  constructor(
    readonly message_zh: string,
    readonly message_en: string,
    /** 0-based character offset in the source. */
    readonly position: number,
  ) {
    super(message_en);
    this.name = 'ExprError';
  }
}

type Token =
  | { kind: 'number'; value: number; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'name'; value: string; quoted: boolean; pos: number }
  | { kind: 'op'; value: string; pos: number }
  | { kind: 'end'; pos: number };

const NAME_START = /[A-Za-z_\u3400-\u9fff\uf900-\ufaff]/;
const NAME_PART = /[A-Za-z0-9_\u3400-\u9fff\uf900-\ufaff]/;
const OPS = ['<=', '>=', '!=', '<>', '==', '&&', '||', '+', '-', '*', '/', '%', '^', '=', '<', '>', '(', ')', ',', '!'];

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const start = i;
    if (/[0-9.]/.test(ch)) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(src.slice(i));
      if (!m) throw new ExprError(`无法识别的数字（第 ${i + 1} 个字符）`, `Bad number at character ${i + 1}`, i);
      out.push({ kind: 'number', value: Number(m[0]), pos: start });
      i += m[0].length;
      continue;
    }
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= src.length) {
          throw new ExprError(`引号未闭合（第 ${start + 1} 个字符起）`, `Unclosed quote starting at character ${start + 1}`, start);
        }
        if (src[j] === ch) {
          if (src[j + 1] === ch) {
            text += ch; // doubled quote = the quote itself, as in SQL
            j += 2;
            continue;
          }
          break;
        }
        text += src[j];
        j++;
      }
      out.push(ch === "'" ? { kind: 'string', value: text, pos: start } : { kind: 'name', value: text, quoted: true, pos: start });
      i = j + 1;
      continue;
    }
    if (NAME_START.test(ch)) {
      let j = i + 1;
      while (j < src.length && NAME_PART.test(src[j]!)) j++;
      out.push({ kind: 'name', value: src.slice(i, j), quoted: false, pos: start });
      i = j;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new ExprError(`无法识别的符号「${ch}」（第 ${i + 1} 个字符）`, `Unexpected character "${ch}" at ${i + 1}`, i);
    out.push({ kind: 'op', value: op, pos: start });
    i += op.length;
  }
  out.push({ kind: 'end', pos: src.length });
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false']);

/** Binding power of binary operators (higher binds tighter). */
const PRECEDENCE: Record<string, number> = { or: 1, and: 2, '=': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6, '^': 8 };

export function parseExpression(src: string): Expr {
  if (src.trim().length === 0) throw new ExprError('表达式为空', 'The expression is empty', 0);
  const tokens = tokenize(src);
  let p = 0;
  const peek = (): Token => tokens[p]!;
  const next = (): Token => tokens[p++]!;
  const isKw = (t: Token, kw: string): boolean => t.kind === 'name' && !t.quoted && t.value.toLowerCase() === kw;
  const isOp = (t: Token, op: string): boolean => t.kind === 'op' && t.value === op;
  const expect = (op: string): void => {
    const t = next();
    if (!isOp(t, op)) throw unexpected(t, `「${op}」`, `"${op}"`);
  };
  const unexpected = (t: Token, wantZh: string, wantEn: string): ExprError => {
    const got = t.kind === 'end' ? '表达式结尾' : `「${'value' in t ? String(t.value) : ''}」`;
    const gotEn = t.kind === 'end' ? 'the end' : `"${'value' in t ? String(t.value) : ''}"`;
    return new ExprError(`第 ${t.pos + 1} 个字符处应为${wantZh}，却是${got}`, `Expected ${wantEn} at character ${t.pos + 1}, found ${gotEn}`, t.pos);
  };

  const binaryOpOf = (t: Token): BinaryOp | null => {
    if (t.kind === 'op') {
      const map: Record<string, BinaryOp> = { '==': '=', '<>': '!=', '&&': 'and', '||': 'or' };
      const op = map[t.value] ?? t.value;
      return op in PRECEDENCE ? (op as BinaryOp) : null;
    }
    if (isKw(t, 'and')) return 'and';
    if (isKw(t, 'or')) return 'or';
    return null;
  };

  function primary(): Expr {
    const t = next();
    if (t.kind === 'number') return { type: 'number', value: t.value };
    if (t.kind === 'string') return { type: 'string', value: t.value };
    if (isOp(t, '(')) {
      const e = expression(0);
      expect(')');
      return e;
    }
    if (isOp(t, '-')) return { type: 'unary', op: '-', arg: expression(7) };
    if (isOp(t, '!') || isKw(t, 'not')) return { type: 'unary', op: 'not', arg: expression(3) };
    if (t.kind === 'name') {
      if (!t.quoted) {
        const kw = t.value.toLowerCase();
        if (kw === 'true' || kw === 'false') return { type: 'boolean', value: kw === 'true' };
        if (kw === 'null') return { type: 'null' };
        if (KEYWORDS.has(kw)) throw unexpected(t, '一个值', 'a value');
        if (isOp(peek(), '(')) return call(t.value.toLowerCase(), t.pos);
      }
      return { type: 'name', name: t.value, pos: t.pos };
    }
    throw unexpected(t, '一个值', 'a value');
  }

  function call(name: string, pos: number): Expr {
    if (!(name in FUNCTIONS)) {
      throw new ExprError(`未知函数 ${name}()（可用：${Object.keys(FUNCTIONS).join(', ')}）`, `Unknown function ${name}() (available: ${Object.keys(FUNCTIONS).join(', ')})`, pos);
    }
    const fn = name as FunctionName;
    expect('(');
    const args: Expr[] = [];
    if (!isOp(peek(), ')')) {
      args.push(expression(0));
      while (isOp(peek(), ',')) {
        next();
        args.push(expression(0));
      }
    }
    expect(')');
    const [min, max] = FUNCTIONS[fn];
    if (args.length < min || args.length > max) {
      const want = min === max ? `${min}` : `${min}–${max}`;
      throw new ExprError(`函数 ${fn}() 需要 ${want} 个参数，给了 ${args.length} 个`, `${fn}() takes ${want} arguments, got ${args.length}`, pos);
    }
    return { type: 'call', fn, args };
  }

  function postfix(left: Expr): Expr {
    for (;;) {
      const t = peek();
      // x [not] in (…)
      if (isKw(t, 'in') || (isKw(t, 'not') && isKw(tokens[p + 1]!, 'in'))) {
        const negated = isKw(t, 'not');
        p += negated ? 2 : 1;
        expect('(');
        const list = [expression(0)];
        while (isOp(peek(), ',')) {
          next();
          list.push(expression(0));
        }
        expect(')');
        left = { type: 'in', arg: left, list, negated };
        continue;
      }
      // x is [not] null
      if (isKw(t, 'is')) {
        next();
        const negated = isKw(peek(), 'not');
        if (negated) next();
        const n = next();
        if (!isKw(n, 'null')) throw unexpected(n, ' null', ' null');
        left = { type: 'isnull', arg: left, negated };
        continue;
      }
      return left;
    }
  }

  function expression(minPrec: number): Expr {
    let left = postfix(primary());
    for (;;) {
      const op = binaryOpOf(peek());
      if (!op) return left;
      const prec = PRECEDENCE[op]!;
      if (prec <= minPrec) return left;
      next();
      // ^ is right-associative: 2^3^2 = 2^9
      const right = expression(op === '^' ? prec - 1 : prec);
      left = postfix({ type: 'binary', op, left, right });
    }
  }

  const e = expression(0);
  const rest = peek();
  if (rest.kind !== 'end') throw unexpected(rest, '运算符或表达式结尾', 'an operator or the end');
  return e;
}

/** Every name an expression reads (fields or raster layers), in order of first use. */
export function namesIn(e: Expr): string[] {
  const out: string[] = [];
  const walk = (x: Expr): void => {
    switch (x.type) {
      case 'name':
        if (!out.includes(x.name)) out.push(x.name);
        break;
      case 'unary':
      case 'isnull':
        walk(x.arg);
        break;
      case 'binary':
        walk(x.left);
        walk(x.right);
        break;
      case 'call':
        x.args.forEach(walk);
        break;
      case 'in':
        walk(x.arg);
        x.list.forEach(walk);
        break;
      default:
    }
  };
  walk(e);
  return out;
}
