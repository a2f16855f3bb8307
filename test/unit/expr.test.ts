import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, namesIn, parseExpression, toSql, type Value } from '../../shared/expr';

const run = (src: string, row: Record<string, Value> = {}): Value => evaluate(parseExpression(src), (n) => row[n]);

describe('expression language', () => {
  it('follows arithmetic precedence and associativity', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('2 ^ 3 ^ 2')).toBe(512);
    expect(run('-2 ^ 2')).toBe(-4);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('7 % 4 + 1')).toBe(4);
  });

  it('reads Chinese and quoted names, compares, and combines with and/or/not', () => {
    const row = { 高程: 120, 'slope pct': 4, 类型: '加油站' };
    expect(run('高程 > 100 and "slope pct" < 5', row)).toBe(true);
    expect(run('not (高程 >= 100) or 类型 = \'加油站\'', row)).toBe(true);
    expect(run("类型 in ('加油站', '填埋场')", row)).toBe(true);
    expect(run('高程 not in (1, 2)', row)).toBe(true);
    expect(namesIn(parseExpression('高程 * 2 + "slope pct" - 高程'))).toEqual(['高程', 'slope pct']);
  });

  it('propagates null like SQL, with is null, coalesce and three-valued logic', () => {
    const row = { k: null, n: 3 };
    expect(run('k + 1', row)).toBeNull();
    expect(run('k > 1', row)).toBeNull();
    expect(run('k is null', row)).toBe(true);
    expect(run('n is not null', row)).toBe(true);
    expect(run('coalesce(k, n, 0)', row)).toBe(3);
    expect(run('k > 1 and false', row)).toBe(false);
    expect(run('k > 1 or true', row)).toBe(true);
    expect(run('n / 0', row)).toBeNull();
    expect(run('if(n > 2, 10, 20)', row)).toBe(10);
    expect(run('round(3.14159, 2)')).toBe(3.14);
  });

  it('explains what is wrong and where, in Chinese and English', () => {
    const cases: [string, RegExp][] = [
      ['1 +', /表达式结尾/],
      ['foo(1)', /未知函数 foo/],
      ["'abc", /引号未闭合/],
      ['pow(1)', /需要 2 个参数/],
      ['1 2', /运算符或表达式结尾/],
      ['a $ b', /无法识别的符号/],
      ['', /为空/],
    ];
    for (const [src, zh] of cases) {
      let err: unknown;
      try {
        parseExpression(src);
      } catch (e) {
        err = e;
      }
      expect(err, src).toBeInstanceOf(ExprError);
      expect((err as ExprError).message_zh, src).toMatch(zh);
      expect((err as ExprError).message_en.length).toBeGreaterThan(5);
    }
  });

  it('translates to SQLite with bound parameters and gives the same answers as the evaluator', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (fid INTEGER PRIMARY KEY, "名称" TEXT, area REAL, k REAL)');
    const rows = [
      { 名称: '临川区', area: 2.5e9, k: 3 },
      { 名称: "南城'县", area: 1.7e9, k: null },
      { 名称: '黎川县', area: 1.7e9, k: 12 },
    ];
    const ins = db.prepare('INSERT INTO t ("名称", area, k) VALUES (?, ?, ?)');
    for (const r of rows) ins.run(r.名称, r.area, r.k);
    const columns = new Set(['名称', 'area', 'k']);
    for (const src of ["area / 1e9 > 2 or 名称 = '南城''县'", 'k is null', 'k between', 'k in (3, 12) and not area < 2e9', 'k / 4 >= 3']) {
      let e;
      try {
        e = parseExpression(src);
      } catch {
        continue; // 'k between' is not in the language
      }
      const { sql, params } = toSql(e, columns);
      const fromSql = (db.prepare(`SELECT fid FROM t WHERE ${sql} ORDER BY fid`).all(...params) as { fid: number }[]).map((r) => r.fid);
      const fromEval = rows.map((r, i) => (evaluate(e, (n) => (r as Record<string, Value>)[n]) === true ? i + 1 : 0)).filter((i) => i > 0);
      expect(fromSql, src).toEqual(fromEval);
    }
    expect(() => toSql(parseExpression('nope > 1'), columns)).toThrow(/unknown field/);
    db.close();
  });
});
