import { describe, expect, it } from 'vitest';
import { fieldForHeader, headerUnit, normaliseHeader } from '../../shared/domain/header-synonyms';
import { findLithology, LITHOLOGIES } from '../../shared/domain/lithology';
import { normaliseConcentrationUnit, toMetresPerDay, toMgPerL } from '../../shared/domain/units';
import { parseDate, parseMeasured, parseNumber } from '../../electron/engine/io/tables/parse-values';

describe('lithology codes', () => {
  it('finds Chinese names, weathered variants, aliases and NGIS codes', () => {
    expect(findLithology('粉质黏土')?.code).toBe('SICL');
    expect(findLithology('粉质粘土')?.code).toBe('SICL');
    expect(findLithology('强风化泥质粉砂岩')?.code).toBe('SLSN');
    expect(findLithology('残坡积粉质黏土')?.code).toBe('SICL');
    expect(findLithology('GRVL')?.code).toBe('GRVL');
    expect(findLithology('clay')?.code).toBe('CLAY');
    expect(findLithology('月岩')).toBeNull();
    expect(findLithology('全风化')).toBeNull();
  });

  it('has unique codes and no name claimed by two rocks', () => {
    expect(new Set(LITHOLOGIES.map((l) => l.code)).size).toBe(LITHOLOGIES.length);
    const keys = LITHOLOGIES.flatMap((l) => [l.code, l.name_zh, ...l.aliases].map((k) => k.toLowerCase()));
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i && LITHOLOGIES.filter((l) => [l.code, l.name_zh, ...l.aliases].map((x) => x.toLowerCase()).includes(k)).length > 1);
    expect(dup).toEqual([]);
  });
});

describe('units', () => {
  it('converts μg/L and mmol/L (where the molar mass is defined) to mg/L', () => {
    expect(toMgPerL(25, 'ug/L', '锰')).toEqual({ ok: true, mgPerL: 0.025 });
    expect(toMgPerL(2, 'µg/l', '铁')).toEqual({ ok: true, mgPerL: 0.002 });
    const ca = toMgPerL(1, 'mmol/L', '钙');
    expect(ca.ok && ca.mgPerL).toBeCloseTo(40.078, 6);
    const n = toMgPerL(1, 'mmol/L', '硝酸盐(以N计)');
    expect(n.ok && n.mgPerL).toBeCloseTo(14.007, 6);
    expect(toMgPerL(1, 'mmol/L', '耗氧量')).toEqual({ ok: false, reason: 'molar-mass' });
    expect(toMgPerL(1, 'ppt', '氨氮')).toEqual({ ok: false, reason: 'unit' });
    expect(normaliseConcentrationUnit('毫克/升')).toBe('mg/L');
  });

  it('converts conductivity to m/d', () => {
    expect(toMetresPerDay(1e-3, 'cm/s')).toBeCloseTo(0.864, 9);
    expect(toMetresPerDay(5, 'm/d')).toBe(5);
    expect(toMetresPerDay(5, 'ft/d')).toBeNull();
  });
});

describe('header synonyms', () => {
  it('maps Chinese and English headers, with units in brackets', () => {
    expect(normaliseHeader(' 孔深（m） ')).toBe('孔深');
    expect(headerUnit('渗透系数K(cm/s)')).toBe('cm/s');
    expect(fieldForHeader('collars', '孔口高程(m)')).toBe('elevation');
    expect(fieldForHeader('collars', '纵坐标')).toBe('northing');
    expect(fieldForHeader('collars', '横坐标')).toBe('easting');
    expect(fieldForHeader('collars', 'Hole ID')).toBe('hole_id');
    expect(fieldForHeader('tests', '渗透系数K(m/d)')).toBe('k');
    expect(fieldForHeader('quality', '检出限')).toBe('detection_limit');
    expect(fieldForHeader('lithology', '备注')).toBeNull();
  });
});

describe('cell values', () => {
  it('parses numbers, dates and detection-limit marks', () => {
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('１２.５')).toBe(12.5);
    expect(parseNumber('约5米')).toBeNaN();
    expect(parseNumber('')).toBeNull();
    expect(parseDate('2023/4/5')).toBe('2023-04-05');
    expect(parseDate('2023年4月5日')).toBe('2023-04-05');
    expect(parseDate('14-12-1989')).toBe('1989-12-14');
    expect(parseDate('45000')).toBe('2023-03-15'); // Excel serial day
    expect(parseDate('2023-02-30')).toBeNull();
    expect(parseMeasured('<0.02')).toEqual({ kind: 'value', value: 0.02, qualifier: '<' });
    expect(parseMeasured('＜0.02')).toEqual({ kind: 'value', value: 0.02, qualifier: '<' });
    expect(parseMeasured('未检出')).toEqual({ kind: 'nd' });
    expect(parseMeasured('ND')).toEqual({ kind: 'nd' });
    expect(parseMeasured('0.35')).toEqual({ kind: 'value', value: 0.35, qualifier: null });
    expect(parseMeasured('-1')).toEqual({ kind: 'invalid' });
  });
});
