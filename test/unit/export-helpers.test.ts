import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shapefileFieldNames, nameBytes } from '../../electron/engine/io/export/field-names';
import { encodeGbk } from '../../electron/engine/io/export/gbk';
import { zip } from '../../electron/engine/io/zip-write';
import { niceBelow, scaleText } from '../../electron/engine/layout/furniture';
import { fitScale, mapTransform, pageFrame, roundScaleAtLeast } from '../../electron/engine/layout/page';
import { encodePng, pngInfo, withDpi } from '../../electron/engine/layout/png';
import { keyZoneStyle, rasterColorFor, symbolFor } from '../../shared/style';

describe('shapefile field names', () => {
  it('keeps names within 10 bytes, cuts on characters, stays unique (case-insensitively)', () => {
    const utf8 = shapefileFieldNames(['特征污染物', '特征污染', 'concentration_mg', 'CONCENTRATION_X', 'id'], 'UTF-8');
    expect(utf8.map((m) => m.exported)).toEqual(['特征污', '特征_1', 'concentrat', 'CONCENTR_1', 'id']);
    for (const m of utf8) expect(nameBytes(m.exported, 'UTF-8')).toBeLessThanOrEqual(10);
    const gbk = shapefileFieldNames(['特征污染物', '特征污染', '地下水质量类别'], 'GBK');
    expect(gbk.map((m) => m.exported)).toEqual(['特征污染物', '特征污染', '地下水质量']);
  });
});

describe('GBK encoding', () => {
  it('agrees with iconv on Chinese, ASCII and punctuation', () => {
    const text = '抚州市临川区 GWZ-1：硝酸盐（以N计）≤20';
    const ours = encodeGbk(text);
    const dir = mkdtempSync(join(tmpdir(), 'gbk-'));
    writeFileSync(join(dir, 'in.txt'), text, 'utf8');
    const theirs = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK', join(dir, 'in.txt')]);
    expect(ours.equals(theirs)).toBe(true);
    expect(new TextDecoder('gbk').decode(ours)).toBe(text);
  });
});

describe('zip', () => {
  it('writes an archive unzip lists and extracts byte for byte (deflated and stored)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));
    const big = '地下水'.repeat(5000);
    const random = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 251));
    writeFileSync(join(dir, 'a.zip'), zip([{ name: 'doc.kml', data: big }, { name: '图/b.bin', data: random, store: true }]));
    execFileSync('unzip', ['-q', '-t', join(dir, 'a.zip')]);
    // Python's zipfile honours the UTF-8 name flag (Info-ZIP's unzip does not in a C locale)
    const listing = execFileSync('python3', ['-c', 'import sys, zipfile, hashlib; z = zipfile.ZipFile(sys.argv[1]); [print(i.filename, i.compress_type, hashlib.sha256(z.read(i)).hexdigest()) for i in z.infolist()]', join(dir, 'a.zip')], { encoding: 'utf8' });
    const sha = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');
    expect(listing.trim().split('\n')).toEqual([`doc.kml 8 ${sha(big)}`, `图/b.bin 0 ${sha(random)}`]);
  });
});

describe('PNG', () => {
  it('encodes RGBA and records the resolution in pHYs', () => {
    const rgba = new Uint8Array(4 * 3 * 2).fill(200);
    const png = encodePng(rgba, 3, 2);
    expect(pngInfo(png)).toEqual({ width: 3, height: 2, dpi: null });
    const at300 = withDpi(png, 300);
    expect(pngInfo(at300).dpi).toBeCloseTo(300, 1);
    expect(pngInfo(withDpi(at300, 150)).dpi).toBeCloseTo(150, 1); // replaced, not added twice
  });
});

describe('page and scale', () => {
  it('round scales, a fitting scale, and world → page mm at that scale', () => {
    expect(roundScaleAtLeast(180_000)).toBe(200_000);
    expect(roundScaleAtLeast(1_004_000)).toBe(1_500_000);
    expect(roundScaleAtLeast(250_000)).toBe(250_000);
    const frame = pageFrame('A3', 'landscape').map;
    const extent: [number, number, number, number] = [360_000, 2_930_000, 530_000, 3_155_000];
    const scale = fitScale(frame, extent);
    const t = mapTransform(frame, [445_000, 3_042_500], scale);
    // 10 km on the ground is 10 000 000 mm / scale on paper
    expect(t.x(455_000) - t.x(445_000)).toBeCloseTo(10_000_000 / scale, 9);
    expect(t.y(3_042_500) - t.y(3_052_500)).toBeCloseTo(10_000_000 / scale, 9);
    expect(t.extent[2] - t.extent[0]).toBeGreaterThanOrEqual(extent[2] - extent[0]);
    expect(niceBelow(57_300)).toBe(50_000);
    expect(niceBelow(27_000)).toBe(25_000);
    expect(scaleText(250_000)).toBe('1:250 000');
  });
});

describe('style resolution', () => {
  it('picks category symbols by value and raster colours by class', () => {
    const s = keyZoneStyle();
    expect(symbolFor(s, () => 'control1')?.fill).toBe('#e31a1c');
    expect(symbolFor(s, () => 'nothing')).toBeNull();
    const classed = { kind: 'raster' as const, type: 'classed' as const, opacity: 1, classes: [
      { min: 0, max: 10, color: '#000000', label: { zh: '低' } },
      { min: 10, max: 20, color: '#ffffff', label: { zh: '高' } },
    ] };
    expect(rasterColorFor(classed, 0)).toEqual([0, 0, 0, 255]);
    expect(rasterColorFor(classed, 10)).toEqual([0, 0, 0, 255]); // (min, max]: 10 is in the first class
    expect(rasterColorFor(classed, 10.5)).toEqual([255, 255, 255, 255]);
    expect(rasterColorFor(classed, 25)[3]).toBe(0);
  });
});
