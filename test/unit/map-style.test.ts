import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import type { Style } from 'ol/style';
import { describe, expect, it } from 'vitest';
import {
  categorizedStyle,
  classBreaks,
  classOf,
  defaultStyle,
  fiveClassRasterStyle,
  graduatedFromBreaks,
  legendItems,
  protectionZoneStyle,
  styleFields,
  type VectorStyle,
} from '../../shared/style';
import { canvasStyleFunction, graduatedClass, rasterColorExpression, webglFlatStyle } from '../../renderer/map/style-ol';

// The map draws from shared/style: its class lookup must be the one the legend and the engine's
// classification use, and the expressions it hands to WebGL must say the same thing.

describe('graduated classes on the map', () => {
  it('puts every value in the class classify.ts puts it in, breaks included', () => {
    const values = Array.from({ length: 500 }, (_, i) => Math.round(Math.sin(i) * 1000) / 10);
    const breaks = classBreaks(values, 'jenks', 5);
    const style = graduatedFromBreaks(breaks, { field: 'v', method: 'jenks', classes: 5, ramp: 'risk', geometryType: 'POLYGON' })!;
    if (style.type !== 'graduated') throw new Error('not graduated');
    for (const v of [...values, ...breaks]) expect(graduatedClass(v, style.classes)).toBe(classOf(v, breaks));
    expect(graduatedClass(breaks[0]! - 1, style.classes)).toBe(-1);
    expect(graduatedClass('12.5', style.classes)).toBe(classOf(12.5, breaks));
    expect(graduatedClass(null, style.classes)).toBe(-1);
  });

  it('draws a feature with its class symbol and nothing for values outside every class', () => {
    const style = graduatedFromBreaks([0, 10, 20], { field: 'v', method: 'manual', classes: 2, ramp: 'blues', geometryType: 'POINT' })!;
    const fn = canvasStyleFunction(style, 'POINT');
    const styles = (v: unknown) => fn(new Feature({ geometry: new Point([0, 0]), v }), 1) as Style[] | undefined;
    expect(styles(5)).toHaveLength(1);
    expect(styles(15)![0]).not.toBe(styles(5)![0]);
    expect(styles(0)![0]).toBe(styles(5)![0]); // the first class includes its minimum
    expect(styles(10)![0]).toBe(styles(5)![0]); // (min, max]
    expect(styles(25)).toBeUndefined();
  });

  it('gives WebGL a case expression with the same upper-inclusive breaks', () => {
    const style = graduatedFromBreaks([0, 10, 20], { field: '指数', method: 'manual', classes: 2, ramp: 'blues', geometryType: 'POLYGON' })!;
    const flat = webglFlatStyle(style, 'POLYGON', () => 'gwz_f0') as Record<string, unknown[]>;
    const fill = flat['fill-color']!;
    expect(fill[0]).toBe('case');
    expect(fill[1]).toEqual(['<', ['get', 'gwz_f0', 'number'], 0]);
    expect(fill[3]).toEqual(['<=', ['get', 'gwz_f0', 'number'], 10]);
    expect(fill[5]).toEqual(['<=', ['get', 'gwz_f0', 'number'], 20]);
    // no field name reaches the shader: only the ASCII alias
    expect(JSON.stringify(flat)).not.toContain('指数');
  });
});

describe('categories, presets and the legend', () => {
  it('matches categories by text, so 1 and "1" are the same class', () => {
    const style = categorizedStyle([{ value: 1 }, { value: 'b' }, { value: null }], { field: 'c', geometryType: 'POLYGON' });
    const fn = canvasStyleFunction(style, 'POLYGON');
    const feature = (c: unknown) => new Feature({ geometry: new Point([0, 0]), c });
    expect(fn(feature('1'), 1)).toEqual(fn(feature(1), 1));
    expect(fn(feature('zz'), 1)).toBeUndefined(); // other: null hides values no category names
    expect(legendItems(style).map((i) => (i.type === 'symbol' ? i.label : ''))).toEqual(['1', 'b', '(空值)']);
    expect(legendItems(style, 'en').map((i) => (i.type === 'symbol' ? i.label : ''))[2]).toBe('(null)');
  });

  it('builds the legend of the domain presets in both languages', () => {
    expect(legendItems(protectionZoneStyle()).map((i) => (i.type === 'symbol' ? i.label : ''))).toEqual(['一级保护区', '二级保护区', '准保护区', '补给区']);
    expect(legendItems(fiveClassRasterStyle(), 'en').map((i) => (i.type === 'swatch' ? i.label : ''))).toEqual([
      'Low',
      'Moderately low',
      'Medium',
      'Moderately high',
      'High',
    ]);
    const ramp = legendItems(defaultStyle({ kind: 'raster', geometryType: null, min: 38.6, max: 1641.4 }));
    expect(ramp).toHaveLength(1);
    expect(ramp[0]!.type === 'ramp' && ramp[0]!.labels).toEqual(['38.6', '439.3', '840', '1241', '1641']);
  });

  it('names the fields a style reads (what the map asks the engine for)', () => {
    const style: VectorStyle = { ...protectionZoneStyle('级别'), label: { field: '名称', size: 9, color: '#222222', halo: null, placement: 'point', allowOverlap: false } };
    expect(styleFields(style)).toEqual(['级别', '名称']);
    expect(styleFields(defaultStyle({ kind: 'vector', geometryType: 'POINT' }))).toEqual([]);
  });
});

describe('raster colour expressions', () => {
  it('paints nodata transparent through the alpha band and class codes by match', () => {
    const expr = rasterColorExpression(fiveClassRasterStyle(), 2);
    expect(expr.slice(0, 3)).toEqual(['case', ['==', ['band', 2], 0], [0, 0, 0, 0]]);
    const match = expr[3] as unknown[];
    expect(match.slice(0, 3)).toEqual(['match', ['band', 1], 1]);
    expect(match[match.length - 1]).toEqual([0, 0, 0, 0]);
  });
});
