import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { evaluate, parseExpression, toSql, type Value } from '../../shared/expr';
import { gbt14848Class, gbt14848Key, gbt14848Limits } from '../../shared/domain/gbt14848-limits';

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

describe('GB/T 14848 single-indicator classes', () => {
  it('takes the better class on shared limits and treats non-detects by their limit', () => {
    const phenol = gbt14848Limits('挥发性酚类')!;
    expect(gbt14848Class(phenol, 0.001)).toBe(1); // 从优不从劣
    expect(gbt14848Class(phenol, 0.0015)).toBe(3);
    expect(gbt14848Class(gbt14848Limits('铁')!, 0.1 + 0.2)).toBe(3); // 0.30000000000000004 is ≤ 0.3
    expect(gbt14848Class(gbt14848Limits('氨氮')!, 2)).toBe(5);
    expect(gbt14848Class(gbt14848Limits('氨氮')!, null, 0.01)).toBe(1);
    expect(gbt14848Class(gbt14848Limits('氨氮')!, null, 0.05)).toBeNull();
    expect(gbt14848Key('硝酸盐（以N计）')).toBe('硝酸盐');
    expect(gbt14848Key('铬(六价)')).toBe('铬（六价）');
    expect(gbt14848Key('pH')).toBeNull();
  });
});
