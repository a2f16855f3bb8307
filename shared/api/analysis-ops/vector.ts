/** Vector overlay through SpatiaLite/GEOS: electron/engine/analysis/vector/. */
export const vectorOperations = {} as const;
