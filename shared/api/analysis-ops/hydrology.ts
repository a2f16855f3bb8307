/** Hydrology (fill, D8, accumulation, catchments, streams): electron/engine/analysis/hydrology/. */
export const hydrologyOperations = {} as const;
