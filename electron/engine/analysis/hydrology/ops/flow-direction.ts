import type { OperationImpl } from '../../core/run-analysis';
import { emptyRaster } from '../../core/raster-array';
import { D8_OUTLET, esriCode } from '../d8';
import { routeDem } from './route-dem';

/** Legend of the stored codes (ArcGIS D8 encoding). */
const DIRECTIONS: { code: number; zh: string; en: string; color: string }[] = [
  { code: 1, zh: '东', en: 'E', color: '#e41a1c' },
  { code: 2, zh: '东南', en: 'SE', color: '#ff7f00' },
  { code: 4, zh: '南', en: 'S', color: '#ffd92f' },
  { code: 8, zh: '西南', en: 'SW', color: '#a6d854' },
  { code: 16, zh: '西', en: 'W', color: '#4daf4a' },
  { code: 32, zh: '西北', en: 'NW', color: '#66c2a5' },
  { code: 64, zh: '北', en: 'N', color: '#377eb8' },
  { code: 128, zh: '东北', en: 'NE', color: '#984ea3' },
  { code: 0, zh: '流出边界', en: 'Off the grid', color: '#000000' },
];

export const D8_STYLE = JSON.stringify({
  kind: 'raster',
  type: 'paletted',
  entries: DIRECTIONS.map((d) => ({ value: d.code, color: d.color, label: { zh: d.zh, en: d.en } })),
  opacity: 1,
});

/** D8 directions as a Byte raster in ArcGIS codes (1 E … 128 NE, 0 off the grid, 255 nodata). */
export const flowDirection: OperationImpl<'analysis.flowDirection'> = async (req, ctx) => {
  const { name, grid, dir } = await routeDem(ctx, req.dem, 0, 85);
  const out = emptyRaster(grid);
  let outletCells = 0;
  for (let i = 0; i < dir.length; i++) {
    const k = dir[i]!;
    if (k === D8_OUTLET) outletCells++;
    if (k <= D8_OUTLET) out.data[i] = esriCode(k);
  }
  return {
    outputs: [{ kind: 'raster', name: req.outputName ?? `${name}_D8流向`, raster: out, type: 'Byte', style: D8_STYLE }],
    extra: { outletCells },
  };
};
