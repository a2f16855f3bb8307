import type { Expr } from './parse';

/**
 * The expression as an SQLite WHERE/SELECT fragment with bound parameters, so filters and computed
 * fields on large layers run inside the database. Names become quoted columns (only those `columns`
 * lists: anything else is refused); values are always parameters, never spliced in.
 */
export function toSql(e: Expr, columns: ReadonlySet<string>): { sql: string; params: (number | string)[] } {
  const params: (number | string)[] = [];
  const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  const walk = (x: Expr): string => {
    switch (x.type) {
      case 'number':
      case 'string':
        params.push(x.value);
        return '?';
      case 'boolean':
        return x.value ? '1' : '0';
      case 'null':
        return 'NULL';
      case 'name':
        if (!columns.has(x.name)) throw new Error(`unknown field ${x.name}`);
        return q(x.name);
      case 'unary':
        return x.op === 'not' ? `(NOT ${walk(x.arg)})` : `(-${walk(x.arg)})`;
      case 'isnull':
        return `(${walk(x.arg)} IS ${x.negated ? 'NOT ' : ''}NULL)`;
      case 'in':
        return `(${walk(x.arg)} ${x.negated ? 'NOT ' : ''}IN (${x.list.map(walk).join(', ')}))`;
      case 'binary': {
        const op = { and: 'AND', or: 'OR', '^': null, '%': '%' }[x.op as string] ?? x.op;
        if (x.op === '^') return `power(${walk(x.left)}, ${walk(x.right)})`;
        // SQLite integer division truncates: force real division as the evaluator does
        if (x.op === '/') return `(CAST(${walk(x.left)} AS REAL) / NULLIF(${walk(x.right)}, 0))`;
        // SQLite's % truncates both sides to integers; mod() keeps fractions as the evaluator does
        if (x.op === '%') return `mod(${walk(x.left)}, NULLIF(${walk(x.right)}, 0))`;
        return `(${walk(x.left)} ${op} ${walk(x.right)})`;
      }
      case 'call': {
        // one-argument min()/max() are aggregates in SQLite; as scalars they are the argument itself
        if ((x.fn === 'min' || x.fn === 'max') && x.args.length === 1) return `(${walk(x.args[0]!)})`;
        const args = x.args.map(walk);
        const map: Record<string, string> = { ln: 'ln', log10: 'log10', pow: 'power', if: 'iif', ceil: 'ceil', floor: 'floor' };
        return `${map[x.fn] ?? x.fn}(${args.join(', ')})`;
      }
    }
  };
  return { sql: walk(e), params };
}
