import { z } from 'zod';
import { method } from './method';

/**
 * Boundary editing of a polygon (zone) layer. The engine is the one place that knows which polygons
 * share a boundary: every edit names a place on the boundary (a vertex, a segment) rather than one
 * feature, and the engine changes every polygon that has that vertex or segment, so neighbours never
 * drift apart. Each change carries a reason (调整原因), is validated, logged with before/after
 * geometry in gwz_edits, and can be undone (the undo is itself logged).
 */

export const XYSchema = z.tuple([z.number().finite(), z.number().finite()]);
export type XY = z.infer<typeof XYSchema>;

export const EditOpSchema = z.discriminatedUnion('op', [
  /** Moves the vertex at `from` in every polygon that has it (or whose edge passes through it). */
  z.object({ op: z.literal('moveVertex'), from: XYSchema, to: XYSchema }),
  /** Several vertices at once (a segment, a stretch of boundary), all in one step. */
  z.object({ op: z.literal('moveVertices'), moves: z.array(z.object({ from: XYSchema, to: XYSchema })).min(1).max(10_000) }),
  /** Adds a vertex `at` on the segment a–b of every polygon having that segment. */
  z.object({ op: z.literal('insertVertex'), a: XYSchema, b: XYSchema, at: XYSchema }),
  /** Removes the vertex at `at` from every polygon that has it. */
  z.object({ op: z.literal('deleteVertex'), at: XYSchema }),
]);
export type EditOp = z.infer<typeof EditOpSchema>;

/** GeoJSON Polygon / MultiPolygon in project coordinates. */
export const PolygonalGeometrySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(XYSchema)) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(XYSchema))) }),
]);
export type PolygonalGeometry = z.infer<typeof PolygonalGeometrySchema>;

export const EditSessionSchema = z.object({
  id: z.number().int(),
  layerId: z.number().int(),
  user: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: z.enum(['open', 'saved', 'discarded']),
  /** Changes made in this session that are in effect (not undone). */
  changes: z.number().int(),
});
export type EditSession = z.infer<typeof EditSessionSchema>;

export const ChangedFeatureSchema = z.object({
  fid: z.number().int(),
  /** Area in square map units (m² for projected CRSs). */
  areaBefore: z.number(),
  areaAfter: z.number(),
  geometry: PolygonalGeometrySchema,
});

export const ChangeStateSchema = z.enum(['applied', 'undone', 'dropped', 'log']);

export const EditChangeSchema = z.object({
  id: z.number().int(),
  layerId: z.number().int(),
  sessionId: z.number().int().nullable(),
  /** moveVertex | moveVertices | insertVertex | deleteVertex | split | merge | repair | undo | redo */
  op: z.string(),
  params: z.unknown(),
  reason: z.string(),
  user: z.string(),
  createdAt: z.string(),
  /** applied/undone: a user change; dropped: undone, then superseded by a new change; log: an undo or redo record. */
  state: ChangeStateSchema,
  /** For undo/redo records: the change they reverted or re-applied. */
  targetId: z.number().int().nullable(),
  fids: z.array(z.number().int()),
  areaBefore: z.number(),
  areaAfter: z.number(),
});
export type EditChange = z.infer<typeof EditChangeSchema>;

