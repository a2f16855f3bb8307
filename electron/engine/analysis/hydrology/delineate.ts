import { GwzError } from '../../../../shared/api';
import { subProgress, type Cooperation } from '../core/cooperate';
import { polygonizeMask } from '../core/polygonize';
import type { RasterArray } from '../core/raster-array';
import { flowAccumulation } from './accumulation';
import { catchmentMask } from './catchment';
import { flowDirections } from './flow-routing';
import { placeOutlets, type Outlet, type PlacedOutlet } from './outlets';

export interface DelineatedCatchment extends PlacedOutlet {
  cells: number;
  areaKm2: number;
  /** MultiPolygon WKB in the DEM's CRS. */
  wkb: Buffer;
}

/**
 * Catchments of outlets on a DEM, start to finish: depression filling and D8 routing, flow accumulation,
 * each outlet snapped to the highest accumulation within `snapRadius` (2 cells when absent), its
 * upslope cells traced and turned into a polygon. The one entry point for a DEM-based catchment —
 * analysis.catchment and the recharge-area workflow both call it.
 */
export async function delineateCatchments(
  dem: RasterArray,
  outlets: Outlet[],
  opts: Cooperation & { snapRadius?: number; routed?: { dir: Uint8Array; acc?: Int32Array } } = {},
): Promise<DelineatedCatchment[]> {
  const { grid } = dem;
  const dir = opts.routed?.dir ?? (await flowDirections(dem.data, grid.width, grid.height, grid, subProgress(opts, 0, 0.7))).dir;
  const acc = opts.routed?.acc ?? (await flowAccumulation(dir, grid.width, grid.height, subProgress(opts, 0.7, 0.8)));
  const placed = placeOutlets(outlets, grid, acc, dir, opts.snapRadius);
  const cellKm2 = (grid.dx * grid.dy) / 1e6;
  const out: DelineatedCatchment[] = [];
  for (const [i, p] of placed.entries()) {
    const part = subProgress(opts, 0.8 + (0.2 * i) / placed.length, 0.8 + (0.2 * (i + 1)) / placed.length);
    const { mask, cells, bounds } = await catchmentMask(dir, grid.width, grid.height, p.cell, part);
    const wkb = await polygonizeMask(mask, grid, bounds);
    if (!wkb) throw new GwzError('INTERNAL', '汇水区为空。', 'The catchment is empty.', { outlet: p.id });
    out.push({ ...p, cells, areaKm2: cells * cellKm2, wkb });
  }
  return out;
}
