import { execFileSync } from 'node:child_process';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { CRS_LIST, findCrs, suggestGk3Cgcs2000 } from '../../shared/crs';

// The offline CRS table must say what PROJ/EPSG says; gdalsrsinfo is the reference.
function gdalProj4(code: string): string {
  return execFileSync('gdalsrsinfo', ['-o', 'proj4', code], { encoding: 'utf8' }).replace(/'/g, '').trim();
}

const norm = (s: string) => s.split(/\s+/).filter((t) => t !== '+type=crs').sort().join(' ');

describe('shared/crs', () => {
  it('has unique codes and Chinese and English names for every entry', () => {
    const codes = new Set(CRS_LIST.map((c) => c.code));
    expect(codes.size).toBe(CRS_LIST.length);
    expect(CRS_LIST.length).toBeGreaterThan(100);
    for (const c of CRS_LIST) {
      expect(c.name_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.name_en).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it.each([
    'EPSG:4490',
    'EPSG:4513',
    'EPSG:4527',
    'EPSG:4533',
    'EPSG:4534',
    'EPSG:4548',
    'EPSG:4554',
    'EPSG:4491',
    'EPSG:4508',
    'EPSG:2415',
    'EPSG:2435',
    'EPSG:2360',
    'EPSG:2379',
  ])('%s matches gdalsrsinfo', (code) => {
    const def = findCrs(code);
    expect(def, code).toBeDefined();
    expect(norm(def!.proj4)).toBe(norm(gdalProj4(code)));
  });

  it('projects a point in Fuzhou like gdaltransform does', () => {
    const def = findCrs('EPSG:4548')!;
    const [x, y] = proj4(findCrs('EPSG:4490')!.proj4, def.proj4, [116.3582, 27.9492]);
    const out = execFileSync('gdaltransform', ['-s_srs', 'EPSG:4490', '-t_srs', 'EPSG:4548', '-output_xy'], {
      input: '116.3582 27.9492\n',
      encoding: 'utf8',
    });
    const [gx, gy] = out.trim().split(/\s+/).map(Number) as [number, number];
    expect(Math.abs(x! - gx)).toBeLessThan(0.001);
    expect(Math.abs(y! - gy)).toBeLessThan(0.001);
    expect(x!).toBeGreaterThan(400_000);
    expect(x!).toBeLessThan(500_000);
  });

  it('suggests the CGCS2000 3-degree zone for a longitude', () => {
    expect(suggestGk3Cgcs2000(116.36).code).toBe('EPSG:4548');
    expect(suggestGk3Cgcs2000(119.4).code).toBe('EPSG:4549');
    expect(findCrs('epsg:4548')?.srid).toBe(4548);
    expect(findCrs('EPSG:99999')).toBeUndefined();
  });
});
