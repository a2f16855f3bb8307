import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, toSql, type Value } from '../../shared/expr';

/**
 * Filters and computed fields run as SQL (shared/expr/sql.ts), the raster calculator through the
 * evaluator: on the same rows both must give the same answer, or a table and a map would disagree.
 */
const db = new Database(':memory:');
db.exec('CREATE TABLE t (fid INTEGER PRIMARY KEY, a REAL, b INTEGER, "名称" TEXT)');
const rows: [number | null, number | null, string | null][] = [
  [1.5, 2, '临川区'],
  [-3.25, 7, '南城县'],
  [0, 0, null],
  [null, 5, '东乡区'],
  [10, -4, '资溪县'],
  [5.5, 2, '12'],
];
const ins = db.prepare('INSERT INTO t (a, b, "名称") VALUES (?, ?, ?)');
for (const r of rows) ins.run(...r);
const columns = new Set(['fid', 'a', 'b', '名称']);

const EXPRESSIONS = [
  'a + b * 2',
  'a / b',
  'a % 2',
  '5.5 % b',
  'b ^ 2 - a',
  'max(a, b)',
  'min(a)',
  'max(b)',
  'round(a * 1.234, 2)',
  'abs(a) + sqrt(abs(b))',
  'floor(a) + ceil(a)',
  'coalesce(a, -1)',
  'if(a > b, 1, 0)',
  'a > 1 and b < 5',
  'a is null or b = 5',
  'not (a > 0)',
  "\"名称\" = '临川区'",
  "\"名称\" in ('南城县', '资溪县')",
  '"名称" is not null',
  'ln(abs(a) + 1) + log10(abs(b) + 1)',
  'pow(b, 2) + exp(0)',
  'atan2(a, b)',
];

describe('shared/expr SQL equals the evaluator', () => {
  for (const source of EXPRESSIONS) {
    it(source, () => {
      const e = parseExpression(source);
      const { sql, params } = toSql(e, columns);
      const got = db.prepare(`SELECT fid, a, b, "名称" AS n, ${sql} AS v FROM t ORDER BY fid`).all(...params) as {
        a: number | null;
        b: number | null;
        n: string | null;
        v: Value;
      }[];
      for (const r of got) {
        const lookup = (name: string): Value | undefined => ({ a: r.a, b: r.b, 名称: r.n, fid: null })[name];
        let expected = evaluate(e, lookup);
        if (typeof expected === 'boolean') expected = expected ? 1 : 0;
        if (typeof expected === 'number' && typeof r.v === 'number') expect(r.v).toBeCloseTo(expected, 10);
        else expect(r.v).toEqual(expected);
      }
    });
  }
});