export const EditResultSchema = z.object({
  change: EditChangeSchema,
  /** Features changed or created (a split's new pieces), with their geometry now. */
  features: z.array(ChangedFeatureSchema),
  /** Features the change removed (merged into another; a split's piece on undo). */
  removed: z.array(z.number().int()).optional(),
  /** Sum over the changed features (m²): after − before; zero for a move inside the layer. */
  areaChange: z.number(),
  /** Area of the union of the changed features and their neighbours, before and after. */
  unionAreaBefore: z.number(),
  unionAreaAfter: z.number(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type EditResult = z.infer<typeof EditResultSchema>;

export const EditStateSchema = z.object({
  layerId: z.number().int(),
  session: EditSessionSchema.nullable(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** The change an undo / a redo would act on. */
  undoChange: EditChangeSchema.nullable(),
  redoChange: EditChangeSchema.nullable(),
});
export type EditState = z.infer<typeof EditStateSchema>;

export const TopologyProblemSchema = z.object({
  kind: z.enum(['overlap', 'gap', 'invalid', 'sliver']),
  fids: z.array(z.number().int()),
  area: z.number(),
  /** A point inside the problem, to zoom to. */
  location: XYSchema,
  extent: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  message_zh: z.string(),
  message_en: z.string(),
});
export type TopologyProblem = z.infer<typeof TopologyProblemSchema>;

export const TopologySummarySchema = z.object({
  layerId: z.number().int(),
  features: z.number().int(),
  /** Distinct vertices after snapping to the tolerance. */
  vertices: z.number().int(),
  /** Nodes: where three or more polygons meet, or where a shared stretch begins or ends. */
  nodes: z.number().int(),
  arcs: z.number().int(),
  /** Arcs with a polygon on both sides. */
  sharedArcs: z.number().int(),
  /** Vertices of one polygon lying on another's edge without being a vertex of it. */
  tJunctions: z.number().int(),
});
export type TopologySummary = z.infer<typeof TopologySummarySchema>;

const LayerIdSchema = z.number().int().positive();
const ReasonSchema = z.string().trim().min(1, 'reason is required (调整原因必填)').max(2000);
const UserSchema = z.string().trim().min(1).max(100).optional();

export const EditOptionsSchema = z.object({
  /** Vertices closer than this (map units) are the same vertex; default 1 mm (1e-8° in lon/lat). */
  tolerance: z.number().positive().optional(),
  /** Polygons (or parts) smaller than this are slivers and refused; default 1 m² (待核实). */
  minArea: z.number().nonnegative().optional(),
});

export const editingMethods = {
  'editing.start': method({
    summary_zh: '开始编辑会话',
    summary_en: 'Start an edit session',
    request: z.object({ layerId: LayerIdSchema, user: UserSchema }),
    response: EditStateSchema,
  }),
  'editing.end': method({
    summary_zh: '结束编辑会话（保存或放弃）',
    summary_en: 'End an edit session (save or discard)',
    request: z.object({ layerId: LayerIdSchema, action: z.enum(['save', 'discard']), reason: z.string().trim().max(2000).optional() }),
    response: z.object({ state: EditStateSchema, session: EditSessionSchema.nullable(), undone: z.number().int() }),
  }),
  'editing.state': method({
    summary_zh: '编辑状态（会话、可否撤销/重做）',
    summary_en: 'Edit state (session, can undo/redo)',
    request: z.object({ layerId: LayerIdSchema }),
    response: EditStateSchema,
  }),
  'editing.apply': method({
    summary_zh: '按拓扑修改边界（共享边界同时移动），须填写调整原因',
    summary_en: 'Change a boundary topologically (shared boundaries move together); a reason is required',
    request: EditOptionsSchema.extend({ layerId: LayerIdSchema, edit: EditOpSchema, reason: ReasonSchema, user: UserSchema }),
    response: EditResultSchema,
  }),
  'editing.undo': method({
    summary_zh: '撤销最近一次修改（撤销本身也记入日志）',
    summary_en: 'Undo the latest change (the undo is logged too)',
    request: z.object({ layerId: LayerIdSchema, reason: z.string().trim().max(2000).optional(), user: UserSchema }),
    response: EditResultSchema,
  }),
  'editing.redo': method({
    summary_zh: '重做最近撤销的修改',
    summary_en: 'Redo the change undone last',
    request: z.object({ layerId: LayerIdSchema, reason: z.string().trim().max(2000).optional(), user: UserSchema }),
    response: EditResultSchema,
  }),
  'editing.log': method({
    summary_zh: '编辑日志（谁、何时、原因、前后面积）',
    summary_en: 'Edit log (who, when, why, area before/after)',
    request: z.object({ layerId: LayerIdSchema.optional(), limit: z.number().int().positive().max(10_000).optional() }),
    response: z.object({ changes: z.array(EditChangeSchema) }),
  }),
  'editing.changeGeometry': method({
    summary_zh: '某次修改的前后几何（用于对比显示）',
    summary_en: 'Before/after geometry of one change (for an overlay)',
    request: z.object({ changeId: z.number().int().positive() }),
    response: z.object({
      change: EditChangeSchema,
      features: z.array(z.object({ fid: z.number().int(), before: PolygonalGeometrySchema.nullable(), after: PolygonalGeometrySchema.nullable() })),
    }),
  }),
  'editing.split': method({
    summary_zh: '用画的线切分一个多边形（新多边形继承属性），须填写调整原因',
    summary_en: 'Split one polygon by a drawn line (new pieces keep its attributes); a reason is required',
    request: EditOptionsSchema.extend({ layerId: LayerIdSchema, line: z.array(XYSchema).min(2).max(10_000), reason: ReasonSchema, user: UserSchema }),
    response: EditResultSchema,
  }),
  'editing.merge': method({
    summary_zh: '合并相邻多边形（保留编号最小者的属性），须填写调整原因',
    summary_en: 'Merge adjacent polygons (the lowest fid keeps its attributes); a reason is required',
    request: EditOptionsSchema.extend({ layerId: LayerIdSchema, fids: z.array(z.number().int()).min(2).max(1000), reason: ReasonSchema, user: UserSchema }),
    response: EditResultSchema,
  }),
  'editing.repair': method({
    summary_zh: '拓扑修复：合并相近顶点、在相邻边上补插顶点（一次可撤销的修改）',
    summary_en: 'Topology repair: merge near-coincident vertices, add vertices on neighbouring edges (one undoable change)',
    request: EditOptionsSchema.extend({ layerId: LayerIdSchema, reason: ReasonSchema, user: UserSchema }),
    response: z.object({
      /** null when there was nothing to repair (nothing logged). */
      result: EditResultSchema.nullable(),
      snapped: z.number().int(),
      inserted: z.number().int(),
    }),
  }),
  'editing.topology': method({
    summary_zh: '图层拓扑：节点、弧段、共享边界；检查重叠、缝隙、无效几何与碎多边形',
    summary_en: 'Layer topology: nodes, arcs, shared boundaries; check overlaps, gaps, invalid geometry and slivers',
    request: EditOptionsSchema.extend({ layerId: LayerIdSchema }),
    response: z.object({ summary: TopologySummarySchema, problems: z.array(TopologyProblemSchema) }),
  }),
} as const;
