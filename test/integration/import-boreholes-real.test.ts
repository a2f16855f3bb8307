import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testData } from '../support/data';
import { engineFixture, type EngineFixture } from './harness/engine-fixture';

let f: EngineFixture;
beforeEach(async () => {
  f = await engineFixture();
});
afterEach(async () => {
  await f.dispose();
});

const NGIS = (name: string) => testData(`boreholes/bungendore_ngis/${name}`);

/**
 * The documented preprocessing for DINO exports (docs in SOURCES.md): the file holds a metadata
 * block, a well table and an observation table, each starting at a "Locatie," header line. Each
 * table goes to its own CSV, which GDAL then reads like any other.
 */
function splitDino(path: string, dir: string): { wells: string; levels: string } {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const starts = lines.flatMap((l, i) => (l.startsWith('Locatie,') ? [i] : []));
  const section = (from: number, to: number) => lines.slice(from, to).filter((l) => l.trim() !== '').join('\n') + '\n';
  const wells = join(dir, 'dino-wells.csv');
  const levels = join(dir, 'dino-levels.csv');
  writeFileSync(wells, section(starts[0]!, starts[1]!));
  writeFileSync(levels, section(starts[1]!, lines.length));
  return { wells, levels };
}

describe('boreholes.import with real foreign data', () => {
  it('NGIS Bungendore: 97 collars from the shapefile table, lithology codes from the CSV with field overrides', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'ngis.gwz'), crs: 'EPSG:32755' });
    const collars = (
      await f.client.runJob('boreholes.import', {
        path: NGIS('bungendore_sample_logs.shp'),
        kind: 'collars',
        fieldMap: { hole_id: 'HydroCode', depth: 'BoreDepth', elevation: 'RefElev' },
      })
    ).result;
    // Easting/Northing attributes are found by their names, so no axis guessing is needed.
    expect(collars).toMatchObject({ rowsRead: 97, rowsImported: 97, rejected: [] });
    expect(collars.mapping).toMatchObject({ easting: 'Easting', northing: 'Northing' });
    const [minx, miny, maxx, maxy] = collars.layer!.extent!;
    // ogrinfo: Extent: (718704.99, 6095069.60) - (722881.99, 6098777.00)
    expect([minx, miny, maxx, maxy].map(Math.round)).toEqual([718705, 6095070, 722882, 6098777]);

    const lith = (
      await f.client.runJob('boreholes.import', {
        path: NGIS('litho_logs_sample.csv'),
        kind: 'lithology',
        fieldMap: { hole_id: 'HydroCode', top: 'FromDepth', bottom: 'ToDepth', lithology: 'MajorLithCode', description: 'Description' },
        skipRejected: true,
      })
    ).result;
    expect(lith.rowsRead).toBe(778);
    expect(lith.rowsImported + lith.rejected.length).toBe(778);
    // CLAY, GRVL, SAND, SHLE… are standard codes; 137 rows lie below the recorded bore depth
    expect(lith.rowsImported).toBe(537);
    expect(lith.rejected.filter((r) => r.reason_en.includes('deeper than the hole')).length).toBe(137);
    const reasons = new Set(lith.rejected.map((r) => r.reason_en.replace(/".*"|[\d.]+/g, '…')));
    // 'None' (27 rows) and rare NGIS codes are unknown lithology; the rest are interval problems
    expect(lith.rejected.filter((r) => r.value === 'None').length).toBe(27);
    expect([...reasons].every((r) => /Unknown lithology|overlaps|Gap|deeper than the hole|not a known borehole/.test(r))).toBe(true);
    expect((await f.client.api.boreholes.summary({})).lithology).toBe(lith.rowsImported);
    // GW058949.1.1 (bore depth 57 m) is logged 0–57 m in nine unsorted rows: all kept
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(f.dir, 'ngis.gwz'), { readonly: true });
    try {
      const rows = db.prepare("SELECT top, bottom, code FROM gw_lithology WHERE hole_id = 'GW058949.1.1' ORDER BY top").all() as { top: number; bottom: number; code: string }[];
      expect(rows).toHaveLength(9);
      expect(rows[0]).toEqual({ top: 0, bottom: 0.9, code: 'FILL' }); // TPSL (topsoil)
      expect(rows.at(-1)!.bottom).toBe(57);
    } finally {
      db.close();
    }
  });

  it('DINO: wells and levels in cm from the split sections, dd-mm-yyyy dates', async () => {
    await f.client.api.project.create({ path: join(f.dir, 'dino.gwz'), crs: 'EPSG:28992' });
    const { wells, levels } = splitDino(testData('boreholes/dino_nl_levels/B33F0133002_1.csv'), f.dir);
    const c = (
      await f.client.runJob('boreholes.import', {
        path: wells,
        kind: 'collars',
        xField: 'X-coordinaat',
        yField: 'Y-coordinaat',
        fieldMap: { hole_id: 'Locatie', elevation: 'Maaiveld (cm t.o.v. NAP)' },
        skipRejected: true,
      })
    ).result;
    // the well table repeats the well once per measuring period
    expect(c).toMatchObject({ rowsRead: 2, rowsImported: 1 });
    expect(c.rejected[0]).toMatchObject({ row: 3, field: 'hole_id' });
    const l = (
      await f.client.runJob('boreholes.import', {
        path: levels,
        kind: 'levels',
        fieldMap: { hole_id: 'Locatie', date: 'Peildatum', depth_to_water: 'Stand (cm t.o.v. MV)', level: 'Stand (cm t.o.v. NAP)' },
        skipRejected: true,
      })
    ).result;
    expect(l.rowsImported).toBeGreaterThan(300);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(f.dir, 'dino.gwz'), { readonly: true });
    try {
      expect(db.prepare('SELECT elevation FROM gw_collars').get()).toEqual({ elevation: 6.5 });
      // 14-12-1989: 543 cm below ground, 107 cm above NAP
      expect(db.prepare("SELECT depth_to_water, level FROM gw_levels WHERE date = '1989-12-14'").get()).toEqual({ depth_to_water: 5.43, level: 1.07 });
    } finally {
      db.close();
    }
  });
});
