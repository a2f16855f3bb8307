import { describe, expect, it } from 'vitest';
import { columnNames, layerTableName } from '../../electron/engine/io/table-name';

describe('layer table names', () => {
  it('are ASCII slugs with the layer id, whatever the display name', () => {
    expect(layerTableName('抚州市县界', 3)).toBe('layer_3');
    expect(layerTableName('Fuzhou counties (2020)', 7)).toBe('fuzhou_counties_2020_7');
    expect(layerTableName('361000_full', 1)).toBe('l_361000_full_1');
    expect(layerTableName('Ünïcödé  "quoted"; DROP TABLE x', 2)).toBe('unicode_quoted_drop_table_x_2');
    expect(layerTableName('a'.repeat(100), 9)).toBe(`${'a'.repeat(40)}_9`);
    for (const name of ['抚州', 'x y', '"', '']) expect(layerTableName(name, 1)).toMatch(/^[a-z][a-z0-9_]*$/);
  });
});

describe('column names', () => {
  it('keep Chinese names and rename clashes with fid/geom and case-insensitive duplicates', () => {
    expect(columnNames(['名称', 'FID', 'Geom', 'name', 'NAME', ' '], ['fid', 'geom'])).toEqual([
      '名称',
      'FID_1',
      'Geom_1',
      'name',
      'NAME_1',
      'field_6',
    ]);
  });
});
