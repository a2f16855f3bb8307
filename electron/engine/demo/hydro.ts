import { DEMO_EXTENT, MAIN_RIVER, TRIBUTARIES, distanceToPolyline } from './region';
import { elevation } from './terrain';

/**
 * Hydrogeological setting of the demo, shared by the units layer, the boreholes and the water
 * levels so they agree: valley alluvium along rivers, red-bed basin in the low north, bedrock in
 * the hills, and karst in a few limestone patches.
 */
export type UnitType = '孔隙水' | '红层裂隙水' | '基岩裂隙水' | '岩溶水';

export const UNIT_CODES: Record<UnitType, number> = { 孔隙水: 1, 红层裂隙水: 2, 基岩裂隙水: 3, 岩溶水: 4 };

export const UNIT_NAMES: Record<UnitType, string> = {
  孔隙水: '松散岩类孔隙水（河谷冲积层）',
  红层裂隙水: '红层裂隙孔隙水（白垩—古近系红层）',
  基岩裂隙水: '基岩裂隙水（变质岩、花岗岩）',
  岩溶水: '碳酸盐岩岩溶水',
};

/** Limestone patches (centre, radius in m) where karst water occurs. */
const KARST: ReadonlyArray<readonly [number, number, number]> = [
  [404_000, 3_088_000, 7_000],
  [492_000, 3_046_000, 6_000],
];

export function unitAt(x: number, y: number): UnitType {
  if (KARST.some(([cx, cy, r]) => Math.hypot(x - cx, y - cy) < r)) return '岩溶水';
  const dRiver = Math.min(
    distanceToPolyline(x, y, MAIN_RIVER, 4_000),
    ...TRIBUTARIES.map((t) => distanceToPolyline(x, y, t.points, 4_000)),
  );
  const z = elevation(x, y);
  if (dRiver < 2_500 && z < 250) return '孔隙水';
  if (z < 260) return '红层裂隙水';
  return '基岩裂隙水';
}

/** Typical depth to water (m) by unit, before local noise: shallow in valleys, deep in hills. */
export const DEPTH_TO_WATER: Record<UnitType, readonly [number, number]> = {
  孔隙水: [1.0, 5.0],
  红层裂隙水: [4.0, 15.0],
  基岩裂隙水: [8.0, 35.0],
  岩溶水: [10.0, 50.0],
};

/** Grid used to rasterise the units before polygonising them (coarse on purpose: map-scale units). */
export const UNIT_CELL = 1000;
export const unitGrid = () => ({
  width: Math.round((DEMO_EXTENT.maxX - DEMO_EXTENT.minX) / UNIT_CELL),
  height: Math.round((DEMO_EXTENT.maxY - DEMO_EXTENT.minY) / UNIT_CELL),
});
