import { describe, expect, it } from 'vitest';
import { detectEncoding, detectShapefileEncoding, normaliseEncoding } from '../../electron/engine/io/vector/encoding';
import { testData } from '../support/data';

describe('shapefile DBF encoding: .cpg, then LDID, then detection (the traps in SOURCES.md)', () => {
  it.each([
    ['shp_encoding/bou2_4p/bou2_4p.shp', 'CP936', 'detected'], // GBK, LDID 0, no .cpg
    ['shp_encoding/geotools_chinese_poly/chinese_poly.shp', 'CP936', 'detected'],
    ['shp_encoding/dijishi_points/地级市点位数据.shp', 'CP936', 'ldid'], // LDID 0x4D
    ['shp_encoding/shapefile_rs_cp936/file_cp936.shp', 'CP936', 'cpg'], // .cpg "936"
    ['boundaries/garybikini_fuzhou/抚州市.shp', 'UTF-8', 'detected'], // UTF-8 without any hint
  ])('%s → %s from %s', (path, encoding, source) => {
    const found = detectShapefileEncoding(testData(path));
    expect(found).toMatchObject({ detected: encoding, source });
    expect(found!.candidates[0]).toBe(encoding === 'UTF-8' ? 'UTF-8' : 'CP936');
  });

  it('normalises what .cpg files and people write', () => {
    expect(['936', 'CP936', 'gbk', ' GB2312\n'].map(normaliseEncoding)).toEqual(['CP936', 'CP936', 'CP936', 'CP936']);
    expect(['UTF-8', 'utf8', '65001'].map(normaliseEncoding)).toEqual(['UTF-8', 'UTF-8', 'UTF-8']);
    expect(normaliseEncoding('1252')).toBe('CP1252');
  });

  it('detects among UTF-8, GBK and Windows-1252 on raw bytes', () => {
    expect(detectEncoding(new Uint8Array(Buffer.from('江西省 Jiangxi', 'utf8'))).detected).toBe('UTF-8');
    expect(detectEncoding(new Uint8Array([0xbd, 0xad, 0xce, 0xf7, 0xca, 0xa1]))).toEqual({ detected: 'CP936', source: 'detected' }); // 江西省
    expect(detectEncoding(new Uint8Array(Buffer.from('Café Zürich', 'latin1'))).detected).toBe('CP1252');
    expect(detectEncoding(new Uint8Array(Buffer.from('plain ascii'))).source).toBe('utf8-default');
  });
});
